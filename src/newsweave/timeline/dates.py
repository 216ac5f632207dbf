"""Choosing a long story's most important dates and one sentence for each (date-wise).

Following the date-wise approach of Gholipour Ghalandari and Ifrim (2020,
news-tls "DATEWISE"): first rank the dates, then summarise each chosen date on
its own.

* **Date salience**: the number of independent sources (articles; a copy counts
  as its original) that tell an event on that day, either by a time expression
  or, for an article's lead sentence without one, by its publication date (the
  publication-date prior: news reports what happened on the day it appears).
  Ties go to the date more sentences refer to, then to the earlier date.
* **Only days** compete (timelines are daily, as in the timeline-summarisation
  benchmarks); a month, a year or a range stays in the full timeline only.
  Days after the latest publication date are plans, not events, and are left out.
* **On topic**: when the story has at least three articles, an event counts
  only if it shares a content word with the story's *keywords* (words used by
  at least :data:`KEYWORD_SHARE` of its articles), so a multi-topic post's
  unrelated dates do not compete (the keyword filter of news-tls).
* **One sentence per date**: among the date's merged events (the same event
  told by several sources), the one told by the most sources, then the earliest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsweave.model import Article, TimelineEntry
from newsweave.timeline.events import Event
from newsweave.timeline.merge import content_words, to_entry

__all__ = ["KEYWORD_SHARE", "select_dates"]

KEYWORD_SHARE = 0.3


def _keywords(clusters: Sequence[Sequence[Event]], sources: Mapping[str, str],
              articles: Sequence[Article]) -> frozenset[str] | None:
    """Words used by at least :data:`KEYWORD_SHARE` of the independent articles (or None)."""
    independent = {sources.get(a.id, a.id) for a in articles}
    if len(independent) < 3:
        return None
    used: dict[str, set[str]] = {}
    for article in articles:
        for word in content_words(f"{article.title or ''} {article.text}"):
            used.setdefault(word, set()).add(sources.get(article.id, article.id))
    floor = max(2.0, KEYWORD_SHARE * len(independent))
    return frozenset(w for w, who in used.items() if len(who) >= floor)


def select_dates(
    clusters: Sequence[Sequence[Event]],
    articles: Sequence[Article],
    max_dates: int,
    duplicate_of: Mapping[str, str] | None = None,
) -> tuple[TimelineEntry, ...]:
    """The ``max_dates`` most salient days, one entry each, in date order (module docstring)."""
    if max_dates < 1:
        raise ValueError(f"max_dates must be at least 1, got {max_dates}.")
    sources = dict(duplicate_of or {})  # ISO day strings compare like dates
    published = [a.date for a in articles if a.date is not None]
    latest = max(published).isoformat() if published else None
    keywords = _keywords(clusters, sources, articles)

    def counts(event: Event) -> bool:
        return keywords is None or bool(content_words(event.text) & keywords)

    cites: dict[str, set[str]] = {}
    mentions: dict[str, int] = {}
    best: dict[str, tuple[tuple[int, tuple[int, int]], Sequence[Event]]] = {}
    for cluster in clusters:
        head = cluster[0]
        if head.precision != "day" or head.until is not None:
            continue
        if latest is not None and head.date > latest:
            continue
        kept = [e for e in cluster if counts(e)]
        if not kept:
            continue
        who = {sources.get(e.article_id, e.article_id) for e in kept}
        cites.setdefault(head.date, set()).update(who)
        mentions[head.date] = mentions.get(head.date, 0) + len(kept)
        rank = (-len(who), head.order)
        if head.date not in best or rank < best[head.date][0]:
            best[head.date] = (rank, cluster)
    ranked = sorted(cites, key=lambda d: (-len(cites[d]), -mentions[d], d))[:max_dates]
    return tuple(to_entry(best[d][1]) for d in sorted(ranked))

