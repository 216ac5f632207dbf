"""``newsweave ingest``, ``search`` and ``remove``: the commands that keep a store.

Thin like the rest of the CLI (:mod:`newsweave.cli`): each calls one library function.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsweave import cli_limits as lim
from newsweave.cli_common import (
    EXIT_REJECTED,
    DatelinesOpt,
    DefaultDateOpt,
    MinWordsOpt,
    PathsArg,
    QuietOpt,
    SchedulerOpt,
    WorkersOpt,
    _check_inputs,
    _executor,
    _fail,
    _models,
    _options,
    _print_notes,
    _print_rejections,
    _progress,
    _store_failure,
    err,
)
from newsweave.cli_refresh import outdated_note
from newsweave.errors import NewsweaveError
from newsweave.model import Rejection
from newsweave.progress import NoProgress


def ingest(
    paths: PathsArg,
    db: Annotated[Path, typer.Option("--db", help="SQLite store file (created if missing).")],
    default_date: DefaultDateOpt = None,
    min_words: MinWordsOpt = 10,
    datelines: DatelinesOpt = True,
    quiet: QuietOpt = False,
    max_file_bytes: lim.MaxFileOpt = lim.FILE_DEFAULT,
    max_line_bytes: lim.MaxLineOpt = lim.LINE_DEFAULT,
    max_stream_bytes: lim.MaxStreamOpt = lim.STREAM_DEFAULT,
    max_articles_per_file: lim.MaxRecordsOpt = lim.RECORDS_DEFAULT,
    max_text_chars: lim.MaxTextOpt = lim.TEXT_DEFAULT,
    max_listed_rejections: lim.MaxListedOpt = lim.LISTED_DEFAULT,
    min_date: lim.MinDateOpt = lim.MIN_DATE_DEFAULT,
    max_date: lim.MaxDateOpt = lim.MAX_DATE_DEFAULT,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
) -> None:
    """Add articles to a store incrementally and update its stories."""
    from newsweave import pipeline
    from newsweave.failures import FailureLog
    from newsweave.store import Store

    limits = lim.build_limits(
        max_file=max_file_bytes, max_line=max_line_bytes, max_stream=max_stream_bytes,
        max_records=max_articles_per_file, max_text=max_text_chars,
        max_listed=max_listed_rejections, min_date=min_date, max_date=max_date)
    options = _options(default_date, min_words, limits, datelines=datelines)
    _check_inputs(paths)
    failures = FailureLog()
    try:
        # The store first: a file that is not a store stops here, before any model loads.
        with (Store.open(db) as store, _executor(workers, scheduler, quiet) as executor,
              _progress(quiet) as progress):
            outcome = pipeline.ingest(paths, store, options=options,
                                      stdin=sys.stdin.buffer, progress=progress)
            # The store's saved settings (from the run that built it) weave the stories.
            pipeline.update(store, _models(quiet, progress), progress=progress,
                            executor=executor, failures=failures)
            if failures.items:
                store.record_failures(outcome.run_id, failures.items)
            total = store.article_count()
            if not quiet:  # stories an update left outdated (issue 19): how to refresh
                outdated_note(store, db)
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    except sqlite3.Error as exc:
        raise _store_failure(exc, db) from exc
    if not quiet:
        err.print(f"{len(outcome.added)} added, {len(outcome.unchanged)} already stored; "
                  f"the store {db} now holds {total} articles.")
    _print_notes(outcome.warnings, failures.items, quiet)
    _print_rejections(outcome.rejected, quiet)
    if outcome.rejected or failures.items:
        raise typer.Exit(EXIT_REJECTED)


def search(
    query: Annotated[str, typer.Argument(help="Words to find (FTS5 syntax allowed).")],
    db: Annotated[Path, typer.Option("--db", help="SQLite store file.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 20,
) -> None:
    """Full-text search over the stored articles."""
    from newsweave.store import Store

    try:
        with Store.open(db, read_only=True) as store:
            hits = store.search(query, limit=limit)
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    except sqlite3.Error as exc:
        raise _store_failure(exc, db) from exc
    out = Console(highlight=False, soft_wrap=True)
    for hit in hits:
        date = hit.date.isoformat() if hit.date else "undated"
        out.print(f"[bold]{hit.article_id}[/] {date} {hit.source or ''} — {hit.title or ''}")
        out.print(f"    {hit.snippet}", markup=False)
    if not hits:
        err.print(f"No article matches {query!r}.")


def remove(
    ids: Annotated[list[str], typer.Argument(help="Ids of the articles to delete.")],
    db: Annotated[Path, typer.Option("--db", help="SQLite store file.")],
    quiet: QuietOpt = False,
) -> None:
    """Delete articles from a store and re-weave the stories they were in."""
    from newsweave import pipeline
    from newsweave.errors import StoreError
    from newsweave.failures import FailureLog
    from newsweave.store import Store

    failures = FailureLog()
    try:
        if not db.exists():
            raise StoreError(f"Store {str(db)!r} does not exist: nothing to remove.")
        with Store.open(db) as store:
            result = pipeline.remove(ids, store, _models(True, NoProgress()), failures=failures)
            total = store.article_count()
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    except sqlite3.Error as exc:
        raise _store_failure(exc, db) from exc
    if not quiet:
        err.print(f"{len(result.removed)} removed, {len(result.stories)} stories re-woven; "
                  f"the store {db} now holds {total} articles.", highlight=False)
    _print_notes((), failures.items, quiet)
    _print_rejections(tuple(Rejection(i, "no article with this id in the store")
                            for i in result.missing), quiet)
    if result.missing or failures.items:
        raise typer.Exit(EXIT_REJECTED)
