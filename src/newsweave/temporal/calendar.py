"""Calendar arithmetic for resolving time expressions against an anchor date.

Every function here is pure: it takes the anchor (the article's publication
date) and the parts read from the text and returns an ISO value, or ``None``
when the parts do not name a real calendar date (``February 30``).
The conventions are documented in docs/time.md; the important ones:

- ``Tense`` is ``"past"``, ``"future"`` or ``None`` (no cue). News is written
  about the past, so ``None`` behaves like ``"past"`` for weekdays and bare
  months, and like "nearest" for a day of the month without a year.
- Weeks (``last week``, ``two weeks ago``, ``this weekend``) cannot be written
  as ``YYYY-MM-DD``/``YYYY-MM``/``YYYY`` without pretending to a precision the
  text does not have, so they are coarsened to the month that holds the
  week's Thursday (the ISO 8601 week convention), precision ``month``.
- Arithmetic never overflows: a result outside the years 1-9999 (``tomorrow``
  in an article dated 9999-12-31, ``a million days ago``, ``a day after
  December 31, 9999``) is ``None`` (unresolved), never an exception.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Literal, ParamSpec, TypeVar

Tense = Literal["past", "future"] | None
Resolved = tuple[str, Literal["day", "month", "year"]]
P = ParamSpec("P")
R = TypeVar("R", bound="Resolved | None")
_ISO_VALUE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def in_calendar(value: str) -> bool:
    """True if ``value`` is an ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` of years 1-9999."""
    return _ISO_VALUE.fullmatch(value) is not None and value[:4] != "0000"


def safe(fn: Callable[P, R]) -> Callable[P, Resolved | None]:
    """Make a resolver total: date overflow or a value outside years 1-9999 gives ``None``."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Resolved | None:
        try:
            res = fn(*args, **kwargs)
        except (OverflowError, ValueError):  # past date.max/min, or year 0 / 10000
            return None
        return res if res is not None and in_calendar(res[0]) else None

    return wrapper


def iso_day(d: dt.date) -> Resolved:
    return d.isoformat(), "day"


def iso_month(year: int, month: int) -> Resolved:
    return f"{year:04d}-{month:02d}", "month"


def iso_year(year: int) -> Resolved:
    return f"{year:04d}", "year"


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or ``None`` if it does not exist (never shifted to a neighbour)."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR or not 1 <= month <= 12:
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


@safe
def add_days(anchor: dt.date, days: int) -> Resolved:
    """The day ``days`` after ``anchor`` (``None`` past the ends of the calendar)."""
    return iso_day(anchor + dt.timedelta(days=days))


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def week_month(d: dt.date) -> Resolved:
    """The month of the Thursday of ``d``'s Monday-to-Sunday week."""
    thursday = d - dt.timedelta(days=d.weekday()) + dt.timedelta(days=3)
    return iso_month(thursday.year, thursday.month)


@safe
def weekday(anchor: dt.date, target: int, relation: str | None, tense: Tense) -> Resolved:
    """Resolve a weekday (0 = Monday) against ``anchor``.

    ``relation`` is the word before it: ``last`` (strictly before the anchor),
    ``next`` (strictly after), ``this``/``coming`` or ``None`` (use the tense).
    Without ``last``/``next`` the day is the most recent one on or before the
    anchor (the anchor itself if it is that weekday), or the first one on or
    after it when the clause is in the future tense.
    """
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7
    if relation == "last":
        return iso_day(anchor - dt.timedelta(days=back or 7))
    if relation == "next":
        return iso_day(anchor + dt.timedelta(days=ahead or 7))
    if relation == "coming" or tense == "future":
        return iso_day(anchor + dt.timedelta(days=ahead))
    return iso_day(anchor - dt.timedelta(days=back))


@safe
def bare_month(anchor: dt.date, month: int, relation: str | None, tense: Tense) -> Resolved:
    """Resolve a month named without a year.

    ``last`` = the most recent such month strictly before the anchor's month,
    ``next`` = the first strictly after, ``this`` = the anchor's year. Otherwise
    the most recent one up to and including the anchor's month, or the first
    one from the anchor's month on in the future tense.
    """
    y, m = anchor.year, anchor.month
    if relation == "this":
        return iso_month(y, month)
    if relation == "last":
        return iso_month(y if month < m else y - 1, month)
    if relation == "next":
        return iso_month(y if month > m else y + 1, month)
    if tense == "future":
        return iso_month(y if month >= m else y + 1, month)
    return iso_month(y if month <= m else y - 1, month)


@safe
def month_day(
    anchor: dt.date, month: int, day: int, weekday_hint: int | None, tense: Tense
) -> Resolved | None:
    """Resolve ``June 19`` (no year): the candidate year among the anchor's year and
    its neighbours. A weekday written with it (``Monday, June 19``) must agree;
    then past tense takes the latest date on or before the anchor, future the
    earliest on or after, no cue the one nearest the anchor (ties go to the past).
    ``None`` if no candidate is a real date.
    """
    cands = [
        d
        for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (d := make_date(y, month, day)) is not None
    ]
    if weekday_hint is not None:
        matching = [d for d in cands if d.weekday() == weekday_hint]
        cands = matching or cands
    if not cands:
        return None
    if tense == "past" and (past := [d for d in cands if d <= anchor]):
        return iso_day(max(past))
    if tense == "future" and (fut := [d for d in cands if d >= anchor]):
        return iso_day(min(fut))
    best = min(cands, key=lambda d: (abs((d - anchor).days), d > anchor))
    return iso_day(best)


@safe
def unit_offset(anchor: dt.date, unit: str, delta: int) -> Resolved:
    """``this``/``last``/``next`` + unit: shift by ``delta`` units and keep the unit."""
    if unit == "day":
        return iso_day(anchor + dt.timedelta(days=delta))
    if unit in ("week", "weekend"):
        return week_month(anchor + dt.timedelta(weeks=delta))
    if unit == "month":
        return iso_month(*add_months(anchor.year, anchor.month, delta))
    return iso_year(anchor.year + delta)


@safe
def shift_value(value: str, precision: str, unit: str, n: int) -> Resolved:
    """Shift an ISO ``value`` by ``n`` units, keeping its ``precision``.

    A month or year value is shifted from its first day, so a shift finer than
    the value ("two days after" a month) usually leaves it unchanged.
    """
    parts = [int(p) for p in value.split("-")] + [1, 1]
    year, month, day = parts[0], parts[1], parts[2]
    if unit in ("day", "week"):
        d = dt.date(year, month, day) + dt.timedelta(days=n * (7 if unit == "week" else 1))
        year, month, day = d.year, d.month, d.day
    elif unit == "month":
        year, month = add_months(year, month, n)
    else:
        year += n
    if precision == "year":
        return iso_year(year)
    if precision == "month":
        return iso_month(year, month)
    last = calendar.monthrange(year, month)[1]  # Feb 29 a year on is Feb 28
    return iso_day(dt.date(year, month, min(day, last)))


@safe
def weekend(anchor: dt.date, relation: str) -> Resolved:
    """``this``/``last``/``next weekend``, coarsened like a week (see module doc)."""
    saturday_back = (anchor.weekday() - 5) % 7
    if relation == "last":
        sat = anchor - dt.timedelta(days=saturday_back or 7)
        if anchor.weekday() == 6:  # on a Sunday "last weekend" is the one before
            sat -= dt.timedelta(days=7)
    elif relation == "next":
        sat = anchor + dt.timedelta(days=(5 - anchor.weekday()) % 7 or 7)
        if anchor.weekday() == 6:
            sat += dt.timedelta(days=7)
    elif anchor.weekday() == 6:
        sat = anchor - dt.timedelta(days=1)
    else:
        sat = anchor + dt.timedelta(days=(5 - anchor.weekday()) % 7)
    return week_month(sat)
