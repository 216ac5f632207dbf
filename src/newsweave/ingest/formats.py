"""Readers for each input format; each yields Articles, Rejections and warnings, never raises
on bad input, and never reads more than :class:`~newsweave.ingest.limits.IngestLimits` allow.

- Only regular files are read: a FIFO, a device (a symlink to ``/dev/zero``), a
  socket or a folder given as a file is rejected before anything is read.
- ``.txt``: the seed format ``date YYYY-MM-DD <body>`` or plain text (undated unless
  a default date is given). The header is recognised when the first word is
  ``date`` (any case, optional colon) followed by a token starting with a digit;
  that token must then be a real ISO date, otherwise the file is rejected.
  Prose that merely starts with "Date palms ..." is plain text. Lines
  ``source: NAME``, ``title: TEXT``, ``author: NAME`` and ``url: URL`` may come
  before or after the date header (any order), naming the outlet and so on.
- ``.jsonl`` / ``.jsonl.gz`` (and ``.ndjson``) and ``.csv``: streamed line by line
  (decompressing as they go), so a large corpus is never held in memory; origins
  are ``path:LINE`` (1-based; for CSV the file line on which the record starts,
  the header being line 1, so quoted multi-line fields keep pointing at the right
  place). CSV uses the default comma dialect.
- ``.html`` / ``.htm``: see :mod:`newsweave.ingest.html`.
- stdin: gzip is unpacked, then the content decides: JSON Lines (streamed) if the
  first non-blank character is ``{``, HTML if it starts like HTML, else seed/plain text.

Decoding repairs are reported as :class:`~newsweave.model.InputWarning` (one per
file), after the file's articles. The records of JSON Lines and CSV files are read by
:mod:`newsweave.ingest.record_streams`.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from newsweave.ingest.dates import DateError, parse_iso_date
from newsweave.ingest.decode import LineDecoder, RejectError, decode_text, sniff_codec
from newsweave.ingest.html import article_from_html, declared_charset, looks_like_html
from newsweave.ingest.normalise import slugify
from newsweave.ingest.paths import InputFile
from newsweave.ingest.record_streams import (
    EMPTY,
    Item,
    csv_records,
    jsonl_records,
    notes_as_warnings,
)
from newsweave.ingest.records import Limits, Naming, build_article
from newsweave.ingest.streams import (
    BUFFER,
    Counted,
    Position,
    StreamStop,
    buffered,
    open_regular,
    read_whole,
    text_lines,
    utf8_lines,
)
from newsweave.model import Article, InputWarning, Rejection

__all__ = ["EMPTY", "READERS", "Item", "Reader", "csv_records", "jsonl_records",
           "notes_as_warnings", "read_file"]

_HEADER = re.compile(r"\A\s*date:?[ \t]+([-+]?\d\S*)", re.IGNORECASE)
# Header lines of a .txt file ("source: Harbor Wire"); the colon is required.
_FIELD = re.compile(r"\A(source|title|author|url):[ \t]*([^\n]*)(?:\n|\Z)", re.IGNORECASE)
_GZIP_MAGIC = b"\x1f\x8b"


def read_file(f: InputFile, limits: Limits, stdin: BinaryIO | None) -> Iterator[Item]:
    """Yield everything in input file ``f`` (``stdin`` is read when ``f`` is ``-``).

    At most ``limits.bounds.max_listed_rejections`` rejected (or repaired)
    records of one file are listed one by one; the rest are counted in one
    closing rejection (warning) naming the file.
    """
    yield from _capped(_read_file(f, limits, stdin), f.display,
                       limits.bounds.max_listed_rejections)


def _read_file(f: InputFile, limits: Limits, stdin: BinaryIO | None) -> Iterator[Item]:
    try:
        if f.path is None:
            if stdin is None:
                import sys

                stdin = sys.stdin.buffer
            yield from _read_stream(f.display, stdin, "auto", limits, Naming("stdin"), gz=None)
        else:
            yield from READERS[f.suffix].read(f, limits)
    except RejectError as exc:
        yield Rejection(f.display, str(exc))
    except OSError as exc:
        yield Rejection(f.display, f"cannot read file: {exc.strerror or exc}")


def _whole(f: InputFile, limits: Limits) -> bytes:
    assert f.path is not None
    with open_regular(f.path, limits.bounds.max_file_bytes) as fh:
        return read_whole(fh, limits.bounds.max_file_bytes)


def _read_text_file(f: InputFile, limits: Limits) -> Iterator[Item]:
    yield from _text(_whole(f, limits), f.display, Naming(_prefix(f), fixed=slugify(f.stem)),
                     limits)


def _read_html_file(f: InputFile, limits: Limits) -> Iterator[Item]:
    yield from _html(_whole(f, limits), f.display, Naming(_prefix(f), fixed=slugify(f.stem)),
                     limits)


def _read_jsonl_file(f: InputFile, limits: Limits) -> Iterator[Item]:
    assert f.path is not None
    with open_regular(f.path, None) as fh:
        yield from _read_stream(f.display, fh, "jsonl", limits, Naming(_prefix(f)),
                                gz=f.suffix.endswith(".gz"))


def _read_csv_file(f: InputFile, limits: Limits) -> Iterator[Item]:
    assert f.path is not None
    with open_regular(f.path, None) as fh:
        yield from _read_stream(f.display, fh, "csv", limits, Naming(_prefix(f)), gz=False)


def _capped(items: Iterable[Item], display: str, cap: int) -> Iterator[Item]:
    counts = {Rejection: 0, InputWarning: 0}
    hidden: dict[type, list[str]] = {Rejection: [], InputWarning: []}
    for item in items:
        if not isinstance(item, Article) and item.path != display:
            kind = type(item)
            counts[kind] += 1
            if counts[kind] > cap:
                hidden[kind].append(item.path)
                del hidden[kind][1:-1]  # keep the first and the last only
                continue
        yield item
    for kind, label in ((Rejection, "rejected"), (InputWarning, "repaired")):
        n = counts[kind] - cap
        if n > 0:
            what = (f"{n:,} more {label} records are not listed one by one ({hidden[kind][0]} "
                    f"to {hidden[kind][-1]}; --max-listed-rejections lists more)")
            yield Rejection(display, what) if kind is Rejection else InputWarning(display, what)


def _prefix(f: InputFile) -> str:
    return slugify(f.stem)


def _decode(data: bytes, display: str, *, declared: str | None = None) -> tuple[str, list[Item]]:
    """Text of a whole file, and its decoding warning (if any)."""
    if not data.strip():
        raise RejectError(EMPTY)
    decoded = decode_text(data, declared=declared)
    if not decoded.text.strip():
        raise RejectError(EMPTY)
    warning = decoded.warning(data)
    return decoded.text, [InputWarning(display, warning)] if warning else []


def _text(data: bytes, origin: str, naming: Naming, limits: Limits) -> Iterator[Item]:
    text, warnings = _decode(data, origin)
    notes: list[str] = []
    article = _text_article(text, origin, naming, limits, notes)
    yield from warnings + notes_as_warnings(origin, notes)
    yield article


def _html(data: bytes, origin: str, naming: Naming, limits: Limits) -> Iterator[Item]:
    html, warnings = _decode(data, origin, declared=declared_charset(data))
    notes: list[str] = []
    article = article_from_html(html, origin=origin, naming=naming, limits=limits, notes=notes)
    yield from warnings + notes_as_warnings(origin, notes)
    yield article


def _text_article(
    text: str, origin: str, naming: Naming, limits: Limits, notes: list[str]
) -> Article:
    """Seed/plain text: optional header lines, then the body.

    The header is any of ``date YYYY-MM-DD`` (the seed format: the body may follow
    on the same line) and ``source: NAME``, ``title: TEXT``, ``author: NAME``,
    ``url: URL`` lines (one per line, any order, each at most once). Without one
    the whole text is the body.
    """
    date = None
    fields: dict[str, str] = {}
    body = text.lstrip("\ufeff")
    seen_date = False
    while True:
        rest = body.lstrip()
        m = _FIELD.match(rest)
        if m is not None and m.group(1).lower() not in fields:
            fields[m.group(1).lower()] = m.group(2).strip()
            body = rest[m.end():]
            continue
        m = None if seen_date else _HEADER.match(rest)
        if m is None:
            break
        try:
            date = parse_iso_date(m.group(1))
        except DateError:
            raise RejectError(
                f"bad date '{m.group(1)[:60]}' in header (expected date YYYY-MM-DD)"
            ) from None
        seen_date = True
        body = rest[m.end():]
    return build_article(body, origin=origin, naming=naming, limits=limits, date=date,
                         notes=notes, source=fields.get("source") or None,
                         title=fields.get("title") or None, author=fields.get("author") or None,
                         url=fields.get("url") or None)


# -- streamed files ---------------------------------------------------------------------


def _read_stream(
    display: str, source: BinaryIO, kind: str, limits: Limits, naming: Naming, *,
    gz: bool | None,
) -> Iterator[Item]:
    """A streamed file (``kind`` ``jsonl``, ``csv``, or ``auto`` for stdin), in bounded memory.

    ``gz``: gzip-compressed (``True``), plain (``False``) or recognised by its magic
    bytes (``None``).
    """
    bounds = limits.bounds
    position = Position()
    decoder = LineDecoder()
    try:
        outer = buffered(source)
        raw: BinaryIO = outer
        if gz or (gz is None and outer.peek(2)[:2] == _GZIP_MAGIC):
            raw = gzip.GzipFile(fileobj=outer, mode="rb")  # type: ignore[assignment]
        buf = io.BufferedReader(Counted(raw, bounds.max_stream_bytes), BUFFER)
        head = buf.peek(4096)[:4096]
        codec = sniff_codec(head)
        if kind == "auto":
            start = decode_text(head).text.lstrip("\ufeff \t\r\n")
            if not start.startswith("{"):
                yield from _stdin_document(buf, display, naming, limits)
                return
            kind = "jsonl"
        lines = (utf8_lines(buf, bounds.max_line_bytes, decoder, position) if codec is None
                 else text_lines(buf, codec, bounds.max_line_bytes, decoder, position))
        if kind == "csv":
            yield from csv_records(display, lines, limits, naming)
        else:
            yield from jsonl_records(display, lines, naming, limits)
    except StreamStop as exc:
        yield Rejection(display, f"{exc} (from line {position.line})")
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        where = f" after line {position.line}" if position.line else ""
        yield Rejection(display, f"corrupt gzip data{where}: {exc}")
    warning = decoder.warning()
    if warning:
        yield InputWarning(display, warning)


def _stdin_document(
    buf: io.BufferedReader[Any], display: str, naming: Naming, limits: Limits
) -> Iterator[Item]:
    data = read_whole(buf, limits.bounds.max_file_bytes)
    text, warnings = _decode(data, display)
    notes: list[str] = []
    if looks_like_html(text):
        article = article_from_html(text, origin=display, naming=naming, limits=limits,
                                    notes=notes)
    else:
        article = _text_article(text, display, naming, limits, notes)
    yield from warnings + notes_as_warnings(display, notes)
    yield article


@dataclass(frozen=True, slots=True)
class Reader:
    """How files with one suffix are read; ``shown``: named in messages (not an alias)."""

    read: Callable[[InputFile, Limits], Iterator[Item]]
    shown: bool = True


# Every input format, declared once: adding a format is one reader and one line here.
READERS: dict[str, Reader] = {
    ".txt": Reader(_read_text_file),
    ".jsonl": Reader(_read_jsonl_file),
    ".jsonl.gz": Reader(_read_jsonl_file),
    ".csv": Reader(_read_csv_file),
    ".html": Reader(_read_html_file),
    ".ndjson": Reader(_read_jsonl_file, shown=False),
    ".ndjson.gz": Reader(_read_jsonl_file, shown=False),
    ".htm": Reader(_read_html_file, shown=False),
}
