"""Removing articles (``newsweave remove``, :func:`newsweave.pipeline.remove`) and repairing a
store that an out-of-range date broke before issue 16."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from newsweave import pipeline
from newsweave.cli import EXIT_REJECTED, app
from newsweave.ingest import content_hash
from newsweave.model import Article
from newsweave.report import build_report
from newsweave.store import Store

CORPUS = {
    "harbor-1.txt": "date 2025-09-03 Dockworkers at the port of Halden walked off the job on "
    "Monday, halting container traffic as the union demanded higher wages. Port managers "
    "called the strike unlawful.",
    "harbor-2.txt": "date 2025-09-04 The strike by Halden dockworkers entered its second day on "
    "Tuesday, with container ships waiting offshore. Port managers asked a court to end the "
    "walkout.",
    "harbor-3.txt": "date 2025-09-05 A court in Halden ordered striking dockworkers back to work "
    "on Wednesday, but the union said members would appeal. Ships remained at anchor outside "
    "the port.",
    "museum-1.txt": "date 2025-09-10 Thieves took a 17th-century painting from the Varna city "
    "museum overnight, police said, after disabling an alarm on the ground floor.",
    "museum-2.txt": "date 2025-09-11 Police in Varna said on Thursday they had identified two "
    "suspects in the theft of a 17th-century painting from the city museum.",
}


def _corpus(root: Path, names: list[str]) -> Path:
    root.mkdir(parents=True)
    for name in names:
        (root / name).write_text(CORPUS[name], encoding="utf-8")
    return root


def _groups(store: Store) -> list[list[str]]:
    return sorted(sorted(s.article_ids) for s in store.stories())


def _consistent(store: Store) -> None:
    conn = store.conn
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    members = {r[0] for r in conn.execute("SELECT article_id FROM story_index_members")}
    assert members == {a.id for a in store.articles()}
    in_stories = [r[0] for r in conn.execute("SELECT article_id FROM story_articles")]
    assert sorted(in_stories) == sorted(members)


def test_remove_reweaves_like_a_store_built_without_them(tmp_path: Path, models: Any) -> None:
    every = list(CORPUS)
    with Store.open(tmp_path / "all.db") as store:
        pipeline.analyze([str(_corpus(tmp_path / "all", every))], store, models)
        before = {s.id for s in store.stories()}
        result = pipeline.remove(["harbor-1", "museum-2", "nope"], store, models)
        assert result.removed == ("harbor-1", "museum-2") and result.missing == ("nope",)
        assert len(result.stories) == 2 and set(result.stories) <= before
        _consistent(store)
        got = _groups(store)
        report = build_report(store)
        assert not store.search("unlawful")  # the search index forgot it too
    keep = [n for n in every if n not in ("harbor-1.txt", "museum-2.txt")]
    with Store.open(tmp_path / "fresh.db") as fresh:
        pipeline.analyze([str(_corpus(tmp_path / "fresh", keep))], fresh, models)
        assert got == _groups(fresh), (got, _groups(fresh))
        assert ["museum-1"] in got and not any("harbor-1" in g for g in got)
        expected = {s.story.id: s for s in build_report(fresh).stories}
    for story in report.stories:  # re-woven: the same report as a store built without them
        assert story.summary == expected[story.story.id].summary
        assert story.story.article_ids == expected[story.story.id].story.article_ids


def test_removing_an_original_rematches_its_copies(tmp_path: Path, models: Any) -> None:
    text = CORPUS["museum-1.txt"].split(" ", 2)[2]
    feed = tmp_path / "copies.jsonl"
    feed.write_text("".join(
        f'{{"id": "{i}", "date": "2025-09-1{n}", "text": "{text}"}}\n'
        for n, i in enumerate(["orig", "copy-a", "copy-b"])), encoding="utf-8")
    with Store.open(tmp_path / "s.db") as store:
        pipeline.analyze([str(feed)], store, models)
        assert {k: v.duplicate_of for k, v in store.duplicates().items()} == {
            "copy-a": "orig", "copy-b": "orig"}
        pipeline.remove(["orig"], store, models)
        assert {k: v.duplicate_of for k, v in store.duplicates().items()} == {
            "copy-b": "copy-a"}
        _consistent(store)
        assert _groups(store) == [["copy-a", "copy-b"]]


def test_the_remove_command(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", ["harbor-1.txt", "harbor-2.txt"])
    db = tmp_path / "s.db"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "-q"]).exit_code == 0
    done = runner.invoke(app, ["remove", "harbor-2", "ghost", "--db", str(db)])
    assert done.exit_code == EXIT_REJECTED, done.stderr
    assert "1 removed" in done.stderr and "ghost: no article with this id" in done.stderr
    with Store.open(db, read_only=True) as store:
        assert [a.id for a in store.articles()] == ["harbor-1"]
        assert _groups(store) == [["harbor-1"]]
    missing = runner.invoke(app, ["remove", "x", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "does not exist" in missing.stderr
    assert not (tmp_path / "none.db").exists()


def test_a_store_broken_by_year_9999_is_usable_and_repairable(
    tmp_path: Path, models: Any
) -> None:
    # Before issue 16 ingest accepted "date 9999-12-31"; "tomorrow" then overflowed the
    # calendar, and every later run on that store failed. Write such an article directly.
    text = ("The minister said on Monday that the talks would continue tomorrow in the capital, "
            "and that a deal could follow next week.")
    old = Article("far-future", text, content_hash(text), "old.txt", date=dt.date(9999, 12, 31))
    with Store.open(tmp_path / "s.db") as store:
        store.add_articles([old], {})
        _, report = pipeline.analyze(
            [str(_corpus(tmp_path / "in", ["museum-1.txt"]))], store, models)
        assert report.failed == () and len(report.stories) == 2  # the run completes
        assert {a.id for a in report.articles} == {"far-future", "museum-1"}
        pipeline.remove(["far-future"], store, models)
        _consistent(store)
        assert [a.id for a in store.articles()] == ["museum-1"]
    conn = sqlite3.connect(tmp_path / "s.db")
    try:
        assert conn.execute("SELECT count(*) FROM story_index").fetchone()[0] == 1
    finally:
        conn.close()
