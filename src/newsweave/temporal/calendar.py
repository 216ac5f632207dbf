"""Calendar arithmetic for resolving time expressions against an anchor date.

Every function here is pure: it takes the anchor (the article's publication
date, or the date of an earlier expression) and the parts read from the text
and returns a date (or a year and month), or ``None`` when the parts do not
name a real calendar date (``February 30``). Formatting as TIMEX3 values is
:mod:`newsweave.temporal.timex`'s job. The conventions are documented in
docs/time.md; the important one:

- ``Tense`` is ``"past"``, ``"future"`` or ``None`` (no cue). News is written
  about the past, so ``None`` behaves like ``"past"`` for weekdays and bare
  months, and like "nearest" for a day of the month without a year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Literal

Tense = Literal["past", "future"] | None


_ISO_VALUE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def in_calendar(value: str) -> bool:
    """True if ``value`` is an ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` of years 1-9999."""
    return _ISO_VALUE.fullmatch(value) is not None and value[:4] != "0000"


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or ``None`` if it does not exist (never shifted to a neighbour)."""
    if not 1 <= year <= 9999 or not 1 <= month <= 12:
        return None
    if not 1 <= day <= days_in_month(year, month):
        return None
    return dt.date(year, month, day)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def weekday(anchor: dt.date, target: int, relation: str | None, tense: Tense) -> dt.date:
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
        return anchor - dt.timedelta(days=back or 7)
    if relation == "next":
        return anchor + dt.timedelta(days=ahead or 7)
    if relation == "coming" or tense == "future":
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back)


def bare_month(anchor: dt.date, month: int, relation: str | None, tense: Tense) -> tuple[int, int]:
    """Resolve a month named without a year.

    ``last`` = the most recent such month strictly before the anchor's month,
    ``next`` = the first strictly after, ``this`` = the anchor's year. Otherwise
    the most recent one up to and including the anchor's month, or the first
    one from the anchor's month on in the future tense.
    """
    y, m = anchor.year, anchor.month
    if relation == "this":
        return y, month
    if relation == "last":
        return (y if month < m else y - 1), month
    if relation == "next":
        return (y if month > m else y + 1), month
    if tense == "future":
        return (y if month >= m else y + 1), month
    return (y if month <= m else y - 1), month


def month_day(
    anchor: dt.date, month: int, day: int, weekday_hint: int | None, tense: Tense
) -> dt.date | None:
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
        return max(past)
    if tense == "future" and (fut := [d for d in cands if d >= anchor]):
        return min(fut)
    return min(cands, key=lambda d: (abs((d - anchor).days), d > anchor))


def weekend_saturday(anchor: dt.date, relation: str | None, tense: Tense) -> dt.date:
    """The Saturday of ``this``/``last``/``next weekend`` (or ``the weekend`` with a tense).

    ``this weekend`` is the weekend of the anchor's Monday-to-Sunday week; ``the
    weekend`` is the most recent one that has begun (future tense: the coming one).
    """
    this_sat = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(days=5)
    if relation == "last":
        return this_sat - dt.timedelta(days=7)
    if relation == "next":
        return this_sat + dt.timedelta(days=7)
    if relation == "this" or relation == "coming":
        return this_sat
    if tense == "future":
        return this_sat
    return this_sat if anchor >= this_sat else this_sat - dt.timedelta(days=7)


def easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday_: int, n: int) -> dt.date:
    """The ``n``-th ``weekday_`` (0 = Monday) of a month; ``n = -1`` is the last."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday_ - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, days_in_month(year, month))
    return last - dt.timedelta(days=(last.weekday() - weekday_) % 7)
