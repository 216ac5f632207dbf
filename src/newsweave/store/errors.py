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


def _advice(name: str, message: str) -> str:
    text = f"{name} {message}".lower()
    if "sqlite_full" in text or "disk is full" in text:
        return ("the disk holding it is full: free some space, then run the command again "
                "(nothing of the interrupted step was stored)")
    if "readonly" in text or "read-only" in text:
        return ("it is read-only (file or folder permissions, or a read-only disk): write "
                "to a copy, or ask for write access")
    if "sqlite_ioerr" in text or "disk i/o error" in text:
        return ("a disk I/O error occurred (is the disk full, failing or removed?): fix the "
                "disk, then run the command again (nothing of the interrupted step was stored)")
    if "sqlite_busy" in text or "locked" in text:
        return ("another process kept it locked for more than 10 seconds: wait for the "
                "other ingest to finish, then try again")
    if "sqlite_notadb" in text or "not a database" in text:
        return "it cannot be read as a database. Is it a newsweave SQLite file?"
    if "sqlite_corrupt" in text or "malformed" in text:
        return "the file is damaged: restore it from a backup"
    if "sqlite_cantopen" in text or "unable to open" in text:
        return "it cannot be opened: check that its folder exists and can be read"
    return "SQLite failed"


def store_error(exc: sqlite3.Error, path: str) -> StoreError:
    """A :class:`StoreError` for ``exc`` raised on the store at ``path``, naming the cause."""
    root = root_cause(exc)
    name = getattr(root, "sqlite_errorname", "") or ""
    detail = f"{root}" + (f", {name}" if name else "")
    return StoreError(f"Store {path!r}: {_advice(name, str(root))} (SQLite: {detail}).")
