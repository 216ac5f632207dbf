"""Rules for times of day (TIMEX3 TIME).

``18:00 UTC`` (``2009-12-15T18:00Z``: a time stated in UTC/GMT gets a ``Z``; other
zones keep the local clock time), ``6:40 p.m.``, ``9 a.m.``, ``12:00 UTC Monday``,
``noon``, ``in the morning``, ``morning trading`` (``2010-03-02TMO``). A clock time
without a day takes the day named in its sentence (the closest, before it first),
else the closest day named before it, else the article date (TimeML anchors times
on the day under discussion). A bare ``3:15`` needs a cue (``at``, a zone, ``a.m.``)
so that scores and ratios are not read as times.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from newsweave.temporal import calendar as cal
from newsweave.temporal import timex as tx
from newsweave.temporal.lexicon import WEEKDAYS
from newsweave.temporal.recognise import DIGIT, Context, Reading, Rule

_I = re.IGNORECASE


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


def _trimmed_clock(m: re.Match[str], ctx: Context) -> Reading | None:
    """:func:`_clock`, without the trailing spaces or commas its pattern may take."""
    r = _clock(m, ctx)
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
        return cal.weekday(ctx.anchor, WEEKDAYS[weekday], None, None)
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
    word = m.group("pod") or m.group("pod2")
    code = {"morning": "MO", "afternoon": "AF", "evening": "EV"}[word.lower()]

    def resolve(ref: str | None) -> str:
        day = tx.reference_day(ref) if ref else ctx.anchor
        return f"{tx.day(day) if day else 'XXXX-XX-XX'}T{code}"

    start, end = (m.start("span"), m.end("pod")) if m.group("pod") else m.span("pod2")
    return Reading(start, end, "TIME", "", True, defer=resolve, scope="sentence")


_AMPM = r"(?P<ampm>[ap]\.\s?m\.|[ap]m\b|[AP]M\b|[ap]\.m\b)"
_ZONE = (r"(?P<zone>UTC|GMT|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|JST|AEST|AEDT|MSK|"
         r"ET|PT|CT|MT|HKT|SGT|WIB)\b")
RULES: tuple[Rule, ...] = (
    Rule(re.compile(rf"(?<![\d.,:$€£])\b(?P<h>\d{{1,2}})(?=[:.]\s?\d\d|\s*[ap]\.?\s?m\b|"
                    rf"\s*[ap]\.\s?m\.|\s*\(?(?:UTC|GMT)\b)"
                    rf"(?:(?P<sep>[:.])\s?(?P<min>\d{{2}})(?::\d{{2}})?)?\s*(?:{_AMPM}\s*)?"
                    rf"(?:(?:\(?\s*)?{_ZONE}(?:\s*[+]\s*\d+)?\)?\s*"
                    rf"|\(?GMT\s*(?P<gmtoff>[+-]\s*\d{{1,2}})\)?\s*|(?P<hrs>hrs|hours|local\s+time)"
                    rf"\b)?(?:,?\s*(?:(?P<wd>{'|'.join(WEEKDAYS)})|(?P<dw>today|"
                    r"yesterday|tomorrow))\b)?", _I), _trimmed_clock, (DIGIT,), (5, 45)),
    Rule(re.compile(r"(?:\b(?:at|by|around|about|until|till|from|before|after|since|to)\s+)"
                    r"(?P<word>noon|midnight|midday)\b", _I),
         _noon, ("noon", "midnight", "midday"), (20, 5)),
    Rule(re.compile(r"\b(?:(?:in|during|on|by|through)\s+)(?P<span>the\s+(?:early\s+|late\s+)?)"
                    r"(?P<pod>morning|afternoon|evening)\b|\b(?P<pod2>morning|afternoon|evening)"
                    r"\s+(?:trading|session|trade|deals)\b", _I),
         _pod, ("morning", "afternoon", "evening"), (30, 25)),
)
