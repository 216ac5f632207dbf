"""The newsweave recipe: read -> split -> store -> group -> compare -> report.

Each step is one call of a stage module; this file only wires them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO, TypeVar

from newsweave.analysis import analyse, load_features
from newsweave.clustering import StoryIndex, publication_order
from newsweave.dedup import DuplicateIndex, find_duplicates
from newsweave.errors import AnalysisError, ModelUnavailableError, StoreError
from newsweave.executor import Executor, LocalExecutor
from newsweave.failures import FailureLog
from newsweave.grouping import story_id, story_title, storyline_id
from newsweave.ingest import expand_paths, iter_inputs
from newsweave.listing import LISTING_VERSION, refresh_listings
from newsweave.model import (
    Article,
    DuplicateMatch,
    InputWarning,
    Rejection,
    Report,
    Story,
)
from newsweave.nlp import Models
from newsweave.outdated import WOVEN, earlier_prefixes, note_mark, remember_prefix
from newsweave.progress import NoProgress, Progress
from newsweave.report import StoryReports, build_report
from newsweave.settings import Options, check_encoder, options_from_settings, settings_of
from newsweave.store import RemoveResult, Store
from newsweave.weave import fingerprint, weave_prefix
from newsweave.weaving import weave_stories

__all__ = ["IngestOutcome", "Options", "analyze", "cluster_stories", "deduplicate", "ingest",
           "remove", "saved_options", "update", "weave_stories"]

T = TypeVar("T")
_CLUSTER_SLICE = 50
_MAX_TOUCHED = 30_000  # more touched stories than one SQL statement's ids: check them all


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What an ingest run did: ids added, ids already stored, everything rejected, and
    what was repaired in accepted input (``warnings``)."""

    run_id: int
    added: tuple[str, ...]
    unchanged: tuple[str, ...]
    rejected: tuple[Rejection, ...]
    warnings: tuple[InputWarning, ...] = ()


