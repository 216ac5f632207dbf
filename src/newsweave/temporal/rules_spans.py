"""Rules for durations, recurrences (sets) and clock times.

- DURATION: ``two years`` (``P2Y``), ``almost two and a half years`` (``P2.5Y``),
  ``thirty minutes`` (``PT30M``), ``a 27-year contract`` (``27-year``: ``P27Y``),
  ``the past five years``, ``several years`` / ``for years`` / ``recent years``
  (``PXY``), ``decades`` (``PXDE``), ``annual profit`` (``P1Y``: an amount per year);
- SET: ``every week`` (``P1W``), ``15 a year`` / ``twice a year`` (``P1Y``),
  ``annually``, ``daily``, an ``annual`` event;
- TIME: ``18:00 UTC`` (``...T18:00Z``), ``6:40 p.m.``, ``noon``, ``12:00 UTC Monday``,
  ``morning trading`` (``...TMO``). A clock time takes its day from a date in its
  sentence, else from the article date.

Ages (``a 40-year-old``, ``56 years old``) are not time expressions here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from newsweave.temporal import timex as tx
from newsweave.temporal.lexicon import (
    NUMBER,
    NUMBER_WORD,
    UNIT,
    UNIT_SINGULAR,
    UNIT_TRIGGERS,
    VAGUE,
    WEEKDAYS,
    parse_number,
)
from newsweave.temporal.recognise import DIGIT, Context, Reading, Rule

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
    if m.group("long_unit"):
        vague = m.group("long_unit").lower().endswith("s") or m.group("multi")
        return Reading(m.start(), m.end(), "DURATION",
                       tx.duration(None if vague else 1, m.group("long_unit")))
    n = parse_number(m.group("n"))
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
        return ctx.relative(m.start(), m.end(), "DATE", lambda a: tx.unit_containing(a, unit, delta),
                            "XXXX")
    return Reading(m.start(), m.end(), "DURATION", tx.duration(1, unit))


def _set(m: re.Match[str], ctx: Context) -> Reading | None:
    unit = m.group("unit")
    return Reading(m.start(), m.end(), "SET", tx.duration(1, unit))


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


def _clock(m: re.Match[str], ctx: Context) -> Reading | None:
    hour = int(m.group("h"))
    minute = int(m.group("min") or 0)
    half = (m.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif m.group("sep") == "." or not m.group("min") or (
        not m.group("zone") and not m.group("hrs") and not _TIME_CUE.search(
            ctx.text, max(0, m.start() - 16), m.start())
    ):
        return None  # "at 8": a bare number; "3:15" without a cue may be a score or a ratio
    if hour > 24 or minute > 59:
        return None
    offset = _offset(m)
    weekday = m.group("wd")
    deictic = (m.group("dw") or "").lower()
    start = m.start()

    def resolve(ref: str | None) -> str:
        if weekday or deictic:
            base = _day_named(weekday, deictic, ctx)
        elif ref is not None and (d := tx.reference_day(ref)) is not None:
            base = d
        else:
            base = ctx.anchor
        return _time_value(base, hour, minute, offset)

    if weekday or deictic:
        return Reading(start, m.end(), "TIME", resolve(None), relative=True)
    return Reading(start, m.end(), "TIME", "", relative=True, defer=resolve, scope="sentence")


def _trimmed(r: Reading | None, ctx: Context) -> Reading | None:
    """The reading without trailing spaces or commas its pattern may have taken."""
    if r is None:
        return None
    end = r.end
    while end > r.start and ctx.text[end - 1] in " \t\n,":
        end -= 1
    return replace(r, end=end)


_TIME_CUE = re.compile(r"\b(?:at|by|around|about|until|till|from|before|after|since|to|"
                       r"approximately|between)\s+$", re.IGNORECASE)


def _offset(m: re.Match[str]) -> int | None:
    """``0`` for a time stated in UTC/GMT (its value gets a ``Z``); ``None`` otherwise:
    a time in another zone keeps its local clock time."""
    zone = (m.group("zone") or "").lower()
    return 0 if zone in ("utc", "gmt", "z", "zulu") and not m.group("gmtoff") else None


def _day_named(weekday: str | None, deictic: str, ctx: Context) -> dt.date | None:
    if ctx.anchor is None:
        return None
    if weekday:
        from newsweave.temporal.calendar import weekday as resolve_weekday

        return resolve_weekday(ctx.anchor, WEEKDAYS[weekday], None, None)
    return ctx.anchor + dt.timedelta(days={"yesterday": -1, "tomorrow": 1}.get(deictic, 0))


def _time_value(base: dt.date | None, hour: int, minute: int, offset: int | None) -> str:
    if base is None:
        return f"XXXX-XX-XXT{hour:02d}:{minute:02d}"
    moment = dt.datetime.combine(base, dt.time()) + dt.timedelta(hours=hour, minutes=minute)
    if offset is not None:
        moment += dt.timedelta(hours=offset)
        return moment.strftime("%Y-%m-%dT%H:%M") + "Z"
    return moment.strftime("%Y-%m-%dT%H:%M")


def _noon(m: re.Match[str], ctx: Context) -> Reading | None:
    word = m.group("word").lower()
    hour = 0 if word == "midnight" else 12

    def resolve(ref: str | None) -> str:
        day = tx.reference_day(ref) if ref else ctx.anchor
        return _time_value(day, hour, 0, None)

    return Reading(m.start("word"), m.end(), "TIME", "", True, defer=resolve, scope="sentence")


def _pod(m: re.Match[str], ctx: Context) -> Reading | None:
    """``in the morning``, ``morning trading``: a part of the day named in the sentence."""
    code = {"morning": "MO", "afternoon": "AF", "evening": "EV"}[m.group("pod").lower()]

    def resolve(ref: str | None) -> str:
        day = tx.reference_day(ref) if ref else ctx.anchor
        return f"{tx.day(day) if day else 'XXXX-XX-XX'}T{code}"

    start = m.start("span")
    return Reading(start, m.end("pod"), "TIME", "", True, defer=resolve, scope="sentence")


_AMPM = r"(?P<ampm>[ap]\.\s?m\.|[ap]m\b|[AP]M\b|[ap]\.m\b)"
_ZONE = r"(?P<zone>UTC|GMT|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|JST|AEST|AEDT|MSK|" \
        r"ET|PT|CT|MT|HKT|SGT|WIB)\b"
RULES: tuple[Rule, ...] = (
    Rule(re.compile(rf"\b{_SPAN_START}{_APPROX}(?:{NUMBER}|{VAGUE})(?:\s+(?:more|full|long|"
                rf"additional|further|straight|consecutive|extra))?\s+{UNIT}\b"
                r"(?!-)", _I), _duration, UNIT_TRIGGERS, (70, 15)),
    Rule(re.compile(rf"(?<![\d.,$€£])\b(?P<first>\d+|{NUMBER_WORD})(?:\s+(?:to|or|and)\s+|\s*-\s*)"
                    rf"(?:\d+|{NUMBER_WORD})\s+{UNIT}\b", _I), _range_start, UNIT_TRIGGERS, (40, 15)),
    Rule(re.compile(rf"\bthe\s+(?P<rel>past|last|next|coming)\s+{UNIT_SINGULAR}\b(?!-)", _I), _period, UNIT_TRIGGERS, (20, 5)),
    Rule(re.compile(rf"\b(?:{NUMBER}|(?P<nd>\d+))-(?:and-a-half-)?{UNIT_SINGULAR}\b(?!-old)|"
                r"\b(?:(?P<multi>multi)-?)?(?P<long_unit>years?|decades?|months?|weeks?|days?|"
                r"centuries|century|hours?)[-\s]long\b", _I),
     lambda m, c: _adjectival_any(m, c), UNIT_TRIGGERS, (40, 15)),
    Rule(re.compile(r"\b(?:for|over|in|during|through|throughout|within)\s+(?P<span>(?:the\s+)?"
                r"(?:(?:past|last|recent|coming|next|previous|intervening|ensuing|subsequent)\s+)?)"
                r"(?P<unit>years|decades|months|weeks|days|hours|centuries)\b(?!\s+(?:ago|old|of\s+age)\b)",
                _I), lambda m, c: _bare_plural(m, c), UNIT_TRIGGERS, (40, 5)),
    Rule(re.compile(r"\b(?P<span>recent\s+)(?P<unit>years|decades|months|weeks|days)\b", _I),
     _bare_plural, ("recent",), (10, 15)),
    Rule(re.compile(r"\b(?:(?:every|each|per)\s+(?:other\s+)?|(?:(?:once|twice|\d+\s+times|"
                r"(?:two|three|four|five|six|several|many)\s+times)\s+(?:a|an|per|every|each)\s+)|"
                r"(?<=\d\s)an?\s+|(?<=%\s)an?\s+|(?<=cent\s)an?\s+)"
                rf"{UNIT_SINGULAR}\b", _I), _set, UNIT_TRIGGERS, (30, 5)),
    Rule(re.compile(r"\bper\s+annum\b", _I), lambda m, c: Reading(m.start(), m.end(), "SET", "P1Y"), ("annum",), (5, 5)),
    Rule(re.compile(r"\b(?:annually|yearly|monthly|weekly|daily|nightly|hourly|quarterly|"
                r"biannually|biennially|annual)\b"), _adverb_set, ("annual*", "biannual*", "yearly", "monthly", "weekly", "daily", "nightly", "hourly", "quarterly", "bienn*"), (5, 30)),
    Rule(re.compile(rf"(?<![\d.,:$€£])\b(?P<h>\d{{1,2}})(?=[:.]\s?\d\d|\s*[ap]\.?\s?m\b|"
                    rf"\s*[ap]\.\s?m\.|\s*\(?(?:UTC|GMT)\b)"
                    rf"(?:(?P<sep>[:.])\s?(?P<min>\d{{2}})(?::\d{{2}})?)?\s*(?:{_AMPM}\s*)?"
                    rf"(?:(?:\(?\s*)?{_ZONE}(?:\s*[+]\s*\d+)?\)?\s*"
                    rf"|\(?GMT\s*(?P<gmtoff>[+-]\s*\d{{1,2}})\)?\s*|(?P<hrs>hrs|hours|local\s+time)\b)?"
                    rf"(?:,?\s*(?:on\s+)?(?:(?P<wd>{'|'.join(WEEKDAYS)})|(?P<dw>today|yesterday|"
                    r"tomorrow))\b)?", _I), lambda m, c: _trimmed(_clock(m, c), c), (DIGIT,), (5, 45)),
    Rule(re.compile(r"(?:\b(?:at|by|around|about|until|till|from|before|after|since|to)\s+)"
                r"(?P<word>noon|midnight|midday)\b", _I), _noon, ("noon", "midnight", "midday"), (20, 5)),
    Rule(re.compile(r"\b(?:(?:in|during|on|by|through)\s+)(?P<span>the\s+(?:early\s+|late\s+)?)"
                r"(?P<pod>morning|afternoon|evening)\b|(?P<span2>)\b(?P<pod2>morning|afternoon|"
                r"evening)\s+(?:trading|session|trade|deals)\b", _I), lambda m, c: _pod_any(m, c), ("morning", "afternoon", "evening"), (30, 25)),
)


def _adjectival_any(m: re.Match[str], ctx: Context) -> Reading | None:
    if (m.group("unit") or "").lower() == "quarter":
        return None  # "a four-quarter comeback": periods of play, rarely a duration
    if m.group("nd") is not None and m.group("n") is None:
        n = int(m.group("nd"))
        if _AGE_AFTER.match(ctx.text, m.end()) or n == 0:
            return None
        return Reading(m.start(), m.end(), "DURATION", tx.duration(n, m.group("unit")))
    return _adjectival(m, ctx)


def _pod_any(m: re.Match[str], ctx: Context) -> Reading | None:
    if m.group("pod") is not None:
        return _pod(m, ctx)
    code = {"morning": "MO", "afternoon": "AF", "evening": "EV"}[m.group("pod2").lower()]

    def resolve(ref: str | None) -> str:
        day = tx.reference_day(ref) if ref else ctx.anchor
        return f"{tx.day(day) if day else 'XXXX-XX-XX'}T{code}"

    return Reading(m.start("pod2"), m.end("pod2"), "TIME", "", True, defer=resolve,
                   scope="sentence")
