"""Opening the SQLite connection of a store, for writing or for reading only.

A store is a WAL-mode database. Reading one normally needs write access to
its folder (SQLite creates the ``-shm`` index file next to it), so a store on
a read-only disk or in a folder the user cannot write fails with "attempt to
write a readonly database" on the first query. A read-only open therefore
probes the file and, when that is the cause and no write-ahead log is pending
(a store closed cleanly has none), reopens it ``immutable`` — safe, since no
writer can be changing a file nobody can write.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsweave.errors import StoreError

MEMORY = ":memory:"


def connect(name: str, *, read_only: bool) -> sqlite3.Connection:
    """A connection to the store file ``name`` (or ``:memory:``), configured and probed.

    Raises :class:`StoreError` when a read-only store does not exist or cannot
    be read, and lets :class:`sqlite3.Error` through otherwise (the caller
    turns it into a :class:`StoreError` naming the cause).
    """
    if not read_only:
        if name != MEMORY:
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(name, isolation_level=None, check_same_thread=False)
        _configure(conn)
        if name != MEMORY:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        return conn
    if name == MEMORY or not Path(name).exists():
        raise StoreError(
            f"Store {name!r} does not exist: create it first with "
            "`newsweave ingest PATH... --db FILE`."
        )
    uri = Path(name).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        _configure(conn)
        _probe(conn)
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if "readonly" not in str(exc) and "unable to open" not in str(exc):
            raise
        wal = Path(name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(
                f"Store {name!r} cannot be read: its folder is read-only and it has changes "
                f"not yet merged from {wal.name}. Open it once with write access (a "
                "`newsweave ingest` by a user who may write it merges them)."
            ) from exc
    conn = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None,
                           check_same_thread=False)
    _configure(conn)
    _probe(conn)
    return conn


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")


def _probe(conn: sqlite3.Connection) -> None:
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
