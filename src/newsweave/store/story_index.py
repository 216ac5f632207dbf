"""The story index's state in SQLite: :class:`newsweave.story_states.StoryIndexState` in SQL.

Tables (migrations ``0005_story_index``, ``0006_story_index_lead`` and
``0008_storylines`` and ``0016_storyline_merges`` in :mod:`newsweave.store.migrations`):
``story_index`` holds one row per story (size, dates, the embedding sum as float64
bytes, the word, specifics and lead sums as JSON); ``story_index_members`` maps
article -> story key; ``story_index_df`` holds document frequencies;
``story_index_meta`` the document count; ``storyline_index`` holds one row per
storyline (size, embedding sum, word and specifics sums, age) and ``story_storylines``
maps story -> storyline; ``storyline_aliases`` maps merged-away storyline keys to
the key they now have.

The algorithm (:class:`newsweave.clustering.StoryIndex`) reads the story
embedding sums and the document frequencies once, keeps them in memory, and
reads the full state of only the ``top_k`` stories it scores; each added
article rewrites one story row. The in-memory state
(:class:`newsweave.story_states.MemoryStoryState`) runs the same code, so a
store fed article by article holds the same stories as a batch run. This
module holds SQL only: it imports no algorithm.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager

import numpy as np
from numpy.typing import NDArray

from newsweave.index_state import ClusterParams, DocFrequencies, StorylineState, StoryState
from newsweave.model import ArticleFeatures
from newsweave.store.sql import execute_in, iso, rows_in, to_date, transaction

__all__ = ["SqlStoryState"]


class SqlStoryState:
    """A story index's state in ``conn`` (autocommit mode, migrations 0005 and 0006 applied),
    with the clustering ``params`` it runs with. Open it with
    :meth:`newsweave.store.Store.story_index`.
    """

    def __init__(self, conn: sqlite3.Connection, params: ClusterParams | None = None) -> None:
        self.conn = conn
        self._params = params or ClusterParams()

    @property
    def params(self) -> ClusterParams:
        return self._params

    # -- reading -----------------------------------------------------------------------

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT story_key FROM story_index_members WHERE article_id = ?",
            (article_id,)).fetchone()
        return str(row[0]) if row else None

    def assignments(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT article_id, story_key FROM story_index_members"))

    def members(self, story_key: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT article_id FROM story_index_members WHERE story_key = ? ORDER BY rowid",
            (story_key,))
        return [r[0] for r in rows]

    def undated(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT article_id FROM story_index_members WHERE undated = 1 ORDER BY rowid")
        return [r[0] for r in rows]

    def story_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM story_index").fetchone()[0])

    def frequencies(self) -> DocFrequencies:
        df = DocFrequencies()
        row = self.conn.execute(
            "SELECT value FROM story_index_meta WHERE key = 'n_docs'").fetchone()
        df.n_docs = int(row[0]) if row else 0
        for block, term, n in self.conn.execute("SELECT block, term, df FROM story_index_df"):
            target = {"w": df.words, "s": df.specifics, "l": df.lead}.get(block)
            if target is not None:
                target[term] = int(n)
        return df

    def matrix_rows(self) -> Iterator[tuple[str, NDArray[np.float64], int]]:
        for key, emb, last in self.conn.execute(
                "SELECT story_key, emb_sum, last_ord FROM story_index ORDER BY story_key"):
            yield key, np.frombuffer(emb, dtype=np.float64), int(last)

    def states(self, keys: Sequence[str]) -> dict[str, StoryState]:
        out: dict[str, StoryState] = {}
        for key, size, first, last, emb, words, spec, lead in rows_in(
            self.conn, "SELECT story_key, size, first_date, last_date, emb_sum, words,"
            " specifics, lead FROM story_index WHERE story_key IN ({keys})", keys):
            out[key] = StoryState(
                key=key, size=int(size), emb_sum=np.frombuffer(emb, dtype=np.float64).copy(),
                words=json.loads(words), specifics=json.loads(spec),
                first_date=to_date(first), last_date=to_date(last), lead=json.loads(lead))
        return out

    # -- writing -----------------------------------------------------------------------

    def _write_state(self, state: StoryState) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO story_index(story_key, size, first_date, last_date, last_ord,"
            " emb_sum, words, specifics, lead) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (state.key, state.size, iso(state.first_date), iso(state.last_date),
             state.last_ordinal, np.ascontiguousarray(state.emb_sum, dtype=np.float64).tobytes(),
             json.dumps(state.words, separators=(",", ":")),
             json.dumps(state.specifics, separators=(",", ":")),
             json.dumps(state.lead, separators=(",", ":"))))

    def atomic(self) -> AbstractContextManager[object]:
        return transaction(self.conn)

    def forget(self, keys: Iterable[str], members: Sequence[ArticleFeatures]) -> None:
        """Drop stories ``keys`` and take their ``members`` (features of every article
        they hold) out of the document frequencies, in one transaction.

        Used to remove articles (:func:`newsweave.pipeline.remove`): the members
        left over are then unclustered and join stories again when next added,
        like new articles. An index object that read the old state must be
        made anew afterwards.
        """
        dropped = sorted(set(keys))
        with self.atomic():
            rows = [(b, t) for f in members for b, terms in
                    (("w", f.words), ("s", f.specifics), ("l", f.lead)) for t in terms]
            self.conn.executemany(
                "UPDATE story_index_df SET df = df - 1 WHERE block = ? AND term = ?", rows)
            self.conn.execute("DELETE FROM story_index_df WHERE df <= 0")
            self.conn.execute(
                "UPDATE story_index_meta SET value = CAST(max(0, CAST(value AS INTEGER) - ?)"
                " AS TEXT) WHERE key = 'n_docs'", (len(members),))
            execute_in(self.conn, "DELETE FROM story_index WHERE story_key IN ({keys})", dropped)
            execute_in(self.conn, "DELETE FROM story_index_members WHERE story_key IN ({keys})",
                       dropped)

    def save(self, features: ArticleFeatures, state: StoryState, n_docs: int) -> None:
        rows = ([("w", t) for t in features.words] + [("s", t) for t in features.specifics]
                + [("l", t) for t in features.lead])
        self.conn.executemany(
            "INSERT INTO story_index_df(block, term, df) VALUES (?, ?, 1)"
            " ON CONFLICT(block, term) DO UPDATE SET df = df + 1", rows)
        self.conn.execute(
            "INSERT INTO story_index_meta(key, value) VALUES ('n_docs', ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(n_docs),))
        self._write_state(state)
        self.conn.execute(
            "INSERT INTO story_index_members(article_id, story_key, undated) VALUES (?, ?, ?)",
            (features.article_id, state.key, int(features.date is None)))

    def split(self, kept: StoryState, parts: Sequence[tuple[StoryState, Sequence[str]]]) -> None:
        for state in (kept, *(p[0] for p in parts)):
            self._write_state(state)
        for state, ids in parts:
            # The members keep their rowid, hence their join order.
            execute_in(self.conn, "UPDATE story_index_members SET story_key = ?"
                       " WHERE article_id IN ({keys})", ids, (state.key,))

    # -- storylines (migration 0008_storylines) --------------------------------------------

    def storyline_rows(self) -> Iterator[tuple[str, NDArray[np.float64]]]:
        for key, emb in self.conn.execute(
                "SELECT storyline_key, emb_sum FROM storyline_index ORDER BY storyline_key"):
            yield key, np.frombuffer(emb, dtype=np.float64)

    def storyline_states(self, keys: Sequence[str]) -> dict[str, StorylineState]:
        out: dict[str, StorylineState] = {}
        for key, size, emb, words, spec, created in rows_in(
                self.conn, "SELECT storyline_key, size, emb_sum, words, specifics, created"
                " FROM storyline_index WHERE storyline_key IN ({keys})", keys):
            out[key] = StorylineState(key, int(size), np.frombuffer(emb, dtype=np.float64).copy(),
                                      json.loads(words), json.loads(spec), int(created))
        return out

    def storyline_of(self, story_keys: Sequence[str]) -> dict[str, str]:
        return dict(rows_in(self.conn, "SELECT story_key, storyline_key FROM story_storylines"
                            " WHERE story_key IN ({keys})", story_keys))

    def save_storyline(self, state: StorylineState, new_story: str | None) -> None:
        if new_story is not None:
            self.conn.execute(
                "INSERT INTO story_storylines(story_key, storyline_key) VALUES (?, ?)",
                (new_story, state.key))
        self.conn.execute(
            "INSERT OR REPLACE INTO storyline_index(storyline_key, size, emb_sum, words,"
            " specifics, created) VALUES (?, ?, ?, ?, ?, ?)",
            (state.key, state.size,
             np.ascontiguousarray(state.emb_sum, dtype=np.float64).tobytes(),
             json.dumps(state.words, separators=(",", ":")),
             json.dumps(state.specifics, separators=(",", ":")), state.created))

    def merge_storyline(self, absorbed: str, survivor: str) -> None:
        self.conn.execute("UPDATE story_storylines SET storyline_key = ? WHERE storyline_key = ?",
                          (survivor, absorbed))
        self.conn.execute("DELETE FROM storyline_index WHERE storyline_key = ?", (absorbed,))
        self.conn.execute(
            "UPDATE storyline_aliases SET storyline_key = ? WHERE storyline_key = ?",
            (survivor, absorbed))
        self.conn.execute(
            "INSERT OR REPLACE INTO storyline_aliases(alias, storyline_key) VALUES (?, ?)",
            (absorbed, survivor))

    def storyline_aliases(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT alias, storyline_key FROM storyline_aliases"))
