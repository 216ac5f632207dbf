"""The store's shared SQL helpers: one transaction helper, the date columns' form, and
"rows whose key is in this (possibly huge) list" (:func:`rows_in`, :func:`execute_in`)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any


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


# -- "rows whose key is in this list" --------------------------------------------------

#: Where ``rows_in``/``execute_in`` put the ``?, ?, ...`` list of one chunk of keys.
KEYS = "{keys}"
#: Bound parameters per statement: SQLite's limit on old builds (3.32 raised it to 32,766),
#: so a statement never fails whatever SQLite the store runs on.
MAX_VARIABLES = 999
#: Keys per statement at the most (fewer when ``params`` or repeated lists need room).
KEYS_PER_QUERY = 500


def rows_in(conn: sqlite3.Connection, sql: str, keys: Iterable[object],
            params: Sequence[object] = ()) -> Iterator[tuple[Any, ...]]:
    """The rows of ``sql`` for every key of ``keys``, however many (a million is fine).

    ``sql`` holds :data:`KEYS` where an ``IN (...)`` list goes (``WHERE id IN ({keys})``,
    possibly more than once: each occurrence gets the same chunk); ``params`` are bound
    before the keys, in every statement. The distinct keys (first occurrence order) are
    sent in chunks of at most :data:`KEYS_PER_QUERY`, so a key never matches twice; rows
    of different chunks come chunk after chunk, hence an ``ORDER BY`` holds within a
    chunk only: callers that need an order sort the rows. No key, no statement.
    Also for ``DELETE``/``UPDATE`` (they yield no row: see :func:`execute_in`).
    """
    repeats = sql.count(KEYS)
    if repeats == 0:
        raise ValueError(f"rows_in: the SQL has no {KEYS} list: {sql!r}")
    size = min(KEYS_PER_QUERY, (MAX_VARIABLES - len(params)) // repeats)
    wanted = list(dict.fromkeys(keys))
    for i in range(0, len(wanted), size):
        chunk = wanted[i: i + size]
        marks = ",".join("?" * len(chunk))
        yield from conn.execute(sql.replace(KEYS, marks), (*params, *(chunk * repeats)))


def execute_in(conn: sqlite3.Connection, sql: str, keys: Iterable[object],
               params: Sequence[object] = ()) -> None:
    """Run the write ``sql`` (``DELETE``/``UPDATE ... WHERE k IN ({keys})``) for every
    key of ``keys``, chunked like :func:`rows_in`."""
    for _ in rows_in(conn, sql, keys, params):
        pass
