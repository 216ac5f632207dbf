"""store.sql's "rows whose key is in this list": any number of keys, each matched once."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from newsweave.model import Article, DuplicateMatch, Sentence, Story
from newsweave.store import Store
from newsweave.store.sql import KEYS_PER_QUERY, MAX_VARIABLES, execute_in, rows_in

#: More keys than SQLite accepts in one statement (32,766 variables since 3.32).
MANY = 40_000


def _oldest_limit(db: sqlite3.Connection) -> None:
    # Debian's SQLite allows 250,000 variables: tests run under the oldest builds' limit.
    db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, MAX_VARIABLES)


@pytest.fixture()
def conn() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    _oldest_limit(db)
    db.execute("CREATE TABLE t(k TEXT PRIMARY KEY, grp TEXT, v INTEGER)")
    db.executemany("INSERT INTO t VALUES (?, ?, ?)",
                   [(f"k{i}", "even" if i % 2 == 0 else "odd", i) for i in range(MANY)])
    return db


def test_one_statement_cannot_take_them_all(conn: sqlite3.Connection) -> None:
    keys = [f"k{i}" for i in range(MANY)]
    with pytest.raises(sqlite3.OperationalError, match="too many SQL variables"):
        conn.execute(f"SELECT k FROM t WHERE k IN ({','.join('?' * len(keys))})", keys)


def test_rows_in_finds_every_key_once(conn: sqlite3.Connection) -> None:
    keys = [f"k{i}" for i in range(0, 2 * MANY, 2)]  # half of them stored
    keys += keys[:1000]  # repeated keys match once, even in another chunk
    rows = list(rows_in(conn, "SELECT k, v FROM t WHERE k IN ({keys})", keys))
    assert sorted(v for _, v in rows) == list(range(0, MANY, 2))


def test_params_come_before_the_keys_and_lists_repeat(conn: sqlite3.Connection) -> None:
    keys = [f"k{i}" for i in range(MANY)]
    odd = list(rows_in(conn, "SELECT v FROM t WHERE grp = ? AND k IN ({keys})", keys, ("odd",)))
    assert len(odd) == MANY // 2 and all(v % 2 == 1 for (v,) in odd)
    both = list(rows_in(conn, "SELECT k FROM t WHERE grp <> ? AND k IN ({keys})"
                        " UNION SELECT k FROM t WHERE k IN ({keys})",
                        keys[:KEYS_PER_QUERY * 3], ("x",)))
    assert len(both) == KEYS_PER_QUERY * 3


def test_a_statement_stays_within_the_oldest_limit(conn: sqlite3.Connection) -> None:
    sent: list[int] = []
    conn.set_trace_callback(lambda sql: sent.append(sql.count("?")))
    params = tuple("x" for _ in range(10))
    list(rows_in(conn, "SELECT k FROM t WHERE grp NOT IN (" + ",".join("?" * 10) + ")"
                 " AND (k IN ({keys}) OR k IN ({keys}))", [f"k{i}" for i in range(3000)], params))
    assert sent and max(sent) <= MAX_VARIABLES


def test_execute_in_writes_every_key(conn: sqlite3.Connection) -> None:
    execute_in(conn, "UPDATE t SET grp = ? WHERE k IN ({keys})",
               [f"k{i}" for i in range(MANY - 1)], ("done",))
    execute_in(conn, "DELETE FROM t WHERE grp = ? AND k IN ({keys})", ["k0", "k1", "k2"], ("done",))
    assert dict(conn.execute("SELECT grp, count(*) FROM t GROUP BY grp")) == {
        "done": MANY - 4, "odd": 1}


def test_no_keys_no_statement_and_no_list_is_an_error(conn: sqlite3.Connection) -> None:
    sent: list[str] = []
    conn.set_trace_callback(sent.append)
    assert list(rows_in(conn, "SELECT k FROM t WHERE k IN ({keys})", [])) == []
    assert sent == []
    with pytest.raises(ValueError, match=r"no \{keys\} list"):
        list(rows_in(conn, "SELECT k FROM t", ["k1"]))


def _article(aid: str, day: int) -> Article:
    text = f"The ferry from {aid} left late. Passengers waited on the pier for an hour."
    return Article(id=aid, text=text, content_hash=f"h-{aid}", origin=f"{aid}.txt",
                   title=f"Ferry {aid}", date=dt.date(2025, 9, day), source="Harbor Wire")


def test_store_reads_take_more_keys_than_sqlite_allows() -> None:
    """Every store method that takes a list of ids, with 40,000 of them (most unknown)."""
    with Store.open() as store:
        _oldest_limit(store.conn)
        arts = [_article(f"a-{i}", 10 - i) for i in range(4)]
        store.add_articles(arts, {a.id: [Sentence(a.id, 0, 0, 26, a.text[:26])] for a in arts})
        store.save_stories([Story("s-1", "Ferry", ("a-1", "a-0"), dt.date(2025, 9, 9),
                                  dt.date(2025, 9, 10), "test"),
                            Story("s-2", "Ferry", ("a-3",), dt.date(2025, 9, 7),
                                  dt.date(2025, 9, 7), "test")])
        store.set_duplicates([DuplicateMatch("a-2", "a-1", 0.9, "near")])
        store.put_article_analysis("stage", "1", {"a-0": b"x", "a-3": b"y"})
        store.put_story_analysis("s-2", "report", "fp", b"z")
        ids = [f"a-{i}" for i in range(MANY)]
        story_ids = [f"s-{i}" for i in range(MANY)]
        assert [a.id for a in store.articles(ids)] == ["a-3", "a-2", "a-1", "a-0"]
        assert [h.id for h in store.article_headers(ids)] == ["a-3", "a-2", "a-1", "a-0"]
        assert store.article_analysis("stage", "1", ids) == {"a-0": b"x", "a-3": b"y"}
        assert set(store.lead_sentences(ids)) == {"a-0", "a-1", "a-2", "a-3"}
        assert [m.article_id for m in store.duplicates_among(ids)] == ["a-2"]
        assert list(store.story_contents(story_ids)) == [
            ("s-2", {"a-3": "h-a-3"}), ("s-1", {"a-1": "h-a-1", "a-0": "h-a-0"})]
        assert [s.id for s in store.stories_by_id(story_ids)] == ["s-2", "s-1"]
        assert store.story_fingerprints("report", story_ids) == {"s-2": "fp"}
        assert store.listing_keys(story_ids) == {}
        removed = store.remove_articles(ids)
        assert removed.removed == ("a-0", "a-1", "a-2", "a-3")
        assert len(removed.missing) == MANY - 4 and store.article_count() == 0
