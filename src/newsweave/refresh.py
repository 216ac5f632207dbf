"""Re-weave stories whose cached report is not current: on purpose (``newsweave
refresh``, resumable) or when a reader needs them (``newsweave report``, the web's
story page) (issue 19; what "outdated" means: :mod:`newsweave.outdated`).

Each story is stored with its listing row as soon as it is woven (the same
transaction discipline as :func:`newsweave.pipeline.weave_stories`), so a refresh that
is stopped keeps every story it finished and the next one continues with the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.executor import Executor, LocalExecutor
from newsweave.failures import FailureLog
from newsweave.listing import refresh_listings
from newsweave.nlp import Models
from newsweave.outdated import outdated_story_ids, remember_prefix, stale_story_ids
from newsweave.pipeline import saved_options, weave_stories
from newsweave.progress import Progress
from newsweave.report import REPORT_STAGE
from newsweave.settings import Options
from newsweave.store import Store
from newsweave.weave import weave_prefix

__all__ = ["RefreshOutcome", "not_current", "outdated_ids", "refresh"]

_CHUNK = 5_000  # stories per weave_stories call (ids of one SQL statement)


@dataclass(frozen=True, slots=True)
class RefreshOutcome:
    """How many stories a refresh wove and how many not-current ones it left (``limit``)."""

    woven: int
    left: int


def outdated_ids(store: Store, options: Options | None = None,
                 only: Sequence[str] | None = None) -> list[str]:
    """The stories of ``store`` (or of ``only``) whose report is outdated (the store's saved
    options unless ``options`` are given)."""
    options = options or saved_options(store)
    return outdated_story_ids(store, REPORT_STAGE, options.weave, only)


def not_current(store: Store, options: Options | None = None) -> list[str]:
    """Ids of the stories whose cached report is not what an update would weave today:
    outdated (an older newsweave or other options), articles changed since (an upload
    being woven, a failed weave) or none cached yet; oldest story first. Reads
    fingerprints and content hashes, no report."""
    options = options or saved_options(store)
    return stale_story_ids(store, REPORT_STAGE, options.weave)


def refresh(
    store: Store,
    models: Models,
    *,
    options: Options | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
    failures: FailureLog | None = None,
    only: Sequence[str] | None = None,
    limit: int | None = None,
) -> RefreshOutcome:
    """Weave the stories whose cached report is not current (outdated, or its articles
    changed, or none cached) and store each with its listing row as it is done.

    ``only``: these stories (e.g. :func:`outdated_ids`) instead of every stale one;
    ``limit``: at most this many (the rest are counted in ``left``; run again to go on).
    ``options=None`` uses the store's saved settings, as updates do. Failures are
    recorded in ``failures`` (without it they raise :class:`AnalysisError` at the end);
    a failed story stays stale.
    """
    options = options or saved_options(store)
    todo = stale_story_ids(store, REPORT_STAGE, options.weave) if only is None else list(only)
    batch = todo if limit is None else todo[:limit]
    if not batch:
        return RefreshOutcome(0, 0)
    models.use_encoder(options.encoder)
    executor = executor or LocalExecutor(models)
    for start in range(0, len(batch), _CHUNK):  # ids per SQL statement stay bounded
        ids = batch[start:start + _CHUNK]
        reports = weave_stories(store, executor, options=options, progress=progress,
                                failures=failures, only=ids, keep=False)
        refresh_listings(store, reports.woven, ids)  # the failed ones' bare rows
    left = len(todo) - len(batch)
    if only is None and left == 0 and not (failures and len(failures)):
        remember_prefix(store, weave_prefix(options.weave), only=True)  # none outdated
    return RefreshOutcome(len(batch), left)
