"""Rules for expressions relative to the article date or to an earlier expression.

- deictic days and parts of days: ``today``, ``yesterday``, ``tonight``, ``this morning``;
- ``last``/``this``/``next`` + a unit: ``last week`` (``2004-W47``), ``next month``,
  ``this weekend`` (``2010-W04-WE``), ``later this year``;
- ``N units ago`` (against the article date); ``N units later``, ``the previous year``,
  ``the same day``, ``that day`` (against the closest date before them, TimeML's
  anaphoric anchoring; the article date when there is none);
- general references: ``now``/``currently`` (``PRESENT_REF``), ``recently``
  (``PAST_REF``), ``the future`` (``FUTURE_REF``).
"""

from __future__ import annotations

import datetime as dt
import re

from newsweave.model import TimexType
from newsweave.temporal import calendar as cal
from newsweave.temporal import timex as tx
from newsweave.temporal.lexicon import (
    NUMBER,
    VAGUE,
    parse_number,
)
from newsweave.temporal.recognise import Context, Deferred, Reading, Rule

_I = re.IGNORECASE
_DEICTIC = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}
_POD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def _deictic(m: re.Match[str], ctx: Context) -> Reading | None:
    word = (m.group("dw") or "yesterday").lower()
    before = ctx.text[max(0, m.start() - 10) : m.start()]
    if word == "today" and re.search(r"\b(?:USA|Russia|China)\s+$", before):
        return None  # newspaper / channel names
    pod = (m.group("pod") or "").lower()
    if word == "tonight":
        pod = "night"
    if m.group("last"):  # "last night"
        word, pod = "yesterday", "night"
    delta = _DEICTIC[word] + (-2 if m.group("before") else 2 if m.group("after") else 0)
    suffix = f"T{_POD[pod]}" if pod else ""
    return ctx.relative(m.start(), m.end(), "TIME" if pod else "DATE",
                        lambda a: tx.day(a + dt.timedelta(days=delta)) + suffix,
                        "XXXX-XX-XX" + suffix)


def _this_pod(m: re.Match[str], ctx: Context) -> Reading | None:
    """``this morning`` (the article's day), ``that evening`` (the day last mentioned)."""
    code = _POD[m.group("pod").lower()]
    if m.group("det").lower() == "this":
        return ctx.relative(m.start(), m.end(), "TIME", lambda a: f"{tx.day(a)}T{code}",
                            f"XXXX-XX-XXT{code}")
    return _anaphoric(m, "TIME", lambda ref: _day_of(ref, ctx) + f"T{code}")


def _day_of(ref: str | None, ctx: Context) -> str:
    if ref is not None and (d := tx.reference_day(ref)) is not None:
        return tx.day(d)
    return tx.day(ctx.anchor) if ctx.anchor is not None else "XXXX-XX-XX"


def _rel_unit(m: re.Match[str], ctx: Context) -> Reading | None:
    """``last week``, ``this year``, ``next month``, ``earlier this year``, ``this past
    week``, ``the current quarter``: the unit holding the article date, moved."""
    rel = " ".join(m.group("rel").lower().split())
    unit = m.group("unit").lower()
    delta = -1 if rel.endswith(("last", "past", "previous")) else \
        1 if rel.endswith(("next", "coming")) else 0
    return ctx.relative(m.start(), m.end(), "DATE", lambda a: tx.unit_containing(a, unit, delta),
                        tx.UNDATED[tx.unit_of(unit)])


def _ago(m: re.Match[str], ctx: Context) -> Reading | None:
    unit = tx.unit_of(m.group("unit"))
    if m.group("vague"):
        return Reading(m.start(), m.end(), "DATE", "PAST_REF", True)
    n = parse_number(m.group("n"))
    if n is None:
        return None
    if not float(n).is_integer():
        n, unit = _smaller(n, unit)
    return ctx.relative(m.start(), m.end(), "DATE", lambda a: _moved(a, unit, -int(n)),
                        tx.UNDATED.get(unit, "XXXX-XX-XX"))


