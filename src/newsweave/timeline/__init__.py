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

Date ranges: "between X and Y" and "from X to/until/through Y" (X before Y)
make one event from X to Y (``TimelineEntry.end``), not two events.

With ``max_dates`` the timeline keeps only the story's most cited days, one
sentence each (:mod:`newsweave.timeline.dates`, after news-tls's date-wise
method): the compact timeline of a long-running story.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from newsweave.model import StoryInput, TimelineEntry
from newsweave.timeline.dates import select_dates
from newsweave.timeline.events import Event, article_events, display_text, find_ranges
from newsweave.timeline.merge import (
    DEFAULT_EMBEDDING_THRESHOLD,
    DEFAULT_LEXICAL_THRESHOLD,
    merge_events,
    to_entry,
)

__all__ = [
    "DEFAULT_EMBEDDING_THRESHOLD",
    "DEFAULT_LEXICAL_THRESHOLD",
    "TimelineParams",
    "build_timeline",
    "display_text",
    "find_ranges",
]


@dataclass(frozen=True, slots=True)
class TimelineParams:
    """When two dated events are merged into one entry, and how many days to keep.

    ``max_dates``: ``None`` keeps every dated event (the report's timeline); a
    number keeps the story's most cited days, one entry each.
    """

    lexical_threshold: float = DEFAULT_LEXICAL_THRESHOLD
    embedding_threshold: float = DEFAULT_EMBEDDING_THRESHOLD
    max_dates: int | None = None

    def __post_init__(self) -> None:
        if self.max_dates is not None and self.max_dates < 1:
            raise ValueError(f"max_dates must be at least 1, got {self.max_dates}.")


def build_timeline(
    story: StoryInput, *, params: TimelineParams = TimelineParams()
) -> tuple[TimelineEntry, ...]:
    """The timeline of one story (see the package docstring for the rules).

    ``story.sentences`` and the time expressions of ``story.analyses`` (spans
    into ``Article.text``) are read per article; articles missing from them
    contribute nothing. ``story.embeddings[article_id]`` (optional) holds one
    L2-normalised row per sentence, in sentence order; an article without
    embeddings is compared lexically. With ``params.max_dates`` only the most
    cited days are kept, one entry each; a copy (``story.duplicate_of``)
    counts as its original when dates are ranked. Raises ``ValueError`` for
    embeddings that do not match the sentences.
    """
    articles, sentences_by_id = story.articles, story.sentences
    times_by_id = {aid: found.times for aid, found in story.analyses.items()}
    embeddings_by_id = story.embeddings
    ordered = sorted(articles, key=lambda a: (a.date or dt.date.max, a.id))
    events: list[Event] = []
    for rank, article in enumerate(ordered):
        given = list(sentences_by_id.get(article.id, ()))
        vectors = _vectors(embeddings_by_id, article.id, len(given))
        events.extend(article_events(article, given, times_by_id.get(article.id, ()),
                                     vectors, rank))
    if not events:
        return ()
    clusters = merge_events(events, params.lexical_threshold, params.embedding_threshold)
    if params.max_dates is not None:
        return select_dates(clusters, ordered, params.max_dates, story.duplicate_of)
    entries = sorted(clusters, key=lambda c: (c[0].date, c[0].order))
    return tuple(to_entry(c) for c in entries)


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


