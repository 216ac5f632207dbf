"""Run bookkeeping of a store: each ingest/analyze run, its rejections, warnings and failures.

A mixin of :class:`newsweave.store.Store` (kept apart so store.py stays readable);
it uses the store's connection and :meth:`~newsweave.store.Store.transaction`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager

from newsweave.model import Failure, InputWarning, Rejection


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class RunRecords:
    """Runs, rejections, input warnings and analysis failures (tables ``runs``,
    ``rejections``, ``run_warnings``, ``run_failures``)."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by Store

    def begin_run(self, command: str) -> int:
        """Record the start of an ingest/analyze run and return its id."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO runs(command, started_at) VALUES (?, ?)", (command, _now())
            )
            return int(cur.lastrowid or 0)

    def finish_run(
        self,
        run_id: int,
        *,
        added: int,
        unchanged: int,
        rejected: Sequence[Rejection],
        warnings: Sequence[InputWarning] = (),
    ) -> None:
        """Record the end of a run with its counts, every rejection and every warning."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE runs SET finished_at = ?, n_added = ?, n_unchanged = ?, n_rejected = ?"
                " WHERE id = ?",
                (_now(), added, unchanged, len(rejected), run_id),
            )
            conn.executemany(
                "INSERT INTO rejections(run_id, path, reason) VALUES (?, ?, ?)",
                [(run_id, r.path, r.reason) for r in rejected],
            )
            conn.executemany(
                "INSERT INTO run_warnings(run_id, path, message) VALUES (?, ?, ?)",
                [(run_id, w.path, w.message) for w in warnings],
            )

    def record_failures(self, run_id: int, failures: Iterable[Failure]) -> None:
        """Record the analysis failures of run ``run_id`` (reported with its rejections)."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO run_failures(run_id, kind, item, stage, reason)"
                " VALUES (?, ?, ?, ?, ?)",
                [(run_id, f.kind, f.item, f.stage, f.reason) for f in failures],
            )

    def _last_run(self) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return None if row is None else int(row[0])

    def last_rejections(self) -> tuple[Rejection, ...]:
        """Rejections of the most recent finished run (empty if none)."""
        run = self._last_run()
        rows = self.conn.execute(
            "SELECT path, reason FROM rejections WHERE run_id = ? ORDER BY rowid", (run,)
        )
        return tuple(Rejection(path, reason) for path, reason in rows)

    def _has_table(self, name: str) -> bool:
        # A store written by an older newsweave and opened read-only (so not migrated)
        # lacks the newer tables.
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                 (name,)).fetchone() is not None

    def last_warnings(self) -> tuple[InputWarning, ...]:
        """Input warnings of the most recent finished run (empty if none)."""
        if not self._has_table("run_warnings"):
            return ()
        rows = self.conn.execute(
            "SELECT path, message FROM run_warnings WHERE run_id = ? ORDER BY rowid",
            (self._last_run(),))
        return tuple(InputWarning(path, message) for path, message in rows)

    def last_failures(self) -> tuple[Failure, ...]:
        """Analysis failures of the most recent finished run (empty if none)."""
        if not self._has_table("run_failures"):
            return ()
        rows = self.conn.execute(
            "SELECT kind, item, stage, reason FROM run_failures WHERE run_id = ? ORDER BY rowid",
            (self._last_run(),))
        return tuple(Failure(kind, item, stage, reason) for kind, item, stage, reason in rows)

    def latest_run_id(self) -> int:
        """Id of the most recent run, finished or not (0 for a store without runs)."""
        row = self.conn.execute("SELECT max(id) FROM runs").fetchone()
        return int(row[0] or 0)

    def added_since_run(self, run_id: int) -> list[str]:
        """Ids of the articles stored by runs after ``run_id`` (what an interrupted run
        had committed before it stopped)."""
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE run_id > ? ORDER BY rowid", (run_id,))
        return [r[0] for r in rows]
