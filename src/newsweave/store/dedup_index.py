"""The duplicate index's state in SQLite: :class:`newsweave.dedup.DedupState` in SQL.

Checking one new article against 100,000 stored ones is a handful of indexed
lookups, never a corpus load: the LSH band keys of every banded article are
rows of ``dedup_bands`` (primary key ``(key, seq)``), so the candidates are one
``SELECT ... WHERE key IN (42 keys)``; only the candidates' shingle sets are
read back, to verify them by exact Jaccard. The algorithm is
:class:`newsweave.dedup.DuplicateIndex`, the same code over this state as over
the in-memory one, so both give the same answers (tested). This module holds
SQL only: it imports no algorithm.

Tables (migration ``0004_dedup_index``, :data:`newsweave.store.migrations.DEDUP_INDEX`):

* ``dedup_params``: the :class:`~newsweave.dedup.DedupConfig` the index was
  built with; opening it with another config raises :class:`StoreError`
  (``rebuild=True`` empties it instead).
* ``dedup_docs``: one row per indexed article: insertion ``seq``, exact key,
  canonical article, match (similarity/kind, NULL when canonical), and for
  banded articles the MinHash signature (512 bytes) and sorted shingle hashes
  (4 bytes per distinct 5-gram, ~2 KB for a 500-word article).
* ``dedup_bands``: ``(key, seq)``, one row per band of each banded article (a copy's
  keys flipped by :func:`~newsweave.index_state.member_keys`, issue 19).

Exact copies are answered from ``dedup_docs_exact`` and are not banded.
Deleting an article (``ON DELETE CASCADE``) removes its ``dedup_docs`` row;
band rows left behind are harmless: they join to no document, or (if the
deleted article had the highest ``seq``, which is then reused) add a candidate
that exact verification rejects.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

import numpy as np

from newsweave.errors import StoreError
from newsweave.index_state import Candidate, DedupConfig, DedupEntry, member_keys
from newsweave.model import DuplicateMatch
from newsweave.store.migrations import DEDUP_INDEX
from newsweave.store.sql import transaction

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["MIGRATION", "SqlDedupState"]

MIGRATION = DEDUP_INDEX


def _blob(arr: NDArray[np.uint32]) -> bytes:
    return arr.astype("<u4").tobytes()


def _array(blob: bytes) -> NDArray[np.uint32]:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


class SqlDedupState:
    """A duplicate index's state in ``conn`` (tables from :data:`MIGRATION`).

    Holds no article data in memory: every call reads or writes the database.
    The first use of an empty index records ``config``; later uses must pass
    the same one, or ``rebuild=True`` to empty an index built with another
    config (its articles must then be re-added); anything else raises
    :class:`StoreError`. Open it with :meth:`newsweave.store.Store.duplicate_index`.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        config: DedupConfig | None = None,
        *,
        rebuild: bool = False,
    ) -> None:
        self.conn = conn
        self._config = config or DedupConfig()
        self._check_params(rebuild)

    @property
    def config(self) -> DedupConfig:
        return self._config

    def _check_params(self, rebuild: bool = False) -> None:
        wanted = self._config.params()
        try:
            stored = dict(self.conn.execute("SELECT name, value FROM dedup_params"))
        except sqlite3.OperationalError as exc:
            raise StoreError(
                "This store has no duplicate index tables: apply the "
                f"{MIGRATION.name!r} migration (open it with newsweave's Store)."
            ) from exc
        if not stored:
            with self.atomic():
                self.conn.executemany(
                    "INSERT INTO dedup_params(name, value) VALUES (?, ?)", wanted.items()
                )
        elif stored != wanted and rebuild:
            self.clear()
        elif stored != wanted:
            raise StoreError(
                f"The store's duplicate index was built with {stored}, not {wanted}: open it "
                "with the same settings, or pass rebuild=True (which empties it) and re-add "
                "the articles."
            )

    def atomic(self) -> AbstractContextManager[object]:
        return transaction(self.conn)

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM dedup_docs").fetchone()[0])

    def __contains__(self, article_id: object) -> bool:
        row = self.conn.execute("SELECT 1 FROM dedup_docs WHERE article_id = ?", (article_id,))
        return row.fetchone() is not None

    def clear(self) -> None:
        """Empty the index and record this state's config as the index's parameters."""
        with self.atomic():
            for table in ("dedup_bands", "dedup_docs", "dedup_params"):
                self.conn.execute(f"DELETE FROM {table}")  # fixed table names, no input
        self._check_params()

    def exact_twin(self, key: str) -> tuple[str, DuplicateMatch | None] | None:
        row = self.conn.execute(
            "SELECT article_id, canonical, similarity, kind FROM dedup_docs"
            " WHERE exact_key = ? ORDER BY seq LIMIT 1", (key,)).fetchone()
        if row is None:
            return None
        tid, canonical, sim, kind = row
        return tid, (None if kind is None else DuplicateMatch(tid, canonical, float(sim), kind))

    def candidates(self, band_keys: NDArray[np.int64], *,
                   canonical_only: bool = False) -> list[Candidate]:
        # One statement, not store.sql.rows_in's chunks: DISTINCT and ORDER BY must hold
        # across all the keys, and there are ``bands`` of them (42 by default, at most
        # num_perm; twice that with the copies' keys), far below SQLite's limit. Copies are
        # banded under member_keys (issue 19), so canonical_only never reads their bands.
        keys = band_keys.tolist() + ([] if canonical_only else member_keys(band_keys).tolist())
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            "SELECT d.article_id, d.canonical, d.seq, d.shingles FROM dedup_docs d"
            f" WHERE d.seq IN (SELECT DISTINCT seq FROM dedup_bands WHERE key IN ({marks}))"
            " AND d.shingles IS NOT NULL"
            # A store indexed before issue 19 has copies under the plain keys.
            f"{' AND d.canonical = d.article_id' if canonical_only else ''} ORDER BY d.seq",
            keys,
        )
        return [Candidate(r[0], r[1], int(r[2]), _array(r[3])) for r in rows]

    def shingles_of(self, article_id: str) -> NDArray[np.uint32]:
        row = self.conn.execute(
            "SELECT shingles FROM dedup_docs WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is None or row[0] is None:
            raise StoreError(
                f"The duplicate index lost canonical article {article_id!r} (was it deleted?):"
                " clear the index (DuplicateIndex.clear()) and re-add the articles."
            )
        return _array(row[0])

    def put(self, entry: DedupEntry) -> None:
        row = self.conn.execute("SELECT max(seq) FROM dedup_docs").fetchone()
        seq = 0 if row[0] is None else int(row[0]) + 1
        match, text = entry.match, entry.text
        self.conn.execute(
            "INSERT INTO dedup_docs(article_id, seq, exact_key, canonical, similarity, kind,"
            " signature, shingles) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.article_id, seq, entry.exact_key, entry.canonical,
             match.similarity if match else None, match.kind if match else None,
             _blob(text.signature) if text else None, _blob(text.shingles) if text else None),
        )
        if text is not None:
            self.conn.executemany(
                "INSERT OR IGNORE INTO dedup_bands(key, seq) VALUES (?, ?)",
                [(k, seq) for k in (text.band_keys if entry.canonical == entry.article_id
                                    else member_keys(text.band_keys)).tolist()],
            )

    def matches(self) -> dict[str, DuplicateMatch]:
        rows = self.conn.execute(
            "SELECT article_id, canonical, similarity, kind FROM dedup_docs WHERE kind IS NOT NULL"
        )
        return {r[0]: DuplicateMatch(r[0], r[1], float(r[2]), r[3]) for r in rows}