def _smaller(n: float, unit: str) -> tuple[float, str]:
    """``one and a half years`` -> 18 months: the next smaller unit for a fraction."""
    factor, smaller = {"year": (12, "month"), "month": (30, "day"), "week": (7, "day"),
                       "day": (24, "hour"), "decade": (10, "year")}.get(unit, (1, unit))
    return round(n * factor), smaller


def _moved(anchor: dt.date, unit: str, n: int) -> str:
    """``anchor`` moved by ``n`` units, at that unit's granularity."""
    if unit in ("hour", "minute", "second"):
        return tx.day(anchor)
    if unit in ("day", "night"):
        return tx.day(anchor + dt.timedelta(days=n))
    if unit in ("week", "fortnight"):
        return tx.week(anchor + dt.timedelta(weeks=n * (2 if unit == "fortnight" else 1)))
    if unit == "month":
        return tx.month(*cal.add_months(anchor.year, anchor.month, n))
    if unit == "quarter":
        return tx.unit_containing(anchor, "quarter", n)
    return tx.year(anchor.year + n * {"decade": 10, "century": 100}.get(unit, 1))


def _anaphoric(
    m: re.Match[str], type_: TimexType, resolve: Deferred, needs: tx.Granularity | None = None
) -> Reading:
    """A reading valued later from the closest date before it (see ``Reading.defer``)."""
    return Reading(m.start(), m.end(), type_, "", True, defer=resolve, needs=needs)


def _shifted(m: re.Match[str], ctx: Context) -> Reading | None:
    """``two days later``, ``a year earlier``, ``the day before``: from the previous date,
    keeping its granularity (``in August ... a year earlier`` -> the August before)."""
    direction = (m.group("dir") or m.groupdict().get("dir2") or "").lower()
    sign = -1 if direction in ("earlier", "before", "previously", "prior") else 1
    n = parse_number(m.group("n")) if m.groupdict().get("n") else 1
    unit = tx.unit_of(m.group("unit"))
    if n is None or not float(n).is_integer():
        return None
    steps = sign * int(n)

    def resolve(ref: str | None) -> str:
        if ref is not None and (moved := tx.shift(ref, unit, steps)) is not None:
            return moved
        if ctx.anchor is None or steps > 0:  # "two days later" with nothing before it
            return tx.UNDATED.get(unit, "XXXX")
        return _moved(ctx.anchor, unit, steps)  # "up 5% from a year earlier"

    return _anaphoric(m, "DATE", resolve)


def _same_unit(m: re.Match[str], ctx: Context) -> Reading | None:
    """``the same day``, ``that year``, ``the previous month``, ``the following day``,
    ``later that year``, ``the entire year``: the unit holding the previous date,
    moved by -1/0/+1."""
    return _same_unit_as(m, ctx, (m.groupdict().get("which") or "same").lower(),
                         m.group("unit"))


def _year_before(m: re.Match[str], ctx: Context) -> Reading | None:
    """``the same period last year``, ``the same month a year ago``: the previous
    date moved back a year, at its own granularity."""
    def resolve(ref: str | None) -> str:
        if ref is None:
            return tx.year(ctx.anchor.year - 1) if ctx.anchor else "XXXX"
        return tx.shift(ref, "year", -1) or ref

    return _anaphoric(m, "DATE", resolve)


def _same_unit_as(m: re.Match[str], ctx: Context, word: str, unit_word: str) -> Reading:
    unit = tx.unit_of(unit_word)
    if unit == "morning":
        unit = "day"
    delta = -1 if word in ("previous", "preceding", "prior") else \
        1 if word in ("following", "next", "subsequent") else 0
    if unit in ("period", "time"):
        unit = ""

    def resolve(ref: str | None) -> str:
        if ref is None:
            if ctx.anchor is None:
                return tx.UNDATED.get(unit, "XXXX-XX-XX")
            ref = tx.day(ctx.anchor)
        if not unit:
            return ref
        if unit in ("week", "quarter"):
            return _containing(ref, unit, delta) or ref
        moved = tx.shift(ref, unit, delta, keep=_granularity(unit, ref))
        return moved if moved is not None else ref

    needs = {"day": "day", "week": "day", "month": "month"}.get(unit)
    return _anaphoric(m, "DATE", resolve, needs)  # type: ignore[arg-type]