def _batches(items: Iterator[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    paths: Sequence[str],
    store: Store,
    nlp: object = None,
    *,
    options: Options = Options(),
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    command: str = "ingest",
) -> IngestOutcome:
    """Read ``paths`` and add new articles to ``store`` (:func:`update` analyses them).

    Articles are written in batches, one transaction each: if the run fails,
    every earlier batch is stored whole and nothing of the failing one is.
    ``nlp`` is unused (sentences are split by :func:`newsweave.annotate.annotate`
    since issue 15) and kept for one release.
    """
    progress = progress or NoProgress()
    run_id = store.begin_run(command)
    rejected: list[Rejection] = []
    warnings: list[InputWarning] = []
    added: list[str] = []
    unchanged: list[str] = []

    expansion = expand_paths(paths)

    def articles() -> Iterator[Article]:
        for item in iter_inputs(expansion, default_date=options.default_date,
                                datelines=options.datelines,
                                min_words=options.min_words, stdin=stdin,
                                on_warning=warnings.append, limits=options.limits):
            if isinstance(item, Rejection):
                rejected.append(item)
            else:
                progress.advance()
                yield item

    # Articles are counted as read (a JSON Lines file holds many; its count is unknown).
    progress.start("Reading articles")
    for batch in _batches(articles(), options.batch_size):
        result = store.add_articles(batch, {}, run_id=run_id)
        added += result.added
        unchanged += result.unchanged
        rejected += result.rejected
    progress.finish()
    store.finish_run(run_id, added=len(added), unchanged=len(unchanged), rejected=rejected,
                     warnings=warnings)
    return IngestOutcome(run_id, tuple(added), tuple(unchanged), tuple(rejected),
                         tuple(warnings))


def deduplicate(store: Store, *, options: Options = Options(),
                progress: Progress | None = None) -> tuple[DuplicateMatch, ...]:
    """Find exact and near copies among articles not yet in the store's duplicate index.

    Articles already indexed are not compared again, so an incremental ingest
    only fingerprints and looks up the new ones.
    """
    progress = progress or NoProgress()
    articles = store.articles_not_deduplicated()  # selected in SQL (issue 19)
    progress.start("Finding copies", total=len(articles))
    with store.transaction():  # the index and the matches, or neither
        index = DuplicateIndex(state=store.duplicate_index(options.dedup))
        matches = find_duplicates(articles, options.dedup, index=index)
        store.set_duplicates(matches)
    progress.advance(len(articles))
    progress.finish()
    return matches


def cluster_stories(store: Store, *, options: Options = Options(),
                    progress: Progress | None = None,
                    touched: set[str] | None = None) -> tuple[Story, ...]:
    """Add the articles not yet clustered to the store's story index and save the stories
    they joined or started (returned); untouched stories are left as they are, except
    for their storyline when two storylines merged. ``touched`` (when given) receives
    the ids of every story saved or moved to another storyline.

    Articles join stories online, in publication order (docs/clustering.md), so
    ingesting a corpus at once or article by article gives the same stories.
    Their features come from :func:`update`'s per-article analysis.
    """
    # The story split re-reads members added by earlier runs from their stored features.
    index = StoryIndex(store.story_index(options.clustering),
                       features=lambda ids: load_features(store, ids))
    new = store.unclustered_ids()
    if not new:
        return ()
    features = load_features(store, new)
    if len(features) != len(new):
        missing = sorted(set(new) - {f.article_id for f in features})
        raise StoreError(f"{len(missing)} article(s) have no analysis yet (e.g. {missing[0]!r}):"
                         " run pipeline.update, which analyses them before clustering.")
    progress = progress or NoProgress()
    progress.start("Clustering articles", total=len(features))
    with store.transaction():  # the index and the stories it changed, or neither
        # In publication order, a slice at a time (the same as one call: each article
        # joins or starts a story in turn), so the bar moves.
        ordered = publication_order(features)
        assigned: dict[str, str] = {}
        for start in range(0, len(ordered), _CLUSTER_SLICE):
            part = ordered[start:start + _CLUSTER_SLICE]
            assigned.update(index.add_many(part))
            progress.advance(len(part))
        # Stories this ingest did not touch may sit in a storyline that merged away.
        moved = store.merge_storylines([(storyline_id(a), storyline_id(b))
                                        for a, b in index.storyline_merges])
        split = {k for sp in index.splits for k in (sp.story, sp.new_story)}
        members = {key: index.members(key) for key in sorted(set(assigned.values()) | split)}
        lines = index.storyline_of(list(members))
        by_id = {a.id: a for a in store.articles([i for ids in members.values() for i in ids])}
        stories = []
        for key, ids in members.items():
            dates = [d for d in (by_id[i].date for i in ids) if d is not None]
            stories.append(Story(
                # The earliest member titles the story (its seed, unless a split moved it).
                id=story_id(key), title=story_title(by_id[ids[0]]), article_ids=tuple(ids),
                first_date=min(dates, default=None), last_date=max(dates, default=None),
                method="online-clustering",
                storyline=storyline_id(lines[key]) if key in lines else None))
        store.save_stories(stories)
    if touched is not None:
        touched.update(moved)
        touched.update(s.id for s in stories)
    progress.finish()
    return tuple(stories)


def saved_options(store: Store, base: Options = Options()) -> Options:
    """``base`` with the settings saved in ``store`` (by the run that built it) applied."""
    return options_from_settings(store.settings(), base)


def update(
    store: Store,
    models: Models,
    *,
    options: Options | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
    failures: FailureLog | None = None,
    keep: bool = True,
    lazy: bool = True,
) -> StoryReports:
    """Bring the store's analyses, copies, stories and comparisons up to date with its
    articles. ``executor`` runs the per-article and per-story stages (default: this
    process, with ``models``); everything else runs here, in publication order.

    ``options=None`` uses the settings saved with the store (defaults for a new
    one); given options are used and saved as the store's settings.
    ``failures`` collects the articles and stories whose analysis failed (the
    rest completes; see :mod:`newsweave.failures`); without it a failure raises
    :class:`AnalysisError` once everything else is done. ``keep=False``: the reports
    are not held once cached (:func:`weave_stories`). ``lazy`` (default): stories whose
    articles did not change but whose cached report is outdated (woven by an older
    version or under other options) are not woven (:mod:`newsweave.outdated`: they are
    re-woven when read, or by :func:`newsweave.refresh.refresh`); ``lazy=False`` weaves
    them too.
    """
    if options is None:
        options = saved_options(store)
    else:
        check_encoder(store.settings(), options)
        if not store.read_only:
            store.put_settings(settings_of(options))
    models.use_encoder(options.encoder)
    if executor is not None and options.encoder != "minilm" and not isinstance(
            executor, LocalExecutor):
        raise ModelUnavailableError(f"The {options.encoder} encoder runs in this process"
                                    " only: run without --workers/--scheduler.")
    executor = executor or LocalExecutor(models)
    log = failures if failures is not None else FailureLog()
    # When the last update left every story's report and listing row current under these
    # options, only the stories this update changes are checked (issue 19: no O(stories)
    # reads); the mark is cleared until this update completes (a crash: check them all).
    # A mark of other options or version (the weave part) means outdated reports, not
    # changed articles: still only the touched stories are checked (issue 19).
    token = f"{fingerprint({}, options.weave)}|{LISTING_VERSION}"
    mark = None if store.read_only else store.update_state(WOVEN)
    current = mark is not None and mark.split("|", 1)[-1] == LISTING_VERSION
    if not store.read_only:
        if mark is not None and mark != token:
            note_mark(store, mark.split("|", 1)[0], options.weave)
        store.put_update_state(WOVEN, None)
    analyse(store, executor, batch_size=options.batch_size, progress=progress, failures=log)
    deduplicate(store, options=options, progress=progress)
    touched: set[str] = set()
    cluster_stories(store, options=options, progress=progress, touched=touched)
    only = sorted(touched) if lazy and current and len(touched) <= _MAX_TOUCHED else None
    reports = weave_stories(store, executor, options=options, progress=progress, failures=log,
                            only=only, keep=keep,
                            earlier=earlier_prefixes(store, options.weave) if lazy else ())
    refresh_listings(store, reports.woven, only)  # the story list's rows (newsweave.listing)
    if not len(log) and not store.read_only:
        store.put_update_state(WOVEN, token)
        # Every story checked and woven (lazy=False, only=None): none is outdated.
        remember_prefix(store, weave_prefix(options.weave), only=not lazy and only is None)
    if failures is None and len(log):
        raise AnalysisError(log.items)
    return reports


def remove(
    ids: Sequence[str],
    store: Store,
    models: Models,
    *,
    options: Options | None = None,
    executor: Executor | None = None,
    failures: FailureLog | None = None,
) -> RemoveResult:
    """Delete articles ``ids`` from ``store`` and re-weave the stories they were in.

    The stories that held them are dropped from the story index with every
    member's terms (read from the stored clustering features); the members left
    over (and copies of a removed article) are then clustered and deduplicated
    again by :func:`update`, like new articles, and their stories re-woven.
    Unknown ids come back in ``missing``; nothing else changes. ``options=None``
    uses the store's saved settings.
    """
    if options is None:
        options = saved_options(store)
    state = store.story_index(options.clustering)
    assigned = state.assignments()
    keys = sorted({assigned[i] for i in ids if i in assigned})
    members = load_features(store, [m for key in keys for m in state.members(key)])
    with store.transaction():  # the index and the articles, or neither
        store.put_update_state(WOVEN, None)  # the next update checks every story
        state.forget(keys, members)
        result = store.remove_articles(ids)
    update(store, models, options=options, executor=executor, failures=failures)
    return result


def analyze(
    paths: Sequence[str],
    store: Store,
    models: Models,
    *,
    options: Options = Options(),
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
    stream: bool = False,
) -> tuple[IngestOutcome, Report]:
    """Ingest ``paths`` into ``store``, analyse, group stories, compare sources, build the
    report. The report's ``rejected`` and ``warnings`` are this run's; ``failed``
    lists the articles and stories whose analysis failed (the rest completed).

    ``stream=True`` (issue 19): no story report is held once it is cached; the report's
    stories are read back from ``store`` one at a time as they are rendered, so render
    it (e.g. :func:`newsweave.render.write_json`) before ``store`` is closed.
    """
    outcome = ingest(paths, store, options=options, stdin=stdin, progress=progress,
                     command="analyze")
    failures = FailureLog()
    # The report shows every story: outdated ones are woven now (lazy=False).
    reports = update(store, models, options=options, progress=progress, executor=executor,
                     failures=failures, keep=not stream, lazy=False)
    if failures.items and not store.read_only:
        store.record_failures(outcome.run_id, failures.items)
    return outcome, build_report(store, rejected=outcome.rejected,
                                 story_reports=reports.woven if stream else reports,
                                 warnings=outcome.warnings, failed=failures.items,
                                 stream=stream)
