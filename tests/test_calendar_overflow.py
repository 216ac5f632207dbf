"""Date arithmetic never overflows (issue 16): at the ends of the calendar, resolution gives
``None`` (unresolved) instead of raising, and every resolved value is a real ISO date."""

from __future__ import annotations

import datetime as dt

import pytest

from newsweave.temporal import calendar as cal
from newsweave.temporal import time_expressions_in_text
from newsweave.temporal.timex import shift

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


def test_calendar_helpers_are_total() -> None:
    assert cal.make_date(10000, 1, 1) is None and cal.make_date(0, 1, 1) is None
    assert cal.make_date(9999, 12, 31) == dt.date.max
    assert shift("9999-12-31", "day", 1) is None and shift("0001-01-01", "day", -1) is None
    assert shift("9999", "year", 1) is None and shift("0001-01", "month", -1) is None
    assert shift("2023-06", "month", 1) == "2023-07"
    assert shift("9999-12-31", "day", -1) == "9999-12-30"
    assert cal.in_calendar("2023-06-01") and not cal.in_calendar("0000-01")
