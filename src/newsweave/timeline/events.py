"""Dated events of one article: sentences (or clauses) anchored to time expressions."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from newsweave.model import Article, Precision, Sentence, TimeExpression

__all__ = ["Event", "article_events", "display_text", "find_ranges"]

_BOUNDARY = re.compile(r"\b(?:since|until|till|before|after|by|through)\s+$", re.IGNORECASE)
# "the 2024 presidential campaign": a year used as a modifier names the thing, not when
# the sentence's event happened.
_MODIFIER_BEFORE = re.compile(r"\b(?:the|a|an|its|his|her|their|this|that)\s+$", re.IGNORECASE)
_MODIFIER_AFTER = re.compile(r"\s+[a-z]")
_CLAUSE = re.compile(r";|,\s+(?:and|but|while|when|after|before|as)\s+|\s+[—–]\s+|:\s")
# Bare "and"/"but" are not cut points: they join names ("Fire and Rescue") as often as
# clauses; ", and" / ", but" are clause breaks in _CLAUSE.
_SUBORDINATE = re.compile(
    r"\b(?:after|before|when|while|because|following|until|which|who)\s", re.IGNORECASE
)
# A clause that only says who said it ("police said on Thursday", "the Oakhollow Fire
# Brigade said on Thursday"): its date is when the statement was made, not an event of
# its own, so it does not split the sentence.
_ATTRIBUTION = re.compile(
    r"^\W*(?:[\w.'’-]+\s+){0,7}?(?:said|says|told|announced|confirmed|added|reported|"
    r"stated|wrote)\b",
    re.IGNORECASE,
)
_ATTRIBUTION_WORDS = 10
_RANGE_OPEN = re.compile(r"\b(between|from)\s+$", re.IGNORECASE)
_RANGE_JOIN = {
    "between": re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE),
    "from": re.compile(r"\s*(?:\s(?:to|until|till|through|thru)\s|[-–—])\s*", re.IGNORECASE),
}
_COMMA = re.compile(r",\s")


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event told by one article: a sentence, or the clause around one date."""

    date: str
    precision: Precision
    text: str
    article_id: str
    start: int
    end: int
    order: tuple[int, int]
    vector: NDArray[np.float32] | None = None
    """The sentence embedding, only when the event is the whole sentence."""
    until: str | None = None
    """The end of a date range ("between 2005 and January 2009"), else ``None``."""
    until_precision: Precision | None = None
    mention: bool = True
    """False for a lead sentence dated only by its article's publication date."""


def article_events(
    article: Article,
    sentences: Sequence[Sentence],
    times: Sequence[TimeExpression],
    vectors: NDArray[np.float32] | None,
    rank: int,
) -> list[Event]:
    """The dated events of one article (package docstring: anchoring, clauses, ranges).

    ``rank`` is the article's place in publication order (it orders events);
    ``vectors`` its sentence embeddings, one row per sentence, or ``None``.
    """
    ranges = find_ranges(article.text, times)
    range_ends = {b.start for b in ranges.values()}
    anchored = [t for t in times if t.start not in range_ends and t.value is not None
                and t.precision is not None and (t.start in ranges or _anchors(article.text, t))]
    out: list[Event] = []
    for position, row in enumerate(sorted(range(len(sentences)), key=lambda i: sentences[i].start)):
        sent = sentences[row]
        inside = [t for t in anchored if sent.start <= t.start < sent.end]
        vector = vectors[row] if vectors is not None else None
        out.extend(_sentence_events(article, sent, inside, position == 0, rank, vector, ranges))
    return out


def find_ranges(text: str, times: Sequence[TimeExpression]) -> dict[int, TimeExpression]:
    """Date ranges: ``between X and Y``, ``from X to/until/through Y`` (X before Y).

    Returns the start offset of each range's first expression -> its last
    expression; both must be resolved.
    """
    resolved = sorted((t for t in times if t.value is not None and t.precision is not None),
                      key=lambda t: t.start)
    out: dict[int, TimeExpression] = {}
    for a, b in itertools.pairwise(resolved):
        opener = _RANGE_OPEN.search(text, max(0, a.start - 12), a.start)
        if opener is None or a.value is None or b.value is None:
            continue
        joiner = _RANGE_JOIN[opener.group(1).lower()]
        if joiner.fullmatch(text, a.end, b.start) and a.value < b.value:
            out[a.start] = b
    return out


# "the past year", "the last decade": a stretch of time up to now, not an event date.
_PERIOD = re.compile(r"the\s+(?:past|last|next|coming)\s", re.IGNORECASE)


