"""Named, ordered schema migrations (in the spirit of sqlite-utils' migrations).

Each migration runs once, inside a transaction, and is recorded by name in
``schema_migrations``. Never edit a released migration: add a new one. Their bodies
(SQL) are in :mod:`newsweave.store.migrations_0001` (0001-0013) and
:mod:`newsweave.store.migrations_0014` (0014 on, where a new one goes); this module
lists them in order (:data:`MIGRATIONS`) and applies them.
"""

from __future__ import annotations

import sqlite3

from newsweave.errors import StoreError
from newsweave.store.migrations_0001 import (
    ANALYSIS_CACHE,
    ARTICLE_AUTHOR,
    ARTICLE_DATE_INFERRED,
    CORE,
    DEDUP_INDEX,
    RUN_NOTES,
    SETTINGS,
    STORY_INDEX,
    STORY_INDEX_LEAD,
    STORY_LISTING,
    STORYLINES,
    TIMEX3_REANALYSIS,
    Migration,
)
from newsweave.store.migrations_0014 import (
    ANALYSIS_VERSIONS,
    PAGE_INDEXES,
    QUERY_TABLES,
    STORYLINE_MERGES,
    UPDATE_STATE,
)

__all__ = [
    "ANALYSIS_CACHE", "ANALYSIS_VERSIONS", "ARTICLE_AUTHOR", "ARTICLE_DATE_INFERRED", "CORE",
    "DEDUP_INDEX", "MIGRATIONS", "PAGE_INDEXES", "QUERY_TABLES", "RUN_NOTES", "SETTINGS",
    "STORYLINES",
    "STORYLINE_MERGES", "STORY_INDEX", "STORY_INDEX_LEAD", "STORY_LISTING",
    "TIMEX3_REANALYSIS", "UPDATE_STATE", "Migration", "applied", "migrate",
]

MIGRATIONS: tuple[Migration, ...] = (
    CORE, ANALYSIS_CACHE, DEDUP_INDEX, STORY_INDEX, STORY_INDEX_LEAD, ARTICLE_DATE_INFERRED,
    STORYLINES, RUN_NOTES, SETTINGS, TIMEX3_REANALYSIS, STORY_LISTING, ARTICLE_AUTHOR,
    QUERY_TABLES, ANALYSIS_VERSIONS, STORYLINE_MERGES, UPDATE_STATE, PAGE_INDEXES)


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations already applied to ``conn``, in order."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
    )
    return [row[0] for row in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply every migration not yet recorded; return the names applied now.

    Each migration and its record are committed together, so a failure leaves
    the store at the previous migration. ``conn`` must be in autocommit mode
    (``isolation_level=None``), which :class:`newsweave.store.Store` uses.
    """
    done = set(applied(conn))
    names = [m.name for m in migrations]
    if len(set(names)) != len(names) or names != sorted(names):
        raise StoreError(f"Migrations must have unique, ordered names; got {names}.")
    unknown = done - set(names)
    if unknown:
        raise StoreError(
            f"This store was written by a newer newsweave (unknown migrations {sorted(unknown)}): "
            "upgrade newsweave to open it."
        )
    ran: list[str] = []
    for migration in migrations:
        if migration.name in done:
            continue
        # executescript() commits any pending transaction first, so the script is
        # wrapped in an explicit BEGIN/COMMIT of its own.
        script = (
            "BEGIN;\n"
            + migration.sql
            + "\nINSERT INTO schema_migrations(name, applied_at)"
            + f" VALUES ('{migration.name}', datetime('now'));\nCOMMIT;"
        )
        try:
            conn.executescript(script)
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"Migration {migration.name} failed: {exc}") from exc
        ran.append(migration.name)
    return ran
