"""Make a large store by replicating a real analysed one (for benchmarks/bench_pipeline.py).

Every row of the base store is copied ``copies`` times; copy ``r`` has every article,
story and storyline id suffixed with ``~r<r>`` and every date shifted by ``7 r`` days,
so the copies spread over time like a growing archive. Cached results stay valid: the
per-article analyses keep their stage versions (ids inside them are rewritten), the
duplicate and story indexes are copied with their sequence numbers and keys shifted,
document frequencies are scaled, and each story's cached report gets the fingerprint
of its copied members (same contents, new ids), so an ``update`` on the big store finds
nothing stale. Copies of one article are exact twins of each other; the copied
duplicate index already holds them, so nothing is re-matched.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

SHIFT_DAYS = 7


def _map_ids(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [_map_ids(v, ids) for v in value]
    if isinstance(value, dict):
        return {ids.get(k, k): _map_ids(v, ids) for k, v in value.items()}
    return value


def _shift(day: str | None, days: int) -> str | None:
    if day is None:
        return None
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def replicate(base: Path, out: Path, copies: int) -> int:
    """Write ``out``: ``base`` and ``copies - 1`` shifted replicas of it; return the
    number of articles."""
    from newsweave.grouping import story_id, storyline_id
    from newsweave.report import REPORT_STAGE
    from newsweave.settings import options_from_settings
    from newsweave.weave import fingerprint

    tmp = out.with_suffix(".tmp")
    shutil.copyfile(base, tmp)
    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    q = conn.execute
    options = options_from_settings(dict(q("SELECT name, value FROM settings")))
    articles = q("SELECT id, content_hash, origin, title, date, source, url, text, ingested_at,"
                 " run_id, date_inferred, author FROM articles").fetchall()
    sentences = q('SELECT article_id, idx, start, "end" FROM sentences').fetchall()
    analyses = q("SELECT article_id, stage, version, data FROM article_analysis").fetchall()
    stories = q("SELECT id, title, first_date, last_date, method, updated_at, storyline"
                " FROM stories").fetchall()
    members = q("SELECT article_id, story_id, position FROM story_articles").fetchall()
    reports = q("SELECT story_id, stage, fingerprint, data FROM story_analysis").fetchall()
    dups = q("SELECT article_id, duplicate_of, similarity, kind FROM duplicates").fetchall()
    docs = q("SELECT article_id, seq, exact_key, canonical, similarity, kind, signature,"
             " shingles FROM dedup_docs").fetchall()
    bands = q("SELECT key, seq FROM dedup_bands").fetchall()
    index = q("SELECT story_key, size, first_date, last_date, last_ord, emb_sum, words,"
              " specifics, lead FROM story_index").fetchall()
    index_members = q("SELECT article_id, story_key, undated FROM story_index_members").fetchall()
    lines = q("SELECT storyline_key, size, emb_sum, words, specifics FROM storyline_index"
              ).fetchall()
    line_of = q("SELECT story_key, storyline_key FROM story_storylines").fetchall()
    seq_span = int(q("SELECT coalesce(max(seq), -1) + 1 FROM dedup_docs").fetchone()[0])
    story_keys = {r[0] for r in index}
    hashes = {r[0]: r[1] for r in articles}
    q("BEGIN")
    for r in range(1, copies):
        sfx, days = f"~r{r}", SHIFT_DAYS * r
        aid = {a[0]: a[0] + sfx for a in articles}
        sid = {story_id(k): story_id(k + sfx) for k in story_keys}
        line_ids = {storyline_id(x[0]): storyline_id(x[0] + sfx) for x in lines}
        ids = {**aid, **sid, **line_ids}
        conn.executemany(
            "INSERT INTO articles(id, content_hash, origin, title, date, source, url, text,"
            " ingested_at, run_id, date_inferred, author) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(aid[a[0]], a[1], a[2], a[3], _shift(a[4], days), *a[5:]) for a in articles])
        conn.executemany('INSERT INTO sentences(article_id, idx, start, "end") VALUES (?,?,?,?)',
                         [(aid[s[0]], *s[1:]) for s in sentences])
        conn.executemany(
            "INSERT INTO article_analysis(article_id, stage, version, data) VALUES (?,?,?,?)",
            [(aid[x[0]], x[1], x[2], _rewrite(x[3], ids) if x[1] == "article_analysis"
              else x[3]) for x in analyses])
        conn.executemany(
            "INSERT INTO stories(id, title, first_date, last_date, method, updated_at, storyline)"
            " VALUES (?,?,?,?,?,?,?)",
            [(sid[s[0]], s[1], _shift(s[2], days), _shift(s[3], days), s[4], s[5],
              line_ids.get(s[6]) if s[6] else None) for s in stories])
        conn.executemany("INSERT INTO story_articles(article_id, story_id, position) VALUES"
                         " (?,?,?)", [(aid[m[0]], sid[m[1]], m[2]) for m in members])
        by_story: dict[str, dict[str, str]] = {}
        for m in members:
            by_story.setdefault(m[1], {})[aid[m[0]]] = hashes[m[0]]
        conn.executemany(
            "INSERT INTO story_analysis(story_id, stage, fingerprint, data) VALUES (?,?,?,?)",
            [(sid[x[0]], x[1], fingerprint(by_story[x[0]], options.weave)
              if x[1] == REPORT_STAGE else x[2], _rewrite(x[3], ids)) for x in reports])
        conn.executemany("INSERT INTO duplicates(article_id, duplicate_of, similarity, kind)"
                         " VALUES (?,?,?,?)", [(aid[d[0]], aid[d[1]], d[2], d[3]) for d in dups])
        conn.executemany(
            "INSERT INTO dedup_docs(article_id, seq, exact_key, canonical, similarity, kind,"
            " signature, shingles) VALUES (?,?,?,?,?,?,?,?)",
            [(aid[d[0]], d[1] + r * seq_span, d[2], aid[d[3]], *d[4:]) for d in docs])
        conn.executemany("INSERT INTO dedup_bands(key, seq) VALUES (?,?)",
                         [(b[0], b[1] + r * seq_span) for b in bands])
        conn.executemany(
            "INSERT INTO story_index(story_key, size, first_date, last_date, last_ord, emb_sum,"
            " words, specifics, lead) VALUES (?,?,?,?,?,?,?,?,?)",
            [(x[0] + sfx, x[1], _shift(x[2], days), _shift(x[3], days),
              x[4] + days if x[2] is not None else x[4], *x[5:]) for x in index])
        conn.executemany("INSERT INTO story_index_members(article_id, story_key, undated) VALUES"
                         " (?,?,?)", [(aid[m[0]], m[1] + sfx, m[2]) for m in index_members])
        conn.executemany("INSERT INTO storyline_index(storyline_key, size, emb_sum, words,"
                         " specifics) VALUES (?,?,?,?,?)",
                         [(x[0] + sfx, *x[1:]) for x in lines])
        conn.executemany("INSERT INTO story_storylines(story_key, storyline_key) VALUES (?,?)",
                         [(x[0] + sfx, x[1] + sfx) for x in line_of])
    q("UPDATE story_index_df SET df = df * ?", (copies,))
    q("UPDATE story_index_meta SET value = CAST(CAST(value AS INTEGER) * ? AS TEXT)"
      " WHERE key = 'n_docs'", (copies,))
    q("COMMIT")
    n = int(q("SELECT count(*) FROM articles").fetchone()[0])
    conn.close()
    _listings(tmp)
    tmp.rename(out)
    return n


def _listings(path: Path) -> None:
    """The story list's rows of the copies (each copied report decoded once, here), so that
    an update on the big store finds them current, as it would in a store grown by ingests.
    The query tables (conflicts, quotes ...) of the copies are not filled: no update reads
    them."""
    from newsweave.listing import refresh_listings
    from newsweave.store import Store

    with Store.open(path) as store:
        refresh_listings(store)


def _rewrite(blob: bytes, ids: dict[str, str]) -> bytes:
    return json.dumps(_map_ids(json.loads(blob), ids), ensure_ascii=False,
                      separators=(",", ":")).encode()
