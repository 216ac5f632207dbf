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
from newsweave.model import Article, DuplicateMatch, Rejection, Sentence, Story
from newsweave.store.connect import MEMORY, connect
from newsweave.store.dedup_index import SqlDedupState
from newsweave.store.errors import environmental, store_error
from newsweave.store.faults import FaultPoints
from newsweave.store.listing import ListingRecords
from newsweave.store.migrations import MIGRATIONS, Migration, migrate
from newsweave.store.pending import PendingReads
from newsweave.store.runs import RunRecords
from newsweave.store.search import SearchHit, count_matches, search_articles
from newsweave.store.sql import iso, to_date, transaction
from newsweave.store.story_index import SqlStoryState
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


def _chunks(items: Sequence[str], size: int = 400) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store(RunRecords, ListingRecords, QueryTables, PendingReads):
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
        out: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            marks = ",".join("?" * len(chunk))
            out.update((r[0], (r[1], r[2])) for r in self.conn.execute(
                f"SELECT id, content_hash, origin FROM articles WHERE id IN ({marks})", chunk))
        return out

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
            stories: set[str] = set()
            orphans: set[str] = set()
            for chunk in _chunks(found):
                marks = ",".join("?" * len(chunk))
                stories.update(r[0] for r in conn.execute(
                    f"SELECT story_id FROM story_articles WHERE article_id IN ({marks})", chunk))
                orphans.update(r[0] for r in conn.execute(
                    f"SELECT article_id FROM duplicates WHERE duplicate_of IN ({marks})"
                    f" UNION SELECT article_id FROM dedup_docs WHERE canonical IN ({marks})",
                    chunk + chunk))
            orphans.difference_update(found)
            for table, column, keys in (
                ("stories", "id", sorted(stories)),
                ("duplicates", "article_id", sorted(orphans)),
                ("dedup_docs", "article_id", sorted(orphans)),
                ("story_index_members", "article_id", found),
                ("articles", "id", found),
            ):
                for chunk in _chunks(keys):
                    marks = ",".join("?" * len(chunk))
                    # Fixed table and column names from the tuple above, never input.
                    conn.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)
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
            wanted = list(dict.fromkeys(ids))
            rows = []
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows += self.conn.execute(sql + f" WHERE id IN ({marks})", chunk).fetchall()
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

    # -- duplicates and stories ----------------------------------------------------

    def set_duplicates(self, matches: Iterable[DuplicateMatch]) -> None:
        """Record (or replace) each article's ``duplicate_of``."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO duplicates(article_id, duplicate_of, similarity, kind)"
                " VALUES (?, ?, ?, ?)",
                [(m.article_id, m.duplicate_of, m.similarity, m.kind) for m in matches],
            )

    def duplicates(self) -> dict[str, DuplicateMatch]:
        rows = self.conn.execute(
            "SELECT article_id, duplicate_of, similarity, kind FROM duplicates"
        )
        return {r[0]: DuplicateMatch(r[0], r[1], float(r[2]), r[3]) for r in rows}

    def save_stories(self, stories: Iterable[Story], *, replace_all: bool = False) -> None:
        """Write stories and their membership in one transaction.

        With ``replace_all`` every stored story is replaced (batch regrouping);
        otherwise only the given stories are updated (incremental ingest).
        """
        now = _now()
        with self.transaction() as conn:
            if replace_all:
                # Stories that survive keep their row, and so their cached analyses
                # (which cascade on delete); the rest are dropped below.
                conn.execute("DELETE FROM story_articles")
            for story in stories:
                conn.execute(
                    "INSERT INTO stories(id, title, first_date, last_date, method, updated_at,"
                    " storyline) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                    " title = excluded.title, first_date = excluded.first_date,"
                    " last_date = excluded.last_date, method = excluded.method,"
                    " updated_at = excluded.updated_at, storyline = excluded.storyline",
                    (story.id, story.title, iso(story.first_date), iso(story.last_date),
                     story.method, now, story.storyline),
                )
                conn.execute("DELETE FROM story_articles WHERE story_id = ?", (story.id,))
                conn.executemany(
                    "INSERT OR REPLACE INTO story_articles(article_id, story_id, position)"
                    " VALUES (?, ?, ?)",
                    [(aid, story.id, i) for i, aid in enumerate(story.article_ids)],
                )
            # A story can lose all its articles to others; drop it rather than keep a shell.
            conn.execute(
                "DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)"
            )

    def merge_storylines(self, merges: Sequence[tuple[str, str]]) -> list[str]:
        """Apply storyline merges to the saved stories, in order: each ``(absorbed id,
        surviving id)`` moves every story of the absorbed storyline to the survivor.
        Returns the ids of the stories moved (their listing rows are stale)."""
        moved: list[str] = []
        with self.transaction() as conn:
            for absorbed, survivor in merges:
                moved.extend(r[0] for r in conn.execute(
                    "SELECT id FROM stories WHERE storyline = ?", (absorbed,)))
                conn.execute("UPDATE stories SET storyline = ? WHERE storyline = ?",
                             (survivor, absorbed))
        return moved

    def stories(self) -> list[Story]:
        """All stories, oldest first (by first date, then id)."""
        members: dict[str, list[str]] = {}
        for story_id, article_id in self.conn.execute(
            "SELECT story_id, article_id FROM story_articles ORDER BY story_id, position"
        ):
            members.setdefault(story_id, []).append(article_id)
        rows = self.conn.execute(
            "SELECT id, title, first_date, last_date, method, storyline FROM stories"
            " ORDER BY first_date IS NULL, first_date, id"
        )
        return [
            Story(id=r[0], title=r[1], article_ids=tuple(members.get(r[0], ())),
                  first_date=to_date(r[2]), last_date=to_date(r[3]), method=r[4],
                  storyline=r[5])
            for r in rows
        ]

    # -- cached stage results ------------------------------------------------------------

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
        out: dict[str, bytes] = {}
        wanted = list(dict.fromkeys(ids))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT article_id, data FROM article_analysis WHERE stage = ? AND version = ?"
                f" AND article_id IN ({marks})", (stage, version, *chunk))
            out.update({aid: bytes(data) for aid, data in rows})
        return out

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