def _containing(ref: str, unit: str, delta: int) -> str | None:
    """The week or quarter holding the date ``ref`` (moved by ``delta`` of them):
    "that week" after a day, "the same quarter" after a quarter or a month."""
    q = re.match(r"^(\d{4})-Q([1-4])$", ref)
    if unit == "quarter" and q:
        qy, qm = cal.add_months(int(q.group(1)), (int(q.group(2)) - 1) * 3 + 1, 3 * delta)
        return tx.quarter(dt.date(qy, qm, 1))
    parts = tx.parse_date(tx.as_calendar(ref) or "")
    if parts is None:
        return None
    y, mo, d = parts
    if unit == "quarter" and mo is not None:
        qy, qm = cal.add_months(y, mo, 3 * delta)
        return tx.quarter(dt.date(qy, qm, 1))
    if unit == "week" and mo is not None and d is not None:
        return tx.week(dt.date(y, mo, d) + dt.timedelta(weeks=delta))
    return None


def _granularity(unit: str, ref: str) -> tx.Granularity | None:
    g = {"day": "day", "month": "month", "year": "year"}.get(unit)
    if g is None:
        return tx.granularity(ref)
    order = ("year", "month", "day")
    ref_g = tx.granularity(ref) or "year"
    return g if order.index(g) <= order.index(ref_g) else ref_g  # type: ignore[return-value]


def _ref(m: re.Match[str], ctx: Context) -> Reading | None:
    word = " ".join(m.group(0).lower().split())
    value = _REFS[word.split()[-1] if word.split()[-1] in _REFS else word]
    return Reading(m.start(), m.end(), "DATE", value, True)


_REFS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "presently": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "present": "PRESENT_REF", "moment": "PRESENT_REF",
    "current": "PRESENT_REF", "days": "PRESENT_REF", "recently": "PAST_REF",
    "lately": "PAST_REF", "recent": "PAST_REF", "past": "PAST_REF", "future": "FUTURE_REF",
    "soon": "FUTURE_REF", "term": "FUTURE_REF",
}  # fmt: skip

_REL_UNIT_TRIGGERS = ("week*", "month*", "year*", "decade*", "centur*")
_REF_TRIGGERS = ("now", "currently", "presently", "nowadays", "recently", "lately", "these days",
                 "moment", "present", "future", "the past", "term", "soon")  # fmt: skip
