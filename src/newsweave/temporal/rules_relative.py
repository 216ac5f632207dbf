"""Rules for expressions relative to the article date or to an earlier expression.

- deictic days and parts of days: ``today``, ``yesterday``, ``tonight``, ``this morning``;
- ``last``/``this``/``next`` + a unit: ``last week`` (``2004-W47``), ``next month``,
  ``this weekend`` (``2010-W04-WE``), ``later this year``; seasons (``last summer``);
- quarters and halves: ``the first quarter of 2009`` (``2009-Q1``), ``the last quarter``;
- ``N units ago`` (against the article date); ``N units later``, ``the previous year``,
  ``the same day``, ``that day`` (against the closest date before them, TimeML's
  anaphoric anchoring; the article date when there is none);
- ``the end of the year``, ``the beginning of 2009``: the period's value;
- general references: ``now``/``currently`` (``PRESENT_REF``), ``recently``
  (``PAST_REF``), ``the future`` (``FUTURE_REF``).
"""

from __future__ import annotations

import datetime as dt
import re

from newsweave.temporal import calendar as cal
from newsweave.temporal import timex as tx
from newsweave.temporal.lexicon import (
    NUMBER,
    SEASON_TRIGGERS,
    SEASONS,
    UNIT_TRIGGERS,
    VAGUE,
    parse_number,
)
from newsweave.temporal.recognise import DIGIT, Context, Deferred, Reading, Rule
from newsweave.model import TimexType

_I = re.IGNORECASE
_DEICTIC = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}
_POD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def unit_value(anchor: dt.date, unit: str, delta: int) -> str:
    """The ``unit`` holding ``anchor``, moved by ``delta`` units (``last week`` = -1)."""
    unit = tx.unit_of(unit)
    if unit == "day":
        return tx.day(anchor + dt.timedelta(days=delta))
    if unit == "week":
        return tx.week(anchor + dt.timedelta(weeks=delta))
    if unit == "weekend":
        sat = cal.weekend_saturday(anchor, "this", None) + dt.timedelta(weeks=delta)
        return tx.week(sat, weekend=True)
    if unit == "month":
        return tx.month(*cal.add_months(anchor.year, anchor.month, delta))
    if unit == "quarter":
        y, mo = cal.add_months(anchor.year, anchor.month, 3 * delta)
        return tx.quarter(dt.date(y, mo, 1))
    if unit == "decade":
        return f"{anchor.year // 10 + delta:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + delta:02d}"
    return tx.year(anchor.year + delta)


_UNDATED = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE",
            "month": "XXXX-XX", "quarter": "XXXX-QX", "year": "XXXX", "decade": "XXX",
            "century": "XX"}  # fmt: skip


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
    rel = " ".join(m.group("rel").lower().split())
    unit = m.group("unit").lower()
    if rel == "this past" and unit not in SEASONS:
        rel = "last"
    delta = -1 if rel.endswith(("last", "past", "previous")) else \
        1 if rel.endswith(("next", "coming")) else 0
    if unit in SEASONS:
        return ctx.relative(m.start(), m.end(), "DATE",
                            lambda a: _season(a, SEASONS[unit], rel, ctx.tense(*m.span())),
                            f"XXXX-{SEASONS[unit]}")
    return ctx.relative(m.start(), m.end(), "DATE", lambda a: unit_value(a, unit, delta),
                        _UNDATED[tx.unit_of(unit)])


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season(anchor: dt.date, code: str, rel: str, tense: str | None) -> str:
    """``last summer`` is the most recent one that has begun before this one; ``this``
    and ``the`` pick this year's (``the`` with a past tense: the latest that has begun)."""
    started = anchor.month >= _SEASON_START[code]
    if rel == "last":
        return f"{anchor.year if started and code != 'WI' else anchor.year - 1}-{code}"
    if rel == "next":
        return f"{anchor.year if not started else anchor.year + 1}-{code}"
    if rel in ("the", "in") and tense != "future" and not started:
        return f"{anchor.year - 1}-{code}"
    if rel in ("the", "in") and tense == "future" and started and anchor.month > \
            _SEASON_START[code] + 2:
        return f"{anchor.year + 1}-{code}"
    return f"{anchor.year}-{code}"


