"""Cached stage results of a store: per-article analyses by stage and version, and
story-level results with the fingerprint of their inputs.

A mixin of :class:`newsweave.store.Store` (kept apart so store.py stays readable);
it uses the store's connection and :meth:`~newsweave.store.Store.transaction`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager

from newsweave.store.sql import rows_in


class CacheRecords:
    """Cached results (tables ``article_analysis``, ``story_analysis``)."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by Store

    def put_article_analysis(
        self, stage: str, version: str, items: Mapping[str, bytes]
    ) -> None:
        """Cache per-article results of ``stage`` (``items``: article id -> payload)."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO article_analysis(article_id, stage, version, data)"
                " VALUES (?, ?, ?, ?)",
                [(aid, stage, version, data) for aid, data in items.items()],
            )

    def article_analysis(
        self, stage: str, version: str, ids: Iterable[str]
    ) -> dict[str, bytes]:
        """Cached payloads of ``stage`` at ``version`` for those of ``ids`` that have one."""
        rows = rows_in(
            self.conn, "SELECT article_id, data FROM article_analysis WHERE stage = ?"
            " AND version = ? AND article_id IN ({keys})", ids, (stage, version))
        return {aid: bytes(data) for aid, data in rows}

    def stale_articles(self, stages: Sequence[tuple[str, str]]) -> list[str]:
        """Ids of the articles missing a cached result of any ``(stage, version)``, in
        publication order (date, then id; undated last)."""
        # The compact index of migration 0015, not the rows holding the payloads (the
        # planner picks the primary key otherwise); a read-only store may predate it.
        hint = " INDEXED BY article_analysis_versions" if self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'article_analysis_versions'").fetchone() \
            else ""
        missing = " OR ".join(
            f"NOT EXISTS (SELECT 1 FROM article_analysis x{hint} WHERE x.article_id = a.id"
            " AND x.stage = ? AND x.version = ?)" for _ in stages) or "0"
        rows = self.conn.execute(
            f"SELECT a.id FROM articles a WHERE {missing} ORDER BY a.date IS NULL, a.date, a.id",
            [value for pair in stages for value in pair])
        return [r[0] for r in rows]

    def put_story_analysis(self, story_id: str, stage: str, fingerprint: str, data: bytes) -> None:
        """Cache a story-level result; ``fingerprint`` identifies the inputs it came from."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO story_analysis(story_id, stage, fingerprint, data)"
                " VALUES (?, ?, ?, ?)", (story_id, stage, fingerprint, data))

    def story_analysis(self, story_id: str, stage: str) -> tuple[str, bytes] | None:
        """``(fingerprint, payload)`` cached for the story and stage, if any."""
        row = self.conn.execute(
            "SELECT fingerprint, data FROM story_analysis WHERE story_id = ? AND stage = ?",
            (story_id, stage)).fetchone()
        return (row[0], bytes(row[1])) if row else None
