"""What the ``newsweave`` commands share: the error console, exit codes, common options,
progress, input checks and how errors become messages and exit codes.

Exit codes: 0 success; 3 success but some inputs were rejected (each is listed); 1 an
error stopped the command (the message says what to do); 2 the command line itself is
wrong.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from newsweave.errors import NewsweaveError
from newsweave.model import Failure, InputWarning, Rejection
from newsweave.progress import NoProgress, Progress, RichProgress
from newsweave.settings import Options

if TYPE_CHECKING:
    from newsweave.executor import Executor

EXIT_REJECTED = 3
EXIT_ERROR = 1

err = Console(stderr=True, soft_wrap=True)  # never hard-wrap paths in messages


@contextmanager
def _progress(quiet: bool) -> Iterator[Progress]:
    """One progress display for the whole command (none with ``--quiet``)."""
    if quiet:
        yield NoProgress()
        return
    with RichProgress(err) as progress:
        yield progress


def _models(quiet: bool, progress: Progress) -> Any:
    """The models (each loads when first used; the display says when one loads)."""
    from newsweave.nlp import Models

    note = getattr(progress, "note", None)
    return Models(on_load=None if quiet else note)


def _check_inputs(paths: list[str]) -> None:
    """A path that does not exist (or a glob that matches nothing) stops the command
    before anything is read or loaded: it is a mistake in the command line."""
    from newsweave.ingest import expand_paths

    missing = [r for r in expand_paths(paths).rejected
               if r.reason in ("no such file or directory", "glob matched no files")]
    if missing:
        listed = "; ".join(f"{r.path}: {r.reason}" for r in missing[:5])
        more = f" (and {len(missing) - 5} more)" if len(missing) > 5 else ""
        err.print(f"[bold red]error:[/] {escape(listed)}{more}. Nothing was read: check "
                  "the path(s) and run the command again.", highlight=False)
        raise typer.Exit(EXIT_ERROR)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD.") from exc


def _print_rejections(rejected: tuple[Rejection, ...], quiet: bool) -> None:
    if not rejected:
        return
    err.print(f"[bold yellow]{len(rejected)} input(s) rejected:[/]")
    for r in rejected if not quiet else rejected[:50]:
        err.print(f"  [yellow]{escape(r.path)}[/]: {escape(r.reason)}", highlight=False)


def _print_notes(warnings: tuple[InputWarning, ...], failed: tuple[Failure, ...],
                 quiet: bool) -> None:
    """Repaired inputs (warnings: the run used them) and failed analyses (the run went on)."""
    if warnings and not quiet:
        err.print(f"[yellow]{len(warnings)} input(s) repaired while reading:[/]")
        for w in warnings:
            err.print(f"  [yellow]{escape(w.path)}[/]: {escape(w.message)}", highlight=False)
    if failed:
        err.print(f"[bold yellow]{len(failed)} analysis step(s) failed; the rest of the run "
                  "completed (a later run retries them):[/]")
        for f in failed if not quiet else failed[:50]:
            err.print(f"  [yellow]{f.kind} {escape(f.item)}[/] ({f.stage}): {escape(f.reason)}",
                      highlight=False)


def _fail(exc: NewsweaveError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
    return typer.Exit(EXIT_ERROR)


@contextmanager
def _run_store(db: Path | None) -> Iterator[Path]:
    """``db``, or for a run without one a store file in a fresh temporary folder, removed
    afterwards: a one-shot run keeps nothing per article in memory (issue 19); set TMPDIR
    to choose the disk."""
    if db is not None:
        yield db
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="newsweave-") as folder:
        yield Path(folder) / "analyze.db"


def _store_failure(exc: sqlite3.Error, db: Path | str | None) -> typer.Exit:
    """A SQLite error that escaped the store (e.g. the disk failed while reading)."""
    from newsweave.store.errors import store_error

    return _fail(store_error(exc, str(db or ":memory:")))


PathsArg = Annotated[list[str], typer.Argument(
    help="Files, folders (recursive), glob patterns or - for standard input.")]
DbOpt = Annotated[Path | None, typer.Option("--db", help="SQLite store file.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summary.")]
DefaultDateOpt = Annotated[str | None, typer.Option(
    "--default-date", help="Date (YYYY-MM-DD) of articles whose input gives none and whose "
    "text has no dateline (any format: .txt without a date header, records without a date "
    "field, pages without a date).")]
MinWordsOpt = Annotated[int, typer.Option(
    "--min-words", min=1, help="Reject articles with fewer words (title + text).")]
DatelinesOpt = Annotated[bool, typer.Option(
    "--datelines/--no-datelines",
    help="Date articles without a date from their own dateline ('Posted: May 24, 2005').")]
WorkersOpt = Annotated[int | None, typer.Option(
    "--workers", min=1, help="Analyse and compare on a local Dask cluster of N worker "
    "processes (pip install 'newsweave[dask]').")]
SchedulerOpt = Annotated[str | None, typer.Option(
    "--scheduler", help="Analyse and compare on the running Dask cluster whose scheduler is "
    "at ADDRESS (e.g. tcp://10.0.0.5:8786).")]


@contextmanager
def _executor(workers: int | None, scheduler: str | None,
              quiet: bool) -> Iterator[Executor | None]:
    """``None`` (this process), a local Dask cluster, or a connection to a running one."""
    if workers is not None and scheduler is not None:
        raise typer.BadParameter("use either --workers or --scheduler, not both.")
    if workers is None and scheduler is None:
        yield None
        return
    from newsweave.scale import DaskExecutor

    if scheduler is not None:
        executor = DaskExecutor.connect(scheduler)
    elif quiet:
        executor = DaskExecutor.local(workers or 1)
    else:
        with err.status(f"Starting {workers} Dask worker(s)…"):
            executor = DaskExecutor.local(workers or 1)
    try:
        yield executor
    finally:
        executor.close()


def _options(default_date: str | None, min_words: int, limits: Any, **kw: Any) -> Options:
    """Run options; ``--default-date`` must lie within the accepted date range."""
    date = _parse_date(default_date)
    if date is not None and (problem := limits.date_problem(date)) is not None:
        raise typer.BadParameter(f"--default-date: {problem}")
    return Options(default_date=date, min_words=min_words, limits=limits, **kw)