def _the_weekend(m: re.Match[str], ctx: Context) -> Reading | None:
    """``the weekend``: the most recent one that has begun (future tense: the coming one)."""
    tense = ctx.tense(*m.span())
    rel = "last" if m.group(0).lower().startswith("this") else None

    def resolve(a: dt.date) -> str:
        if rel == "last":
            sat = cal.weekend_saturday(a, None, None)
        else:
            sat = cal.weekend_saturday(a, None, tense)
        return tx.week(sat, weekend=True)

    return ctx.relative(m.start(), m.end(), "DATE", resolve, "XXXX-WXX-WE")


def _bare_season(m: re.Match[str], ctx: Context) -> Reading | None:
    """``in spring``: this year's, or the latest one that has begun (past tense)."""
    code = SEASONS[m.group("season").lower()]
    tense = ctx.tense(*m.span())
    return ctx.relative(m.start(), m.end(), "DATE", lambda a: _season(a, code, "the", tense),
                        f"XXXX-{code}")


def _the_season(m: re.Match[str], ctx: Context) -> Reading | None:
    unit = m.group("unit").lower()
    tense = ctx.tense(*m.span())
    return ctx.relative(m.start(), m.end(), "DATE",
                        lambda a: _season(a, SEASONS[unit], "the", tense), f"XXXX-{SEASONS[unit]}")


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
                        _UNDATED.get(unit, "XXXX-XX-XX"))


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
        return unit_value(anchor, "quarter", n)
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
            return _UNDATED.get(unit, "XXXX")
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
                return _UNDATED.get(unit, "XXXX-XX-XX")
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
        y, mo = cal.add_months(int(q.group(1)), (int(q.group(2)) - 1) * 3 + 1, 3 * delta)
        return tx.quarter(dt.date(y, mo, 1))
    parts = tx.parse_date(tx.as_calendar(ref) or "")
    if parts is None:
        return None
    y, mo, d = parts
    if unit == "quarter" and mo is not None:
        y, mo = cal.add_months(y, mo, 3 * delta)
        return tx.quarter(dt.date(y, mo, 1))
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


def _quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    """``the first quarter of 2009``, ``Q3 2009``, ``the fourth quarter``, ``the second
    half of the year``: a quarter (``2009-Q1``) or half (``2009-H2``) of a year."""
    ordinal = (m.group("ord") or m.group("qn") or "").lower()
    kind = "H" if (m.group("part") or "").lower() == "half" else "Q"
    n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
         "4th": 4, "final": 4 if kind == "Q" else 2, "last": 4 if kind == "Q" else 2,
         "1": 1, "2": 2, "3": 3, "4": 4}[ordinal]  # fmt: skip
    year_text = (m.group("year") or "").lower()
    if year_text.isdigit():
        return Reading(m.start(), m.end(), "DATE", f"{int(year_text):04d}-{kind}{n}")
    delta = -1 if "last" in year_text or "previous" in year_text else \
        1 if "next" in year_text else 0
    tense = ctx.tense(*m.span())

    months = 3 if kind == "Q" else 6

    def resolve(a: dt.date) -> str:
        if year_text:
            return f"{a.year + delta:04d}-{kind}{n}"
        # "the fourth quarter": this year's or last year's, whichever is nearer the
        # anchor; a past tense rules out one still to come, a future one that has ended
        best: tuple[int, int] | None = None
        for year in (a.year - 1, a.year):
            first = dt.date(year, (n - 1) * months + 1, 1)
            y2, m2 = cal.add_months(year, (n - 1) * months + 1, months)
            after = dt.date(y2, m2, 1)
            if (tense == "future" and after <= a) or (tense == "past" and first > a):
                continue
            distance = (first - a).days if first > a else (a - after).days + 1 if after <= a else 0
            if best is None or distance <= best[0]:
                best = (distance, year)
        return f"{best[1] if best else a.year:04d}-{kind}{n}"

    return ctx.relative(m.start(), m.end(), "DATE", resolve, f"XXXX-{kind}{n}")


