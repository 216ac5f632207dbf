"""The duplicate index kept in the SQLite store, for incremental ingest.

Checking one new article against 100,000 stored ones is a handful of indexed
lookups, never a corpus load: the LSH band keys of every banded article are
rows of ``dedup_bands`` (primary key ``(key, seq)``), so the candidates are one
``SELECT ... WHERE key IN (42 keys)``; only the candidates' shingle sets are
read back, to verify them by exact Jaccard. Answers equal
:class:`newsweave.dedup.DuplicateIndex` fed in the same order (tested): both
use the same fingerprints and :func:`newsweave.dedup.choose_match`.

Tables (migration ``0004_dedup_index``, :data:`newsweave.store.migrations.DEDUP_INDEX`):

* ``dedup_params``: the :class:`~newsweave.dedup.DedupConfig` the index was
  built with; opening it with another config raises :class:`StoreError`
  (``rebuild=True`` empties it instead).
* ``dedup_docs``: one row per indexed article: insertion ``seq``, exact key,
  canonical article, match (similarity/kind, NULL when canonical), and for
  banded articles the MinHash signature (512 bytes) and sorted shingle hashes
  (4 bytes per distinct 5-gram, ~2 KB for a 500-word article).
* ``dedup_bands``: ``(key, seq)``, one row per band of each banded article.

Exact copies are answered from ``dedup_docs_exact`` and are not banded.
Deleting an article (``ON DELETE CASCADE``) removes its ``dedup_docs`` row;
band rows left behind are harmless: they join to no document, or (if the
deleted article had the highest ``seq``, which is then reused) add a candidate
that exact verification rejects.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsweave.dedup import (
    Candidate,
    DedupConfig,
    choose_match,
    make_hasher,
    publication_order,
)
from newsweave.errors import StoreError
from newsweave.model import Article, DuplicateMatch
from newsweave.store.migrations import DEDUP_INDEX

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["MIGRATION", "StoredDuplicateIndex"]

MIGRATION = DEDUP_INDEX


def _blob(arr: NDArray[np.uint32]) -> bytes:
    return arr.astype("<u4").tobytes()


def _array(blob: bytes) -> NDArray[np.uint32]:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


class StoredDuplicateIndex:
    """A duplicate index living in ``conn`` (tables from :data:`MIGRATION`).

    Holds no article data in memory: every :meth:`add` reads and writes the
    database, inside a savepoint, so it is atomic and also works inside the
    caller's own transaction. The first use of an empty index records
    ``config``; later uses must pass the same one, or ``rebuild=True`` to
    empty an index built with another config (its articles must then be
    re-added).
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
        self._hasher = make_hasher(self._config)
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
            with self._savepoint():
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

    def _savepoint(self) -> _Savepoint:
        return _Savepoint(self.conn)

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM dedup_docs").fetchone()[0])

    def __contains__(self, article_id: object) -> bool:
        row = self.conn.execute("SELECT 1 FROM dedup_docs WHERE article_id = ?", (article_id,))
        return row.fetchone() is not None

    def clear(self) -> None:
        """Empty the index and record this instance's config as the index's parameters."""
        with self._savepoint():
            for table in ("dedup_bands", "dedup_docs", "dedup_params"):
                self.conn.execute(f"DELETE FROM {table}")  # fixed table names, no input
        self._check_params()

    def add(self, article: Article) -> DuplicateMatch | None:
        """Index ``article``; return its match against the stored articles, or ``None``.

        Same contract as :meth:`newsweave.dedup.DuplicateIndex.add` (raises
        ``ValueError`` for an id already indexed).
        """
        if article.id in self:
            raise ValueError(f"Article {article.id!r} is already in the duplicate index.")
        fp = self._hasher.fingerprint(article.text)
        with self._savepoint():
            seq = self._next_seq()
            if fp is None:
                # Indexed (so it is not re-added) but never matched: no words.
                self._insert(article.id, seq, "", article.id, None, None, None)
                return None
            twin = self.conn.execute(
                "SELECT article_id, canonical, similarity, kind FROM dedup_docs"
                " WHERE exact_key = ? ORDER BY seq LIMIT 1",
                (fp.exact_key,),
            ).fetchone()
            if twin is not None:
                tid, canonical, sim, kind = twin
                match = (
                    DuplicateMatch(article.id, tid, 1.0, "exact")
                    if kind is None
                    else DuplicateMatch(article.id, canonical, float(sim), kind)
                )
                self._insert(article.id, seq, fp.exact_key, match.duplicate_of, match,
                             None, None)
                return match
            found = choose_match(
                article.id, fp.shingles, self._candidates(fp.band_keys),
                self._config.threshold, self._shingles_of,
            )
            canonical = found.duplicate_of if found else article.id
            self._insert(article.id, seq, fp.exact_key, canonical, found,
                         _blob(fp.signature), _blob(fp.shingles))
            self.conn.executemany(
                "INSERT OR IGNORE INTO dedup_bands(key, seq) VALUES (?, ?)",
                [(k, seq) for k in fp.band_keys.tolist()],
            )
            return found

    def add_many(self, articles: Sequence[Article]) -> dict[str, DuplicateMatch]:
        """Add ``articles`` in publication order, in one savepoint; return their matches.

        Ids already indexed are skipped.
        """
        out: dict[str, DuplicateMatch] = {}
        with self._savepoint():
            for article in publication_order(articles):
                if article.id in self:
                    continue
                match = self.add(article)
                if match is not None:
                    out[article.id] = match
        return out

    def matches(self) -> dict[str, DuplicateMatch]:
        """Every stored duplicate match, by article id."""
        rows = self.conn.execute(
            "SELECT article_id, canonical, similarity, kind FROM dedup_docs WHERE kind IS NOT NULL"
        )
        return {r[0]: DuplicateMatch(r[0], r[1], float(r[2]), r[3]) for r in rows}

    # -- internals -------------------------------------------------------------------

    def _next_seq(self) -> int:
        row = self.conn.execute("SELECT max(seq) FROM dedup_docs").fetchone()
        return 0 if row[0] is None else int(row[0]) + 1

    def _insert(
        self,
        article_id: str,
        seq: int,
        key: str,
        canonical: str,
        match: DuplicateMatch | None,
        signature: bytes | None,
        shingles: bytes | None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO dedup_docs(article_id, seq, exact_key, canonical, similarity, kind,"
            " signature, shingles) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (article_id, seq, key, canonical, match.similarity if match else None,
             match.kind if match else None, signature, shingles),
        )

    def _candidates(self, keys: NDArray[np.int64]) -> Iterable[Candidate]:
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            "SELECT d.article_id, d.canonical, d.seq, d.shingles FROM dedup_docs d"
            f" WHERE d.seq IN (SELECT DISTINCT seq FROM dedup_bands WHERE key IN ({marks}))"
            " AND d.shingles IS NOT NULL ORDER BY d.seq",
            keys.tolist(),
        )
        return [Candidate(r[0], r[1], int(r[2]), _array(r[3])) for r in rows]

    def _shingles_of(self, article_id: str) -> NDArray[np.uint32]:
        row = self.conn.execute(
            "SELECT shingles FROM dedup_docs WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is None or row[0] is None:
            raise StoreError(
                f"The duplicate index lost canonical article {article_id!r} (was it deleted?):"
                " call StoredDuplicateIndex.clear() and re-add the articles."
            )
        return _array(row[0])


class _Savepoint:
    """``SAVEPOINT``/``RELEASE`` (``ROLLBACK TO`` on error): atomic, nests in transactions."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("SAVEPOINT dedup_index")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is not None:
            self.conn.execute("ROLLBACK TO dedup_index")
        self.conn.execute("RELEASE dedup_index")
