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
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


def by_publication(date: dt.date | None, key: str) -> tuple[bool, dt.date, str]:
    """The sort key of publication order: by date, then ``key`` (the id); undated last."""
    return (date is None, date or dt.date.min, key)


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
    ``source`` is the outlet as the input names it (``None`` when it does not).
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
    author: str | None = None
    """The byline (HTML metadata, a JSONL/CSV ``author`` field or a ``.txt`` header)."""


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that was not ingested: ``path`` (``file`` or ``file:line``) and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class InputWarning:
    """Something repaired while reading an input that was still accepted.

    ``path`` is ``file`` or ``file:line``; ``message`` says what was repaired
    (invalid bytes replaced with U+FFFD, a guessed encoding, a file name that
    is not valid UTF-8).
    """

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Failure:
    """An article or story whose analysis failed; the rest of the run went on.

    ``kind`` is ``"article"`` or ``"story"``, ``item`` its id, ``stage`` the
    stage that failed and ``reason`` the error. Failed results are never
    cached, so a later run tries again.
    """

    kind: Literal["article", "story"]
    item: str
    stage: str
    reason: str


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What reading some inputs produced: the accepted articles, rejections and warnings."""

    articles: tuple[Article, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    warnings: tuple[InputWarning, ...] = ()


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

    ``type`` and ``timex_value`` are TimeML's TIMEX3 ``type`` (DATE, TIME,
    DURATION, SET) and ``value`` (``2009-12-15T18:00``, ``P27Y``, ``2006-Q4``,
    ``2008-W12``, ``PRESENT_REF``; ``X`` for what cannot be resolved, such as
    ``XXXX-WXX-1`` for "Monday" in an undated article).
    ``value`` is the calendar date used by timelines, ISO 8601 (``YYYY-MM-DD``,
    ``YYYY-MM`` or ``YYYY``), or ``None`` when the expression names no date that
    can be placed on a timeline (durations, sets, ``now``, a decade, anything
    unresolved); ``precision`` matches ``value``'s form. ``relative`` is true when
    the value depends on the article date or on an earlier expression.
    """

    article_id: str
    start: int
    end: int
    text: str
    value: str | None
    precision: Precision | None
    relative: bool
    type: TimexType = "DATE"
    timex_value: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation or reported statement with its speaker.

    ``speaker`` is ``None`` when no speaker can be found (never invented).
    ``start``/``end`` cover the quoted words; ``speaker_span`` the mention of the
    source in the tag (a name, ``he``, ``a friend of the actress``), when present;
    ``direct`` is true for words in quotation marks, false for reported speech.
    """

    article_id: str
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_span: tuple[int, int] | None = None
    direct: bool = True
    cue_span: tuple[int, int] | None = None
    """The cue that introduces the quote (reporting verb, "according to", a colon)."""
    speaker_id: str | None = None
    """The resolved speaker entity: ``person:<name key>``, ``organisation:<name key>`` or
    ``description:<words>`` (an unnamed source as the article describes it)."""
    speaker_kind: str | None = None
    """``person``, ``organisation`` or ``description`` (``None`` with no speaker)."""
    confidence: float = 0.0
    """How sure the attribution is (0-1); below the stage's threshold ``speaker`` is
    ``None`` ("unattributed") rather than a guess."""


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
class ArticleAnalysis:
    """What one article says, found in its own text (no cross-article context).

    Made by :func:`newsweave.annotate.annotate`: entity ``mentions``, ``quotes``
    with speakers, resolved ``times``, the ``sentences``, their unit
    ``embeddings`` (one row per sentence) and the story clustering ``features``.
    ``failure`` says why the analysis failed (mentions, quotes and times are
    then empty); ``None`` when it did not.
    Records read back from the store's cache may carry only the first four.
    """

    article_id: str
    mentions: tuple[EntityMention, ...]
    quotes: tuple[Quote, ...]
    times: tuple[TimeExpression, ...]
    sentences: tuple[Sentence, ...] = ()
    embeddings: NDArray[np.float32] | None = None
    features: ArticleFeatures | None = None
    failure: str | None = None


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
