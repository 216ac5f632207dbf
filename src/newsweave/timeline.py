"""Story timelines: dated events, merged across the sources that tell them.

An *event* is a sentence (or, when a sentence carries several different
dates, the clause around each date) anchored to a resolved time expression.
Expressions after ``since``/``until``/``before``/``after``/``by`` bound a
period rather than date the sentence's event ("the first trip since 2018"
did not happen in 2018), so they anchor nothing.

A year or month after ``for`` names a target period ("a budget for 2026"),
not when something happened, so it anchors nothing either ("scheduled for
Thursday" still dates the event).

Each article's lead sentence reports its *publication event*: it is dated by
its own expressions like any sentence ("held a briefing Monday" -> that
Monday; "will return on Saturday after a deal late Thursday" -> one event per
clause) or, when it has no dated expression at all, at the article's
publication date. Undated articles contribute only sentences whose
expressions resolved without an anchor.

Events with the same date value are merged into one :class:`TimelineEntry`
when their texts are similar enough: the cosine of their sentence embeddings
(when ``embeddings_by_id`` is given and both events are whole sentences) at or
above ``DEFAULT_EMBEDDING_THRESHOLD``, or the Dice overlap of their content
words at or above ``DEFAULT_LEXICAL_THRESHOLD``. Entries are sorted by date
(ISO strings sort ``2023`` < ``2023-02`` < ``2023-02-04``, so a coarser date
comes before the finer dates inside it); an entry's text is its earliest
source's wording, and it lists every source and evidence span.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from newsweave.model import (
    Article,
    Evidence,
    Precision,
    Sentence,
    StoryInput,
    TimeExpression,
    TimelineEntry,
)

DEFAULT_LEXICAL_THRESHOLD = 0.3
DEFAULT_EMBEDDING_THRESHOLD = 0.6


@dataclass(frozen=True, slots=True)
class TimelineParams:
    """When two dated events are merged into one entry (module docstring)."""

    lexical_threshold: float = DEFAULT_LEXICAL_THRESHOLD
    embedding_threshold: float = DEFAULT_EMBEDDING_THRESHOLD

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
_COMMA = re.compile(r",\s")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*")
_STOP = frozenset(
    [
        "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "from",
        "with", "by", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had",
        "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "his", "her",
        "their", "our", "who", "which", "said", "says", "after", "before", "over", "about",
        "into", "than", "then", "there", "also", "not", "no", "more", "most", "very", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
        "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "last", "next", "week", "month", "year", "today", "yesterday",
        "tomorrow",
    ]
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Event:
    date: str
    precision: Precision
    text: str
    article_id: str
    start: int
    end: int
    order: tuple[int, int]
    vector: NDArray[np.float32] | None = None
    """The sentence embedding, only when the event is the whole sentence."""


def build_timeline(
    story: StoryInput, *, params: TimelineParams = TimelineParams()
) -> tuple[TimelineEntry, ...]:
    """The timeline of one story (see the module docstring for the rules).

    ``story.sentences`` and the time expressions of ``story.analyses`` (spans
    into ``Article.text``) are read per article; articles missing from them
    contribute nothing. ``story.embeddings[article_id]`` (optional) holds one
    L2-normalised row per sentence, in sentence order; an article without
    embeddings is compared lexically.
    """
    articles, sentences_by_id = story.articles, story.sentences
    times_by_id = {aid: found.times for aid, found in story.analyses.items()}
    embeddings_by_id = story.embeddings
    lexical_threshold, embedding_threshold = params.lexical_threshold, params.embedding_threshold
    ordered = sorted(articles, key=lambda a: (a.date or dt.date.max, a.id))
    events: list[_Event] = []
    for rank, article in enumerate(ordered):
        given = list(sentences_by_id.get(article.id, ()))
        vectors = _vectors(embeddings_by_id, article.id, len(given))
        times = [t for t in times_by_id.get(article.id, ()) if _anchors(article.text, t)]
        for position, row in enumerate(sorted(range(len(given)), key=lambda i: given[i].start)):
            sent = given[row]
            inside = [t for t in times if sent.start <= t.start < sent.end]
            vector = vectors[row] if vectors is not None else None
            events.extend(_sentence_events(article, sent, inside, position == 0, rank, vector))
    if not events:
        return ()
    return _merge(events, lexical_threshold, embedding_threshold)


def _vectors(
    embeddings_by_id: Mapping[str, NDArray[np.floating]] | None, article_id: str, n: int
) -> NDArray[np.float32] | None:
    if embeddings_by_id is None or article_id not in embeddings_by_id:
        return None
    vecs = np.asarray(embeddings_by_id[article_id], dtype=np.float32)
    if vecs.ndim != 2 or vecs.shape[0] != n:
        raise ValueError(
            f"embeddings of article '{article_id}' have shape {vecs.shape}; expected one row "
            f"per sentence ({n})"
        )
    return vecs


def _anchors(text: str, t: TimeExpression) -> bool:
    """Whether ``t`` can date an event: resolved, not a period boundary, not a modifier."""
    if t.value is None or t.precision is None:
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
) -> list[_Event]:
    order = (rank, sent.index)
    if lead and not times and article.date is not None:
        day = article.date.isoformat()
        return [_Event(day, "day", display_text(sent.text), article.id, sent.start, sent.end,
                       order, vector)]
    values = list(dict.fromkeys((t.value, t.precision) for t in times))
    if len(values) > 1:
        clauses = _clauses(article.text, sent, times)
        kept = [t for t, (start, end) in zip(times, clauses, strict=True)
                if not _is_attribution(article.text[start:end])]
        if kept and len(kept) < len(times):
            return _sentence_events(article, sent, kept, lead, rank, vector)
    if len(values) == 1:
        value, precision = values[0]
        assert value is not None and precision is not None
        return [_Event(value, precision, display_text(sent.text), article.id, sent.start,
                       sent.end, order, vector)]
    out = []
    for t, (start, end) in zip(times, _clauses(article.text, sent, times), strict=True):
        assert t.value is not None and t.precision is not None
        text = display_text(article.text[start:end], clipped=start > sent.start)
        out.append(_Event(t.value, t.precision, text, article.id, start, end, order))
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


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP)


def _merge(
    events: list[_Event], lexical_threshold: float, embedding_threshold: float
) -> tuple[TimelineEntry, ...]:
    events.sort(key=lambda e: (e.order, e.start))
    words = [_content_words(e.text) for e in events]

    def affinity(i: int, j: int) -> float:
        """How similar two events are, as a multiple of the threshold that applies
        (>= 1 means the same event); the stronger of the two signals wins."""
        wi, wj = words[i], words[j]
        dice = 2 * len(wi & wj) / (len(wi) + len(wj)) if wi or wj else 0.0
        score = dice / lexical_threshold
        vi, vj = events[i].vector, events[j].vector
        if vi is not None and vj is not None:
            score = max(score, float(vi @ vj) / embedding_threshold)
        return score

    clusters: list[list[int]] = []
    for i, event in enumerate(events):
        best, best_sim = None, 1.0
        for c, members in enumerate(clusters):
            if events[members[0]].date != event.date:
                continue
            score = max(affinity(i, j) for j in members)
            if score >= best_sim:
                best, best_sim = c, score
        if best is None:
            clusters.append([i])
        else:
            clusters[best].append(i)
    entries = []
    for members in clusters:
        first = events[members[0]]
        entries.append(
            (
                first.date,
                first.order,
                TimelineEntry(
                    date=first.date,
                    precision=first.precision,
                    text=first.text,
                    sources=tuple(dict.fromkeys(events[j].article_id for j in members)),
                    evidence=tuple(
                        Evidence(events[j].article_id, events[j].start, events[j].end)
                        for j in members
                    ),
                ),
            )
        )
    entries.sort(key=lambda e: (e[0], e[1]))
    return tuple(e[2] for e in entries)