def _rel_quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    rel = m.group("rel").lower()
    delta = -1 if rel in ("last", "past", "previous") else 1 if rel in ("next", "coming") else 0
    return ctx.relative(m.start(), m.end(), "DATE", lambda a: unit_value(a, "quarter", delta),
                        "XXXX-QX")


def _period_edge(m: re.Match[str], ctx: Context) -> Reading | None:
    """``the end of the year``, ``the beginning of the month``: the article's unit."""
    unit = m.group("unit").lower()
    return ctx.relative(m.start(), m.end(), "DATE", lambda a: unit_value(a, unit, 0),
                        _UNDATED[unit])


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

_REL_UNIT_TRIGGERS = ("week*", "month*", "year*", "decade*", "centur*", *SEASON_TRIGGERS)
_REF_TRIGGERS = ("now", "currently", "presently", "nowadays", "recently", "lately", "these days",
                 "moment", "present", "future", "the past", "term")  # fmt: skip
_UNITS_REL = r"(?P<unit>week|weekend|month|year|decade|century|summer|spring|fall|autumn|winter)"
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
    Rule(re.compile(r"\b(?:the|this\s+past)\s+weekend\b", _I), _the_weekend, ("weekend",), (15, 5)),
    Rule(re.compile(r"\bthe\s+(?P<unit>summer|spring|fall|autumn|winter)\b(?!\s+of\b)", _I),
         _the_season, SEASON_TRIGGERS, (10, 5)),
    Rule(re.compile(r"(?<=\bin\s)(?P<season>spring|summer|autumn|winter)\b(?!\s+(?:of|\d))", _I),
         _bare_season, SEASON_TRIGGERS, (10, 5)),
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
    Rule(re.compile(r"\b(?:the\s+)?(?:(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
                    r"[-\s](?P<part>quarter|half)|Q(?P<qn>[1-4]))(?:,?\s+(?:of\s+)?(?P<year>"
                    r"(?:fiscal\s+)?\d{4}|(?:this|last|next|the\s+(?:previous|current))\s+year|"
                    r"the\s+year))?\b", _I),
         _quarter, ("quarter*", "half", "q1", "q2", "q3", "q4"), (20, 35)),
    Rule(re.compile(r"\b(?:the\s+)?(?P<rel>last|past|previous|this|current|next|coming)\s+quarter\b",
                    _I), _rel_quarter, ("quarter",), (20, 5)),
    Rule(re.compile(r"\bthe\s+(?:very\s+)?(?:end|beginning|start|middle|rest|remainder|close|turn)"
                    r"\s+of\s+the\s+(?P<unit>year|month|week|decade|century|quarter)\b", _I),
         _period_edge, (" of the ",), (25, 15)),
    Rule(re.compile(r"\b(?:now|currently|presently|nowadays|recently|lately|these\s+days|"
                    r"(?:(?<=\bat\s)|(?<=\bfor\s))the\s+moment|(?<=\bat\s)present|"
                    r"the\s+(?:near\s+|distant\s+)?future|the\s+past|the\s+long\s+term)\b"
                    r"(?!\s+(?:that|of)\b)", _I), _ref, _REF_TRIGGERS, (15, 25)),
    Rule(re.compile(r"\b(?:current|recent)\b(?=\s+(?:[a-z]+\s+)?[a-z]+)", _I), _ref,
         ("current", "recent"), (5, 25)),
)
