"""The SQLite store: one file (WAL mode), FTS5 search, named migrations.

The store owns all SQL. Writes happen in one transaction per batch, so a
failure mid-run leaves every earlier batch intact and nothing half-written.
A web server can read the file (``read_only=True``) while an ingest writes it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from newsweave.errors import StoreError
from newsweave.index_state import ClusterParams, DedupConfig
from newsweave.model import Article, Rejection, Sentence
from newsweave.store.caches import CacheRecords
from newsweave.store.connect import MEMORY, connect
from newsweave.store.dedup_index import SqlDedupState
from newsweave.store.errors import environmental, store_error
from newsweave.store.faults import FaultPoints
from newsweave.store.listing import ListingRecords
from newsweave.store.migrations import MIGRATIONS, Migration, migrate
from newsweave.store.pending import PendingReads
from newsweave.store.runs import RunRecords
from newsweave.store.search import SearchHit, count_matches, search_articles
from newsweave.store.sql import execute_in, iso, rows_in, to_date, transaction
from newsweave.store.story_index import SqlStoryState
from newsweave.store.story_records import StoryRecords
from newsweave.store.tables import QueryTables


@dataclass(frozen=True, slots=True)
class AddResult:
    """Outcome of :meth:`Store.add_articles`: ids added, ids already stored, rejections."""

    added: tuple[str, ...]
    unchanged: tuple[str, ...]
    rejected: tuple[Rejection, ...]


@dataclass(frozen=True, slots=True)
class RemoveResult:
    """Outcome of :meth:`Store.remove_articles`: ids removed, ids not found, stories dropped."""

    removed: tuple[str, ...]
    missing: tuple[str, ...]
    stories: tuple[str, ...]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store(RunRecords, ListingRecords, QueryTables, PendingReads, StoryRecords, CacheRecords):
    """A newsweave store in one SQLite file (or in memory with ``path=":memory:"``).

    Use :meth:`open`; close with :meth:`close` or a ``with`` block.
    """

    def __init__(self, conn: sqlite3.Connection, path: str, *, read_only: bool) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self._faults = FaultPoints.from_env()

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path = MEMORY,
        *,
        read_only: bool = False,
        migrations: tuple[Migration, ...] = MIGRATIONS,
    ) -> Store:
        """Open (creating and migrating if needed) the store at ``path``.

        ``read_only=True`` opens an existing file without the right to write
        (for pages that only read); it fails if the file does not exist.
        """
        name = str(path)
        try:
            conn = connect(name, read_only=read_only)
            if not read_only:
                migrate(conn, migrations)
        except sqlite3.Error as exc:
            raise store_error(exc, name) from exc
        return cls(conn, name, read_only=read_only)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work: committed on success, rolled back on any error.

        Nested inside another transaction it is a savepoint, so a caller can make
        several store calls one atomic step. SQLite errors (full disk, read-only
        file, I/O error) come out as :class:`StoreError` naming the cause.
        """
        if self.read_only:
            raise StoreError(f"Store {self.path!r} is open read-only; it cannot be written.")
        try:
            with transaction(self.conn, hook=self._faults.hit) as conn:
                yield conn
        except sqlite3.Error as exc:
            if environmental(exc):
                raise store_error(exc, self.path) from exc
            raise

    # -- settings ----------------------------------------------------------------------

    def settings(self) -> dict[str, str]:
        """The saved settings (name -> JSON text); empty for a store never updated."""
        return dict(self.conn.execute("SELECT name, value FROM settings"))

    def put_settings(self, values: Mapping[str, str]) -> None:
        """Save (or replace) settings, in one transaction."""
        with self.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO settings(name, value) VALUES (?, ?)",
                             values.items())

    def update_state(self, key: str) -> str | None:
        """The value of ``key`` in the update state (migration 0017), or ``None``."""
        row = self.conn.execute("SELECT value FROM update_state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def put_update_state(self, key: str, value: str | None) -> None:
        """Set ``key`` of the update state to ``value`` (``None`` deletes it)."""
        with self.transaction() as conn:
            if value is None:
                conn.execute("DELETE FROM update_state WHERE key = ?", (key,))
            else:
                conn.execute("INSERT OR REPLACE INTO update_state(key, value) VALUES (?, ?)",
                             (key, value))

    # -- the online indexes' state ---------------------------------------------------

    def duplicate_index(self, config: DedupConfig | None = None, *,
                        rebuild: bool = False) -> SqlDedupState:
        """The duplicate index's state (run it with :class:`newsweave.dedup.DuplicateIndex`).

        Raises :class:`StoreError` when the index was built with another config,
        unless ``rebuild`` (which empties it).
        """
        return SqlDedupState(self.conn, config, rebuild=rebuild)

    def story_index(self, params: ClusterParams | None = None) -> SqlStoryState:
        """The story index's state, with the clustering ``params`` to run it with
        (run it with :class:`newsweave.clustering.StoryIndex`)."""
        return SqlStoryState(self.conn, params)

    # -- articles ------------------------------------------------------------------

    def add_articles(
        self,
        articles: Sequence[Article],
        sentences: Mapping[str, Sequence[Sentence]],
        *,
        run_id: int | None = None,
    ) -> AddResult:
        """Add a batch of articles with their sentences in one transaction.

        An article whose id is stored with the same content hash is unchanged (a
        no-op); one whose id is stored with different content is rejected, and the
        stored article is kept as it was.
        """
        added: list[str] = []
        unchanged: list[str] = []
        rejected: list[Rejection] = []
        with self.transaction() as conn:
            # One lookup for the batch; ids added below join it (a batch may repeat an id).
            stored = self._hashes_and_origins([a.id for a in articles])
            for article in articles:
                row = stored.get(article.id)
                if row is not None:
                    if row[0] == article.content_hash:
                        unchanged.append(article.id)
                    else:
                        rejected.append(Rejection(
                            article.origin,
                            f"duplicate id {article.id!r} with different content (already "
                            f"stored from {row[1]}); give the record its own id",
                        ))
                    continue
                conn.execute(
                    "INSERT INTO articles(id, content_hash, origin, title, date, source, url,"
                    " text, ingested_at, run_id, date_inferred, author)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (article.id, article.content_hash, article.origin, article.title,
                     iso(article.date), article.source, article.url, article.text, _now(),
                     run_id, int(article.date_inferred), article.author),
                )
                conn.executemany(
                    'INSERT INTO sentences(article_id, idx, start, "end") VALUES (?, ?, ?, ?)',
                    [(article.id, s.index, s.start, s.end) for s in sentences.get(article.id, ())],
                )
                stored[article.id] = (article.content_hash, article.origin)
                added.append(article.id)
        return AddResult(tuple(added), tuple(unchanged), tuple(rejected))

    def _hashes_and_origins(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        return {r[0]: (r[1], r[2]) for r in rows_in(
            self.conn, "SELECT id, content_hash, origin FROM articles WHERE id IN ({keys})", ids)}

    def remove_articles(self, ids: Iterable[str]) -> RemoveResult:
        """Delete articles and everything derived from them, in one transaction.

        Removed with each article: its sentences, cached analyses, duplicate
        match, search entry, story-index membership, and the stories it was in
        (their cached reports with them). The other members of those stories
        and the copies of a removed article lose their story and duplicate
        match too: they are then "not yet clustered / deduplicated", and the
        next :func:`newsweave.pipeline.update` re-weaves them (the caller must
        first drop the stories from the clustering index:
        :meth:`SqlStoryState.forget`). Unknown ids are returned in ``missing``.
        """
        wanted = list(dict.fromkeys(ids))
        with self.transaction() as conn:
            found = [i for i in wanted if conn.execute(
                "SELECT 1 FROM articles WHERE id = ?", (i,)).fetchone() is not None]
            stories = {r[0] for r in rows_in(
                conn, "SELECT story_id FROM story_articles WHERE article_id IN ({keys})", found)}
            orphans = {r[0] for r in rows_in(
                conn, "SELECT article_id FROM duplicates WHERE duplicate_of IN ({keys})"
                " UNION SELECT article_id FROM dedup_docs WHERE canonical IN ({keys})", found)}
            orphans.difference_update(found)
            for table, column, keys in (
                ("stories", "id", sorted(stories)),
                ("duplicates", "article_id", sorted(orphans)),
                ("dedup_docs", "article_id", sorted(orphans)),
                ("story_index_members", "article_id", found),
                ("articles", "id", found),
            ):
                # Fixed table and column names from the tuple above, never input.
                execute_in(conn, f"DELETE FROM {table} WHERE {column} IN ({{keys}})", keys)
        return RemoveResult(tuple(found), tuple(i for i in wanted if i not in found),
                            tuple(sorted(stories)))

    def article_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Stored articles in publication order (date, then id; undated last)."""
        sql = (
            "SELECT id, text, content_hash, origin, title, date, source, url, date_inferred,"
            " author FROM articles"
        )
        order = " ORDER BY date IS NULL, date, id"
        if ids is None:
            rows = self.conn.execute(sql + order).fetchall()
        else:
            rows = list(rows_in(self.conn, sql + " WHERE id IN ({keys})", ids))
            rows.sort(key=lambda r: (r[5] is None, r[5] or "", r[0]))
        return [
            Article(id=r[0], text=r[1], content_hash=r[2], origin=r[3], title=r[4],
                    date=to_date(r[5]), source=r[6], url=r[7], date_inferred=bool(r[8]),
                    author=r[9])
            for r in rows
        ]

    def article_ids(self) -> list[str]:
        """Ids of the stored articles in publication order (date, then id; undated last)."""
        rows = self.conn.execute("SELECT id FROM articles ORDER BY date IS NULL, date, id")
        return [r[0] for r in rows]

    def content_hashes(self) -> dict[str, str]:
        """Article id -> content hash (what a cached story result depends on)."""
        return dict(self.conn.execute("SELECT id, content_hash FROM articles"))

    def sentences(self, article: Article) -> tuple[Sentence, ...]:
        """The stored sentences of ``article``, in order."""
        rows = self.conn.execute(
            'SELECT idx, start, "end" FROM sentences WHERE article_id = ? ORDER BY idx',
            (article.id,),
        )
        return tuple(
            Sentence(article.id, idx, start, end, article.text[start:end])
            for idx, start, end in rows
        )

    def put_sentences(self, sentences: Mapping[str, Sequence[Sentence]]) -> None:
        """Store (or replace) the sentences of stored articles, in one transaction."""
        with self.transaction() as conn:
            for article_id, own in sentences.items():
                conn.execute("DELETE FROM sentences WHERE article_id = ?", (article_id,))
                conn.executemany(
                    'INSERT INTO sentences(article_id, idx, start, "end") VALUES (?, ?, ?, ?)',
                    [(article_id, s.index, s.start, s.end) for s in own])

    def sentence_counts(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT article_id, count(*) FROM sentences GROUP BY article_id")
        return {aid: int(n) for aid, n in rows}

    # -- search ----------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Full-text search (FTS5 syntax; plain words are ANDed), best match first
        (ties by id, so pages never overlap), ``limit`` hits from ``offset``.

        A query that FTS5 cannot parse is retried as a quoted phrase per word,
        so punctuation in user input never raises.
        """
        return search_articles(self.conn, query, limit=limit, offset=offset)

    def search_count(self, query: str) -> int:
        """How many articles :meth:`search` finds for ``query`` in all."""
        return count_matches(self.conn, query)
