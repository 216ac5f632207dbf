"""Field aliases for JSONL/CSV records and the one place where an Article is assembled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from newsweave.ingest.datelines import infer_dateline
from newsweave.ingest.dates import DateError, parse_date
from newsweave.ingest.decode import RejectError
from newsweave.ingest.normalise import content_hash, count_words, normalise_text, one_line
from newsweave.model import Article

# Accepted names per field, in priority order. Keys are compared after lowercasing
# and dropping everything but letters and digits, so ``publishedAt``,
# ``published_at`` and ``Published At`` all match ``published_at``.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "date": ("date", "published", "published_at", "pubdate", "datetime"),
    "title": ("title", "headline"),
    "text": ("text", "content", "body", "article"),
    "source": ("source", "domain", "outlet", "site", "publisher"),
    "url": ("url", "link"),
}
NO_TEXT = "no text field (expected one of text, content, body, article)"


def field_key(name: str) -> str:
    """Canonical form of a record key or CSV column name for alias matching."""
    return "".join(c for c in name.lower() if c.isalnum())


_KEYS = {field: tuple(field_key(a) for a in names) for field, names in ALIASES.items()}


def pick(record: Mapping[str, object], field: str) -> object:
    """First non-empty value among ``field``'s aliases in a canonical-keyed ``record``."""
    for key in _KEYS[field]:
        value = record.get(key)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return value
    return None


def has_field(keys: set[str], field: str) -> bool:
    """True if any alias of ``field`` is among canonical ``keys``."""
    return any(k in keys for k in _KEYS[field])


@dataclass(frozen=True, slots=True)
class Naming:
    """How to name an article that has no ``id`` of its own.

    ``fixed`` is used as is (single-article files: the slugified file stem);
    otherwise the id is ``<prefix>-<first 10 hex digits of the content hash>``.
    """

    prefix: str
    fixed: str | None = None


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-call settings that decide acceptance and dating.

    ``datelines``: date an article whose metadata has no date from its own dateline
    (:mod:`newsweave.ingest.datelines`), never later than ``today`` (the run's day;
    ``None`` means the system date).
    """

    min_words: int = 10
    default_date: dt.date | None = None
    datelines: bool = True
    today: dt.date | None = None


def build_article(
    raw_text: str,
    *,
    origin: str,
    naming: Naming,
    limits: Limits,
    given_id: str | None = None,
    title: str | None = None,
    date: dt.date | None = None,
    source: str | None = None,
    url: str | None = None,
) -> Article:
    """Normalise ``raw_text`` and assemble an :class:`Article`, or raise :class:`RejectError`.

    A missing ``date`` is read from the article's dateline when ``limits.datelines``
    (``date_inferred`` is then true), else falls back to ``limits.default_date``;
    fewer than ``limits.min_words`` words in title + text is a rejection.
    """
    text = normalise_text(raw_text)
    title = one_line(title)
    if not text:
        raise RejectError("empty text")
    n_words = count_words(title, text)
    if n_words < limits.min_words:
        raise RejectError(f"text too short ({n_words} words; minimum is {limits.min_words})")
    digest = content_hash(text)
    article_id = given_id or naming.fixed or f"{naming.prefix}-{digest[:10]}"
    inferred = None
    if date is None and limits.datelines:
        inferred = infer_dateline(title, text, today=limits.today or dt.date.today())
    return Article(
        id=article_id,
        text=text,
        content_hash=digest,
        origin=origin,
        title=title,
        date=date if date is not None else (
            inferred.date if inferred is not None else limits.default_date),
        source=one_line(source),
        url=one_line(url),
        date_inferred=inferred is not None,
    )


def _as_string(value: object, field: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise RejectError(f"field '{field}' must be a string, not {type(value).__name__}")


def _as_id(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    raise RejectError(f"field 'id' must be a string or an integer, not {type(value).__name__}")


def _as_source(value: object) -> str | None:
    # NewsAPI-style exports nest the outlet: {"source": {"id": ..., "name": "Reuters"}}.
    if isinstance(value, Mapping):
        value = value.get("name")
    return _as_string(value, "source")


def article_from_record(
    record: Mapping[str, object], *, origin: str, naming: Naming, limits: Limits
) -> Article:
    """Build an Article from a JSON object or CSV row (any keys; aliases resolved here)."""
    canonical = {field_key(str(k)): v for k, v in reversed(list(record.items()))}
    text = pick(canonical, "text")
    if text is None:
        raise RejectError(NO_TEXT)
    if not isinstance(text, str):
        raise RejectError(f"text field must be a string, not {type(text).__name__}")
    date_value = _as_string(pick(canonical, "date"), "date")
    try:
        date = parse_date(date_value) if date_value is not None else None
    except DateError as exc:
        raise RejectError(str(exc)) from None
    return build_article(
        text,
        origin=origin,
        naming=naming,
        limits=limits,
        given_id=_as_id(pick(canonical, "id")),
        title=_as_string(pick(canonical, "title"), "title"),
        date=date,
        source=_as_source(pick(canonical, "source")),
        url=_as_string(pick(canonical, "url"), "url"),
    )
