"""Weaving the stories of a store: each changed story's articles compared and its report
cached, one story at a time (the compare step of :mod:`newsweave.pipeline`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

from newsweave import codec
from newsweave.analysis import load_analyses, load_embeddings
from newsweave.errors import AnalysisError
from newsweave.executor import Executor
from newsweave.failures import FailureLog
from newsweave.listing import refresh_listings
from newsweave.model import (
    Article,
    DuplicateMatch,
    Story,
    StoryInput,
    StoryReport,
    by_publication,
)
from newsweave.outdated import is_outdated
from newsweave.progress import NoProgress, Progress
from newsweave.report import REPORT_STAGE, StoryReports
from newsweave.settings import Options
from newsweave.store import Store
from newsweave.weave import fingerprint, story_input

__all__ = ["MAX_COPIES_WOVEN", "story_inputs", "weave_stories", "woven_members"]


#: Copies of one article (a near-duplicate group: its canonical article and the articles
#: ``duplicate_of`` it) compared in one story at the most; further copies stay members of
#: the story (listed, counted, in the report's articles with ``duplicate_of``) but are not
#: read for the comparison: they repeat what the group's first members already said, and a
#: syndicated story of 5,000 copies is then woven from at most this many of them, in
#: bounded memory (issue 19, docs/benchmarks.md). Stories with smaller groups are woven
#: from every member, as before.
MAX_COPIES_WOVEN = 25


def woven_members(articles: Sequence[Article],
                  duplicates: Sequence[DuplicateMatch],
                  max_copies: int | None = None) -> list[Article]:
    """The members of a story (``articles``) that its comparison reads: every article,
    except that of each near-duplicate group only the first ``max_copies`` in publication
    order (the canonical article, when it is a member, counts as one and comes first;
    ``None``: :data:`MAX_COPIES_WOVEN`)."""
    limit = MAX_COPIES_WOVEN if max_copies is None else max_copies
    group = {d.article_id: d.duplicate_of for d in duplicates}
    members = {a.id for a in articles}
    # A member canonical article holds the first place of its group whatever its date.
    seen = {head: 1 for head in set(group.values()) if head in members}
    kept = []
    for article in sorted(articles, key=lambda a: by_publication(a.date, a.id)):
        head = group.get(article.id)
        if head is None:
            kept.append(article)  # not a copy (a member canonical is kept here)
        elif seen.get(head, 0) < limit:
            seen[head] = seen.get(head, 0) + 1
            kept.append(article)
    return kept


def story_inputs(store: Store, stories: Sequence[Story]) -> Iterator[StoryInput]:
    """Each story's input, read from the store one story at a time (of a large group of
    copies only the first :data:`MAX_COPIES_WOVEN`: :func:`woven_members`)."""
    for story in stories:
        duplicates = store.duplicates_among(story.article_ids)
        articles = woven_members(store.articles(story.article_ids), duplicates)
        ids = [a.id for a in articles]
        member = set(ids)
        read = story if len(ids) == len(story.article_ids) else dataclasses.replace(
            story, article_ids=tuple(i for i in story.article_ids if i in member))
        found = story_input(read, {a.id: a for a in articles},
                            {a.id: store.sentences(a) for a in articles},
                            load_embeddings(store, ids), load_analyses(store, ids),
                            [d for d in duplicates if d.article_id in member])
        # The report is the whole story's: every member stays listed.
        yield found if read is story else dataclasses.replace(found, story=story)


def weave_stories(
    store: Store,
    executor: Executor,
    *,
    options: Options = Options(),
    progress: Progress | None = None,
    failures: FailureLog | None = None,
    only: Sequence[str] | None = None,
    keep: bool = True,
    earlier: Sequence[str] = (),
) -> StoryReports:
    """Compare the articles of every story and cache each story's report in ``store``.

    A story whose articles and options are unchanged since its report was cached
    is not recomputed, so after an incremental ingest only affected stories are.
    The others are woven by ``executor``; each report is stored as it comes back.
    A story whose comparison failed (:func:`newsweave.weave.weave_story` contains
    it) is recorded in ``failures`` and reported bare; it is not cached, nor is a
    story with an article whose analysis failed, so a later run tries again.
    Without ``failures``, a failure raises :class:`AnalysisError` at the end.
    ``only``: check only these stories (the caller knows every other one is current).
    ``keep=False`` streams (issue 19, one-shot runs): each cached report gets its listing
    row at once and is then dropped, so the result's ``woven`` holds only the reports
    that were not cached (failures); the others are read back from the store.
    ``earlier``: prefixes (:func:`newsweave.weave.weave_prefix`) of earlier versions or
    options; a story whose cached report was woven under one of them from the same
    articles is left as it is (outdated, :mod:`newsweave.outdated`; listed in the
    result's ``outdated``) instead of being woven again.
    """
    progress = progress or NoProgress()
    # Only fingerprints are compared: a cached report is never decoded here (issue 19).
    cached = store.story_fingerprints(REPORT_STAGE, only)
    ids: list[str] | None = [] if only is None else None  # every story's, or read when asked
    keys: dict[str, str] = {}
    outdated: list[str] = []
    for sid, hashes in store.story_contents(only):
        if ids is not None:
            ids.append(sid)
        key = fingerprint(hashes, options.weave)
        have = cached.get(sid)
        if have == key:
            continue
        if have is not None and is_outdated(have, hashes, options.weave, earlier):
            outdated.append(sid)  # same articles, older code or options: read lazily
        else:
            keys[sid] = key
    reports = StoryReports(store, {}, ids, outdated)
    if not keys:
        return reports
    todo = {story.id: (story, keys[story.id]) for story in store.stories_by_id(list(keys))}
    woven: dict[str, StoryReport] = {}
    # Counted in articles: a story of 40 articles is far more work than one of 2.
    progress.start("Comparing sources",
                   total=sum(len(story.article_ids) for story, _ in todo.values()))
    inputs = story_inputs(store, [story for story, _ in todo.values()])
    log = failures if failures is not None else FailureLog()
    failed_articles = log.failed_articles()
    for report in executor.weave(inputs, options.weave):
        story, key = todo.pop(report.story.id)
        progress.advance(len(story.article_ids))
        if report.failure is not None:
            log.add_reason("story", story.id, REPORT_STAGE, report.failure)
        elif not failed_articles & set(story.article_ids):
            with store.transaction():  # the cached report and its plain rows together
                store.put_story_analysis(story.id, REPORT_STAGE, key, codec.dumps(report))
                store.put_report_rows(report)
            if not keep:  # its listing row now; the report is read back when rendered
                refresh_listings(store, {story.id: report}, [story.id])
                continue
        woven[story.id] = report
    progress.finish()
    if failures is None and len(log):
        raise AnalysisError(log.items)
    return StoryReports(store, woven, ids, outdated)
