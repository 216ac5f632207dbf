"""TIMEX3 values: how they are written, parsed, shifted and turned into timeline dates.

A TIMEX3 ``value`` (TimeML 1.2.1, TIDES 2005) is one of:

- a calendar date of some granularity: ``2009``, ``2009-06``, ``2009-06-15``, a
  week ``2008-W12`` (weekend ``2010-W04-WE``), a quarter ``2006-Q4``, a half
  ``2009-H2``, a season ``2009-SP`` (``SU``/``FA``/``WI``), a decade ``199``, a
  century ``19``, a part of a day ``2010-07-16TMO`` (``MO``/``MI``/``AF``/``EV``/
  ``NI``/``DT``), a clock time ``2009-12-15T18:00`` (``Z`` when stated in UTC/GMT);
- a fiscal year ``FY2007``;
- ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF`` (now, recently, in the future);
- a duration ``P2Y``, ``P18M``, ``P1W``, ``P2D``, ``PT30M``, ``PT12H``, vague
  ``PXY``/``PXM``/``PXW``/``PXD``/``PTXH``, decades ``PXDE``, centuries ``PXCE``;
- a set (recurrence) uses a duration (``P1Y`` for "annual") or a date pattern
  (``XXXX-WXX-1`` for "every Monday");
- unresolvable parts are ``X``: ``XXXX-XX-XX``, ``XXXX-06``, ``XXXX-WXX-1``.

:func:`timeline_date` maps a value to the ``YYYY``/``YYYY-MM``/``YYYY-MM-DD`` date
and precision that timelines use (weeks become the month of their Thursday,
quarters, halves and seasons their year; durations, sets, references, decades and
anything with an ``X`` have no timeline date).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from newsweave.model import TimexType
from newsweave.temporal import calendar as cal

Granularity = Literal["year", "month", "day"]

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-WE)?$")
_COARSE = re.compile(r"^(\d{4})-(?:Q[1-4]|H[12]|SP|SU|FA|WI)$")
_UNITS = {
    "second": ("T", "S", 1), "minute": ("T", "M", 1), "hour": ("T", "H", 1),
    "day": ("", "D", 1), "night": ("", "D", 1), "week": ("", "W", 1),
    "fortnight": ("", "W", 2), "month": ("", "M", 1), "quarter": ("", "Q", 1),
    "year": ("", "Y", 1), "decade": ("", "Y", 10), "century": ("", "Y", 100),
}  # fmt: skip
_VAGUE_UNITS = {"decade": "DE", "century": "CE"}


_YEAR_FIELD = re.compile(r"^(-?\d+)(?=-|$)")


def within_calendar(type_: TimexType, value: str) -> str:
    """``value`` with a year outside 1-9999 written ``XXXX`` (a decade or century
    before year 1, ``XX``): resolving "last year" on 0001-01-01 or "next month" on
    9999-12-15 gives no year that exists, so the value says it is unknown
    (``0000`` -> ``XXXX``, ``10000-01`` -> ``XXXX-01``, ``1-WI`` -> ``XXXX-WI``)."""
    m = _YEAR_FIELD.match(value) if type_ in ("DATE", "TIME") else None
    if m is None:
        return value
    digits = m.group(1)
    if digits.startswith("-"):
        return ("XX" if m.end() == len(value) and len(digits) <= 3 else "XXXX") + value[m.end():]
    if len(digits) == 4 and digits != "0000":
        return value
    if len(digits) in (2, 3) and m.end() == len(value):  # a century or a decade
        return value
    return "XXXX" + value[m.end():]


def unit_of(word: str) -> str:
    """``"Years"`` -> ``"year"``, ``"centuries"`` -> ``"century"``."""
    w = word.lower()
    if w == "centuries":
        return "century"
    return w[:-1] if w.endswith("s") and w[:-1] in _UNITS else w


def duration(n: float | None, unit: str) -> str:
    """The TIMEX3 duration of ``n`` units (``None`` = vague: ``PXY``)."""
    time, letter, factor = _UNITS[unit_of(unit)]
    if n is None:
        return f"P{time}X{_VAGUE_UNITS.get(unit_of(unit), letter)}"
    amount = n * factor
    text = str(int(amount)) if float(amount).is_integer() else f"{amount:g}"
    return f"P{time}{text}{letter}"


def day(d: dt.date) -> str:
    return d.isoformat()


def month(year: int, month_: int) -> str:
    return f"{year:04d}-{month_:02d}"


def year(y: int) -> str:
    return f"{y:04d}"


def week(d: dt.date, *, weekend: bool = False) -> str:
    """The ISO 8601 week holding ``d`` (``2008-W12``; ``-WE`` for its weekend)."""
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if weekend else "")


def quarter(d: dt.date) -> str:
    return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"


def parse_date(value: str) -> tuple[int, int | None, int | None] | None:
    """``(year, month, day)`` of a calendar value (``None`` parts for a coarser one);
    ``None`` for weeks, quarters, references, durations and anything with ``X``."""
    if m := _DAY.match(value):
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m := _MONTH.match(value):
        return int(m.group(1)), int(m.group(2)), None
    if m := _YEAR.match(value):
        return int(m.group(1)), None, None
    return None


def as_calendar(value: str) -> str | None:
    """A plain calendar value standing for ``value`` as an anchor for anaphora: a
    clock time or part of a day -> its day, a week -> the month of its Thursday, a
    quarter, half, season or fiscal year -> its year; ``None`` for anything else."""
    if parse_date(value) is not None:
        return value[:10] if len(value) > 10 else value
    if value.startswith("FY") and _YEAR.match(value[2:]):
        return value[2:]
    date, _ = timeline_date("DATE", value)
    return date


def granularity(value: str) -> Granularity | None:
    """``day``/``month``/``year`` for a plain calendar value, else ``None``."""
    parts = parse_date(value)
    if parts is None:
        return None
    return "day" if parts[2] is not None else "month" if parts[1] is not None else "year"


def reference_day(value: str) -> dt.date | None:
    """The day a day-level value (or a clock time / part of a day) names."""
    parts = parse_date(value)
    if parts is None or parts[2] is None or parts[1] is None:
        return None
    return cal.make_date(*parts)  # type: ignore[arg-type]


def shift(value: str, unit: str, n: int, keep: Granularity | None = None) -> str | None:
    """Shift a calendar ``value`` by ``n`` units; the result has ``keep`` granularity
    (default: the value's own). A quarter, half, season or week moved by whole years
    stays one (``2009-Q3`` a year back is ``2008-Q3``). ``None`` if ``value`` is not a
    calendar value, or the result falls outside the years 1-9999."""
    try:
        out = _shift(value, unit, n, keep)
    except (OverflowError, ValueError):  # past date.max/min
        return None
    lead = re.match(r"-?\d+", out) if out is not None else None
    return out if lead is None or 1 <= int(lead.group()) <= 9999 else None


def _shift(value: str, unit: str, n: int, keep: Granularity | None) -> str | None:
    unit = unit_of(unit)
    coarse = re.match(r"^(\d{4})(-(?:Q[1-4]|H[12]|SP|SU|FA|WI))$", value)
    if coarse and keep is None and unit in ("year", "decade", "century"):
        years = n * {"decade": 10, "century": 100}.get(unit, 1)
        return f"{int(coarse.group(1)) + years:04d}{coarse.group(2)}"
    week_ = _WEEK.match(value)
    if week_ and keep is None and unit in ("week", "day") and "-WE" not in value:
        monday = dt.date.fromisocalendar(int(week_.group(1)), int(week_.group(2)), 1)
        return week(monday + dt.timedelta(days=n * (7 if unit == "week" else 1)))
    plain = as_calendar(value)
    parts = parse_date(plain) if plain is not None else None
    if parts is None or plain is None:
        return None
    value = plain
    y, mo, d = parts[0], parts[1] or 1, parts[2] or 1
    if unit in ("day", "week", "night", "fortnight"):
        days = n * {"week": 7, "fortnight": 14}.get(unit, 1)
        moved = dt.date(y, mo, d) + dt.timedelta(days=days)
        y, mo, d = moved.year, moved.month, moved.day
    elif unit in ("month", "quarter"):
        y, mo = cal.add_months(y, mo, n * (3 if unit == "quarter" else 1))
    else:
        y += n * {"decade": 10, "century": 100}.get(unit, 1)
    g = keep or granularity(value)
    if g == "year":
        return year(y)
    if g == "month":
        return month(y, mo)
    last = cal.days_in_month(y, mo)  # Feb 29 a year on is Feb 28
    return day(dt.date(y, mo, min(d, last)))


def timeline_date(type_: TimexType, value: str | None) -> tuple[str | None, Granularity | None]:
    """The timeline date and precision of a TIMEX3 value (see the module docstring)."""
    if value is None or type_ in ("DURATION", "SET") or "X" in value:
        return None, None
    if m := _DAY.match(value):
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}", "day"
    g = granularity(value)
    if g is not None:
        return value, g
    if m := _WEEK.match(value):
        monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        thursday = monday + dt.timedelta(days=3)
        return month(thursday.year, thursday.month), "month"
    if m := _COARSE.match(value):
        return m.group(1), "year"
    return None, None


def unit_containing(anchor: dt.date, unit: str, delta: int) -> str:
    """The ``unit`` holding ``anchor``, moved by ``delta`` units (``last week`` = -1)."""
    unit = unit_of(unit)
    if unit == "day":
        return day(anchor + dt.timedelta(days=delta))
    if unit == "week":
        return week(anchor + dt.timedelta(weeks=delta))
    if unit == "weekend":
        sat = cal.weekend_saturday(anchor, "this", None) + dt.timedelta(weeks=delta)
        return week(sat, weekend=True)
    if unit == "month":
        return month(*cal.add_months(anchor.year, anchor.month, delta))
    if unit == "quarter":
        y, mo = cal.add_months(anchor.year, anchor.month, 3 * delta)
        return quarter(dt.date(y, mo, 1))
    if unit == "decade":
        return f"{anchor.year // 10 + delta:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + delta:02d}"
    return year(anchor.year + delta)


# The value of a unit that cannot be placed (no anchor date).
UNDATED = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE",
           "month": "XXXX-XX", "quarter": "XXXX-QX", "year": "XXXX", "decade": "XXX",
           "century": "XX"}  # fmt: skip

