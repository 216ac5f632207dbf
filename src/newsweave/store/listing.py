"""The story list's projection (table ``story_listing``, migration ``0012_story_listing``).

One light row per story, written when stories are woven
(:func:`newsweave.listing.refresh_listings`), so a list page or ``/api/stories``
reads ``limit`` rows with one indexed query instead of decoding every story's
report. A mixin of :class:`newsweave.store.Store`, like
:class:`~newsweave.store.runs.RunRecords`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from typing import Any, Literal

from newsweave.store.search import fts_fallback
from newsweave.store.sql import iso, rows_in, to_date

Sort = Literal["newest", "oldest", "outlets", "articles"]
SORTS: tuple[Sort, ...] = ("newest", "oldest", "outlets", "articles")
# Undated stories always come last; ties are broken by id so pages never overlap.
_ORDER: dict[Sort, str] = {
    "newest": "last_date IS NULL, last_date DESC, story_id DESC",
    "oldest": "first_date IS NULL, first_date, story_id",
    "outlets": "n_outlets DESC, n_articles DESC, last_date IS NULL, last_date DESC, story_id",
    "articles": "n_articles DESC, n_outlets DESC, last_date IS NULL, last_date DESC, story_id",
}


@dataclass(frozen=True, slots=True)
class ArticleHeader:
    """An article's metadata without its text (what lists and glances show)."""

    id: str
    title: str | None
    date: dt.date | None
    source: str | None
    url: str | None
    author: str | None = None
    origin: str = ""
    date_inferred: bool = False


@dataclass(frozen=True, slots=True)
class StoryListing:
    """One row of the story list.

    ``title`` is the story's title (the report's); ``headline`` the best headline
    among its articles' titles; ``snippet`` its first summary sentence (or lead).
    ``outlets`` are outlet names, most articles first; ``n_outlets`` counts the
    named ones (articles of unknown outlet are ``n_unknown``); ``n_copies`` the
    articles that are copies of another. ``entities``: the most mentioned entity
    names; ``entity_keys`` every casefolded name and alias (for filtering).
    ``n_conflicts``/``n_quotes`` are ``None`` when the comparison has not run.
    """

    story_id: str
    title: str
    headline: str
    snippet: str | None
    first_date: dt.date | None
    last_date: dt.date | None
    article_ids: tuple[str, ...]
    n_articles: int
    n_outlets: int
    n_unknown: int
    n_copies: int
    outlets: tuple[str, ...]
    entities: tuple[str, ...]
    entity_keys: tuple[str, ...]
    storyline: str | None = None
    n_conflicts: int | None = None
    n_quotes: int | None = None


@dataclass(frozen=True, slots=True)
class ListingQuery:
    """Filters, order and page of the story list; ``None`` means "any"."""

    query: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    source: str | None = None
    entity: str | None = None
    sort: Sort = "newest"
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class ListingPage:
    """``rows`` of the list from ``offset`` on, and how many rows match in all."""

    total: int
    rows: tuple[StoryListing, ...]


def _to_json(row: StoryListing) -> str:
    data = asdict(row)
    data["first_date"], data["last_date"] = iso(row.first_date), iso(row.last_date)
    del data["entity_keys"]  # a column of its own
    return json.dumps(data, ensure_ascii=False)


def _from_json(text: str, keys: str) -> StoryListing:
    data: dict[str, Any] = json.loads(text)
    for name in ("article_ids", "outlets", "entities"):
        data[name] = tuple(data[name])
    data["first_date"], data["last_date"] = to_date(data["first_date"]), to_date(
        data["last_date"])
    return StoryListing(**data, entity_keys=tuple(json.loads(keys)))


