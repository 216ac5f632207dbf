"""Tests for newsweave.ingest.dates: strict publication-date parsing."""

from __future__ import annotations

import datetime as dt

import pytest

from newsweave.ingest import DateError, parse_date
from newsweave.ingest.dates import parse_iso_date

D = dt.date(2023, 6, 19)


@pytest.mark.parametrize(
    "value",
    [
        "2023-06-19",
        " 2023-06-19 ",
        "2023-06-19T10:00:00Z",
        "2023-06-19T10:00:00.123456789Z",
        "2023-06-19 10:00",
        "2023-06-19T23:30:00-05:00",  # late evening in New York: stays the 19th as written
        "2023-06-19T01:15:00+09:00",  # early morning in Tokyo: stays the 19th as written
        "Mon, 19 Jun 2023 10:00:00 GMT",
        "19 Jun 2023 22:10:00 +0200",
        "June 19, 2023",
        "19 June 2023",
        "Jun. 19, 2023, 11:45 PM ET",
        "19/06/2023",
        "6/19/2023",
        "19.06.2023",
    ],
)
def test_accepted_forms(value: str) -> None:
    assert parse_date(value) == D


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("2023-02-30", "no such day"),
        ("2025-13-45", "no such day"),
        ("February 30, 2023", "bad date 'February 30, 2023'"),
        ("Tue, 30 Feb 2023 10:00:00 GMT", "bad date"),
        ("2023-06-19T25:00:00Z", "no such time"),
        ("06/07/2023", "ambiguous"),
        ("yesterday", "bad date 'yesterday'"),
        ("last Monday", "bad date"),
        ("June 2023", "bad date"),
        ("2 days ago", "bad date"),
        ("not a date at all", "bad date"),
    ],
)
def test_refused_forms(value: str, fragment: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(value)
    assert fragment in str(info.value)
    assert str(info.value).startswith("bad date '")


def test_parse_iso_date_is_strict() -> None:
    assert parse_iso_date("2023-06-20") == dt.date(2023, 6, 20)
    for value in ("June 20, 2023", "2023-06-20T10:00Z", "2023-6-20"):
        with pytest.raises(DateError):
            parse_iso_date(value)


def test_long_values_are_shortened_in_messages() -> None:
    with pytest.raises(DateError) as info:
        parse_date("x" * 500)
    assert len(str(info.value)) < 200
