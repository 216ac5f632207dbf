"""The rule engine: run every rule over the text, keep the best non-overlapping
readings, then resolve the ones that depend on another expression.

Each rule is a regular expression plus a handler that reads the match and
returns a :class:`Reading` (span, TIMEX3 type and value) or ``None`` to drop a
false hit; the rules live in :mod:`.rules_dates`, :mod:`.rules_relative` and
:mod:`.rules_spans`. Overlapping candidates are resolved longest-leftmost, so
"two years ago" (a date) wins over "two years" (a duration) and "Friday
morning" (a time) over "Friday". Spans follow TimeML: leading prepositions are
left out (``on Monday`` -> ``Monday``), determiners and modifiers are kept
(``the past five years``, ``last November``, ``early June``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal, NamedTuple

from newsweave.model import TimexType
from newsweave.temporal import timex as tx
from newsweave.temporal.calendar import Tense
from newsweave.temporal.tense import CueIndex, tense_at

# A deferred value: given the value of the reference expression (``None`` when there
# is none), the reading's own value.
Deferred = Callable[[str | None], str]
Scope = Literal["previous", "sentence"]


@dataclass(frozen=True, slots=True)
class Reading:
    """What a rule read: span, TIMEX3 type and value, and whether it is relative.

    ``relative`` is true when the value depends on the article date or on another
    expression. ``defer`` marks a value that depends on another expression: it is
    called after all rules ran with the value of the reference (``scope``
    ``previous``: the closest resolved date before it, as for "a year earlier";
    ``sentence``: the closest day in the same sentence, as for "at 18:00").
    """

    start: int
    end: int
    type: TimexType
    value: str
    relative: bool = False
    defer: Deferred | None = None
    scope: Scope = "previous"
    needs: tx.Granularity | None = None
    """The finest granularity the reference must have ("the same day" needs a day)."""


@dataclass(frozen=True, slots=True)
class TimeParams:
    """The recogniser's few tunable choices (defaults chosen by leave-one-topic-out
    cross-validation on MEANTIME, see docs/time.md).

    ``anaphora_reach``: how far back (characters) "the same day", "a year earlier"
    look for the date they refer to. ``modal_future``: whether "should/may/must/can
    + verb" marks a future clause. ``the_unit``: "the past year", "the last
    decade", "the coming month" read as a ``duration`` (P1Y) or as the ``date`` of
    the previous / next unit (HeidelTime's reading); with a number ("the past five
    years") they are always durations.
    """

    anaphora_reach: int = 600
    modal_future: bool = True
    the_unit: Literal["duration", "date"] = "date"


class Context:
    """The text being read, its anchor date, (optionally) its sentence spans and the
    recogniser's parameters."""

    def __init__(
        self,
        text: str,
        anchor: dt.date | None,
        sentences: Sequence[tuple[int, int]] = (),
        params: TimeParams | None = None,
    ) -> None:
        self.text = text
        self.anchor = anchor
        self.params = params or TimeParams()
        self._cues = CueIndex(text, modal_future=self.params.modal_future)
        self._sentences = sorted(sentences)
        self._starts = [s for s, _ in self._sentences]
        self._rough: list[tuple[int, int]] = []
        self._memo: dict[str, object] = {}

    def memo(self, key: str, compute: Callable[[], object]) -> object:
        """A fact about the whole text, computed once (e.g. "is this about a game?")."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def sentence(self, pos: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding character ``pos`` (without given
        sentences: found from the punctuation around ``pos``, at most 500 characters
        either way)."""
        if not self._sentences:
            return self._rough_sentence(pos)
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self._sentences[i][1]:
            return self._sentences[i]
        return (pos, pos + 1)

    def _rough_sentence(self, pos: int) -> tuple[int, int]:
        for start, end in self._rough:
            if start <= pos < end:
                return (start, end)
        lo = max(0, pos - _ROUGH_REACH)
        start = lo
        for m in _SENTENCE_END.finditer(self.text, lo, pos):
            start = m.end()
        if start == lo and lo > 0:
            start = pos  # no break within reach: do not invent one
        nxt = _SENTENCE_END.search(self.text, pos, min(len(self.text), pos + _ROUGH_REACH))
        end = nxt.start() if nxt else min(len(self.text), pos + _ROUGH_REACH)
        self._rough.append((start, max(end, pos + 1)))
        return self._rough[-1]

    def tense(self, start: int, end: int) -> Tense:
        """Tense cue around ``text[start:end]``, within its sentence."""
        return tense_at(self.text, start, end, self.sentence(start), self._cues)

    def relative(
        self, start: int, end: int, type_: TimexType, resolve: Callable[[dt.date], str],
        undated: str,
    ) -> Reading:
        """A reading resolved against the anchor; ``undated`` (an ``X`` value) without one."""
        value = resolve(self.anchor) if self.anchor is not None else undated
        return Reading(start, end, type_, value, relative=True)


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
_ROUGH_REACH = 500


Handler = Callable[[re.Match[str], Context], Reading | None]


class Rule(NamedTuple):
    """A pattern, the handler reading its matches and, for speed, its ``triggers``:
    lower-case words one of which every match contains (``year*``: a word starting
    with ``year``; ``DIGIT``: a digit). The pattern only runs in windows around the
    triggers found in the text (``reach`` characters before and after them; all of
    the text when ``triggers`` is ``None``); a windowed match is re-matched on the
    whole text, so the result is the same as running the pattern everywhere as long
    as no match reaches further from its trigger than ``reach``."""

    pattern: re.Pattern[str]
    handler: Handler
    triggers: tuple[str, ...] | None = None
    reach: tuple[int, int] = (90, 70)


DIGIT = "<digit>"
_DIGITS = re.compile(r"\d+")


def recognise(
    text: str,
    anchor: dt.date | None,
    sentences: Sequence[tuple[int, int]] = (),
    rules: Sequence[Rule] | None = None,
    params: TimeParams | None = None,
) -> list[Reading]:
    """All readings in ``text``, non-overlapping (longest-leftmost), in text order.

    ``sentences`` (character spans) bound the clause used for tense cues and the
    sentence a clock time takes its day from; without them sentences are found
    from punctuation alone.
    """
    if rules is None:
        from newsweave.temporal.rules import RULES

        rules = RULES
    ctx = Context(text, anchor, sentences, params)
    cands: list[tuple[int, int, int, Reading]] = []
    finder = _TriggerFinder(text)
    for priority, rule in enumerate(rules):
        for m in finder.matches(rule):
            try:
                r = rule.handler(m, ctx)
            except (OverflowError, ValueError):  # date arithmetic past years 1-9999
                r = None
            if r is not None and r.end > r.start:
                cands.append((r.start, -(r.end - r.start), priority, r))
    cands.sort(key=lambda c: (c[0], c[1], c[2]))
    chosen: list[Reading] = []
    end = -1
    for start, _, _, r in cands:
        if start >= end:
            chosen.append(_with_edge(r, text, end))
            end = r.end
    return _resolve_deferred(chosen, ctx)


# "the end of 2009", "early last year", "late Monday": TimeML keeps such words in the
# extent (as the TIMEX3 mod); the value is the period's own.
_EDGE_BEFORE = re.compile(
    r"(?:\b(?:the\s+)?(?:very\s+)?(?:beginning|start|end|middle|close|turn)\s+of\s+|"
    r"\b(?:early|late|earlier|later|mid)[-\s]+)$", re.IGNORECASE)


def _with_edge(r: Reading, text: str, previous_end: int) -> Reading:
    if r.type not in ("DATE", "TIME") or r.value.endswith("_REF"):
        return r
    m = _EDGE_BEFORE.search(text, max(previous_end, r.start - 40, 0), r.start)
    return replace(r, start=m.start()) if m else r


class _TriggerFinder:
    """Runs rules only around their trigger strings (see :class:`Rule`)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lower = text.lower()
        self._cache: dict[str, list[tuple[int, int]]] = {}

    def _spans(self, trigger: str) -> list[tuple[int, int]]:
        spans = self._cache.get(trigger)
        if spans is None:
            if trigger == DIGIT:
                spans = [m.span() for m in _DIGITS.finditer(self.text)]
            else:
                spans = self._find_word(trigger)
            self._cache[trigger] = spans
        return spans

    def _find_word(self, trigger: str) -> list[tuple[int, int]]:
        """Occurrences of ``trigger`` as a word (a word prefix when it ends in ``*``)."""
        prefix = trigger.endswith("*")
        word = trigger.rstrip("*")
        low, n = self._lower, len(word)
        spans, i = [], low.find(word)
        while i >= 0:
            end = i + n
            if (i == 0 or not word[0].isalpha() or not low[i - 1].isalpha()) and (
                prefix or end == len(low) or not word[-1].isalpha() or not low[end].isalpha()
            ):
                spans.append((i, end))
            i = low.find(word, i + 1)
        return spans

    def matches(self, rule: Rule) -> Iterator[re.Match[str]]:
        if rule.triggers is None:
            yield from rule.pattern.finditer(self.text)
            return
        spans = sorted(s for t in rule.triggers for s in self._spans(t))
        if not spans:
            return
        windows: list[list[int]] = []
        before, after = rule.reach
        for start, end in spans:
            lo, hi = max(0, start - before), min(len(self.text), end + after)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], hi)
            else:
                windows.append([lo, hi])
        last = -1
        for lo, hi in windows:
            for m in rule.pattern.finditer(self.text, lo, hi):
                if m.start() <= last:
                    continue
                full = m if hi == len(self.text) else rule.pattern.match(self.text, m.start())
                if full is not None:
                    last = full.start()
                    yield full


def _resolve_deferred(readings: list[Reading], ctx: Context) -> list[Reading]:
    """Give every deferred reading its value, in text order (a resolved one can be the
    reference of a later one)."""
    out: list[Reading] = []
    for r in readings:
        if r.defer is not None:
            reach = ctx.params.anaphora_reach
            ref = _sentence_day(out, readings, r, ctx) if r.scope == "sentence" else \
                _previous_date(out, r, reach, r.needs)
            try:
                value = r.defer(ref)
            except (OverflowError, ValueError):  # past the ends of the calendar
                value = "XXXX-XX-XX"
            r = replace(r, value=value, defer=None, relative=True)
        out.append(r)
    return out


def _is_reference(r: Reading) -> bool:
    return r.type in ("DATE", "TIME") and r.defer is None and tx.as_calendar(r.value) is not None


_ORDER = {"year": 0, "month": 1, "day": 2}


def _previous_date(
    done: list[Reading], r: Reading, reach: int, needs: tx.Granularity | None = None
) -> str | None:
    """The value of the closest resolved date before ``r`` (within ``reach``) that is
    at least as fine as ``needs``."""
    for prev in reversed(done):
        if r.start - prev.end > reach:
            return None
        if _is_reference(prev):
            if needs is None:
                return prev.value
            g = tx.granularity(tx.as_calendar(prev.value) or "")
            if g is not None and _ORDER[g] >= _ORDER[needs]:
                return prev.value
    return None


def _previous_day(done: list[Reading], r: Reading, reach: int) -> str | None:
    """The closest day-level date before ``r`` (within ``reach``)."""
    for prev in reversed(done):
        if r.start - prev.end > reach:
            return None
        if _is_reference(prev) and tx.reference_day(prev.value) is not None:
            return prev.value[:10]
    return None


def _sentence_day(
    done: list[Reading], readings: list[Reading], r: Reading, ctx: Context
) -> str | None:
    """The day named in ``r``'s sentence (closest, before it first), else the closest
    day named before it, else the anchor."""
    lo, hi = ctx.sentence(r.start)
    before = [p for p in done if lo <= p.start and tx.reference_day(p.value) and _is_reference(p)]
    if before:
        return before[-1].value[:10]
    after = [p for p in readings if r.end <= p.start < hi and _is_reference(p)
             and tx.reference_day(p.value)]
    if after:
        return after[0].value[:10]
    previous = _previous_day(done, r, ctx.params.anaphora_reach)
    if previous is not None:
        return previous
    return ctx.anchor.isoformat() if ctx.anchor is not None else None
