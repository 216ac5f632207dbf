"""Assemble a :class:`~newsweave.model.Report` from the store and stage results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsweave.model import Rejection, Report, ReportArticle, StoryReport
from newsweave.store import Store


def build_report(
    store: Store,
    *,
    rejected: Sequence[Rejection] | None = None,
    story_reports: Mapping[str, StoryReport] | None = None,
) -> Report:
    """The report of everything in ``store``.

    ``rejected`` defaults to the rejections of the store's most recent run.
    ``story_reports`` carries story-level stage results by story id; a stored
    story without an entry is reported with its membership only.
    """
    counts = store.sentence_counts()
    duplicates = store.duplicates()
    articles = tuple(
        ReportArticle(
            id=a.id,
            source=a.source,
            date=a.date,
            title=a.title,
            n_sentences=counts.get(a.id, 0),
            duplicate_of=duplicates[a.id].duplicate_of if a.id in duplicates else None,
            similarity=duplicates[a.id].similarity if a.id in duplicates else None,
            origin=a.origin,
        )
        for a in store.articles()
    )
    reports = story_reports or {}
    stories = tuple(reports.get(s.id) or StoryReport(story=s) for s in store.stories())
    return Report(
        articles=articles,
        rejected=tuple(rejected) if rejected is not None else store.last_rejections(),
        stories=stories,
    )
