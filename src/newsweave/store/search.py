"""Full-text search over the stored articles (the FTS5 index of migration ``0001_core``)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass

_FTS_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_SQL = (
    "SELECT a.id, a.title, a.date, a.source,"
    " snippet(articles_fts, 1, '[', ']', ' … ', 12), bm25(articles_fts)"
    " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
    " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts), a.id LIMIT ? OFFSET ?"
)
_COUNT = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A full-text search result: article id, title, a highlighted snippet, BM25 rank."""

    article_id: str
    title: str | None
    date: dt.date | None
    source: str | None
    snippet: str
    rank: float


def fts_fallback(query: str) -> str | None:
    """``query`` as plain words, each quoted (so it always parses), without FTS5 operators
    and punctuation; ``None`` when no word is left."""
    words = [w for w in re.findall(r"\w+", query) if w not in _FTS_OPERATORS]
    return " ".join(f'"{w}"' for w in words) or None


def search_articles(conn: sqlite3.Connection, query: str, *, limit: int = 20,
                    offset: int = 0) -> list[SearchHit]:
    """Full-text search (FTS5 syntax; plain words are ANDed), best match first.

    A query that FTS5 cannot parse is retried as a quoted phrase per word,
    so punctuation in user input never raises.
    """
    try:
        rows = conn.execute(_SQL, (query, limit, offset)).fetchall()
    except sqlite3.OperationalError:
        safe = fts_fallback(query)
        if safe is None:
            return []
        rows = conn.execute(_SQL, (safe, limit, offset)).fetchall()
    return [SearchHit(r[0], r[1], dt.date.fromisoformat(r[2]) if r[2] else None, r[3], r[4],
                      float(r[5])) for r in rows]


def count_matches(conn: sqlite3.Connection, query: str) -> int:
    """How many articles :func:`search_articles` finds for ``query`` in all."""
    try:
        return int(conn.execute(_COUNT, (query,)).fetchone()[0])
    except sqlite3.OperationalError:
        safe = fts_fallback(query)
        return 0 if safe is None else int(conn.execute(_COUNT, (safe,)).fetchone()[0])
