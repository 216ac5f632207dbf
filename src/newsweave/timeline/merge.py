"""Merging the events that tell the same thing on the same date into timeline entries."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsweave.model import Evidence, TimelineEntry
from newsweave.timeline.events import Event

__all__ = ["DEFAULT_EMBEDDING_THRESHOLD", "DEFAULT_LEXICAL_THRESHOLD", "MAX_COMPARED",
           "content_words", "merge_events", "to_entry"]

DEFAULT_LEXICAL_THRESHOLD = 0.3
DEFAULT_EMBEDDING_THRESHOLD = 0.6
MAX_COMPARED = 64
"""A new event is compared with at most this many distinct wordings of a cluster (its
first ones). Members worded exactly like an earlier member are never compared again
(same words, same embedding: same score), so wire copies cost nothing; the cap bounds
the work of a story of hundreds of articles retelling one day (quadratic before: 1,600
copies of one sentence took two minutes), and changes nothing below it."""
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


def content_words(text: str) -> frozenset[str]:
    """Lowercased words of ``text`` without stopwords, weekdays, months and time words."""
    return frozenset(w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP)


def merge_events(
    events: Sequence[Event], lexical_threshold: float, embedding_threshold: float
) -> list[list[Event]]:
    """Group the events that tell the same thing on the same date (package docstring).

    Clusters come in the order of their first event (publication order, then
    text position); each cluster's events are in that order too.
    """
    events = sorted(events, key=lambda e: (e.order, e.start))
    words = [content_words(e.text) for e in events]

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
    compared: list[list[int]] = []  # per cluster: its distinct wordings, at most MAX_COMPARED
    wordings: list[set[tuple[str, bool]]] = []  # (text, has a vector)
    # Only events of the same date (and range end) can merge: index clusters by it, so a
    # long story's thousands of events are not all compared with each other.
    by_date: dict[tuple[str, str | None], list[int]] = {}
    for i, event in enumerate(events):
        best, best_sim = None, 1.0
        for c in by_date.get((event.date, event.until), ()):
            score = max(affinity(i, j) for j in compared[c])
            if score >= best_sim:
                best, best_sim = c, score
        if best is None:
            by_date.setdefault((event.date, event.until), []).append(len(clusters))
            clusters.append([i])
            compared.append([i])
            wordings.append({(event.text, event.vector is None)})
        else:
            clusters[best].append(i)
            wording = (event.text, event.vector is None)
            if wording not in wordings[best] and len(compared[best]) < MAX_COMPARED:
                compared[best].append(i)
                wordings[best].add(wording)
    return [[events[j] for j in members] for members in clusters]


def to_entry(cluster: Sequence[Event]) -> TimelineEntry:
    """A cluster as a timeline entry: its first event's date and wording, every source."""
    first = cluster[0]
    return TimelineEntry(
        date=first.date,
        precision=first.precision,
        text=first.text,
        sources=tuple(dict.fromkeys(e.article_id for e in cluster)),
        evidence=tuple(Evidence(e.article_id, e.start, e.end) for e in cluster),
        end=first.until,
        end_precision=first.until_precision,
    )
