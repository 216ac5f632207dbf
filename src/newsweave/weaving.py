"""Weaving the stories of a store: each changed story's articles compared and its report
cached, one story at a time (the compare step of :mod:`newsweave.pipeline`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from newsweave import codec
from newsweave.analysis import load_analyses, load_embeddings
from newsweave.errors import AnalysisError
from newsweave.executor import Executor
from newsweave.failures import FailureLog
from newsweave.listing import refresh_listings
from newsweave.model import Story, StoryInput, StoryReport
from newsweave.outdated import is_outdated
from newsweave.progress import NoProgress, Progress
from newsweave.report import REPORT_STAGE, StoryReports
from newsweave.settings import Options
from newsweave.store import Store
from newsweave.weave import fingerprint, story_input

__all__ = ["story_inputs", "weave_stories"]


def story_inputs(store: Store, stories: Sequence[Story]) -> Iterator[StoryInput]:
    """Each story's input, read from the store one story at a time."""
    for story in stories:
        articles = store.articles(story.article_ids)
        ids = [a.id for a in articles]
        yield story_input(story, {a.id: a for a in articles},
                          {a.id: store.sentences(a) for a in articles},
                          load_embeddings(store, ids), load_analyses(store, ids),
                          store.duplicates_among(ids))


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
