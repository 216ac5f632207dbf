"""Readers for each input format; each yields Articles and Rejections, never raises on bad input.

- ``.txt``: the seed format ``date YYYY-MM-DD <body>`` or plain text (undated unless
  a default date is given). The header is recognised when the first word is
  ``date`` (any case, optional colon) followed by a token starting with a digit;
  that token must then be a real ISO date, otherwise the file is rejected.
  Prose that merely starts with "Date palms ..." is plain text.
- ``.jsonl`` / ``.jsonl.gz`` (and ``.ndjson``): streamed line by line, so a large
  corpus is never held in memory; origins are ``path:LINE`` (1-based).
- ``.csv``: decoded whole (the encoding must be known before parsing), parsed with
  the default comma dialect; origins are ``path:LINE`` where LINE is the file line
  on which the record starts (the header is line 1), so quoted multi-line fields
  keep pointing at the right place.
- ``.html`` / ``.htm``: see :mod:`newsweave.ingest.html`.
- stdin: gzip is unpacked, then the content decides: JSON Lines if the first
  non-blank character is ``{``, HTML if it starts like HTML, else seed/plain text.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from newsweave.ingest.dates import DateError, parse_iso_date
from newsweave.ingest.decode import RejectError, decode_bytes, sniff_codec
from newsweave.ingest.html import article_from_html, declared_charset, looks_like_html
from newsweave.ingest.normalise import slugify
from newsweave.ingest.paths import InputFile
from newsweave.ingest.records import (
    ALIASES,
    Limits,
    Naming,
    article_from_record,
    build_article,
    field_key,
    has_field,
)
from newsweave.model import Article, Rejection

Item = Article | Rejection
EMPTY = "empty file"
_HEADER = re.compile(r"\A\s*date:?[ \t]+(\d\S*)", re.IGNORECASE)
_CSV_FIELD_LIMIT = 1 << 26  # csv's default 128 KiB per field is too small for long articles


def read_file(f: InputFile, limits: Limits, stdin: BinaryIO | None) -> Iterator[Item]:
    """Yield everything in input file ``f`` (``stdin`` is read when ``f`` is ``-``)."""
    try:
        if f.path is None:
            yield from _read_stdin(f, stdin, limits)
        else:
            yield from READERS[f.suffix].read(f, limits)
    except RejectError as exc:
        yield Rejection(f.display, str(exc))
    except OSError as exc:
        yield Rejection(f.display, f"cannot read file: {exc.strerror or exc}")


def _read_csv_file(f: InputFile, limits: Limits) -> Iterator[Item]:
    assert f.path is not None
    yield from _read_csv(f.display, _decode(f.path.read_bytes()), limits, _prefix(f))


def _read_html_file(f: InputFile, limits: Limits) -> Iterator[Item]:
    assert f.path is not None
    data = f.path.read_bytes()
    html = _decode(data, declared=declared_charset(data))
    naming = Naming(_prefix(f), fixed=slugify(f.stem))
    yield article_from_html(html, origin=f.display, naming=naming, limits=limits)


def _read_text_file(f: InputFile, limits: Limits) -> Iterator[Item]:
    assert f.path is not None
    naming = Naming(_prefix(f), fixed=slugify(f.stem))
    yield _text_article(_decode(f.path.read_bytes()), f.display, naming, limits)


def _prefix(f: InputFile) -> str:
    return slugify(f.stem)


def _decode(data: bytes, *, declared: str | None = None) -> str:
    if not data.strip():
        raise RejectError(EMPTY)
    text = decode_bytes(data, declared=declared)
    if not text.strip():
        raise RejectError(EMPTY)
    return text


def _text_article(text: str, origin: str, naming: Naming, limits: Limits) -> Article:
    """Seed/plain text: an optional ``date YYYY-MM-DD`` header, then the body."""
    date = None
    body = text.lstrip("\ufeff")
    m = _HEADER.match(body)
    if m is not None:
        try:
            date = parse_iso_date(m.group(1))
        except DateError:
            raise RejectError(
                f"bad date '{m.group(1)}' in header (expected date YYYY-MM-DD)"
            ) from None
        body = body[m.end() :]
    return build_article(body, origin=origin, naming=naming, limits=limits, date=date)


def _read_stdin(f: InputFile, stdin: BinaryIO | None, limits: Limits) -> Iterator[Item]:
    if stdin is None:
        import sys

        stdin = sys.stdin.buffer
    data = stdin.read()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise RejectError(f"corrupt gzip data: {exc}") from None
    text = _decode(data)
    naming = Naming("stdin")
    if text.lstrip("\ufeff \t\r\n").startswith("{"):
        lines: Iterable[tuple[int, str | RejectError]] = enumerate(text.split("\n"), 1)
        yield from _jsonl_records(f.display, lines, naming, limits)
    elif looks_like_html(text):
        yield article_from_html(text, origin=f.display, naming=naming, limits=limits)
    else:
        yield _text_article(text, f.display, naming, limits)


def _read_jsonl_file(f: InputFile, limits: Limits) -> Iterator[Item]:
    assert f.path is not None
    naming = Naming(_prefix(f))
    counter = _LineCounter()
    stream: gzip.GzipFile | io.BufferedReader
    stream = gzip.open(f.path, "rb") if f.suffix.endswith(".gz") else open(f.path, "rb")  # noqa: SIM115
    with stream:
        try:
            codec = sniff_codec(stream.peek(4096)[:4096])
            if codec is not None:  # UTF-16/32: decode the whole file, then split
                text = decode_bytes(stream.read())
                lines: Iterable[tuple[int, str | RejectError]] = enumerate(text.split("\n"), 1)
            else:
                lines = _decoded_lines(stream, counter)
            yield from _jsonl_records(f.display, lines, naming, limits)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            where = f" after line {counter.line}" if counter.line else ""
            yield Rejection(f.display, f"corrupt gzip data{where}: {exc}")


class _LineCounter:
    """How far a JSONL stream got, for the message when the gzip data breaks off."""

    def __init__(self) -> None:
        self.line = 0


def _decoded_lines(
    stream: Iterable[bytes], counter: _LineCounter
) -> Iterator[tuple[int, str | RejectError]]:
    """Lines as text; a line that cannot be decoded is yielded as its RejectError."""
    for number, raw in enumerate(stream, start=1):
        counter.line = number
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                yield number, decode_bytes(raw)
            except RejectError as exc:
                yield number, exc


def _jsonl_records(
    display: str,
    lines: Iterable[tuple[int, str | RejectError]],
    naming: Naming,
    limits: Limits,
) -> Iterator[Item]:
    non_blank = 0
    for number, line in lines:
        origin = f"{display}:{number}"
        if isinstance(line, RejectError):
            non_blank += 1
            yield Rejection(origin, str(line))
            continue
        if not line.strip():
            continue
        non_blank += 1
        try:
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            msg = exc.msg.removesuffix(" at")
            yield Rejection(origin, f"invalid JSON: {msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield Rejection(origin, "invalid JSON: nested too deeply")
            continue
        if not isinstance(record, dict):
            kind = type(record).__name__.replace("dict", "object").replace("list", "array")
            yield Rejection(origin, f"line is JSON but not an object (got {kind})")
            continue
        try:
            yield article_from_record(record, origin=origin, naming=naming, limits=limits)
        except RejectError as exc:
            yield Rejection(origin, str(exc))
    if non_blank == 0:
        yield Rejection(display, EMPTY)


def _read_csv(display: str, text: str, limits: Limits, prefix: str) -> Iterator[Item]:
    """CSV with a header row; one rejection for the file if it has no text column."""
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=False)
    naming = Naming(prefix)
    start = 1
    try:
        header = next(reader, None)
        if header is None:
            raise RejectError(EMPTY)
        columns = [field_key(h) for h in header]
        if not has_field(set(columns), "text"):
            found = ", ".join(h.strip() for h in header if h.strip()) or "none"
            names = ", ".join(ALIASES["text"])
            raise RejectError(f"no text column (expected one of {names}; found: {found})")
        n_rows = 0
        start = reader.line_num + 1
        for row in reader:
            origin, start = f"{display}:{start}", reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            n_rows += 1
            if len(row) != len(header):
                yield Rejection(origin, f"row has {len(row)} fields; the header has {len(header)}")
                continue
            record = {h: v for h, v in zip(header, row, strict=True) if h}
            try:
                yield article_from_record(record, origin=origin, naming=naming, limits=limits)
            except RejectError as exc:
                yield Rejection(origin, str(exc))
        if n_rows == 0:
            yield Rejection(display, "no data rows after the header")
    except csv.Error as exc:
        yield Rejection(f"{display}:{start}", f"malformed CSV: {exc}")


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
