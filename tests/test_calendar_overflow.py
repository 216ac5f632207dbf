"""Date arithmetic never overflows (issue 16): at the ends of the calendar, resolution gives
``None`` (unresolved) instead of raising, and every resolved value is a real ISO date."""

from __future__ import annotations

import datetime as dt

import pytest

from newsweave.temporal import calendar as cal
from newsweave.temporal import time_expressions_in_text

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


def test_resolvers_are_total() -> None:
    top, bottom = dt.date.max, dt.date.min
    assert cal.add_days(top, 1) is None and cal.add_days(bottom, -1) is None
    assert cal.add_days(top, -1) == ("9999-12-30", "day")
    assert cal.weekday(top, 0, "next", None) is None
    assert cal.unit_offset(top, "year", 1) is None
    assert cal.unit_offset(bottom, "month", -1) is None
    assert cal.shift_value("9999-12-31", "day", "day", 1) is None
    assert cal.shift_value("9999", "year", "year", 1) is None
    assert cal.shift_value("2023-06", "month", "month", 1) == ("2023-07", "month")
    assert cal.make_date(10000, 1, 1) is None and cal.make_date(0, 1, 1) is None
    assert cal.weekend(top, "next") is None
    assert cal.bare_month(bottom, 12, "last", None) is None
