"""What an incremental update has to do, found in SQL (issue 19).

A mixin of :class:`newsweave.store.Store`: each query selects only the rows an
update needs (articles not yet in the duplicate or story index, stories whose
cached report is stale, one story's members), so adding one article to a
store of 100,000 reads a handful of rows instead of every article, story or
cached report. It uses the store's connection only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from newsweave.model import Article, DuplicateMatch, Story
from newsweave.store.sql import rows_in, to_date

_ORDER = " ORDER BY a.date IS NULL, a.date, a.id"  # publication order (date, id; undated last)
_ARTICLE = ("SELECT a.id, a.text, a.content_hash, a.origin, a.title, a.date, a.source, a.url,"
            " a.date_inferred FROM articles a")


def _article(r: tuple[object, ...]) -> Article:
    return Article(id=str(r[0]), text=str(r[1]), content_hash=str(r[2]), origin=str(r[3]),
                   title=r[4] if r[4] is None else str(r[4]),
                   date=to_date(r[5] if r[5] is None else str(r[5])),
                   source=r[6] if r[6] is None else str(r[6]),
                   url=r[7] if r[7] is None else str(r[7]), date_inferred=bool(r[8]))


class PendingReads:
    """Selective reads for incremental updates (tables ``articles``, ``dedup_docs``,
    ``story_index_members``, ``stories``, ``story_articles``, ``story_analysis``)."""

    conn: sqlite3.Connection

    def articles_not_deduplicated(self) -> list[Article]:
        """Stored articles not yet in the duplicate index, in publication order."""
        # Ids first (a scan of the covering index articles_order), then only their rows.
        ids = [r[0] for r in self.conn.execute(
            "SELECT a.id FROM articles a WHERE NOT EXISTS"
            " (SELECT 1 FROM dedup_docs d WHERE d.article_id = a.id)" + _ORDER)]
        found = {a.id: a for a in map(_article, rows_in(
            self.conn, _ARTICLE + " WHERE a.id IN ({keys})", ids))}
        return [found[i] for i in ids]

    def unclustered_ids(self) -> list[str]:
        """Ids of the stored articles not yet in the story index, in publication order."""
        rows = self.conn.execute(
            "SELECT a.id FROM articles a WHERE NOT EXISTS"
            " (SELECT 1 FROM story_index_members m WHERE m.article_id = a.id)" + _ORDER)
        return [r[0] for r in rows]

    def story_contents(self, ids: Sequence[str] | None = None
                       ) -> Iterator[tuple[str, dict[str, str]]]:
        """Every story's id (or those of ``ids`` that exist) with its members' content hashes
        (article id -> hash), oldest story first like :meth:`stories`: what a cached story
        result depends on."""
        select = ("SELECT s.id, sa.article_id, a.content_hash, s.first_date FROM stories s"
                  " JOIN story_articles sa ON sa.story_id = s.id"
                  " JOIN articles a ON a.id = sa.article_id")
        order = " ORDER BY s.first_date IS NULL, s.first_date, s.id"
        rows: Iterable[tuple[str, str, str, str | None]]
        if ids is None:
            rows = self.conn.execute(select + order)
        else:
            # In chunks, then in the same order across them (sorted is stable: a story's
            # rows keep their order).
            rows = sorted(rows_in(self.conn, select + " WHERE s.id IN ({keys})" + order, ids),
                          key=lambda r: (r[3] is None, r[3] or "", r[0]))
        current: str | None = None
        members: dict[str, str] = {}
        for story_id, article_id, content_hash, _ in rows:
            if story_id != current:
                if current is not None:
                    yield current, members
                current, members = story_id, {}
            members[article_id] = content_hash
        if current is not None:
            yield current, members

    def stories_by_id(self, ids: Iterable[str]) -> list[Story]:
        """The stories ``ids`` (unknown ids left out), oldest first like :meth:`stories`."""
        wanted = list(dict.fromkeys(ids))
        rows: list[tuple[object, ...]] = []
        members: dict[str, list[str]] = {}
        rows += rows_in(self.conn, "SELECT id, title, first_date, last_date, method, storyline"
                        " FROM stories WHERE id IN ({keys})", wanted)
        for story_id, article_id in rows_in(
                self.conn, "SELECT story_id, article_id FROM story_articles"
                " WHERE story_id IN ({keys}) ORDER BY story_id, position", wanted):
            members.setdefault(story_id, []).append(article_id)
        rows.sort(key=lambda r: (r[2] is None, str(r[2] or ""), str(r[0])))
        return [Story(id=str(r[0]), title=str(r[1]), article_ids=tuple(members.get(str(r[0]), ())),
                      first_date=to_date(r[2] if r[2] is None else str(r[2])),
                      last_date=to_date(r[3] if r[3] is None else str(r[3])), method=str(r[4]),
                      storyline=r[5] if r[5] is None else str(r[5]))
                for r in rows]

    def story_ids(self) -> list[str]:
        """Every story id, oldest story first (like :meth:`stories`)."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM stories ORDER BY first_date IS NULL, first_date, id")]

    def duplicates_among(self, ids: Sequence[str]) -> list[DuplicateMatch]:
        """The duplicate matches of the articles ``ids`` (the copies among them)."""
        rows = [(r[0], DuplicateMatch(r[1], r[2], float(r[3]), r[4])) for r in rows_in(
            self.conn, "SELECT rowid, article_id, duplicate_of, similarity, kind FROM duplicates"
            " WHERE article_id IN ({keys})", ids)]
        return [m for _, m in sorted(rows, key=lambda r: r[0])]  # as Store.duplicates lists them
