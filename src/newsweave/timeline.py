"""Story timelines: dated events, merged across the sources that tell them.

An *event* is a sentence (or, when a sentence carries several different
dates, the clause around each date) anchored to a resolved time expression.
Expressions after ``since``/``until``/``before``/``after``/``by`` bound a
period rather than date the sentence's event ("the first trip since 2018"
did not happen in 2018), so they anchor nothing.

Each article's lead sentence is its *publication event*: it is anchored at the
day its own day-precision expression resolves to ("held a briefing Monday" ->
that Monday), or, when it has no dated expression at all, at the article's
publication date. Undated articles contribute only sentences whose
expressions resolved without an anchor.

Events with the same date value are merged into one :class:`TimelineEntry`
when their texts are similar enough: cosine of sentence embeddings when an
:class:`~newsweave.embed.Embedder` is given, otherwise the Dice overlap of
their content words. Entries are sorted by date (ISO strings sort ``2023`` <
``2023-02`` < ``2023-02-04``, so a coarser date comes before the finer dates
inside it); an entry's text is its earliest source's wording, and it lists
every source and evidence span.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.embed import Embedder
from newsweave.model import (
    Article,
    Evidence,
    Precision,
    Sentence,
    TimeExpression,
    TimelineEntry,
)

DEFAULT_LEXICAL_THRESHOLD = 0.3
DEFAULT_EMBEDDING_THRESHOLD = 0.6
# How far (days) a lead's "Monday" may lie from the publication date to be taken as
# the publication event's day; a lead about an older event is dated like any sentence.
_LEAD_WINDOW_DAYS = 7

_BOUNDARY = re.compile(r"\b(?:since|until|till|before|after|by|through)\s+$", re.IGNORECASE)
# "the 2024 presidential campaign": a year used as a modifier names the thing, not when
# the sentence's event happened.
_MODIFIER_BEFORE = re.compile(r"\b(?:the|a|an|its|his|her|their|this|that)\s+$", re.IGNORECASE)
_MODIFIER_AFTER = re.compile(r"\s+[a-z]")
_CLAUSE = re.compile(r";|,\s+(?:and|but|while|when|after|before|as)\s+|\s+[—–]\s+|:\s")
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


def build_timeline(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    timexes: Mapping[str, Sequence[TimeExpression]],
    *,
    embedder: Embedder | None = None,
    merge_threshold: float | None = None,
) -> tuple[TimelineEntry, ...]:
    """The timeline of one story (see the module docstring for the rules).

    ``sentences`` and ``timexes`` map article id to that article's sentences and
    time expressions (spans into ``Article.text``); articles missing from them
    contribute nothing. ``merge_threshold`` defaults to
    ``DEFAULT_EMBEDDING_THRESHOLD`` with an embedder and
    ``DEFAULT_LEXICAL_THRESHOLD`` without one.
    """
    ordered = sorted(articles, key=lambda a: (a.date or dt.date.max, a.id))
    events: list[_Event] = []
    for rank, article in enumerate(ordered):
        sents = sorted(sentences.get(article.id, ()), key=lambda s: s.start)
        times = [t for t in timexes.get(article.id, ()) if _anchors(article.text, t)]
        for position, sent in enumerate(sents):
            inside = [t for t in times if sent.start <= t.start < sent.end]
            events.extend(_sentence_events(article, sent, inside, position == 0, rank))
    if not events:
        return ()
    if merge_threshold is None:
        merge_threshold = (
            DEFAULT_EMBEDDING_THRESHOLD if embedder is not None else DEFAULT_LEXICAL_THRESHOLD
        )
    return _merge(events, embedder, merge_threshold)


def _anchors(text: str, t: TimeExpression) -> bool:
    """Whether ``t`` can date an event: resolved, not a period boundary, not a modifier."""
    if t.value is None or t.precision is None:
        return False
    before = text[max(0, t.start - 12) : t.start]
    if _BOUNDARY.search(before):
        return False
    return not (
        t.precision == "year"
        and _MODIFIER_BEFORE.search(before)
        and _MODIFIER_AFTER.match(text, t.end)
    )


def _sentence_events(
    article: Article, sent: Sentence, times: list[TimeExpression], lead: bool, rank: int
) -> list[_Event]:
    order = (rank, sent.index)
    if lead:
        day = _lead_day(article, times)
        if day is not None:
            return [_Event(day, "day", sent.text, article.id, sent.start, sent.end, order)]
    values = list(dict.fromkeys((t.value, t.precision) for t in times))
    if len(values) == 1:
        value, precision = values[0]
        assert value is not None and precision is not None
        return [_Event(value, precision, sent.text, article.id, sent.start, sent.end, order)]
    out = []
    for t in times:  # several dates: each dates the clause it sits in
        assert t.value is not None and t.precision is not None
        start, end = _clause(article.text, sent, t)
        text = article.text[start:end]
        out.append(_Event(t.value, t.precision, text, article.id, start, end, order))
    return out


def _lead_day(article: Article, times: list[TimeExpression]) -> str | None:
    """The publication event's day, or ``None`` if the lead is dated like other sentences."""
    for t in times:
        if t.precision == "day" and t.value is not None:
            if article.date is None:
                return t.value
            delta = abs((dt.date.fromisoformat(t.value) - article.date).days)
            if delta <= _LEAD_WINDOW_DAYS:
                return t.value
    if not times and article.date is not None:
        return article.date.isoformat()
    return None


def _clause(text: str, sent: Sentence, t: TimeExpression) -> tuple[int, int]:
    """The clause of ``sent`` around ``t`` (trimmed of spaces and punctuation)."""
    start, end = sent.start, sent.end
    for m in _CLAUSE.finditer(text, sent.start, sent.end):
        if m.end() <= t.start:
            start = m.end()
        elif m.start() >= t.end:
            end = m.start()
            break
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and text[end - 1] in " ,;:—–":
        end -= 1
    return start, end


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP)


def _merge(
    events: list[_Event], embedder: Embedder | None, threshold: float
) -> tuple[TimelineEntry, ...]:
    events.sort(key=lambda e: (e.order, e.start))
    if embedder is not None:
        vectors = embedder.encode([e.text for e in events])
        sim = vectors @ vectors.T
    else:
        words = [_content_words(e.text) for e in events]
        sim = np.zeros((len(events), len(events)), dtype=np.float32)
        for i, wi in enumerate(words):
            for j in range(i, len(events)):
                denom = len(wi) + len(words[j])
                sim[i, j] = sim[j, i] = 2 * len(wi & words[j]) / denom if denom else 0.0
    clusters: list[list[int]] = []
    for i, event in enumerate(events):
        best, best_sim = None, threshold
        for c, members in enumerate(clusters):
            if events[members[0]].date != event.date:
                continue
            score = max(float(sim[i, j]) for j in members)
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
