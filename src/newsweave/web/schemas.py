"""Typed response models of the REST API (they make the OpenAPI spec's schemas).

They describe the JSON of the report contract (``docs/report.md``) and the
API's own envelopes (pages of stories and search hits, jobs, errors). Models
of the contract allow extra fields: the contract may gain fields, and a model
must never drop one on the way out.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    """A contract object: known fields typed, later additions passed through."""

    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    """Every error: the HTTP status and a message that says what to do."""

    status: int
    message: str


# -- the story list and search ----------------------------------------------------------


class StoryListItem(BaseModel):
    """One row of the story list (the light projection stored at weave time)."""

    id: str
    title: str = Field(description="The story's title, as in the report.")
    headline: str = Field(description="The best headline among its articles' titles.")
    snippet: str | None = Field(description="Its first summary sentence, else its lead.")
    first_date: dt.date | None
    last_date: dt.date | None
    articles: list[str]
    article_ids: list[str] = Field(description="Same as articles (the projection's name).")
    n_articles: int
    n_outlets: int = Field(description="Named outlets among its articles.")
    n_unknown: int = Field(description="Articles whose outlet is unknown.")
    n_copies: int = Field(description="Articles that are copies of another one.")
    outlets: list[str] = Field(description="Outlet names, most articles first.")
    entities: list[str] = Field(description="The most mentioned entities.")
    storyline: str | None
    n_conflicts: int | None = Field(description="None when the comparison has not run.")
    n_quotes: int | None


class StoryPage(BaseModel):
    """A page of the story list: ``limit`` rows from ``offset``, of ``total``."""

    total: int
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last.")
    stories: list[StoryListItem]


class SearchHitItem(BaseModel):
    article: str
    title: str | None
    source: str | None
    date: dt.date | None
    snippet: str = Field(description="Matching words in [brackets], gaps as ' … '.")


class SearchPage(BaseModel):
    """A page of full-text search hits, best match first."""

    total: int
    limit: int
    offset: int
    next_offset: int | None
    hits: list[SearchHitItem]


# -- the report contract ---------------------------------------------------------------


class EvidenceItem(Open):
    article: str
    span: list[int]


class Sourced(Open):
    text: str
    sources: list[str]
    evidence: list[EvidenceItem] = []


class TimelineItem(Sourced):
    date: str
    precision: Literal["day", "month", "year"]
    end: str | None = None
    end_precision: Literal["day", "month", "year"] | None = None


class VariantItem(Open):
    article: str
    text: str
    differences: list[str]
    misquote: bool
    span: list[int] | None = None


class QuoteItem(Open):
    speaker: str | None
    text: str
    article: str
    span: list[int]
    direct: bool
    is_direct: bool
    cue_span: list[int] | None
    speaker_span: list[int] | None
    speaker_entity: str | None
    speaker_id: str | None
    speaker_kind: str | None
    confidence: float
    variants: list[VariantItem]


class ClaimItem(Open):
    text: str
    source: str
    span: list[int]


class ConsensusItem(Open):
    text: str
    sources: list[str]
    claims: list[ClaimItem]
    confidence: float


class SingleSourceItem(ClaimItem):
    only_in: str


class ValuedClaim(ClaimItem):
    value: str | None = None


class ConflictItem(Open):
    topic: str
    detail: str | None = None
    claims: list[ValuedClaim]
    confidence: float


class UpdateEnd(ValuedClaim):
    date: str | None = None


class UpdateItem(Open):
    topic: str
    from_: UpdateEnd = Field(alias="from")
    to: UpdateEnd
    correction: bool
    confidence: float

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Facts(Open):
    consensus: list[ConsensusItem]
    single_source: list[SingleSourceItem]
    conflicts: list[ConflictItem]
    updates: list[UpdateItem] = []


class EntityItem(Open):
    name: str
    type: str
    aliases: list[str]
    articles: list[str]


class RewriteItem(Open):
    article: str
    rewrite_of: str
    share: float
    pairs: list[list[int | float]]


class TimeItem(Open):
    text: str
    span: list[int]
    type: str
    value: str | None
    date: str | None
    precision: str | None


class ArticleRow(Open):
    """An article row of the report."""

    id: str
    source: str | None
    date: dt.date | None
    title: str | None
    n_sentences: int
    duplicate_of: str | None
    date_inferred: bool
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    origin: str | None = None
    duplicate_similarity: float | None = None
    time: list[TimeItem] | None = None


class StoryItem(Open):
    """A story of the report; stage fields are absent when the stage did not run."""

    id: str
    title: str
    articles: list[str]
    first_date: dt.date | None
    last_date: dt.date | None
    method: str
    storyline: str | None
    summary: list[Sourced] | None = None
    differences: list[Sourced] | None = None
    timeline: list[TimelineItem] | None = None
    quotes: list[QuoteItem] | None = None
    facts: Facts | None = None
    entities: list[EntityItem] | None = None
    rewrites: list[RewriteItem] | None = None
    outdated: bool | None = None
    """``/api/report`` only: true when this cached report is not current (woven by an
    older newsweave or under other options, or its articles changed since); absent
    otherwise. Its story page re-weaves it; ``newsweave refresh`` re-weaves them all."""


class StoryDetailItem(StoryItem):
    """One story with its article rows and the other stories of its storyline."""

    article_rows: list[ArticleRow]
    storyline_siblings: list[str]


class RejectedItem(Open):
    path: str
    reason: str


class WarningItem(Open):
    path: str
    message: str


class FailedItem(Open):
    kind: str
    id: str
    stage: str
    reason: str


class StorylineItem(Open):
    id: str
    title: str
    stories: list[str]


class ReportBody(Open):
    """The whole report (DESIGN.md's contract, version 1)."""

    version: int
    articles: list[ArticleRow]
    rejected: list[RejectedItem]
    warnings: list[WarningItem]
    failed: list[FailedItem]
    stories: list[StoryItem]
    storylines: list[StorylineItem]
    outdated: list[str] | None = None
    """``/api/report`` only: ids of the stories whose cached report is not current
    (each also flagged ``"outdated": true``); empty when every report is current."""


class SentenceSpan(BaseModel):
    index: int
    span: list[int]


class ArticleBody(BaseModel):
    """One article with its text and sentence spans."""

    id: str
    source: str | None
    date: dt.date | None
    title: str | None
    url: str | None
    origin: str
    text: str
    outlet: str | None
    author: str | None
    n_sentences: int
    sentences: list[SentenceSpan]
    story: str | None
    duplicate_of: str | None
    copies: list[str]


class ChosenSummary(BaseModel):
    articles: list[str]
    focus: str | None
    summary: list[Sourced]


class ChosenTimeline(BaseModel):
    articles: list[str]
    timeline: list[TimelineItem]


class Queued(BaseModel):
    """A job accepted for the background worker."""

    job: str
    state: str
    status_url: str


class JobBody(Open):
    """Progress of an upload or removal (poll until ``state`` is done or failed)."""

    job: str
    kind: Literal["upload", "remove"]
    state: Literal["queued", "running", "done", "failed"]
    message: str
    stories: list[str]
    failed: list[dict[str, str]]
    files: int | None = None
    added: list[str] | None = None
    rejected: list[dict[str, str]] | None = None
    warnings: list[dict[str, str]] | None = None
    removed: list[str] | None = None
    missing: list[str] | None = None


class Removal(BaseModel):
    """Body of ``POST /api/removals``."""

    ids: list[str]
