"""Records of one article's analysis: clustering features, time expressions, quotes,
entity mentions, and the :class:`ArticleAnalysis` that holds them.

Part of :mod:`newsweave.model` (import them from there); offsets as documented there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from newsweave.model_articles import Precision, Sentence, TimexType


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


@dataclass(frozen=True, slots=True, eq=False)
class ArticleAnalysis:
    """What one article says, found in its own text (no cross-article context).

    Made by :func:`newsweave.annotate.annotate`: entity ``mentions``, ``quotes``
    with speakers, resolved ``times``, the ``sentences``, their unit
    ``embeddings`` (one row per sentence) and the story clustering ``features``.
    ``failure`` says why the analysis failed (mentions, quotes and times are
    then empty); ``None`` when it did not.
    Records read back from the store's cache may carry only the first four (and
    ``parses``).
    """

    article_id: str
    mentions: tuple[EntityMention, ...]
    quotes: tuple[Quote, ...]
    times: tuple[TimeExpression, ...]
    sentences: tuple[Sentence, ...] = ()
    embeddings: NDArray[np.float32] | None = None
    features: ArticleFeatures | None = None
    failure: str | None = None
    parses: bytes | None = None
    """The parses the fact comparison will ask of this article, each text parsed alone
    (:mod:`newsweave.facts.stored_parses`, a spaCy ``DocBin``); ``None`` when not made
    (the weave then parses them itself)."""
