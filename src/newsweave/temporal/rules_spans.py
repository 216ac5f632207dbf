"""Rules for durations and recurrences (TIMEX3 DURATION and SET).

- DURATION: ``two years`` (``P2Y``), ``almost two and a half years`` (``P2.5Y``),
  ``thirty minutes`` (``PT30M``), ``a 27-year contract`` (``27-year``: ``P27Y``),
  ``the past five years``, ``between 60 and 90 days`` (``60`` is ``P60D`` too),
  ``several years`` / ``for years`` / ``recent years`` (``PXY``), ``decades``
  (``PXDE``), ``annual profit`` (``P1Y``: an amount over a year);
- SET: ``every week`` (``P1W``), ``15 a year`` / ``twice a year`` (``P1Y``),
  ``annually``, ``daily``, an ``annual`` event, ``per annum``.

Ages (``a 40-year-old``, ``56 years old``), fractions (``a quarter of its dealers``)
and ordinals (``a second A380``) are not durations.
"""

from __future__ import annotations

import re

from newsweave.temporal import timex as tx
from newsweave.temporal.lexicon import (
    NUMBER,
    NUMBER_WORD,
    UNIT,
    UNIT_SINGULAR,
    UNIT_TRIGGERS,
    VAGUE,
    parse_number,
)
from newsweave.temporal.recognise import Context, Reading, Rule

_I = re.IGNORECASE
_APPROX = (
    r"(?:(?:about|around|approximately|nearly|almost|roughly|some|only|just|"
    r"more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|as\s+many\s+as|"
    r"as\s+much\s+as|as\s+long\s+as|as\s+little\s+as|close\s+to|well\s+over)\s+)?"
)
_SPAN_START = r"(?:(?:the|a|an)\s+(?:past|last|next|coming|previous|first|final|following|" \
              r"remaining|initial|same|whole|entire|full|better\s+part\s+of\s+the|best\s+part\s+" \
              r"of\s+the|two|three)\s+)?"
_AGE_AFTER = re.compile(r"\s*(?:-|\s)?old\b|\s+of\s+age\b|\s+ago\b|\s+(?:earlier|later)\b",
                        re.IGNORECASE)


def _duration(m: re.Match[str], ctx: Context) -> Reading | None:
    if _AGE_AFTER.match(ctx.text, m.end()):
        return None  # an age ("56 years old") or a date ("two years ago": another rule)
    unit = m.group("unit")
    if m.groupdict().get("vague"):
        return Reading(m.start(), m.end(), "DURATION", tx.duration(None, unit))
    n = parse_number(m.group("n"))
    if n is None or n == 0:
        return None
    after = ctx.text[m.end() : m.end() + 30]
    if unit.lower().startswith("quarter") and re.match(r",?\s+of\b", after):
        return None  # "a quarter of its dealers": a fraction
    if unit.lower() == "second" and n == 1 and not re.match(
        r"\s*(?:[,.;:)]|$|later|earlier|ago|after|before|or\b|and\b|longer|delay)", after
    ):
        return None  # "a second A380": an ordinal
    if m.group("n").lower() in ("a", "an") and re.search(
        r"\b(?:once|twice|times|per)\s+$|\d\s+$", ctx.text[max(0, m.start() - 8) : m.start()]
    ):
        return None  # "twice a year", "15 a year": a set (another rule)
    return Reading(m.start(), m.end(), "DURATION", tx.duration(n, unit))


def _adjectival(m: re.Match[str], ctx: Context) -> Reading | None:
    """``a 27-year contract``, ``a 12-hour flight``, ``decades-long``, ``year-long``."""
    if re.match(r"-?\s*old\b", ctx.text[m.end() : m.end() + 6], _I):
        return None  # "a 40-year-old"
    unit = m.group("unit")
    if (unit or "").lower() == "quarter":
        return None  # "a four-quarter comeback": periods of play, rarely a duration
    if m.group("long_unit"):
        vague = m.group("long_unit").lower().endswith("s") or m.group("multi")
        return Reading(m.start(), m.end(), "DURATION",
                       tx.duration(None if vague else 1, m.group("long_unit")))
    n = parse_number(m.group("n") or m.group("nd"))
    if n is None or n == 0:
        return None
    return Reading(m.start(), m.end(), "DURATION", tx.duration(n, unit))


def _bare_plural(m: re.Match[str], ctx: Context) -> Reading | None:
    """``for years``, ``over the years``, ``recent years``, ``for decades``: vague."""
    start = m.start("span")
    return Reading(start, m.end(), "DURATION", tx.duration(None, m.group("unit")))


def _range_start(m: re.Match[str], ctx: Context) -> Reading | None:
    """``between 60 and 90 days``: the first number is a duration of its own (the
    second, with its unit, is read by the duration rule)."""
    n = parse_number(m.group("first"))
    if n is None or n == 0 or _AGE_AFTER.match(ctx.text, m.end()):
        return None
    return Reading(m.start("first"), m.end("first"), "DURATION", tx.duration(n, m.group("unit")))


def _period(m: re.Match[str], ctx: Context) -> Reading | None:
    """``the past decade``, ``the next year``: one unit counted back or ahead: the
    date of the previous / next unit, or (``the_unit="duration"``) a duration of one
    unit. (``the previous year`` is always a date: another rule.)"""
    unit = m.group("unit")
    if ctx.params.the_unit == "date":
        delta = -1 if m.group("rel").lower() in ("past", "last") else 1
        return ctx.relative(m.start(), m.end(), "DATE",
                            lambda a: tx.unit_containing(a, unit, delta), "XXXX")
    return Reading(m.start(), m.end(), "DURATION", tx.duration(1, unit))


