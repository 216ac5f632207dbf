"""The newsweave recipe: read -> split -> store -> group -> report.

Each step is one call of a stage module; this file only wires them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from newsweave.grouping import GroupingParams, group_articles
from newsweave.ingest import expand_paths, iter_inputs
from newsweave.model import Article, Rejection, Report, Story
from newsweave.progress import NoProgress, Progress
from newsweave.report import build_report
from newsweave.sentences import split_many
from newsweave.store import Store

if TYPE_CHECKING:
    from spacy.language import Language

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Options:
    """Run options: how inputs are read and how stories are grouped."""

    default_date: dt.date | None = None
    min_words: int = 10
    batch_size: int = 200
    grouping: GroupingParams = field(default_factory=GroupingParams)


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What an ingest run did: ids added, ids already stored, everything rejected."""

    run_id: int
    added: tuple[str, ...]
    unchanged: tuple[str, ...]
    rejected: tuple[Rejection, ...]


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
    nlp: Language,
    *,
    options: Options = Options(),
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    command: str = "ingest",
) -> IngestOutcome:
    """Read ``paths``, split sentences and add new articles to ``store``.

    Articles are written in batches, one transaction each: if the run fails,
    every earlier batch is stored whole and nothing of the failing one is.
    """
    progress = progress or NoProgress()
    run_id = store.begin_run(command)
    rejected: list[Rejection] = []
    added: list[str] = []
    unchanged: list[str] = []

    expansion = expand_paths(paths)

    def articles() -> Iterator[Article]:
        for item in iter_inputs(expansion, default_date=options.default_date,
                                min_words=options.min_words, stdin=stdin,
                                on_file=lambda _: progress.advance()):
            if isinstance(item, Rejection):
                rejected.append(item)
            else:
                yield item

    progress.start("Reading files", total=len(expansion.files))
    for batch in _batches(articles(), options.batch_size):
        sentences = split_many(batch, nlp)
        result = store.add_articles(
            batch, {a.id: s for a, s in zip(batch, sentences, strict=True)}, run_id=run_id
        )
        added += result.added
        unchanged += result.unchanged
        rejected += result.rejected
    progress.finish()
    store.finish_run(run_id, added=len(added), unchanged=len(unchanged), rejected=rejected)
    return IngestOutcome(run_id, tuple(added), tuple(unchanged), tuple(rejected))


def regroup(store: Store, *, options: Options = Options()) -> tuple[Story, ...]:
    """Group every stored article into stories and store them (replacing old ones)."""
    stories = group_articles(store.articles(), options.grouping)
    store.save_stories(stories, replace_all=True)
    return stories


def analyze(
    paths: Sequence[str],
    store: Store,
    nlp: Language,
    *,
    options: Options = Options(),
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> tuple[IngestOutcome, Report]:
    """Ingest ``paths`` into ``store``, group stories and build the report.

    The report's ``rejected`` list is this run's rejections.
    """
    outcome = ingest(paths, store, nlp, options=options, stdin=stdin, progress=progress,
                     command="analyze")
    regroup(store, options=options)
    return outcome, build_report(store, rejected=outcome.rejected)