def _anchors(text: str, t: TimeExpression) -> bool:
    """Whether ``t`` can date an event: a resolved DATE or TIME (durations and sets never
    date anything), not a period boundary, not a modifier, not a period counted from
    the article date ("over the past year")."""
    if t.value is None or t.precision is None or t.type not in ("DATE", "TIME"):
        return False
    if _PERIOD.match(t.text):
        return False
    before = text[max(0, t.start - 12) : t.start]
    if _BOUNDARY.search(before):
        return False
    if t.precision != "day" and re.search(r"\bfor\s+$", before, re.IGNORECASE):
        return False
    return not (
        t.precision == "year"
        and _MODIFIER_BEFORE.search(before)
        and _MODIFIER_AFTER.match(text, t.end)
    )


def _sentence_events(
    article: Article,
    sent: Sentence,
    times: list[TimeExpression],
    lead: bool,
    rank: int,
    vector: NDArray[np.float32] | None,
    ranges: Mapping[int, TimeExpression],
) -> list[Event]:
    order = (rank, sent.index)
    if lead and not times and article.date is not None:
        day = article.date.isoformat()
        return [Event(day, "day", display_text(sent.text), article.id, sent.start, sent.end,
                      order, vector, mention=False)]

    def until(t: TimeExpression) -> tuple[str | None, Precision | None]:
        end = ranges.get(t.start)
        return (end.value, end.precision) if end is not None else (None, None)

    values = list(dict.fromkeys((t.value, t.precision, until(t)) for t in times))
    if len(values) > 1:
        clauses = _clauses(article.text, sent, times)
        kept = [t for t, (start, end) in zip(times, clauses, strict=True)
                if not _is_attribution(article.text[start:end])]
        if kept and len(kept) < len(times):
            return _sentence_events(article, sent, kept, lead, rank, vector, ranges)
    if len(values) == 1:
        value, precision, (last, last_precision) = values[0]
        assert value is not None and precision is not None
        return [Event(value, precision, display_text(sent.text), article.id, sent.start,
                      sent.end, order, vector, last, last_precision)]
    out = []
    for t, (start, end) in zip(times, _clauses(article.text, sent, times), strict=True):
        assert t.value is not None and t.precision is not None
        text = display_text(article.text[start:end], clipped=start > sent.start)
        out.append(Event(t.value, t.precision, text, article.id, start, end, order, None,
                         *until(t)))
    return out


def _is_attribution(clause: str) -> bool:
    return len(clause.split()) <= _ATTRIBUTION_WORDS and bool(_ATTRIBUTION.match(clause))


def display_text(text: str, *, clipped: bool = False) -> str:
    """``text`` as a timeline entry shows it: quotation marks balanced, a cut clause marked.

    A sentence inside a quotation that spans several sentences lacks its opening
    or closing mark ("Today the weather is giving us a chance," Marsh said): the
    missing mark is restored so the reader sees a quotation. A clause cut out of
    a sentence (``clipped``) that starts in lower case gets a leading ellipsis.
    The evidence span still points at the exact source text.
    """
    opening, closing = text.count("“"), text.count("”")
    if closing > opening:
        text = "“" + text
    elif opening > closing:
        text = text + "”"
    if text.count('"') % 2:
        first = text.index('"')
        closes = first > 0 and (first + 1 == len(text) or not text[first + 1].isalnum())
        text = '"' + text if closes else text + '"'
    if clipped and text[:1].islower():
        text = "…" + text
    return text


def _clauses(text: str, sent: Sentence, times: list[TimeExpression]) -> list[tuple[int, int]]:
    """The clause of ``sent`` around each of ``times`` (in text order), trimmed of
    spaces and punctuation. Between two expressions with different values the
    sentence is cut at a clause break, else before a subordinating word, else at a
    comma; with none of these both keep the whole sentence."""
    cuts: list[int | None] = [
        None if a.value == b.value else _cut(text, a.end, b.start)
        for a, b in itertools.pairwise(times)
    ]
    out = []
    for k in range(len(times)):
        start, end = sent.start, sent.end
        for j in range(k - 1, -1, -1):  # nearest cut on the left
            if (c := cuts[j]) is not None:
                start = c
                break
        for j in range(k, len(cuts)):  # nearest cut on the right
            if (c := cuts[j]) is not None:
                end = c
                break
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and text[end - 1] in " ,;:—–":
            end -= 1
        out.append((start, end))
    return out


def _cut(text: str, lo: int, hi: int) -> int | None:
    for pattern in (_CLAUSE, _SUBORDINATE, _COMMA):
        if m := pattern.search(text, lo, hi):
            return m.start() if pattern is _SUBORDINATE else m.end()
    return None


