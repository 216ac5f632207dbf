"""The SQLite store: migrations, idempotent re-ingest, stories, FTS5, read-only, atomicity."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from newsweave.errors import StoreError
from newsweave.model import Article, DuplicateMatch, Rejection, Sentence, Story
from newsweave.store import MIGRATIONS, Migration, Store, migrate

TEXT = (
    "Dockworkers at the port of Halden walked off the job on Monday, halting cargo traffic. "
    "The union said the strike would last until wages were raised."
)


def article(aid: str, text: str = TEXT, day: int = 3, content_hash: str | None = None) -> Article:
    return Article(id=aid, text=text, content_hash=content_hash or f"h-{aid}-{len(text)}",
                   origin=f"{aid}.txt", title=f"Title {aid}", date=dt.date(2025, 9, day),
                   source="Harbor Wire")


def sentences(a: Article) -> list[Sentence]:
    cut = a.text.index(". ") + 1
    return [Sentence(a.id, 0, 0, cut, a.text[:cut]),
            Sentence(a.id, 1, cut + 1, len(a.text), a.text[cut + 1:])]


def test_migrations_are_recorded_and_run_once(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store.open(path) as store:
        names = [r[0] for r in store.conn.execute("SELECT name FROM schema_migrations")]
        assert names == [m.name for m in MIGRATIONS]
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert migrate(store.conn) == []  # nothing left to apply


def test_an_older_store_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    older = tuple(m for m in MIGRATIONS if m.name != "0006_story_index_lead")
    with Store.open(path, migrations=older) as store:
        store.add_articles([article("a-1")], {"a-1": sentences(article("a-1"))})
    with Store.open(path) as store:
        columns = {r[1] for r in store.conn.execute("PRAGMA table_info(story_index)")}
        assert "lead" in columns
        assert [a.id for a in store.articles()] == ["a-1"]  # nothing stored is lost


def test_failed_migration_leaves_previous_schema(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store.open(path).close()
    broken = (*MIGRATIONS, Migration("9999_broken", "CREATE TABLE ok(x); CREATE TABLE ok(x);"))
    with pytest.raises(StoreError, match="9999_broken"):
        Store.open(path, migrations=broken)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name='ok'").fetchone() is None
    assert "9999_broken" not in [r[0] for r in conn.execute("SELECT name FROM schema_migrations")]


def test_store_from_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    newer = (*MIGRATIONS, Migration("9000_future", "CREATE TABLE future(x);"))
    Store.open(path, migrations=newer).close()
    with pytest.raises(StoreError, match="newer newsweave"):
        Store.open(path)


def test_reingest_is_a_noop_and_conflicting_id_is_rejected(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        a = article("hw-1")
        first = store.add_articles([a], {a.id: sentences(a)})
        again = store.add_articles([a], {a.id: sentences(a)})
        assert first.added == ("hw-1",) and again.unchanged == ("hw-1",)
        assert store.article_count() == 1
        changed = article("hw-1", text=TEXT + " Talks resume Friday.")
        result = store.add_articles([changed], {})
        assert result.added == () and len(result.rejected) == 1
        assert "duplicate id 'hw-1' with different content" in result.rejected[0].reason
        # the stored article is untouched
        assert store.articles()[0].text == TEXT
        stored = store.sentences(store.articles()[0])
        assert [s.text for s in stored] == [s.text for s in sentences(a)]


def test_failed_batch_is_rolled_back_whole(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        good = article("a")
        store.add_articles([good], {})
        bad_sentences = {"b": [Sentence("b", 0, 0, 5, "Dock."), Sentence("b", 0, 6, 9, "x")]}
        with pytest.raises(sqlite3.IntegrityError):  # duplicate sentence index
            store.add_articles([article("b")], bad_sentences)
        assert [x.id for x in store.articles()] == ["a"]


def test_stories_roundtrip_and_incremental_update(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        store.add_articles([article("a", day=1), article("b", day=2), article("c", day=5)], {})
        s1 = Story("s-1", "Port strike", ("a", "b"), dt.date(2025, 9, 1), dt.date(2025, 9, 2))
        s2 = Story("s-2", "Other", ("c",), dt.date(2025, 9, 5), dt.date(2025, 9, 5))
        store.save_stories([s1, s2], replace_all=True)
        assert store.stories() == [s1, s2]
        moved = Story("s-1", "Port strike", ("a", "b", "c"), dt.date(2025, 9, 1),
                      dt.date(2025, 9, 5))
        store.save_stories([moved])
        assert store.stories() == [moved]  # s-2 lost its only article and is gone


def test_storyline_merges_move_saved_stories_in_order(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        store.add_articles([article("a", day=1), article("b", day=2), article("c", day=5)], {})
        stories = [Story("s-1", "One", ("a",), dt.date(2025, 9, 1), dt.date(2025, 9, 1),
                         storyline="l-1"),
                   Story("s-2", "Two", ("b",), dt.date(2025, 9, 2), dt.date(2025, 9, 2),
                         storyline="l-2"),
                   Story("s-3", "Three", ("c",), dt.date(2025, 9, 5), dt.date(2025, 9, 5),
                         storyline="l-3")]
        store.save_stories(stories, replace_all=True)
        # l-3 merges into l-2, then l-2 into l-1: every story ends in l-1
        store.merge_storylines([("l-3", "l-2"), ("l-2", "l-1")])
        assert [s.storyline for s in store.stories()] == ["l-1", "l-1", "l-1"]


def test_duplicates_and_rejections(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        store.add_articles([article("a"), article("b", day=4)], {})
        store.set_duplicates([DuplicateMatch("b", "a", 1.0, "exact")])
        assert store.duplicates()["b"].duplicate_of == "a"
        run = store.begin_run("ingest")
        store.finish_run(run, added=2, unchanged=0,
                         rejected=[Rejection("bad.txt", "empty file")])
        assert store.last_rejections() == (Rejection("bad.txt", "empty file"),)


def test_search_uses_fts5_and_survives_bad_syntax(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        store.add_articles([article("a"), article("b", text="A museum in Varna lost a "
                                                           "painting to thieves overnight.")], {})
        assert [h.article_id for h in store.search("dockworkers")] == ["a"]
        assert [h.article_id for h in store.search("strikes")] == ["a"]  # porter stemming
        assert [h.article_id for h in store.search('museum AND "')] == ["b"]  # bad syntax
        assert "[museum]" in store.search("museum")[0].snippet
        assert store.search("zebra") == []


def test_read_only_store_cannot_write_and_must_exist(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(path, read_only=True)
    Store.open(path).close()
    with Store.open(path, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.add_articles([article("a")], {})


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="Is it a newsweave SQLite file"):
        Store.open(path)


def test_nested_transaction_is_a_savepoint(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store, store.transaction():
        store.add_articles([article("a-1")], {"a-1": sentences(article("a-1"))})
        with pytest.raises(RuntimeError), store.transaction():
            store.add_articles([article("a-2")], {"a-2": sentences(article("a-2"))})
            raise RuntimeError("inner step fails")
    with Store.open(tmp_path / "s.db") as store:
        assert [a.id for a in store.articles()] == ["a-1"]


def test_timex3_migration_drops_cached_analyses_and_story_reports(tmp_path: Path) -> None:
    """Stores written before TIMEX3 time expressions redo their analyses and timelines."""
    path = tmp_path / "old.db"
    older = tuple(m for m in MIGRATIONS if m.name != "0011_timex3_reanalysis")
    art = Article("a1", "It rained on Monday.", "h", "a.txt", date=dt.date(2023, 6, 20))
    with Store.open(path, migrations=older) as store:
        store.add_articles([art], {"a1": [Sentence("a1", 0, 0, 20, art.text)]})
        store.put_article_analysis("article_analysis", "1", {"a1": b"{}"})
        store.put_article_analysis("sentence_embeddings", "m/1", {"a1": b"\0"})
    with Store.open(path) as store:
        assert store.article_analysis("article_analysis", "1", ["a1"]) == {}
        assert store.article_analysis("sentence_embeddings", "m/1", ["a1"]) == {"a1": b"\0"}
        assert len(store.articles()) == 1
