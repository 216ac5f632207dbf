"""The plain tables of a store (docs/store.md): what the caches say, queryable by tools."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from newsweave import codec, pipeline
from newsweave.analysis import load_analyses
from newsweave.model import StoryReport
from newsweave.report import REPORT_STAGE
from newsweave.store import Store
from newsweave.store.tables import QUERY_TABLES
from tests.conftest import DEMO, ROOT

QUERIES = re.findall(r"```sql\n(.*?)```", (ROOT / "docs" / "store.md").read_text("utf-8"),
                     flags=re.S)

pytestmark = pytest.mark.slow  # analyses the demo corpus


@pytest.fixture(scope="module")
def demo_db(models: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tables") / "news.db"
    with Store.open(path) as store:
        pipeline.analyze([str(DEMO / "corpus")], store, models)
    return path


def _rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every plain table's rows, with the claims' conflict named by (story, idx), not id."""
    conn = sqlite3.connect(db)
    try:
        out = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
               for t in ("entity_mentions", "quotes", "time_expressions", "story_members")}
        out["conflicts"] = conn.execute(
            "SELECT story_id, idx, topic, detail, confidence FROM conflicts"
            " ORDER BY story_id, idx").fetchall()
        out["claims"] = conn.execute(
            "SELECT c.story_id, article_id, kind, group_idx, position, f.idx, value, start,"
            ' "end", text, c.confidence FROM claims c LEFT JOIN conflicts f'
            " ON f.id = c.conflict_id ORDER BY c.story_id, kind, group_idx, position").fetchall()
    finally:
        conn.close()
    return out


def test_the_tables_hold_what_the_caches_hold(demo_db: Path) -> None:
    with Store.open(demo_db, read_only=True) as store:
        ids = store.article_ids()
        analyses = load_analyses(store, ids)
        reports = []
        for story in store.stories():
            cached = store.story_analysis(story.id, REPORT_STAGE)
            assert cached is not None
            reports.append(codec.loads(StoryReport, cached[1]))
    rows = _rows(demo_db)
    quotes = sorted((a.article_id, i, q.start, q.end, q.text, q.speaker, q.speaker_id,
                     q.speaker_kind, int(q.direct), q.confidence)
                    for a in analyses.values() for i, q in enumerate(a.quotes))
    assert sorted(rows["quotes"]) == quotes and quotes
    assert len(rows["entity_mentions"]) == sum(len(a.mentions) for a in analyses.values())
    assert len(rows["time_expressions"]) == sum(len(a.times) for a in analyses.values())
    conflicts = [(r.story.id, i, c.topic) for r in reports for i, c in enumerate(r.conflicts or ())]
    assert [row[:3] for row in rows["conflicts"]] == sorted(conflicts) and conflicts
    n_claims = sum(len(g.claims) for r in reports for g in (r.consensus or ())) + sum(
        len(r.single_source or ()) + 2 * len(r.updates or ()) for r in reports) + sum(
        len(c.claims) for r in reports for c in (r.conflicts or ()))
    assert len(rows["claims"]) == n_claims
    assert len(rows["story_members"]) == sum(len(r.story.article_ids) for r in reports)


def test_tools_see_the_foreign_keys(demo_db: Path) -> None:
    db = sqlite_utils.Database(demo_db)
    names = set(db.table_names()) | set(db.view_names())
    assert set(QUERY_TABLES) <= names
    links = {(t, fk.column, fk.other_table) for t in ("quotes", "entity_mentions",
             "time_expressions", "conflicts", "claims") for fk in db[t].foreign_keys}  # type: ignore[union-attr]
    assert {("quotes", "article_id", "articles"), ("entity_mentions", "article_id", "articles"),
            ("time_expressions", "article_id", "articles"), ("conflicts", "story_id", "stories"),
            ("claims", "story_id", "stories"), ("claims", "article_id", "articles"),
            ("claims", "conflict_id", "conflicts")} <= links


def test_the_three_documented_queries_run_with_sqlite_utils(demo_db: Path) -> None:
    assert len(QUERIES) == 3
    db = sqlite_utils.Database(demo_db)
    speaker = next(db.query("SELECT speaker FROM quotes WHERE speaker IS NOT NULL"
                            " GROUP BY speaker ORDER BY count(*) DESC LIMIT 1"))["speaker"]
    said = list(db.query(QUERIES[0], {"speaker": speaker}))
    assert said and {r["speaker"] for r in said} == {speaker}
    assert all(r["text"] and set(r) == {"speaker", "source", "date", "direct", "text"}
               for r in said)

    conflicts = list(db.query(QUERIES[1]))
    assert conflicts and all(r["value"] is not None and r["topic"] for r in conflicts)
    # Each conflict is told by two claims, each from its own article.
    assert len(conflicts) % 2 == 0

    named = list(db.query(QUERIES[2], {"entity": "Velmora"}))
    assert len({r["source"] for r in named}) >= 2
    assert all(r["mentions"] >= 1 and r["story_title"] for r in named)


def test_an_existing_store_gets_its_tables_from_its_caches(
    demo_db: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.db"
    shutil.copy(demo_db, old)
    conn = sqlite3.connect(old)
    conn.executescript(  # the store as it was before migration 0014
        "DROP VIEW story_members; DROP TABLE claims; DROP TABLE conflicts;"
        " DROP TABLE quotes; DROP TABLE entity_mentions; DROP TABLE time_expressions;"
        " DELETE FROM schema_migrations WHERE name = '0014_query_tables';")
    conn.close()
    with Store.open(old):
        pass  # migrates: fills the tables from the cached JSON
    assert _rows(old) == _rows(demo_db)


def test_rows_go_with_their_article(demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(demo_db, copy)
    with Store.open(copy) as store:
        gone = store.conn.execute(
            "SELECT article_id FROM claims WHERE kind = 'conflict' LIMIT 1").fetchone()[0]
        store.remove_articles([gone])
        for table in ("quotes", "entity_mentions", "time_expressions", "claims"):
            assert store.conn.execute(
                f"SELECT count(*) FROM {table} WHERE article_id = ?", (gone,)).fetchone()[0] == 0
