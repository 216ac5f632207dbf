"""Typed, immutable records that flow between newsweave's stages.

Data flows ``files -> Article -> per-article analysis -> duplicate groups -> Story
-> comparison -> timeline + summary -> Report``. Every stage takes and returns
these frozen dataclasses, so a stage can run in another process (or on a Dask
worker) and its output can be cached in the store.

Offsets: every ``start``/``end`` pair is a half-open character span into
``Article.text`` (the normalised body text that is stored), never into the raw
file bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as read from a file or record and normalised.

    ``id`` is stable: the same file or record always gets the same id, and an
    ``id`` given in a JSONL/CSV record is kept. ``content_hash`` is the SHA-256
    of the whitespace-normalised text and decides whether a re-ingest is a no-op.
    ``date`` is ``None`` for undated articles (they are still analysed).
    ``date_inferred`` is true when the metadata had no date and ``date`` was read
    from the article's own dateline (:mod:`newsweave.ingest.datelines`).
    ``origin`` names where the article came from (``path`` or ``path:line``).
    """

    id: str
    text: str
    content_hash: str
    origin: str
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    url: str | None = None
    date_inferred: bool = False


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that was not ingested: ``path`` (``file`` or ``file:line``) and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What reading some inputs produced: the accepted articles and the rejections."""

    articles: tuple[Article, ...] = ()
    rejected: tuple[Rejection, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article; ``text == article.text[start:end]``."""

    article_id: str
    index: int
    start: int
    end: int
    text: str

@dataclass(frozen=True, slots=True)
class WireDateline:
    """A wire dateline opening an article ("BERLIN (AP) _ "): metadata, not a sentence.

    ``start``/``end`` span the dateline with its separator; ``place`` ("BERLIN"),
    ``region`` ("Calif."), ``agency`` ("AP") and ``date`` ("Jan. 5") as written.
    """

    start: int
    end: int
    place: str
    region: str | None = None
    agency: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class ArticleFeatures:
    """What story clustering knows about one article (made by :mod:`newsweave.features`).

    ``embedding`` is a unit float32 vector (all zeros for an article with no
    text and no title); ``entities`` are the name keys (casefolded);
    ``words``, ``specifics`` and ``lead`` map a term to ``1 + ln(count)``
    (scaled to unit length); ``n_sentences`` counts sentences (0 or 1 marks an
    article too thin to seed a story when it matches one).
    """

    article_id: str
    date: dt.date | None
    embedding: NDArray[np.float32]
    entities: frozenset[str]
    words: Mapping[str, float]
    specifics: Mapping[str, float]
    n_sentences: int
    lead: Mapping[str, float] = field(default_factory=dict)


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
class TimeExpression:
    """A temporal expression found in an article's text, normalised.

    ``value`` is ISO 8601 (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) or ``None``
    when it could not be resolved (e.g. a relative expression in an undated
    article); ``precision`` matches ``value``'s form.
    """

    article_id: str
    start: int
    end: int
    text: str
    value: str | None
    precision: Precision | None
    relative: bool


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation or reported statement with its speaker.

    ``speaker`` is ``None`` when no speaker can be found (never invented).
    ``span`` covers the quoted words; ``speaker_span`` the words naming the
    speaker, when present.
    """

    article_id: str
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_span: tuple[int, int] | None = None
    direct: bool = True


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A named-entity mention in an article (spaCy label in ``type``)."""

    article_id: str
    start: int
    end: int
    text: str
    type: str


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
    """Claims aligned across a story's articles (the same fact, told by each)."""

    text: str
    claims: tuple[Claim, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article_id for c in self.claims))


@dataclass(frozen=True, slots=True)
class Conflict:
    """Aligned claims that disagree on ``topic`` (a number, date, name or quoted words).

    ``topic`` is one of ``"number"``, ``"date"``, ``"name"``, ``"quoted words"``;
    ``detail`` says what differs, readably ("12 people vs 15 people").
    """

    topic: str
    claims: tuple[Claim, ...]
    detail: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class ArticleAnalysis:
    """What one article says, found in its own text (no cross-article context).

    Made by :func:`newsweave.annotate.annotate`: entity ``mentions``, ``quotes``
    with speakers, resolved ``times``, the ``sentences``, their unit
    ``embeddings`` (one row per sentence) and the story clustering ``features``.
    Records read back from the store's cache may carry only the first four.
    """

    article_id: str
    mentions: tuple[EntityMention, ...]
    quotes: tuple[Quote, ...]
    times: tuple[TimeExpression, ...]
    sentences: tuple[Sentence, ...] = ()
    embeddings: NDArray[np.float32] | None = None
    features: ArticleFeatures | None = None


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


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a report renders: articles, rejections and stories.

    Fields of stages that have not run are absent from the rendered output,
    never filled with placeholders.
    """

    articles: tuple[ReportArticle, ...]
    rejected: tuple[Rejection, ...]
    stories: tuple[StoryReport, ...]
    storylines: tuple[Storyline, ...] = ()
    version: int = 1
    extras: dict[str, object] = field(default_factory=dict)
