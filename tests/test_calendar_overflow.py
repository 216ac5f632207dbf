"""Date arithmetic never overflows (issue 16): at the ends of the calendar, resolution gives
``None`` (unresolved) instead of raising, and every resolved value is a real ISO date."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from newsweave.temporal import calendar as cal
from newsweave.temporal import time_expressions_in_text
from newsweave.temporal.timex import shift, within_calendar

TEXTS = (
    "The talks resume tomorrow.", "It happened yesterday.", "He left 1000000 days ago.",
    "It was December 31, 9999, and a day later it ended.", "Next year the plan starts.",
    "Last week was calm.", "This weekend was calm.", "On Monday they met.",
    "In January it rained.", "Next month they vote.", "Two weeks ago it began.",
    "On January 1, 0001, and a day earlier, nothing.", "Last summer was hot; next winter too.",
)


@pytest.mark.parametrize("anchor", [dt.date.max, dt.date.min, dt.date(9999, 12, 27),
                                    dt.date(1, 1, 3), None])
def test_no_expression_overflows_at_the_ends_of_the_calendar(anchor: dt.date | None) -> None:
    for text in TEXTS:
        for e in time_expressions_in_text(text, anchor):
            if e.value is not None:
                assert cal.in_calendar(e.value), (text, e)
            # The TIMEX3 value never names a year outside 1-9999 either ("XXXX" instead).
            year = re.match(r"-|\d+(?=-|$)", e.timex_value or "")
            assert year is None or (year.group() != "-" and (
                len(year.group()) in (2, 3) or 1 <= int(year.group()) <= 9999)), (text, e)


def test_timex_values_past_the_calendar_are_unknown_years() -> None:
    assert within_calendar("DATE", "0000") == "XXXX"
    assert within_calendar("DATE", "10000-01") == "XXXX-01"
    assert within_calendar("DATE", "-001") == "XXXX"
    assert within_calendar("DATE", "0-WI") == "XXXX-WI"
    assert within_calendar("DATE", "-1") == "XX"
    for kept in ("2023-06-01", "199", "19", "0001-WI", "PRESENT_REF", "XXXX-WXX-1"):
        assert within_calendar("DATE", kept) == kept
    assert within_calendar("DURATION", "P10000Y") == "P10000Y"
    found = {e.text: e.timex_value
             for e in time_expressions_in_text("Last year, next winter.", dt.date(1, 1, 1))}
    assert found == {"Last year": "XXXX", "next winter": "0001-WI"}


def test_calendar_helpers_are_total() -> None:
    assert cal.make_date(10000, 1, 1) is None and cal.make_date(0, 1, 1) is None
    assert cal.make_date(9999, 12, 31) == dt.date.max
    assert shift("9999-12-31", "day", 1) is None and shift("0001-01-01", "day", -1) is None
    assert shift("9999", "year", 1) is None and shift("0001-01", "month", -1) is None
    assert shift("2023-06", "month", 1) == "2023-07"
    assert shift("9999-12-31", "day", -1) == "9999-12-30"
    assert cal.in_calendar("2023-06-01") and not cal.in_calendar("0000-01")
