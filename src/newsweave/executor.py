"""The executor seam: where the pure per-article and per-story stages run.

The pipeline hands an executor batches of articles to :func:`~newsweave.annotate.annotate`
and story inputs to :func:`~newsweave.weave.weave_story`; it keeps everything
else (reading the store, duplicates and story clustering in publication order,
every store write) on the driver. :class:`LocalExecutor` runs the stages in
this process; :class:`newsweave.scale.DaskExecutor` on a Dask cluster. Both
give the same records for the same inputs, so the report does not depend on
where the work ran (tested).

An executor may yield results in any order (as they complete); it never opens
the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol

from newsweave.annotate import annotate
from newsweave.model import Article, ArticleAnalysis, StoryInput, StoryReport
from newsweave.nlp import Models
from newsweave.weave import WeaveOptions, weave_story

__all__ = ["Executor", "LocalExecutor"]


class Executor(Protocol):
    """Runs the pure stages somewhere; results come back in any order."""

    def annotate(self, batches: Iterable[Sequence[Article]], *,
                 on_article: Callable[[int], None] | None = None,
                 ) -> Iterator[list[ArticleAnalysis]]:
        """:func:`~newsweave.annotate.annotate` of each batch (one list per batch).

        ``on_article(1)`` may be called as each article is done (progress); an
        executor that cannot tell (remote workers) does not call it."""
        ...

    def weave(self, stories: Iterable[StoryInput],
              options: WeaveOptions) -> Iterator[StoryReport]:
        """:func:`~newsweave.weave.weave_story` of each story input."""
        ...


class LocalExecutor:
    """Runs every stage in this process, in order, with ``models``."""

    def __init__(self, models: Models) -> None:
        self.models = models

    def annotate(self, batches: Iterable[Sequence[Article]], *,
                 on_article: Callable[[int], None] | None = None,
                 ) -> Iterator[list[ArticleAnalysis]]:
        for batch in batches:
            yield annotate(batch, self.models, on_article=on_article)

    def weave(self, stories: Iterable[StoryInput],
              options: WeaveOptions) -> Iterator[StoryReport]:
        for story in stories:
            yield weave_story(story, options, parser=self.models.parser)