_UNITS_REL = r"(?P<unit>week|weekend|month|year|decade|century)"
RULES: tuple[Rule, ...] = (
    Rule(re.compile(r"\b(?:(?:early|late)\s+)?(?:(?P<last>last)\s+night|(?:the\s+day\s+"
                    r"(?:(?P<before>before)|(?P<after>after))\s+)?"
                    r"(?P<dw>yesterday|today|tonight|tomorrow))\b"
                    r"(?:\s+(?P<pod>morning|afternoon|evening|night))?", _I),
         _deictic, ("today", "tonight", "tomorrow", "yesterday", "last night"), (20, 25)),
    Rule(re.compile(r"\b(?P<det>this|that|the\s+same)\s+(?P<pod>morning|afternoon|evening|night)\b",
                    _I), _this_pod, ("morning", "afternoon", "evening", "night"), (15, 5)),
    Rule(re.compile(rf"\b(?P<rel>last|next|this(?:\s+past)?|coming|(?:the\s+)?current|"
                    rf"(?:earlier|later|early|late)\s+(?:this|last|next))\s+"
                    rf"(?:(?:fiscal|calendar)\s+)?{_UNITS_REL}\b", _I),
         _rel_unit, _REL_UNIT_TRIGGERS, (35, 5)),
    Rule(re.compile(rf"\b(?:{NUMBER}|{VAGUE})\s+(?:more\s+)?(?P<unit>days?|weeks?|fortnights?|"
                    r"months?|quarters?|years?|decades?|century|centuries|hours?|minutes?)\s+ago\b",
                    _I), _ago, ("ago",), (60, 5)),
    Rule(re.compile(rf"\b{NUMBER}\s+(?P<unit>days?|weeks?|months?|years?|decades?|quarters?)\s+"
                    r"(?:(?P<dir>earlier|later|previously)\b(?!\s+than\b)|(?P<dir2>before|after)"
                    r"(?=\s*[,.;:)]|\s*$))", _I),
         _shifted, ("earlier", "later", "before", "after", "previously"), (60, 10)),
    Rule(re.compile(r"\b(?:(?:the|that)\s+(?P<which>same|previous|preceding|prior|following|"
                    r"subsequent)|(?:the|that)\s+(?:entire|whole|full)|that)\s+"
                    r"(?P<unit>day|week|month|year|period|quarter|time)\b", _I),
         _same_unit, ("same", "previous", "preceding", "prior", "following", "subsequent",
                      "entire", "whole", "full", "that"), (10, 20)),
    Rule(re.compile(r"\b(?:the|that|this)\s+(?P<unit>quarter)\b(?!\s+(?:of|century|ended|ending)\b)"
                    r"|\bthis\s+(?P<unit2>day)\b", _I),
         lambda m, c: _same_unit_as(m, c, "same", m.group("unit") or m.group("unit2")),
         ("quarter", "day"), (10, 25)),
    Rule(re.compile(r"\bthe\s+(?P<which>next)\s+(?P<unit>day|morning)\b", _I), _same_unit,
         ("next",), (10, 15)),
    Rule(re.compile(r"(?:(?<=\bin\s)|(?<=\bduring\s)|(?<=\bthroughout\s))the\s+(?P<unit>day)\b",
                    _I), _same_unit, ("the day",), (15, 10)),
    Rule(re.compile(r"(?:(?<=\bfor\s)|(?<=\bover\s))the\s+(?P<unit>day|week|month|quarter|year)\b"
                    r"(?!\s+(?:ago|before|after|earlier|later|of|to|in|when|that)\b)", _I),
         _same_unit, ("the day", "the week", "the month", "the quarter", "the year"), (10, 30)),
    Rule(re.compile(r"\bthe\s+same\s+(?P<unit>day|week|month|quarter|period|time)\s+(?:of\s+)?"
                    r"(?:last\s+year|a\s+year\s+(?:ago|earlier|before)|the\s+(?:previous|prior|"
                    r"last)\s+year|the\s+year\s+before)\b", _I), _year_before, ("same",), (10, 50)),
    Rule(re.compile(r"\bthe\s+year[-\s](?:earlier|ago)\s+(?:period|quarter|month|week|day|"
                    r"level|figure|results?|time)\b", _I), _year_before, ("year",), (10, 25)),
    Rule(re.compile(r"\bthe\s+year\s+(?:previous|prior|before)\b", _I),
         lambda m, c: _same_unit_as(m, c, "previous", "year"), ("year",), (5, 20)),
    Rule(re.compile(r"\b(?:later|earlier)\s+(?:that|the\s+same)\s+(?P<unit>day|week|month|year)\b",
                    _I), _same_unit, ("later", "earlier"), (5, 25)),
    Rule(re.compile(r"\bthe\s+(?P<unit>day|week|month|year)\s+(?:(?P<dir>earlier|later)\b|"
                    r"(?P<dir2>before|after)(?=\s*[,.;:)]|\s*$))", _I),
         _shifted, ("before", "after", "earlier", "later"), (15, 20)),
    Rule(re.compile(r"\b(?:now|currently|presently|nowadays|recently|lately|these\s+days|"
                    r"(?:(?<=\bat\s)|(?<=\bfor\s))the\s+moment|(?<=\bat\s)present|"
                    r"the\s+(?:near\s+|distant\s+)?future|the\s+past|the\s+long\s+term|"
                    r"(?<!\bas\s)(?:(?:very|quite|too)\s+)?soon(?!\s+as\b))\b"
                    r"(?!\s+(?:that|of)\b)", _I), _ref, _REF_TRIGGERS, (15, 25)),
    Rule(re.compile(r"\b(?:current|recent)\b(?=\s+(?:[a-z]+\s+)?[a-z]+)", _I), _ref,
         ("current", "recent"), (5, 25)),
)
