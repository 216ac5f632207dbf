"""Assemble a :class:`~newsweave.model.Report` from the store and stage results."""

from __future__ import annotations

import dataclasses
import functools
import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from typing import overload

from newsweave import codec
from newsweave.errors import StoreError
from newsweave.model import (
    Failure,
    InputWarning,
    Rejection,
    Report,
    ReportArticle,
    Story,
    Storyline,
    StoryReport,
    TimeExpression,
)
from newsweave.store import Store

# The store's cache stage holding each story's woven StoryReport.
REPORT_STAGE = "story_report"


def cached_story_report(store: Store, story: Story) -> StoryReport:
    """The cached stage results of ``story``, or the bare story when none are cached."""
    cached = store.story_analysis(story.id, REPORT_STAGE)
    if cached is None:
        return StoryReport(story=story)
    report = codec.loads(StoryReport, cached[1])
    # Membership may have changed since the cache was written: the stored story wins.
    return dataclasses.replace(report, story=story)


class StoryReports(Mapping[str, StoryReport]):
    """Story id -> report of every story in ``store``: those in ``woven`` as given, the
    others decoded from the store's cache only when asked for (an incremental update
    never decodes the reports it did not change). A story without a cached report is
    its bare story. Read it while ``store`` is open.
    """

    def __init__(self, store: Store, woven: Mapping[str, StoryReport],
                 ids: Sequence[str] | None = None, outdated: Sequence[str] = ()) -> None:
        self._store = store
        self._woven = dict(woven)
        # Checked stories whose cached report is outdated (newsweave.outdated): left as
        # they are by the run, so reading one gives the outdated report.
        self.outdated = tuple(outdated)
        # Every story's id is read only when asked for (an update that changed one story
        # of 100,000 returns without reading the others' ids).
        self._given = list(ids) if ids is not None else None
        self._decoded: dict[str, StoryReport] = {}

    @functools.cached_property
    def _ids(self) -> list[str]:
        return self._given if self._given is not None else self._store.story_ids()

    @functools.cached_property
    def _known(self) -> set[str]:
        return set(self._ids) | set(self._woven)

    @property
    def woven(self) -> Mapping[str, StoryReport]:
        """The reports made by the run (not read from the cache)."""
        return self._woven

    def __getitem__(self, story_id: str) -> StoryReport:
        if story_id in self._woven:
            return self._woven[story_id]
        if self._given is not None and story_id not in self._known:
            raise KeyError(story_id)  # else the store says (no story: KeyError below)
        if story_id not in self._decoded:
            try:
                cached = self._store.story_analysis(story_id, REPORT_STAGE)
            except sqlite3.ProgrammingError as exc:
                raise StoreError(
                    f"The store {self._store.path!r} was closed before story {story_id!r} was "
                    "read from it: read the reports while the store is open.") from exc
            if cached is None:
                stories = self._store.stories_by_id([story_id])
                if not stories:
                    raise KeyError(story_id)
                self._decoded[story_id] = StoryReport(story=stories[0])
            else:
                self._decoded[story_id] = codec.loads(StoryReport, cached[1])
        return self._decoded[story_id]

    def __iter__(self) -> Iterator[str]:
        yield from self._ids
        listed = set(self._ids)
        yield from (i for i in self._woven if i not in listed)

    def __len__(self) -> int:
        return len(self._known)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._known


