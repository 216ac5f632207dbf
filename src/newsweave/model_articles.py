"""Records of reading inputs: articles, rejections, repairs, failures, sentences.

Part of :mod:`newsweave.model` (import them from there); offsets as documented there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

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
