"""The persisted online story index: story clustering state kept in the SQLite store.

Tables (migrations ``0005_story_index`` and ``0006_story_index_lead`` in
:mod:`newsweave.store.migrations`):
``story_index`` holds one row per story (size, dates, the embedding sum as float64
bytes, the word, specifics and lead sums as JSON); ``story_index_members`` maps
article -> story key; ``story_index_df`` holds document frequencies;
``story_index_meta`` the document count.

Each index object reads the story embedding sums once (lazily, like the
document frequencies) into a :class:`~newsweave.clustering.StoryMatrix` and
keeps it up to date as it writes; adding an article then scores the stories
that are warm for its date with one matrix product, loads the full state of
the ``top_k`` nearest from SQLite, and rewrites one story row. One index
object should be the only writer of its store while it lives (another
writer's stories would be unseen until a new index object is made).
Decisions are made by :func:`newsweave.clustering.choose_story`, the same code
as the in-memory :class:`~newsweave.clustering.StoryClusterer`, so a store fed
article by article holds the same stories as a batch run.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from newsweave.clustering import (
    NO_DATE,
    ClusterParams,
    DocFrequencies,
    StoryMatrix,
    StoryState,
    absorb,
    new_state,
    publication_order,
)
from newsweave.errors import StoreError
from newsweave.features import ArticleFeatures


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class StoredStoryIndex:
    """Online story clustering whose state lives in the store's SQLite connection.

    ``conn`` must be in autocommit mode (as :class:`newsweave.store.Store`
    opens it) with migrations ``0005_story_index`` and ``0006_story_index_lead``
    applied. Each :meth:`add` and each :meth:`add_many` call is one transaction
    (or joins the caller's).
    Document frequencies and the story embedding matrix are read once per
    instance and then kept up to date; they are dropped (and re-read) when a
    transaction of this index rolls back. A caller that rolls back its own
    enclosing transaction must make a new index object.
    """

    def __init__(self, conn: sqlite3.Connection, params: ClusterParams | None = None) -> None:
        self.conn = conn
        self.params = params or ClusterParams()
        self._df: DocFrequencies | None = None
        self._matrix: StoryMatrix | None = None

    # -- reading -----------------------------------------------------------------------

    def assignments(self) -> dict[str, str]:
        """Every indexed article id -> its story key."""
        return dict(self.conn.execute("SELECT article_id, story_key FROM story_index_members"))

    def members(self, story_key: str) -> list[str]:
        """Article ids of one story, in the order they joined."""
        rows = self.conn.execute(
            "SELECT article_id FROM story_index_members WHERE story_key = ? ORDER BY rowid",
            (story_key,))
        return [r[0] for r in rows]

    def undated(self) -> list[str]:
        """Articles clustered without a date (hence without time decay)."""
        rows = self.conn.execute(
            "SELECT article_id FROM story_index_members WHERE undated = 1 ORDER BY rowid")
        return [r[0] for r in rows]

    def story_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM story_index").fetchone()[0])

    def _doc_frequencies(self) -> DocFrequencies:
        if self._df is None:
            df = DocFrequencies()
            row = self.conn.execute(
                "SELECT value FROM story_index_meta WHERE key = 'n_docs'").fetchone()
            df.n_docs = int(row[0]) if row else 0
            for block, term, n in self.conn.execute("SELECT block, term, df FROM story_index_df"):
                target = {"w": df.words, "s": df.specifics, "l": df.lead}.get(block)
                if target is not None:
                    target[term] = int(n)
            self._df = df
        return self._df

    def _story_matrix(self) -> StoryMatrix:
        if self._matrix is None:
            matrix = StoryMatrix()
            for key, emb, last in self.conn.execute(
                    "SELECT story_key, emb_sum, last_ord FROM story_index ORDER BY story_key"):
                matrix.put(key, np.frombuffer(emb, dtype=np.float64), int(last))
            self._matrix = matrix
        return self._matrix

    def _states(self, keys: Sequence[str]) -> dict[str, StoryState]:
        out: dict[str, StoryState] = {}
        for i in range(0, len(keys), 500):
            chunk = list(keys[i: i + 500])
            marks = ",".join("?" * len(chunk))
            for key, size, first, last, emb, words, spec, lead in self.conn.execute(
                "SELECT story_key, size, first_date, last_date, emb_sum, words, specifics, lead"
                f" FROM story_index WHERE story_key IN ({marks})", chunk):
                out[key] = StoryState(
                    key=key, size=int(size), emb_sum=np.frombuffer(emb, dtype=np.float64).copy(),
                    words=json.loads(words), specifics=json.loads(spec),
                    first_date=_date(first), last_date=_date(last), lead=json.loads(lead))
        return out

    # -- writing -----------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            # The in-memory frequencies and matrix may include rolled-back articles.
            self._df = None
            self._matrix = None
            raise
        else:
            self.conn.execute("COMMIT")

    def add_many(self, features: Iterable[ArticleFeatures]) -> dict[str, str]:
        """Add articles in publication order, in one transaction; article id -> story key."""
        with self._transaction():
            return {f.article_id: self._add(f) for f in publication_order(features)}

    def add(self, features: ArticleFeatures) -> str:
        """Add one article (one transaction) and return its story key."""
        with self._transaction():
            return self._add(features)

    def _add(self, features: ArticleFeatures) -> str:
        known = self.conn.execute(
            "SELECT story_key FROM story_index_members WHERE article_id = ?",
            (features.article_id,)).fetchone()
        if known:
            return str(known[0])
        df = self._doc_frequencies()
        df.add(features)
        self._write_df(features, df.n_docs)
        matrix = self._story_matrix()
        key, _ = matrix.choose(features, None, self._states, df, self.params)
        if key is None:
            state = new_state(features)
        else:
            state = self._states([key])[key]
            absorb(state, features, self.params)
        self._write_state(state)
        matrix.put(state.key, state.emb_sum,
                   state.last_date.toordinal() if state.last_date else NO_DATE)
        self.conn.execute(
            "INSERT INTO story_index_members(article_id, story_key, undated) VALUES (?, ?, ?)",
            (features.article_id, state.key, int(features.date is None)))
        return state.key

    def forget(self, keys: Iterable[str], members: Sequence[ArticleFeatures]) -> None:
        """Drop stories ``keys`` and take their ``members`` (features of every article
        they hold) out of the document frequencies, in one transaction.

        Used to remove articles: the members left over are then unclustered and
        join stories again when next added, exactly like new articles.
        """
        dropped = sorted(set(keys))
        with self._transaction():
            rows = [(b, t) for f in members for b, terms in
                    (("w", f.words), ("s", f.specifics), ("l", f.lead)) for t in terms]
            self.conn.executemany(
                "UPDATE story_index_df SET df = df - 1 WHERE block = ? AND term = ?", rows)
            self.conn.execute("DELETE FROM story_index_df WHERE df <= 0")
            self.conn.execute(
                "UPDATE story_index_meta SET value = CAST(max(0, CAST(value AS INTEGER) - ?)"
                " AS TEXT) WHERE key = 'n_docs'", (len(members),))
            for i in range(0, len(dropped), 500):
                chunk = dropped[i: i + 500]
                marks = ",".join("?" * len(chunk))
                self.conn.execute(f"DELETE FROM story_index WHERE story_key IN ({marks})", chunk)
                self.conn.execute(
                    f"DELETE FROM story_index_members WHERE story_key IN ({marks})", chunk)
            self._df = None
            self._matrix = None

    def _write_df(self, features: ArticleFeatures, n_docs: int) -> None:
        rows = ([("w", t) for t in features.words] + [("s", t) for t in features.specifics]
                + [("l", t) for t in features.lead])
        self.conn.executemany(
            "INSERT INTO story_index_df(block, term, df) VALUES (?, ?, 1)"
            " ON CONFLICT(block, term) DO UPDATE SET df = df + 1", rows)
        self.conn.execute(
            "INSERT INTO story_index_meta(key, value) VALUES ('n_docs', ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(n_docs),))

    def _write_state(self, state: StoryState) -> None:
        last_ord = state.last_date.toordinal() if state.last_date else NO_DATE
        self.conn.execute(
            "INSERT OR REPLACE INTO story_index(story_key, size, first_date, last_date, last_ord,"
            " emb_sum, words, specifics, lead) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (state.key, state.size, _iso(state.first_date), _iso(state.last_date), last_ord,
             np.ascontiguousarray(state.emb_sum, dtype=np.float64).tobytes(),
             json.dumps(state.words, separators=(",", ":")),
             json.dumps(state.specifics, separators=(",", ":")),
             json.dumps(state.lead, separators=(",", ":"))))


def check_schema(conn: sqlite3.Connection) -> None:
    """Raise :class:`StoreError` if the story index tables are missing."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'story_index'").fetchone()
    if row is None:
        raise StoreError("This store has no story index: open it with newsweave's Store, "
                         "which applies migrations 0005_story_index and 0006_story_index_lead.")