class StoredStories(Sequence[StoryReport]):
    """The reports of ``stories`` in order, each decoded from ``store``'s cache when asked
    for and never kept (a one-shot run writes its report story by story: issue 19);
    ``held`` (reports that are not cached, e.g. failed comparisons) are given as they are.
    Read it while ``store`` is open; every pass over it decodes the reports again.
    """

    def __init__(self, store: Store, stories: Sequence[Story],
                 held: Mapping[str, StoryReport]) -> None:
        self._store = store
        self._stories = tuple(stories)
        self._held = dict(held)

    def _report(self, story: Story) -> StoryReport:
        if story.id in self._held:
            return self._held[story.id]
        try:
            return cached_story_report(self._store, story)
        except sqlite3.ProgrammingError as exc:
            raise StoreError(
                f"The store {self._store.path!r} was closed before story {story.id!r} was "
                "read from it: write the report while the store is open.") from exc

    def __len__(self) -> int:
        return len(self._stories)

    @overload
    def __getitem__(self, index: int) -> StoryReport: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[StoryReport]: ...

    def __getitem__(self, index: int | slice) -> StoryReport | Sequence[StoryReport]:
        if isinstance(index, slice):
            return StoredStories(self._store, self._stories[index], self._held)
        return self._report(self._stories[index])

    def __iter__(self) -> Iterator[StoryReport]:
        for story in self._stories:
            yield self._report(story)


def cached_times(store: Store, ids: Sequence[str]) -> dict[str, tuple[TimeExpression, ...]]:
    """The time expressions of each article whose current analysis is cached in ``store``
    (only that part of the cached analysis is decoded)."""
    from newsweave.analysis import ANALYSIS_STAGE, ANALYSIS_VERSION

    out = {}
    # A chunk of payloads at a time (each holds every mention and quote of its article):
    # only the times are kept, so memory does not grow with the payloads (issue 19).
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for article_id, blob in store.article_analysis(ANALYSIS_STAGE, ANALYSIS_VERSION,
                                                       chunk).items():
            items = json.loads(blob).get("times") or []
            out[article_id] = tuple(codec.from_jsonable(TimeExpression, t) for t in items)
    return out


def build_report(
    store: Store,
    *,
    rejected: Sequence[Rejection] | None = None,
    story_reports: Mapping[str, StoryReport] | None = None,
    warnings: Sequence[InputWarning] | None = None,
    failed: Sequence[Failure] | None = None,
    stream: bool = False,
) -> Report:
    """The report of everything in ``store``.

    ``rejected``, ``warnings`` and ``failed`` default to the rejections, input
    warnings and analysis failures of the store's most recent run.
    ``story_reports`` carries story-level stage results by story id; by
    default they are read from the store's cache. A story without results is
    reported with its membership only.

    ``stream=True`` (one-shot runs, issue 19): the report's ``stories`` are read from the
    store's cache one at a time as they are rendered (:class:`StoredStories`), except
    those in ``story_reports`` (the ones not cached); write the report before the store
    is closed.
    """
    counts = store.sentence_counts()
    duplicates = store.duplicates()
    stored = store.article_headers()  # not their text (issue 19: memory of large stores)
    times = cached_times(store, [a.id for a in stored])
    leads = store.lead_sentences([a.id for a in stored])
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
            date_inferred=a.date_inferred,
            times=times.get(a.id),
            url=a.url,
            author=a.author,
            lead=leads.get(a.id),
        )
        for a in stored
    )
    stories: Sequence[StoryReport]
    if stream:
        stories = StoredStories(store, store.stories(), story_reports or {})
    else:
        stories = tuple(
            story_reports[s.id] if story_reports is not None and s.id in story_reports
            else cached_story_report(store, s)
            for s in store.stories()
        )
    return Report(
        articles=articles,
        rejected=tuple(rejected) if rejected is not None else store.last_rejections(),
        stories=stories,
        warnings=tuple(warnings) if warnings is not None else store.last_warnings(),
        failed=tuple(failed) if failed is not None else store.last_failures(),
        storylines=storylines_of(store.stories()),
    )


def storylines_of(stories: Sequence[Story]) -> tuple[Storyline, ...]:
    """The storylines of ``stories`` (oldest story first, as the store lists them);
    stories without a storyline are left out."""
    members: dict[str, list[Story]] = {}
    for story in stories:
        if story.storyline is not None:
            members.setdefault(story.storyline, []).append(story)
    return tuple(Storyline(id=line, title=group[0].title,
                           story_ids=tuple(s.id for s in group))
                 for line, group in members.items())
