"""Typed, immutable records that flow between newsweave's stages.

Data flows ``files -> Article -> per-article analysis -> duplicate groups -> Story
-> comparison -> timeline + summary -> Report``. Every stage takes and returns
these frozen dataclasses, so a stage can run in another process (or on a Dask
worker) and its output can be cached in the store.

Offsets: every ``start``/``end`` pair is a half-open character span into
``Article.text`` (the normalised body text that is stored), never into the raw
file bytes.

The records are defined by stage in :mod:`newsweave.model_articles` (reading inputs),
:mod:`newsweave.model_analysis` (one article), :mod:`newsweave.model_story` (story
stages) and :mod:`newsweave.model_report` (reports); import them from here.
"""

from __future__ import annotations

from newsweave.model_analysis import (
    ArticleAnalysis,
    ArticleFeatures,
    EntityMention,
    Quote,
    TimeExpression,
)
from newsweave.model_articles import (
    Article,
    Failure,
    IngestResult,
    InputWarning,
    Precision,
    Rejection,
    Sentence,
    TimexType,
    WireDateline,
    by_publication,
)
from newsweave.model_report import (
    Report,
    ReportArticle,
    StoryReport,
)
from newsweave.model_story import (
    AlignedPair,
    Claim,
    Conflict,
    DuplicateMatch,
    Evidence,
    FactGroup,
    QuoteVariant,
    RewriteMatch,
    Story,
    StoryEntity,
    StoryInput,
    Storyline,
    StoryQuote,
    SummarySentence,
    TimelineEntry,
    Update,
)

__all__ = [
    "AlignedPair",
    "Article",
    "ArticleAnalysis",
    "ArticleFeatures",
    "Claim",
    "Conflict",
    "DuplicateMatch",
    "EntityMention",
    "Evidence",
    "FactGroup",
    "Failure",
    "IngestResult",
    "InputWarning",
    "Precision",
    "Quote",
    "QuoteVariant",
    "Rejection",
    "Report",
    "ReportArticle",
    "RewriteMatch",
    "Sentence",
    "Story",
    "StoryEntity",
    "StoryInput",
    "StoryQuote",
    "StoryReport",
    "Storyline",
    "SummarySentence",
    "TimeExpression",
    "TimelineEntry",
    "TimexType",
    "Update",
    "WireDateline",
    "by_publication",
]
