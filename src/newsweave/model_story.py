"""Records of the story stages: stories and storylines, duplicates and rewrites,
timelines, summaries, story quotes and entities, claims, consensus, conflicts and
updates, and the :class:`StoryInput` a story stage reads.

Part of :mod:`newsweave.model` (import them from there); offsets as documented there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from newsweave.model_analysis import ArticleAnalysis, EntityMention, Quote, TimeExpression
from newsweave.model_articles import Article, Precision, Sentence


@dataclass(frozen=True, slots=True)
class Story:
    """A group of articles about one real-world event.

    ``id`` is derived from the story's first (seed) article, so it is stable
    across re-runs and incremental ingests. ``method`` names the grouping
    method that produced it (documented in docs/).
    """

    id: str
    title: str
    article_ids: tuple[str, ...]
    first_date: dt.date | None
    last_date: dt.date | None
    method: str = "online-clustering"
    storyline: str | None = None
    """Id of the storyline (longer-running subject) the story belongs to, if placed."""


@dataclass(frozen=True, slots=True)
class Storyline:
    """Stories of one longer-running subject (DESIGN.md ``storylines``), oldest first;
    ``title`` is its first story's title."""

    id: str
    title: str
    story_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Provenance of a derived item: the article and the character span it rests on."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """``article_id`` is a copy of the earlier, canonical ``duplicate_of``.

    ``kind`` is ``"exact"`` (same normalised text) or ``"near"`` (MinHash
    estimate of Jaccard similarity over shingles at or above the threshold).
    """

    article_id: str
    duplicate_of: str
    similarity: float
    kind: Literal["exact", "near"]


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """A sentence of one article aligned to a sentence of another (a rewording)."""

    sentence: int
    other_sentence: int
    similarity: float


@dataclass(frozen=True, slots=True)
class RewriteMatch:
    """``share`` of ``article_id``'s sentences are reworded copies of ``rewrite_of``'s."""

    article_id: str
    rewrite_of: str
    share: float
    pairs: tuple[AlignedPair, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated event of a story's timeline, merged across sources.

    A date range ("between 2005 and January 2009") is one entry from ``date`` to
    ``end`` (with ``end_precision``); ``end`` is ``None`` for a single date.
    """

    date: str
    precision: Precision
    text: str
    sources: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()
    end: str | None = None
    end_precision: Precision | None = None


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A summary sentence and every article that states it."""

    text: str
    sources: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """The same statement as worded by another article, with word differences."""

    article_id: str
    text: str
    differences: tuple[str, ...]
    span: tuple[int, int] | None = None
    misquote: bool = False
    """True when the differences are material (negation, polarity or number changed)."""


@dataclass(frozen=True, slots=True)
class StoryQuote:
    """A statement in a story: its first telling plus the other articles' variants."""

    speaker: str | None
    quote: Quote
    variants: tuple[QuoteVariant, ...] = ()
    entity: str | None = None
    """Name of the story entity the speaker resolves to (``None`` for a described or
    unknown source)."""


@dataclass(frozen=True, slots=True)
class StoryEntity:
    """A story-level entity: canonical name, majority type, aliases, mentioning articles."""

    name: str
    type: str
    aliases: tuple[str, ...]
    article_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim (sentence or clause) of one article."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class FactGroup:
    """Claims aligned across a story's articles (the same fact, told by each).

    ``confidence`` in ``[0, 1]``: how surely every pair of claims entail each
    other (the lowest pair score of the group).
    """

    text: str
    claims: tuple[Claim, ...]
    confidence: float = 1.0

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article_id for c in self.claims))


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two sources giving different values for one attribute of one referent at one time.

    ``topic`` names the attribute ("deaths", "magnitude", "points", "year of
    release", "quoted words"); ``claims`` are the two claims (evidence spans);
    ``values`` the two values as written, in the claims' order; ``detail`` says
    what differs, readably ("12 vs 15"); ``confidence`` in ``[0, 1]``.
    """

    topic: str
    claims: tuple[Claim, ...]
    detail: str = ""
    confidence: float = 1.0
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Update:
    """A value that changed between two reports: ``old`` then ``new`` (time order).

    ``correction`` marks a later report that corrects the earlier one; the values
    are as written; ``confidence`` in ``[0, 1]``.
    """

    topic: str
    old: Claim
    new: Claim
    old_value: str
    new_value: str
    confidence: float = 1.0
    correction: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class StoryInput:
    """Everything the story-level stages read about one story, built once per story.

    ``articles`` are read in the order given (the pipeline gives publication
    order: date, then id, undated last). ``sentences[a.id]`` are an article's
    sentences and ``embeddings[a.id]`` their unit vectors, one row per sentence
    in the same order; ``analyses`` its entities, quotes and time expressions.
    ``duplicate_of``: copy id -> canonical id for the copies among the articles
    (``None``: unknown, a stage may look for copies itself). A story stage is a
    function of this record and its own parameters (``docs/architecture.md``).
    """

    articles: tuple[Article, ...]
    sentences: Mapping[str, Sequence[Sentence]]
    embeddings: Mapping[str, NDArray[np.float32]] = field(default_factory=dict)
    analyses: Mapping[str, ArticleAnalysis] = field(default_factory=dict)
    duplicate_of: Mapping[str, str] | None = None
    story: Story | None = None

    @property
    def mentions(self) -> dict[str, tuple[EntityMention, ...]]:
        """Entity mentions per article, in article order."""
        return {a.id: self.analyses[a.id].mentions for a in self.articles}

    @property
    def quotes(self) -> dict[str, tuple[Quote, ...]]:
        """Quotes per article, in article order."""
        return {a.id: self.analyses[a.id].quotes for a in self.articles}

    @property
    def times(self) -> dict[str, tuple[TimeExpression, ...]]:
        """Time expressions per article, in article order."""
        return {a.id: self.analyses[a.id].times for a in self.articles}