def _set(m: re.Match[str], ctx: Context) -> Reading | None:
    return Reading(m.start(), m.end(), "SET", tx.duration(1, m.group("unit")))


def _per_annum(m: re.Match[str], ctx: Context) -> Reading | None:
    return Reading(m.start(), m.end(), "SET", "P1Y")


_ADVERB_SET = {"annually": "year", "yearly": "year", "monthly": "month", "weekly": "week",
               "daily": "day", "nightly": "day", "hourly": "hour", "quarterly": "quarter",
               "biannually": "year", "biennially": "year", "annual": "year"}  # fmt: skip
# "annual" before one of these is an amount over a year (a duration), not a recurrence.
_AMOUNT_NOUNS = frozenset(
    ["profit", "profits", "loss", "losses", "revenue", "revenues", "sales", "income",
     "earnings", "turnover", "growth", "rate", "salary", "salaries", "budget", "output",
     "production", "deficit", "surplus", "inflation", "increase", "decline", "gain", "fee",
     "fees", "cost", "costs", "spending", "pay", "capacity", "return", "returns", "basis",
     "results", "figures", "net", "operating", "pre-tax", "total", "average"]
)  # fmt: skip


def _adverb_set(m: re.Match[str], ctx: Context) -> Reading | None:
    word = m.group(0).lower()
    if word in ("daily", "weekly", "monthly", "quarterly") and re.match(
        r"\s+(?:newspaper|paper|magazine|show|programme|program|mail|news|telegraph|star|"
        r"express|record|beast|bulletin|digest|standard)\b", ctx.text[m.end() : m.end() + 15], _I
    ):
        return None  # a publication, not a recurrence
    unit = _ADVERB_SET[word]
    value = "P2Y" if word in ("biennially",) else tx.duration(1, unit)
    if word == "annual":
        nxt = re.match(r"\s+([a-z-]+)", ctx.text[m.end() : m.end() + 20])
        if nxt and nxt.group(1) in _AMOUNT_NOUNS:
            return Reading(m.start(), m.end(), "DURATION", value)
    return Reading(m.start(), m.end(), "SET", value)


_ADVERBS = ("annual*", "biannual*", "yearly", "monthly", "weekly", "daily", "nightly", "hourly",
            "quarterly", "bienn*")  # fmt: skip
_NOT_AFTER = r"(?!\s+(?:ago|old|of\s+age)\b)"
RULES: tuple[Rule, ...] = (
    Rule(re.compile(rf"\b{_SPAN_START}{_APPROX}(?:{NUMBER}|{VAGUE})(?:\s+(?:more|full|long|"
                    rf"additional|further|straight|consecutive|extra))?\s+{UNIT}\b(?!-)", _I),
         _duration, UNIT_TRIGGERS, (70, 15)),
    Rule(re.compile(rf"(?<![\d.,$€£])\b(?P<first>\d+|{NUMBER_WORD})(?:\s+(?:to|or|and)\s+|"
                    rf"\s*-\s*)(?:\d+|{NUMBER_WORD})\s+{UNIT}\b", _I),
         _range_start, UNIT_TRIGGERS, (40, 15)),
    Rule(re.compile(rf"\bthe\s+(?P<rel>past|last|next|coming)\s+{UNIT_SINGULAR}\b(?!-)", _I),
         _period, UNIT_TRIGGERS, (20, 5)),
    Rule(re.compile(rf"\b(?:{NUMBER}|(?P<nd>\d+))-(?:and-a-half-)?{UNIT_SINGULAR}\b(?!-old)|"
                    r"\b(?:(?P<multi>multi)-?)?(?P<long_unit>years?|decades?|months?|weeks?|"
                    r"days?|centuries|century|hours?)[-\s]long\b", _I),
         _adjectival, UNIT_TRIGGERS, (40, 15)),
    Rule(re.compile(r"\b(?:for|over|in|during|through|throughout|within)\s+(?P<span>(?:the\s+)?"
                    r"(?:(?:past|last|recent|coming|next|previous|intervening|ensuing|subsequent)"
                    rf"\s+)?)(?P<unit>years|decades|months|weeks|days|hours|centuries)\b{_NOT_AFTER}",
                    _I), _bare_plural, UNIT_TRIGGERS, (40, 5)),
    Rule(re.compile(rf"\b(?P<span>)(?P<unit>decades|centuries)\b{_NOT_AFTER}", _I),
         _bare_plural, ("decades", "centuries"), (5, 15)),
    Rule(re.compile(r"\b(?P<span>recent\s+)(?P<unit>years|decades|months|weeks|days)\b", _I),
         _bare_plural, ("recent",), (10, 15)),
    Rule(re.compile(r"\b(?:(?:every|each|per)\s+(?:other\s+)?|(?:(?:once|twice|\d+\s+times|"
                    r"(?:two|three|four|five|six|several|many)\s+times)\s+(?:a|an|per|every|each)"
                    r"\s+)|(?<=\d\s)an?\s+|(?<=%\s)an?\s+|(?<=cent\s)an?\s+)"
                    rf"{UNIT_SINGULAR}\b", _I), _set, UNIT_TRIGGERS, (30, 5)),
    Rule(re.compile(r"\bper\s+annum\b", _I), _per_annum, ("annum",), (5, 5)),
    Rule(re.compile(r"\b(?:annually|yearly|monthly|weekly|daily|nightly|hourly|quarterly|"
                    r"biannually|biennially|annual)\b"), _adverb_set, _ADVERBS, (5, 30)),
)
