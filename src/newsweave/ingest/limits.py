"""Resource limits of ingestion: no input can make a run read without bound.

One :class:`IngestLimits` is passed into :func:`newsweave.ingest.iter_inputs`
(the CLI builds it from its ``--max-*``/``--min-date``/``--max-date`` options).
Every limit is checked while reading, before the data is held in memory:

- ``max_file_bytes``: a file read whole (``.txt``, ``.html``, standard input)
  larger than this is rejected before it is read;
- ``max_line_bytes``: a JSON Lines line or CSV line longer than this is rejected
  (the line is skipped in bounded memory; the rest of the file is read);
- ``max_stream_bytes``: a streamed file (``.jsonl``, ``.jsonl.gz``, ``.csv``)
  is read up to this many bytes **after decompression**; the rest is rejected
  (this is what stops a gzip bomb);
- ``max_articles_per_file``: records read from one file (JSON Lines: lines,
  blank ones included, so a stream of newlines stops too; CSV: rows); the rest
  is rejected;
- ``max_text_chars``: the longest article text accepted (after extraction). Its default
  follows memory: annotate parses an article as one spaCy document, ~3.2 MiB per 1,000
  characters (measured, issue 19), so 250,000 keeps a one-article run near 1.6 GiB,
  within the 2 GiB bound (an article of ~40,000 words still passes);
- ``max_listed_rejections``: rejected lines listed one by one per file; further
  ones are counted in one closing rejection (so a file of two million bad lines
  cannot fill memory with messages, and none disappears uncounted);
- ``min_date``/``max_date``: publication dates outside this range are refused
  (a date in year 9999 is a typo or an attack, and date arithmetic near the
  ends of the calendar overflows).

Every rejection caused by a limit names the limit's CLI option, so the user
knows what to raise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class IngestLimits:
    """How much one input may make newsweave read (see the module docstring)."""

    max_file_bytes: int = 16 * MIB
    max_line_bytes: int = 4 * MIB
    max_stream_bytes: int = 4 * 1024 * MIB
    max_articles_per_file: int = 100_000
    max_text_chars: int = 250_000
    max_listed_rejections: int = 1_000
    min_date: dt.date = dt.date(1800, 1, 1)
    max_date: dt.date = dt.date(2200, 12, 31)

    def __post_init__(self) -> None:
        for name in ("max_file_bytes", "max_line_bytes", "max_stream_bytes",
                     "max_articles_per_file", "max_text_chars", "max_listed_rejections"):
            if getattr(self, name) < 1:
                raise ValueError(f"IngestLimits.{name} must be at least 1")
        if self.min_date > self.max_date:
            raise ValueError(f"IngestLimits.min_date {self.min_date} is after max_date "
                             f"{self.max_date}")

    def date_problem(self, date: dt.date) -> str | None:
        """Why ``date`` is refused (outside ``min_date``..``max_date``), or ``None``."""
        if self.min_date <= date <= self.max_date:
            return None
        return (f"date {date.isoformat()} is outside the accepted range "
                f"{self.min_date.isoformat()}..{self.max_date.isoformat()} "
                "(--min-date/--max-date change it)")


def size(n: int) -> str:
    """``n`` bytes, readably (``16 MiB``, ``4 GiB``, ``512 bytes``)."""
    for unit, factor in (("GiB", 1024 * MIB), ("MiB", MIB), ("KiB", 1024)):
        if n >= factor and n % factor == 0:
            return f"{n // factor} {unit}"
    return f"{n:,} bytes"
