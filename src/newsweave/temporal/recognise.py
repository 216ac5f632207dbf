"""Rule-based recognition and normalisation of time expressions in English news.

Each rule is a regular expression plus a handler that reads the match and
returns a :class:`Reading` (value, precision, relative) or ``None`` to drop a
false hit. All rules run over the whole text; overlapping candidates are
resolved longest-leftmost. Spans exclude leading prepositions (``on Monday``
-> ``Monday``), as in TimeML, and include modifiers (``last November``,
``mid-June 2023``, ``Monday morning``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from newsweave.temporal import calendar as cal
from newsweave.temporal.calendar import Resolved, Tense
from newsweave.temporal.lexicon import (
    AMBIGUOUS_MONTHS,
    COUNT_WORDS,
    DAY,
    ID_WORDS,
    MONTH_ABBREVIATIONS,
    MONTH_ANY,
    MONTH_CUES,
    MONTH_FULL,
    MONTHS,
    NUMBER,
    NUMBER_WORDS,
    PART_OF_DAY,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
)
from newsweave.temporal.tense import tense_at


@dataclass(frozen=True, slots=True)
class Reading:
    """What a rule read: span, value/precision (``None`` if unresolved), relativity.

    ``shift`` marks an anaphoric expression ("a year earlier"): it is resolved
    after all rules ran, against the closest resolved expression before it.
    """

    start: int
    end: int
    value: str | None
    precision: str | None
    relative: bool
    shift: tuple[str, int] | None = None


class Context:
    """The text being read, its anchor date and (optionally) its sentence spans."""

    def __init__(
        self, text: str, anchor: dt.date | None, sentences: Sequence[tuple[int, int]] = ()
    ) -> None:
        self.text = text
        self.anchor = anchor
        self._sentences = sorted(sentences)
        self._starts = [s for s, _ in self._sentences]

    def tense(self, start: int, end: int) -> Tense:
        """Tense cue around ``text[start:end]``, within its sentence when known."""
        i = bisect.bisect_right(self._starts, start) - 1
        bounds = self._sentences[i] if i >= 0 and start < self._sentences[i][1] else None
        return tense_at(self.text, start, end, bounds)


Handler = Callable[[re.Match[str], Context], Reading | None]


def _reading(
    m: re.Match[str], res: Resolved | None, relative: bool, group: int | str = 0
) -> Reading:
    start, end = m.span(group)
    if res is None:
        return Reading(start, end, None, None, relative)
    return Reading(start, end, res[0], res[1], relative)


def _relative(m: re.Match[str], ctx: Context, resolve: Callable[[dt.date], Resolved | None],
              group: int | str = 0) -> Reading:
    """A relative expression: resolved against the anchor, unresolved without one."""
    res = resolve(ctx.anchor) if ctx.anchor is not None else None
    return _reading(m, res, True, group)


def _month_number(name: str) -> int:
    return MONTHS.get(name) or MONTH_ABBREVIATIONS[name.rstrip(".")]


def _year_ok(text: str, start: int, end: int, year: int, *, hyphen: bool = False) -> bool:
    """Reject counts (``2000 people``), ids (``Flight 2023``), clock times (``1900 GMT``).

    ``hyphen`` allows a hyphen right before the year (``mid-2021``).
    """
    before = text[max(0, start - 12) : start]
    if re.search(r"[$€£#\d][.,]?$|/$" if hyphen else r"[$€£#\d][.,]?$|[-/]$", before):
        return False
    prev = before.split()[-1].lower().strip("(") if before.split() else ""
    if prev in ID_WORDS:
        return False
    nxt = re.match(r"\s*-?([A-Za-z]+)", text[end : end + 20])
    if nxt and nxt.group(1).lower() in COUNT_WORDS:
        return False
    if year < 1900 or year > 2099:
        return prev.lower() in {"in", "since", "of", "by", "until", "from", "around", "circa", "c."}
    return True


# --- handlers ---------------------------------------------------------------------


def _numeric_iso(m: re.Match[str], ctx: Context) -> Reading | None:
    y, mo, d = (int(m.group(k)) for k in ("y", "m", "d"))
    if mo > 12 or d > 31:
        return None
    date = cal.make_date(y, mo, d)
    return _reading(m, cal.iso_day(date) if date else None, False)


def _numeric_dotted(m: re.Match[str], ctx: Context) -> Reading | None:
    """``19.06.2023`` is day.month.year (the European order; the US does not use dots)."""
    d, mo, y = (int(m.group(k)) for k in ("d", "m", "y"))
    if mo > 12 or d > 31 or d == 0:
        return None
    date = cal.make_date(y, mo, d)
    return _reading(m, cal.iso_day(date) if date else None, False)


def _numeric_slash(m: re.Match[str], ctx: Context) -> Reading | None:
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    y = y + 2000 if y < 100 else y
    if a > 12 and b <= 12:
        day, month = a, b
    elif b > 12 and a <= 12:
        day, month = b, a
    elif a == b:
        day = month = a
    else:  # 06/07/2023 is 6 July in Europe and June 7 in the US: refuse to guess
        return _reading(m, None, False) if a <= 31 and b <= 31 else None
    date = cal.make_date(y, month, day)
    return _reading(m, cal.iso_day(date) if date else None, False)


def _month_day(m: re.Match[str], ctx: Context) -> Reading | None:
    name, day = m.group("month"), int(m.group("day"))
    year = m.group("year")
    if day == 0 or day > 31:
        return None
    month = _month_number(name)
    wd = WEEKDAYS[m.group("wd")] if m.group("wd") else None
    if year:
        date = cal.make_date(int(year), month, day)
        return _reading(m, cal.iso_day(date) if date else None, False)
    if cal.make_date(2024, month, day) is None:  # no such day in any year
        return _reading(m, None, False)
    tense = ctx.tense(*m.span())
    return _relative(m, ctx, lambda a: cal.month_day(a, month, day, wd, tense))


def _day_first(m: re.Match[str], ctx: Context) -> Reading | None:
    """``19 June 2023``. A bare ``2 May`` / ``1 March`` needs an ordinal, a year or a
    weekday: without one, a count before a capitalised word is likelier than a date."""
    bare = not (m.group("year") or m.group("ord") or m.group("wd"))
    if bare and m.group("month").rstrip(".") in ("May", "March", "Mar"):
        return None
    return _month_day(m, ctx)


def _month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    year = int(m.group("year"))
    if not 1000 <= year <= 2199:
        return None
    return _reading(m, cal.iso_month(year, _month_number(m.group("month"))), False)


def _season_or_mod_year(m: re.Match[str], ctx: Context) -> Reading | None:
    year = int(m.group("year"))
    if not _year_ok(ctx.text, m.start("year"), m.end("year"), year, hyphen=True):
        return None
    return _reading(m, cal.iso_year(year), False)


def _rel_month(m: re.Match[str], ctx: Context) -> Reading | None:
    rel = (m.group("rel") or "").lower() or None
    if rel in ("early", "mid", "late"):
        rel = None
    month = MONTHS[m.group("month")]
    tense = ctx.tense(*m.span())
    return _relative(m, ctx, lambda a: cal.bare_month(a, month, rel, tense))


def _bare_month(m: re.Match[str], ctx: Context) -> Reading | None:
    name = m.group("month")
    after = ctx.text[m.end("month") : m.end("month") + 20]
    if name in AMBIGUOUS_MONTHS and re.match(r"\s+[A-Z][a-z]", after):
        return None  # "April Ryan", "June Carter"
    if name == "May" and re.match(r"\s+(?:be|have|not|also|well|\w+ed)\b", after):
        return None
    month = MONTHS[name]
    tense = ctx.tense(*m.span("month"))
    return _relative(m, ctx, lambda a: cal.bare_month(a, month, None, tense), "month")


def _weekday(m: re.Match[str], ctx: Context) -> Reading | None:
    rel = (m.group("rel") or "").lower() or None
    target = WEEKDAYS[m.group("wd")]
    tense = ctx.tense(*m.span())
    return _relative(m, ctx, lambda a: cal.weekday(a, target, rel, tense))


def _day_word(m: re.Match[str], ctx: Context) -> Reading | None:
    word = m.group("dw").lower()
    if word == "today" and re.search(r"\b(?:USA|Russia|China)\s+$", ctx.text[: m.start()]):
        return None  # newspaper / channel names
    delta = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "last night": -1}[word]
    return _relative(m, ctx, lambda a: cal.add_days(a, delta))


def _rel_unit(m: re.Match[str], ctx: Context) -> Reading | None:
    if re.search(r"\bthe\s+$", ctx.text[max(0, m.start() - 5) : m.start()], re.IGNORECASE):
        return None  # "for the next month", "over the last year": a duration, not a date
    rel = " ".join(m.group("rel").lower().split())
    unit = m.group("unit").lower()
    delta = -1 if rel.endswith("last") else 1 if rel.endswith("next") else 0
    if unit in ("summer", "spring", "fall", "autumn", "winter"):
        return _relative(m, ctx, lambda a: _season(a, unit, delta, rel))
    if unit == "weekend" and rel in ("last", "next", "this"):
        return _relative(m, ctx, lambda a: cal.weekend(a, rel))
    return _relative(m, ctx, lambda a: cal.unit_offset(a, unit, delta))


@cal.safe  # year 0 and year 10000 are not ISO years
def _season(anchor: dt.date, unit: str, delta: int, rel: str) -> Resolved:
    """Seasons are coarsened to their year (northern hemisphere; winter = its December's
    year is not tracked). ``last summer`` is the most recent one that has ended."""
    if rel == "last" and unit in ("summer", "spring"):
        start_month = 6 if unit == "summer" else 3
        return cal.iso_year(anchor.year if anchor.month > start_month + 2 else anchor.year - 1)
    return cal.iso_year(anchor.year + delta)


def _ago(m: re.Match[str], ctx: Context) -> Reading | None:
    n = _count(m.group("n"))
    unit = m.group("unit").lower()
    return _relative(m, ctx, lambda a: cal.unit_offset(a, unit, -n))


def _count(raw: str) -> int:
    raw = " ".join(raw.lower().split())
    return int(raw) if raw.isdigit() else NUMBER_WORDS[raw]


def _anaphoric(m: re.Match[str], ctx: Context) -> Reading | None:
    """``a year earlier``, ``two days later``: shifted from the previous date, later."""
    direction = (m.group("dir") or m.group("dir2")).lower()
    sign = -1 if direction in ("earlier", "before") else 1
    shift = (m.group("unit").lower(), sign * _count(m.group("n")))
    return Reading(m.start(), m.end(), None, None, True, shift)


def _year(m: re.Match[str], ctx: Context) -> Reading | None:
    year = int(m.group("year"))
    if not _year_ok(ctx.text, m.start(), m.end(), year):
        return None
    return _reading(m, cal.iso_year(year), False)


def _decade(m: re.Match[str], ctx: Context) -> Reading | None:
    # Recognised so the span is known, but a decade has no YYYY / YYYY-MM / YYYY-MM-DD
    # form: the value stays None (see docs/time.md).
    return Reading(m.start(), m.end(), None, None, False)


_I = re.IGNORECASE
_MOD = r"(?:(?P<mod>[Ee]arly|[Mm]id|[Ll]ate)[-\s]+)?"
RULES: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b(?!-\d)"), _numeric_iso),
    (re.compile(r"(?<![\d/])\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b(?!/)"),
     _numeric_slash),
    (re.compile(r"(?<![\d.])\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b(?!\.\d)"),
     _numeric_dotted),
    (re.compile(rf"\b(?:{WEEKDAY},?\s+)?{_MOD}{MONTH_ANY}\s+{DAY}(?:,?\s+{YEAR})?(?![,.]?\d)"),
     _month_day),
    (re.compile(rf"(?:\b{WEEKDAY},?\s+)?\b{DAY}\s+(?:of\s+)?{MONTH_ANY}(?:,?\s+{YEAR})?"),
     _day_first),
    (re.compile(rf"\b{_MOD}{MONTH_ANY},?\s+(?:of\s+)?{YEAR}"), _month_year),
    (re.compile(rf"\b(?P<season>[Ss]pring|[Ss]ummer|[Ff]all|[Aa]utumn|[Ww]inter)\s+(?:of\s+)?{YEAR}"),
     _season_or_mod_year),
    (re.compile(rf"\b(?P<mod>[Ee]arly|[Mm]id|[Ll]ate)[-\s]+{YEAR}"), _season_or_mod_year),
    (re.compile(rf"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Mm]id|[Ll]ate)[-\s]+{MONTH_FULL}"
                rf"(?!\s+\d)"), _rel_month),
    (re.compile(rf"\b(?:{MONTH_CUES})\s+{MONTH_FULL}(?!\s+\d)"), _bare_month),
    (re.compile(rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming)\s+|(?:[Ee]arly|[Ll]ate)\s+)?"
                rf"{WEEKDAY}(?!['’]s\s+(?:[a-z]+\s+)?(?:edition|paper|issue)){PART_OF_DAY}"),
     _weekday),
    (re.compile(r"\b(?P<dw>yesterday|today|tonight|tomorrow|last night)\b"
                r"(?:\s+(?:morning|afternoon|evening))?", _I), _day_word),
    (re.compile(r"\b(?P<rel>last|next|this|(?:earlier|later|early|late)\s+(?:this|last|next))\s+"
                r"(?P<unit>week|weekend|month|year|summer|spring|fall|autumn|winter)\b", _I),
     _rel_unit),
    (re.compile(rf"\b{NUMBER}\s+(?P<unit>day|week|month|year)s?\s+ago\b", _I), _ago),
    (re.compile(rf"\b{NUMBER}\s+(?P<unit>day|week|month|year)s?\s+(?:(?P<dir>earlier|later)\b|"
                r"(?P<dir2>before|after)(?=\s*[,.;:)]|\s*$))", _I), _anaphoric),
    (re.compile(r"(?<![\d$€£#.,/-])\b(?P<year>1\d\d\d|20\d\d)\b(?![,.]?\d|%|['’]?s\b)"), _year),
    (re.compile(r"\b(?:1[5-9]|20)\d0s\b|(?<!\w)['’]\d0s\b"), _decade),
)


# How far back (characters) an anaphoric expression looks for the date it shifts.
_ANAPHORA_REACH = 400


def recognise(
    text: str, anchor: dt.date | None, sentences: Sequence[tuple[int, int]] = ()
) -> list[Reading]:
    """All readings in ``text``, non-overlapping (longest-leftmost), in text order.

    ``sentences`` (character spans) bound the clause used for tense cues; without
    them the clause is found from punctuation alone.
    """
    ctx = Context(text, anchor, sentences)
    cands: list[tuple[int, int, int, Reading]] = []
    for priority, (pattern, handler) in enumerate(RULES):
        for m in pattern.finditer(text):
            r = handler(m, ctx)
            if r is not None and r.end > r.start:
                cands.append((r.start, -(r.end - r.start), priority, r))
    cands.sort(key=lambda c: (c[0], c[1], c[2]))
    chosen: list[Reading] = []
    end = -1
    for start, _, _, r in cands:
        if start >= end:
            chosen.append(r)
            end = r.end
    return _resolve_anaphora(chosen)


def _resolve_anaphora(readings: list[Reading]) -> list[Reading]:
    """Resolve each ``shift`` reading against the closest resolved reading before it
    (within ``_ANAPHORA_REACH``), keeping that reading's precision ("in August ... from
    a year earlier" -> the August before). With none, it stays unresolved."""
    out: list[Reading] = []
    ref: Reading | None = None
    for r in readings:
        if r.shift is None:
            out.append(r)
            if r.value is not None and r.precision is not None:
                ref = r
            continue
        if ref is None or r.start - ref.end > _ANAPHORA_REACH:
            out.append(r)
            continue
        assert ref.value is not None and ref.precision is not None
        res = cal.shift_value(ref.value, ref.precision, *r.shift)
        out.append(r if res is None else replace(r, value=res[0], precision=res[1]))
    return out
