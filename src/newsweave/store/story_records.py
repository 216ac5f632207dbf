"""Duplicates and stories of a store: each article's ``duplicate_of``, the stories with
their members in order, and storyline merges.

A mixin of :class:`newsweave.store.Store` (kept apart so store.py stays readable);
it uses the store's connection and :meth:`~newsweave.store.Store.transaction`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager

from newsweave.model import DuplicateMatch, Story
from newsweave.store.sql import iso, to_date


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class StoryRecords:
    """Duplicates and stories (tables ``duplicates``, ``stories``, ``story_articles``)."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by Store

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

    # One story's or article's neighbours, by index (the web pages: issue 19, O(story)).

    def storyline_story_ids(self, storyline: str) -> list[str]:
        """Ids of the stories of ``storyline`` (index ``stories_storyline``)."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM stories WHERE storyline = ?", (storyline,))]

    def story_of_article(self, article_id: str) -> str | None:
        """The id of the story ``article_id`` belongs to, if any."""
        row = self.conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                                (article_id,)).fetchone()
        return None if row is None else str(row[0])

    def copies_of(self, article_id: str) -> list[str]:
        """Ids of the articles recorded as duplicates of ``article_id``, sorted (index
        ``duplicates_original``)."""
        return sorted(r[0] for r in self.conn.execute(
            "SELECT article_id FROM duplicates WHERE duplicate_of = ?", (article_id,)))
