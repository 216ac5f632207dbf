"""Records of a report: its article rows, its stories' results, the whole report.

Part of :mod:`newsweave.model` (import them from there); offsets as documented there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.model_analysis import TimeExpression
from newsweave.model_articles import Failure, InputWarning, Rejection
from newsweave.model_story import (
    Claim,
    Conflict,
    FactGroup,
    RewriteMatch,
    Story,
    StoryEntity,
    Storyline,
    StoryQuote,
    SummarySentence,
    TimelineEntry,
    Update,
)


@dataclass(frozen=True, slots=True)
class ReportArticle:
    """The per-article row of a report (DESIGN.md ``articles``)."""

    id: str
    source: str | None
    date: dt.date | None
    title: str | None
    n_sentences: int
    duplicate_of: str | None = None
    origin: str | None = None
    similarity: float | None = None
    date_inferred: bool = False
    times: tuple[TimeExpression, ...] | None = None
    """The article's time expressions (``None`` when its analysis is not in the store)."""
    url: str | None = None
    author: str | None = None
    lead: str | None = None
    """The article's first sentence, for display when it has no title (not in the JSON)."""


@dataclass(frozen=True, slots=True)
class StoryReport:
    """A story with the results of every story-level stage that ran.

    ``None`` means the stage did not run (the field is then absent from the
    report); an empty tuple means it ran and found nothing.
    """

    story: Story
    summary: tuple[SummarySentence, ...] | None = None
    differences: tuple[SummarySentence, ...] | None = None
    timeline: tuple[TimelineEntry, ...] | None = None
    quotes: tuple[StoryQuote, ...] | None = None
    entities: tuple[StoryEntity, ...] | None = None
    consensus: tuple[FactGroup, ...] | None = None
    single_source: tuple[Claim, ...] | None = None
    conflicts: tuple[Conflict, ...] | None = None
    rewrites: tuple[RewriteMatch, ...] | None = None
    updates: tuple[Update, ...] | None = None
    failure: str | None = None  # why the comparison failed (every stage is then None)


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a report renders: articles, rejections and stories.

    Fields of stages that have not run are absent from the rendered output,
    never filled with placeholders.
    """

    articles: tuple[ReportArticle, ...]
    rejected: tuple[Rejection, ...]
    # A tuple, or (a one-shot run, issue 19) a sequence reading each story from the store
    # when asked for (newsweave.report.StoredStories): iterate it, do not hold it.
    stories: Sequence[StoryReport]
    storylines: tuple[Storyline, ...] = ()
    version: int = 1
    warnings: tuple[InputWarning, ...] = ()
    failed: tuple[Failure, ...] = ()
