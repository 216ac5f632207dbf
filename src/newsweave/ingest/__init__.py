"""INGEST stage: read articles from files, folders, globs and stdin into :class:`Article` records.

Bad input never raises and never disappears: every file or record that is not
ingested comes back as a :class:`Rejection` naming it (``path`` or ``path:LINE``)
and saying why.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO

from newsweave.ingest.dates import DateError, parse_date
from newsweave.ingest.formats import read_file
from newsweave.ingest.normalise import content_hash, normalise_text, slugify
from newsweave.ingest.paths import SUPPORTED_SUFFIXES, Expansion, InputFile, expand_paths
from newsweave.ingest.records import Limits
from newsweave.model import Article, IngestResult, Rejection

__all__ = [
    "SUPPORTED_SUFFIXES",
    "DateError",
    "Expansion",
    "InputFile",
    "content_hash",
    "expand_paths",
    "iter_inputs",
    "normalise_text",
    "parse_date",
    "read_inputs",
    "slugify",
]


def iter_inputs(
    paths: Sequence[str] | Expansion,
    *,
    default_date: dt.date | None = None,
    min_words: int = 10,
    datelines: bool = True,
    stdin: BinaryIO | None = None,
    stdin_name: str = "<stdin>",
    on_file: Callable[[str], None] | None = None,
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[Article | Rejection]:
    """Stream the articles and rejections of ``paths``, file by file, in a stable order.

    ``paths`` are files, folders (walked recursively, hidden entries skipped),
    glob patterns (``demo/**/*.jsonl``) or ``"-"`` for ``stdin`` (default
    ``sys.stdin.buffer``; shown as ``stdin_name``). Pass an :class:`Expansion`
    from :func:`expand_paths` to count files first (e.g. for a progress bar).

    Unsupported extensions: a file named explicitly is rejected
    (``"unsupported file type .json (use .txt, .jsonl, .jsonl.gz, .csv, .html)"``);
    inside folders and globs such files are skipped without a rejection, since
    folders of articles routinely hold READMEs and gold files, and each skipped
    path is passed to ``on_skip``. A glob matching nothing (or nothing supported)
    and a path that does not exist are rejections.

    ``on_file`` is called with each input file's display path before it is read.
    An article whose metadata carries no date is dated from its own dateline when
    ``datelines`` (``Article.date_inferred``; see :mod:`newsweave.ingest.datelines`),
    else by ``default_date``; ``min_words`` is the minimum number of words in
    title + text.

    Ids: a record's own ``id`` is kept; ``.txt``/``.html`` files get their
    slugified stem; records without an id get ``<stem>-<10 hex of content_hash>``
    (``stdin-...`` for stdin). Within one call, an id seen again with the same
    content hash is dropped silently (the same article read twice); with a
    different hash it is rejected as a duplicate.
    """
    expansion = paths if isinstance(paths, Expansion) else expand_paths(paths)
    yield from expansion.rejected
    if on_skip is not None:
        for skipped in expansion.skipped:
            on_skip(skipped)
    limits = Limits(min_words=min_words, default_date=default_date, datelines=datelines,
                    today=dt.date.today())
    first_seen: dict[str, tuple[str, str]] = {}  # id -> (content_hash, origin)
    for f in expansion.files:
        if f.path is None:
            f = dataclasses.replace(f, display=stdin_name)
        if on_file is not None:
            on_file(f.display)
        for item in read_file(f, limits, stdin):
            if isinstance(item, Rejection):
                yield item
                continue
            seen = first_seen.get(item.id)
            if seen is None:
                first_seen[item.id] = (item.content_hash, item.origin)
                yield item
            elif seen[0] != item.content_hash:
                yield Rejection(
                    item.origin,
                    f"duplicate id '{item.id}' with different content (first seen in {seen[1]})",
                )


def read_inputs(
    paths: Sequence[str] | Expansion,
    *,
    default_date: dt.date | None = None,
    min_words: int = 10,
    datelines: bool = True,
    stdin: BinaryIO | None = None,
    stdin_name: str = "<stdin>",
    on_file: Callable[[str], None] | None = None,
    on_skip: Callable[[str], None] | None = None,
) -> IngestResult:
    """Read all of ``paths`` into an :class:`IngestResult` (see :func:`iter_inputs`).

    Articles and rejections keep the order in which they were read.
    """
    articles: list[Article] = []
    rejected: list[Rejection] = []
    for item in iter_inputs(
        paths,
        default_date=default_date,
        min_words=min_words,
        datelines=datelines,
        stdin=stdin,
        stdin_name=stdin_name,
        on_file=on_file,
        on_skip=on_skip,
    ):
        if isinstance(item, Article):
            articles.append(item)
        else:
            rejected.append(item)
    return IngestResult(tuple(articles), tuple(rejected))
