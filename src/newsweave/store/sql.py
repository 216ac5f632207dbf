"""The store's shared SQL helpers: one transaction helper and the date columns' form."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One atomic unit of work on ``conn`` (autocommit mode): committed on success,
    rolled back on any error.

    Nested inside another transaction it is a savepoint, so several store calls
    (or an index's updates and the stories they change) can be made one atomic step.
    """
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO nested")
            conn.execute("RELEASE nested")
            raise
        else:
            conn.execute("RELEASE nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def iso(value: dt.date | None) -> str | None:
    """A date as stored: ISO 8601 text, ``NULL`` when unknown."""
    return value.isoformat() if value else None


def to_date(value: str | None) -> dt.date | None:
    """Inverse of :func:`iso`."""
    return dt.date.fromisoformat(value) if value else None
