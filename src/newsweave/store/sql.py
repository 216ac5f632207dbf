"""The store's shared SQL helpers: one transaction helper and the date columns' form."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def transaction(
    conn: sqlite3.Connection, *, hook: Callable[[str], None] | None = None
) -> Iterator[sqlite3.Connection]:
    """One atomic unit of work on ``conn`` (autocommit mode): committed on success,
    rolled back on any error.

    Nested inside another transaction it is a savepoint, so several store calls
    (or an index's updates and the stories they change) can be made one atomic step.
    The error that caused the rollback is the one raised: SQLite rolls back by
    itself after a full disk or an I/O error, and the "cannot rollback" of a
    second ``ROLLBACK`` must not replace it. ``hook`` is called with
    ``"before-commit"`` and ``"after-commit"`` around an outermost ``COMMIT``
    (the store's test-only fault points, :mod:`newsweave.store.faults`).
    """
    nested = conn.in_transaction
    conn.execute("SAVEPOINT nested" if nested else "BEGIN IMMEDIATE")
    try:
        yield conn
        if nested:
            conn.execute("RELEASE nested")
        else:
            if hook is not None:
                hook("before-commit")
            conn.execute("COMMIT")
    except BaseException:
        _rollback(conn, nested)
        raise
    if hook is not None and not nested:
        hook("after-commit")


def _rollback(conn: sqlite3.Connection, nested: bool) -> None:
    if not conn.in_transaction:
        return  # SQLite already rolled back (full disk, I/O error)
    try:
        if nested:
            conn.execute("ROLLBACK TO nested")
            conn.execute("RELEASE nested")
        else:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass  # the error being handled is the one to report


def iso(value: dt.date | None) -> str | None:
    """A date as stored: ISO 8601 text, ``NULL`` when unknown."""
    return value.isoformat() if value else None


def to_date(value: str | None) -> dt.date | None:
    """Inverse of :func:`iso`."""
    return dt.date.fromisoformat(value) if value else None
