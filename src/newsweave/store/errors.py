"""SQLite errors turned into :class:`~newsweave.errors.StoreError` messages that name the cause.

SQLite rolls a transaction back by itself when the disk fills up or an I/O
error strikes; the ``ROLLBACK`` that follows then fails with "cannot rollback -
no transaction is active" (or "no such savepoint"), and Python reports that
error, chained to the real one. :func:`store_error` walks the chain back to
the first error, so the message says "the disk is full", not "cannot rollback".
"""

from __future__ import annotations

import sqlite3

from newsweave.errors import StoreError

_FOLLOW_UPS = ("cannot rollback", "no such savepoint", "cannot commit - no transaction")


def root_cause(exc: BaseException) -> BaseException:
    """The first SQLite error of ``exc``'s chain (skipping failed rollbacks that followed it)."""
    seen: set[int] = set()
    while (isinstance(exc, sqlite3.Error) and any(f in str(exc) for f in _FOLLOW_UPS)
           and exc.__context__ is not None and id(exc) not in seen):
        seen.add(id(exc))
        exc = exc.__context__
    return exc


def environmental(exc: BaseException) -> bool:
    """True for SQLite errors caused by the disk or file (full, read-only, I/O, locked,
    damaged), as opposed to bugs (a constraint violated, an API misused), which are
    left as they are."""
    root = root_cause(exc)
    return isinstance(root, sqlite3.OperationalError) or type(root) is sqlite3.DatabaseError


# The cause, told by SQLite's error name or message (first match wins), and what to do.
_ADVICE: tuple[tuple[tuple[str, ...], str], ...] = (
    (("sqlite_full", "disk is full"),
     "the disk holding it is full: free some space, then run the command again "
     "(nothing of the interrupted step was stored)"),
    (("readonly", "read-only"),
     "it is read-only (file or folder permissions, or a read-only disk): write "
     "to a copy, or ask for write access"),
    (("sqlite_ioerr", "disk i/o error"),
     "a disk I/O error occurred (is the disk full, failing or removed?): fix the "
     "disk, then run the command again (nothing of the interrupted step was stored)"),
    (("sqlite_busy", "locked"),
     "another process kept it locked for more than 10 seconds: wait for the "
     "other ingest to finish, then try again"),
    (("sqlite_notadb", "not a database"),
     "it cannot be read as a database. Is it a newsweave SQLite file?"),
    (("sqlite_corrupt", "malformed"), "the file is damaged: restore it from a backup"),
    (("sqlite_cantopen", "unable to open"),
     "it cannot be opened: check that its folder exists and can be read"),
)


def _advice(name: str, message: str) -> str:
    text = f"{name} {message}".lower()
    return next((advice for signs, advice in _ADVICE if any(s in text for s in signs)),
                "SQLite failed")


def store_error(exc: sqlite3.Error, path: str) -> StoreError:
    """A :class:`StoreError` for ``exc`` raised on the store at ``path``, naming the cause."""
    root = root_cause(exc)
    name = getattr(root, "sqlite_errorname", "") or ""
    detail = f"{root}" + (f", {name}" if name else "")
    return StoreError(f"Store {path!r}: {_advice(name, str(root))} (SQLite: {detail}).")
