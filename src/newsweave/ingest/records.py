"""Field aliases for JSONL/CSV records and the one place where an Article is assembled."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from newsweave.ingest.datelines import infer_dateline
from newsweave.ingest.dates import DateError, parse_date
from newsweave.ingest.decode import RejectError
from newsweave.ingest.limits import IngestLimits
from newsweave.ingest.normalise import content_hash, count_words, normalise_text, one_line
from newsweave.model import Article

# Accepted names per field, in priority order. Keys are compared after lowercasing
# and dropping everything but letters and digits, so ``publishedAt``,
# ``published_at`` and ``Published At`` all match ``published_at``.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    # "dct": TimeML's document creation time (MEANTIME, TempEval records).
    "date": ("date", "published", "published_at", "pubdate", "datetime", "dct"),
    "title": ("title", "headline"),
    "text": ("text", "content", "body", "article"),
    "source": ("source", "domain", "outlet", "site", "publisher"),
    "url": ("url", "link"),
    "author": ("author", "byline", "authors", "creator"),
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
    ``None`` means the system date). ``bounds``: the resource and date limits.
    """

    min_words: int = 10
    default_date: dt.date | None = None
    datelines: bool = True
    today: dt.date | None = None
    bounds: IngestLimits = field(default_factory=IngestLimits)


MAX_ID_CHARS = 1000
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def scrub(value: str | None) -> tuple[str | None, int]:
    """``value`` with lone surrogates (unencodable: JSON ``"\\ud800"``, file names that
    are not UTF-8) replaced by U+FFFD, and how many were replaced."""
    if value is None:
        return None, 0
    return _SURROGATE.subn("\ufffd", value)


def _check_id(article_id: str) -> str:
    if len(article_id) > MAX_ID_CHARS:
        raise RejectError(f"field 'id' is too long ({len(article_id):,} characters; "
                          f"at most {MAX_ID_CHARS})")
    if _CONTROL.search(article_id):
        raise RejectError("field 'id' contains control characters (tabs, newlines, NUL ...)")
    if article_id in (".", ".."):
        raise RejectError(f"field 'id' cannot be {article_id!r} (it names no page in a URL)")
    return article_id


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
    notes: list[str] | None = None,
    author: str | None = None,
) -> Article:
    """Normalise ``raw_text`` and assemble an :class:`Article`, or raise :class:`RejectError`.

    A missing ``date`` is read from the article's dateline when ``limits.datelines``
    (``date_inferred`` is then true), else falls back to ``limits.default_date``;
    fewer than ``limits.min_words`` words in title + text, a text longer than
    ``limits.bounds.max_text_chars``, a date outside ``limits.bounds``' range
    and an id with control characters or over ``MAX_ID_CHARS`` are rejections.
    Lone surrogates in any field are replaced with U+FFFD and reported in
    ``notes`` (the caller turns them into warnings).
    """
    bounds = limits.bounds
    if len(raw_text) > bounds.max_text_chars:
        raise RejectError(f"text too long ({len(raw_text):,} characters; the limit is "
                          f"{bounds.max_text_chars:,}, --max-text-chars)")
    fields = {"text": raw_text, "title": title, "id": given_id, "source": source, "url": url,
              "author": author}
    fixed = 0
    for name, value in fields.items():
        fields[name], n = scrub(value)
        fixed += n
    if fixed and notes is not None:
        notes.append(f"{fixed} unencodable character(s) (lone UTF-16 surrogates) replaced "
                     "with U+FFFD")
    raw_text = fields["text"] or ""
    title, given_id, source, url = fields["title"], fields["id"], fields["source"], fields["url"]
    author = fields["author"]
    # The default date is checked by the caller (CLI); a dateline comes before it.
    if date is not None and (problem := bounds.date_problem(date)) is not None:
        raise RejectError(problem)
    text = normalise_text(raw_text)
    title = one_line(title)
    if not text:
        raise RejectError("empty text")
    n_words = count_words(title, text)
    if n_words < limits.min_words:
        raise RejectError(f"text too short ({n_words} words; minimum is {limits.min_words})")
    digest = content_hash(text)
    article_id = _check_id(given_id or naming.fixed or f"{naming.prefix}-{digest[:10]}")
    inferred = None
    if date is None and limits.datelines:
        inferred = infer_dateline(title, text, today=limits.today or dt.date.today())
        if inferred is not None and (problem := bounds.date_problem(inferred.date)) is not None:
            inferred = None
    return Article(
        id=article_id,
        text=text,
        content_hash=digest,
        origin=scrub(origin)[0] or origin,
        title=title,
        date=date if date is not None else (
            inferred.date if inferred is not None else limits.default_date),
        source=one_line(source),
        url=one_line(url),
        date_inferred=inferred is not None,
        author=one_line(author),
    )


def _as_string(value: object, field: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise RejectError(f"field '{field}' is not a finite number (got {value})")
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


def _as_author(value: object) -> str | None:
    # Some exports list the authors: ["A. Writer", "B. Writer"].
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(v.strip() for v in value if v.strip()) or None
    return _as_string(value, "author")


def article_from_record(
    record: Mapping[str, object],
    *,
    origin: str,
    naming: Naming,
    limits: Limits,
    notes: list[str] | None = None,
) -> Article:
    """Build an Article from a JSON object or CSV row (any keys; aliases resolved here).

    ``notes`` receives what was repaired (see :func:`build_article`)."""
    canonical = {field_key(str(k)): v for k, v in reversed(list(record.items()))}
    text = pick(canonical, "text")
    if text is None:
        raise RejectError(NO_TEXT)
    if not isinstance(text, str):
        raise RejectError(f"text field must be a string, not {type(text).__name__}")
    date_value = scrub(_as_string(pick(canonical, "date"), "date"))[0]
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
        notes=notes,
        author=_as_author(pick(canonical, "author")),
    )