class ListingRecords:
    """The story list projection and the article headers it is made from."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by Store

    def listing_keys(self, ids: Sequence[str] | None = None) -> dict[str, str]:
        """Story id -> the key its listing row was computed from (every story's, or those of
        the stories ``ids``)."""
        if ids is None:
            return dict(self.conn.execute("SELECT story_id, key FROM story_listing"))
        return dict(rows_in(
            self.conn, "SELECT story_id, key FROM story_listing WHERE story_id IN ({keys})", ids))

    def put_listings(self, rows: Iterable[tuple[str, StoryListing]]) -> None:
        """Write (or replace) listing rows ``(key, row)`` in one transaction."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO story_listing(story_id, key, first_date, last_date,"
                " n_articles, n_outlets, headline, outlets, entity_keys, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.story_id, key, iso(r.first_date), iso(r.last_date), r.n_articles,
                  r.n_outlets, r.headline, json.dumps(list(r.outlets), ensure_ascii=False),
                  json.dumps(list(r.entity_keys), ensure_ascii=False), _to_json(r))
                 for key, r in rows])

    def listing_rows(self, query: ListingQuery) -> tuple[int, list[dict[str, Any]]]:
        """Like :meth:`listings`, with each row as the JSON object stored for it (what the
        API returns; no :class:`StoryListing` is built)."""
        page = self._page(query)
        return page[0], [json.loads(data) for data, _ in page[1]]

    def listings(self, query: ListingQuery | None = None) -> ListingPage:
        """The rows matching ``query`` in its order, ``query.limit`` from ``query.offset``.

        ``query.query`` is full-text (FTS5 syntax; a query FTS5 cannot parse is
        retried word by word, as in :meth:`Store.search`): a story matches when
        one of its articles does. ``source`` is an outlet name; ``entity`` a name
        or alias (any case).
        """
        total, rows = self._page(query or ListingQuery())
        return ListingPage(total, tuple(_from_json(d, k) for d, k in rows))

    def _page(self, query: ListingQuery) -> tuple[int, list[tuple[str, str]]]:
        try:
            return self._listings(query, query.query)
        except sqlite3.OperationalError:
            if not query.query:
                raise
            safe = fts_fallback(query.query)
            if safe is None:
                return 0, []
            return self._listings(query, safe)

    def _listings(self, query: ListingQuery, fts: str | None) -> tuple[int, list[tuple[str, str]]]:
        where: list[str] = []
        args: list[object] = []
        if fts is not None and fts.strip():
            where.append(
                "story_id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a"
                " ON a.id = sa.article_id WHERE a.rowid IN"
                " (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))")
            args.append(fts)
        if query.since is not None:
            where.append("last_date >= ?")
            args.append(iso(query.since))
        if query.until is not None:
            where.append("first_date <= ?")
            args.append(iso(query.until))
        if query.source:
            where.append("EXISTS (SELECT 1 FROM json_each(story_listing.outlets)"
                         " WHERE value = ?)")
            args.append(query.source)
        if query.entity and query.entity.strip():
            where.append("EXISTS (SELECT 1 FROM json_each(story_listing.entity_keys)"
                         " WHERE value = ?)")
            args.append(" ".join(query.entity.split()).casefold())
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        total = int(self.conn.execute(
            f"SELECT count(*) FROM story_listing{clause}", args).fetchone()[0])
        rows = self.conn.execute(
            f"SELECT data, entity_keys FROM story_listing{clause} ORDER BY {_ORDER[query.sort]}"
            " LIMIT ? OFFSET ?", [*args, max(query.limit, 0), max(query.offset, 0)]).fetchall()
        return total, rows

    def listing(self, story_id: str) -> StoryListing | None:
        """The listing row of one story, if it has one."""
        row = self.conn.execute("SELECT data, entity_keys FROM story_listing WHERE story_id = ?",
                                (story_id,)).fetchone()
        return _from_json(row[0], row[1]) if row else None

    def listing_outlets(self) -> list[str]:
        """Every outlet named in the list, alphabetically (for filter menus)."""
        rows = self.conn.execute(
            "SELECT DISTINCT j.value FROM story_listing, json_each(story_listing.outlets) j"
            " ORDER BY j.value")
        return [r[0] for r in rows]

    def article_headers(self, ids: Sequence[str] | None = None) -> list[ArticleHeader]:
        """Articles' metadata without their text, in publication order."""
        sql = "SELECT id, title, date, source, url, author, origin, date_inferred FROM articles"
        if ids is None:
            rows = self.conn.execute(sql + " ORDER BY date IS NULL, date, id").fetchall()
        else:
            rows = list(rows_in(self.conn, sql + " WHERE id IN ({keys})", ids))
            rows.sort(key=lambda r: (r[2] is None, r[2] or "", r[0]))
        return [ArticleHeader(r[0], r[1], to_date(r[2]), r[3], r[4], r[5], r[6], bool(r[7]))
                for r in rows]

    def lead_sentences(self, ids: Sequence[str]) -> dict[str, str]:
        """Article id -> its first stored sentence (for articles that have sentences)."""
        return dict(rows_in(
            self.conn, 'SELECT s.article_id, substr(a.text, s.start + 1, s."end" - s.start)'
            " FROM sentences s JOIN articles a ON a.id = s.article_id"
            " WHERE s.idx = 0 AND s.article_id IN ({keys})", ids))

    def story_fingerprints(self, stage: str, ids: Sequence[str] | None = None) -> dict[str, str]:
        """Story id -> the fingerprint of its cached ``stage`` result (of every story, or of
        the stories ``ids``)."""
        if ids is None:
            return dict(self.conn.execute(
                "SELECT story_id, fingerprint FROM story_analysis WHERE stage = ?", (stage,)))
        return dict(rows_in(self.conn, "SELECT story_id, fingerprint FROM story_analysis"
                            " WHERE stage = ? AND story_id IN ({keys})", ids, (stage,)))
