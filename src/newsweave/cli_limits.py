"""The ``--max-*``, ``--min-date`` and ``--max-date`` options of ``ingest`` and ``analyze``.

They build one :class:`~newsweave.ingest.IngestLimits` (documented in the
README's "Limits" section). Sizes take a unit: ``16M``, ``4G``, ``512K`` or bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

import typer

from newsweave.ingest import IngestLimits
from newsweave.ingest.limits import size

_DEFAULT = IngestLimits()
_SIZE = re.compile(r"\s*(\d+)\s*([kmg]?)(?:i?b)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(value: str, option: str) -> int:
    """``"16M"`` -> 16777216; a clear usage error for anything else."""
    m = _SIZE.fullmatch(value)
    if m is None or int(m.group(1)) < 1:
        raise typer.BadParameter(f"{option} {value!r}: use a size such as 16M, 4G, 512K "
                                 "or a number of bytes.")
    return int(m.group(1)) * _UNITS[m.group(2).lower()]


def parse_day(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{option} {value!r} is not a date; use YYYY-MM-DD.") from exc


MaxFileOpt = Annotated[str, typer.Option(
    "--max-file-bytes", help="Largest .txt/.html file or standard input read whole.")]
MaxLineOpt = Annotated[str, typer.Option(
    "--max-line-bytes", help="Longest JSON Lines or CSV line.")]
MaxStreamOpt = Annotated[str, typer.Option(
    "--max-stream-bytes", help="Most bytes read from one .jsonl/.jsonl.gz/.csv, after "
    "decompression (stops gzip bombs).")]
MaxRecordsOpt = Annotated[int, typer.Option(
    "--max-articles-per-file", min=1, help="Most records (articles) read from one file.")]
MaxTextOpt = Annotated[int, typer.Option(
    "--max-text-chars", min=1, help="Longest article text, in characters.")]
MaxListedOpt = Annotated[int, typer.Option(
    "--max-listed-rejections", min=1,
    help="Rejected records listed one by one per file; the rest are counted.")]
MinDateOpt = Annotated[str, typer.Option(
    "--min-date", help="Earliest publication date accepted (YYYY-MM-DD).")]
MaxDateOpt = Annotated[str, typer.Option(
    "--max-date", help="Latest publication date accepted (YYYY-MM-DD).")]

FILE_DEFAULT = size(_DEFAULT.max_file_bytes)
LINE_DEFAULT = size(_DEFAULT.max_line_bytes)
STREAM_DEFAULT = size(_DEFAULT.max_stream_bytes)
RECORDS_DEFAULT = _DEFAULT.max_articles_per_file
TEXT_DEFAULT = _DEFAULT.max_text_chars
LISTED_DEFAULT = _DEFAULT.max_listed_rejections
MIN_DATE_DEFAULT = _DEFAULT.min_date.isoformat()
MAX_DATE_DEFAULT = _DEFAULT.max_date.isoformat()


def build_limits(*, max_file: str, max_line: str, max_stream: str, max_records: int,
                 max_text: int, max_listed: int, min_date: str, max_date: str) -> IngestLimits:
    """The options as one :class:`IngestLimits` (usage errors for bad values)."""
    try:
        return IngestLimits(
            max_file_bytes=parse_size(max_file, "--max-file-bytes"),
            max_line_bytes=parse_size(max_line, "--max-line-bytes"),
            max_stream_bytes=parse_size(max_stream, "--max-stream-bytes"),
            max_articles_per_file=max_records,
            max_text_chars=max_text,
            max_listed_rejections=max_listed,
            min_date=parse_day(min_date, "--min-date"),
            max_date=parse_day(max_date, "--max-date"),
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
