"""``newsweave refresh``: re-weave the stories whose cached report is out of date, and the
notes other commands print about them (issue 19; :mod:`newsweave.outdated`).

Thin like the rest of the CLI (:mod:`newsweave.cli`): it calls :func:`newsweave.refresh.refresh`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newsweave.cli_common import (
    EXIT_REJECTED,
    QuietOpt,
    SchedulerOpt,
    WorkersOpt,
    _executor,
    _fail,
    _models,
    _print_notes,
    _progress,
    _store_failure,
    err,
)
from newsweave.errors import NewsweaveError

if TYPE_CHECKING:
    from newsweave.store import Store

LimitOpt = Annotated[int | None, typer.Option(
    "--limit", "-n", min=1, help="Re-weave at most N stories, then stop (run again to go on: "
    "every story woven is kept).")]


def outdated_note(store: Store, db: Path) -> None:
    """Tell how many stories of ``store`` have an outdated report and how to refresh them
    (nothing when none; cheap when the store's bookkeeping says none can be)."""
    from newsweave.refresh import outdated_ids

    n = len(outdated_ids(store))
    if n:
        err.print(f"[yellow]{n} of the store's stories were woven by an older newsweave or with "
                  "other options[/]: each is re-woven when it is read (a story page, `newsweave "
                  f"report`), or run `newsweave refresh --db {db}` to re-weave them now "
                  "(resumable; --limit N does a part).", highlight=False)


def refresh(
    db: Annotated[Path, typer.Option("--db", help="SQLite store file.")],
    limit: LimitOpt = None,
    quiet: QuietOpt = False,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
) -> None:
    """Re-weave the stories whose report is out of date (woven by an older newsweave,
    with other options, or left by an interrupted run), each stored as it is done."""
    from newsweave import refresh as refreshing
    from newsweave.errors import StoreError
    from newsweave.failures import FailureLog
    from newsweave.store import Store

    failures = FailureLog()
    try:
        if not db.exists():
            raise StoreError(f"Store {str(db)!r} does not exist: nothing to refresh.")
        with (Store.open(db) as store, _executor(workers, scheduler, quiet) as executor,
              _progress(quiet) as progress):
            done = refreshing.refresh(store, _models(quiet, progress), executor=executor,
                                      progress=progress, failures=failures, limit=limit)
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    except sqlite3.Error as exc:
        raise _store_failure(exc, db) from exc
    if not quiet:
        if not done.woven:
            err.print("Every story's report is current.")
        else:
            more = (f"; {done.left} left: run the command again to go on" if done.left
                    else "; every story's report is now current")
            err.print(f"Re-wove {done.woven} stories{more}.", highlight=False)
    _print_notes((), failures.items, quiet)
    if failures.items:
        raise typer.Exit(EXIT_REJECTED)


def refresh_for_reading(db: Path, quiet: bool) -> None:
    """Before a whole report is read from ``db``: re-weave its outdated stories (so the
    report equals a full re-weave), saying so; nothing (no model loads) when none are."""
    from newsweave import refresh as refreshing
    from newsweave.failures import FailureLog
    from newsweave.store import Store

    with Store.open(db, read_only=True) as store:
        n = len(refreshing.outdated_ids(store))
    if not n:
        return
    try:
        writable = Store.open(db)
    except NewsweaveError as exc:  # e.g. a read-only file or folder: report what is cached
        err.print(f"[yellow]{n} stories were woven by an older newsweave or with other "
                  f"options and cannot be re-woven here ({exc}); the report shows them as "
                  "they were cached. Run `newsweave refresh` where the store is writable.[/]",
                  highlight=False)
        return
    with writable as store, _progress(quiet) as progress:
        ids = refreshing.outdated_ids(store)
        if not quiet:
            err.print(f"{len(ids)} stories were woven by an older newsweave or with other "
                      "options: re-weaving them for this report (`newsweave refresh` does "
                      "it ahead of time).", highlight=False)
        failures = FailureLog()
        refreshing.refresh(store, _models(quiet, progress), progress=progress, only=ids,
                           failures=failures)
    _print_notes((), failures.items, quiet)  # a failed story is reported as it was cached
