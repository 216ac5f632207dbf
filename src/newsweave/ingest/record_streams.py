"""JSON Lines and CSV records: each line or row one article, read from lines already
decoded and bounded by :mod:`newsweave.ingest.streams` (split from
:mod:`newsweave.ingest.formats`, which opens the files and picks the reader).

A bad record is a :class:`~newsweave.model.Rejection` naming ``path:LINE`` and the
reason, and the file goes on; a file with more records than
``--max-articles-per-file`` allows stops with one rejection (:class:`StreamStop`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from newsweave.ingest.decode import RejectError
from newsweave.ingest.records import (
    ALIASES,
    Limits,
    Naming,
    article_from_record,
    field_key,
    has_field,
)
from newsweave.ingest.streams import Line, StreamStop
from newsweave.model import Article, InputWarning, Rejection

Item = Article | Rejection | InputWarning
EMPTY = "empty file"
_CSV_FIELD_LIMIT = 1 << 26  # csv's default 128 KiB per field is too small for long articles


def notes_as_warnings(origin: str, notes: list[str]) -> list[Item]:
    """Repairs noted while reading ``origin``, as warnings."""
    return [InputWarning(origin, n) for n in notes]


def _json_error(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}"
    if "integer string conversion" in str(exc):
        return "invalid JSON: a number with more than 4,300 digits"
    return f"invalid JSON: {str(exc)[:200]}"


def jsonl_records(
    display: str, lines: Iterable[Line], naming: Naming, limits: Limits
) -> Iterator[Item]:
    non_blank = 0
    for number, line in lines:
        # Every line counts, blank ones too: a gigabyte of newlines is cheap to send.
        _count_record(number - 1, limits, "lines (records)")
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
        except ValueError as exc:  # JSONDecodeError, or a number of over 4,300 digits
            yield Rejection(origin, _json_error(exc))
            continue
        except RecursionError:
            yield Rejection(origin, "invalid JSON: nested too deeply")
            continue
        if not isinstance(record, dict):
            kind = type(record).__name__.replace("dict", "object").replace("list", "array")
            yield Rejection(origin, f"line is JSON but not an object (got {kind})")
            continue
        yield from _record(record, origin, naming, limits)
    if non_blank == 0:
        yield Rejection(display, EMPTY)


def _count_record(n: int, limits: Limits, what: str) -> int:
    """``n + 1``, or stop the file when it already holds the most records allowed."""
    if n >= limits.bounds.max_articles_per_file:
        raise StreamStop(f"more than {limits.bounds.max_articles_per_file:,} {what} in one "
                         "file; the rest was not read (--max-articles-per-file)")
    return n + 1


def _record(
    record: dict[str, object], origin: str, naming: Naming, limits: Limits
) -> Iterator[Item]:
    notes: list[str] = []
    try:
        article = article_from_record(record, origin=origin, naming=naming, limits=limits,
                                      notes=notes)
    except RejectError as exc:
        yield Rejection(origin, str(exc))
        return
    yield from notes_as_warnings(origin, notes)
    yield article


def _csv_lines(lines: Iterable[Line]) -> Iterator[str]:
    """Text lines for :mod:`csv`; a bad line stops the file (a record may span lines)."""
    for number, line in lines:
        if isinstance(line, RejectError):
            raise StreamStop(f"line {number}: {line}; the rest of the file was not read")
        yield line


def csv_records(display: str, lines: Iterable[Line], limits: Limits, naming: Naming
                 ) -> Iterator[Item]:
    """CSV with a header row; one rejection for the file if it has no text column."""
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    reader = csv.reader(_csv_lines(lines), strict=False)
    start = 1
    try:
        header = next(reader, None)
        if header is None:
            raise RejectError(EMPTY)
        header = [h.lstrip("\ufeff") if i == 0 else h for i, h in enumerate(header)]
        columns = [field_key(h) for h in header]
        if not has_field(set(columns), "text"):
            found = ", ".join(h.strip() for h in header if h.strip())[:300] or "none"
            names = ", ".join(ALIASES["text"])
            raise RejectError(f"no text column (expected one of {names}; found: {found})")
        n_rows = 0
        start = reader.line_num + 1
        for row in reader:
            origin, start = f"{display}:{start}", reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            n_rows = _count_record(n_rows, limits, "records (articles)")
            if len(row) != len(header):
                yield Rejection(origin, f"row has {len(row)} fields; the header has {len(header)}")
                continue
            yield from _record({h: v for h, v in zip(header, row, strict=True) if h}, origin,
                               naming, limits)
        if n_rows == 0:
            yield Rejection(display, "no data rows after the header")
    except csv.Error as exc:
        yield Rejection(f"{display}:{start}", f"malformed CSV: {exc}")
