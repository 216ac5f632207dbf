"""The story and article pages read one story's rows by index (issue 19), and show exactly
what the whole-store reads they replaced showed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from newsweave import browse
from newsweave.model import DuplicateMatch
from newsweave.store import Store


def _by_scans(store: Store, story_id: str) -> tuple[object, ...]:
    """What story_detail read before issue 19: every story and duplicate of the store."""
    stories = store.stories()
    story = next(s for s in stories if s.id == story_id)
    dups = {k: v.duplicate_of for k, v in store.duplicates().items()}
    siblings = tuple(s for s in stories if story.storyline is not None
                     and s.storyline == story.storyline and s.id != story.id)
    return story, {a: dups[a] for a in story.article_ids if a in dups}, siblings


def _linked_copy(fresh_db: Path) -> None:
    """Every story in one storyline, and one article a copy of another (store methods)."""
    with Store.open(fresh_db) as store:
        stories = store.stories()
        assert len(stories) >= 2
        store.save_stories([dataclasses.replace(s, storyline="line-x") for s in stories])
        first, second = stories[0].article_ids[0], stories[-1].article_ids[0]
        store.set_duplicates([DuplicateMatch(second, first, 0.97, "near")])


def test_story_detail_matches_whole_store_reads(fresh_db: Path) -> None:
    _linked_copy(fresh_db)
    with Store.open(fresh_db, read_only=True) as store:
        for story in store.stories():
            detail = browse.story_detail(store, story.id)
            want_story, want_dups, want_siblings = _by_scans(store, story.id)
            assert detail.report.story == want_story
            assert detail.duplicates == want_dups
            assert detail.siblings == want_siblings
            assert [a.id for a in detail.articles] == list(want_story.article_ids)  # type: ignore[attr-defined]
        assert any(browse.story_detail(store, s.id).siblings for s in store.stories())
        assert any(browse.story_detail(store, s.id).duplicates for s in store.stories())


def test_article_detail_matches_whole_store_reads(fresh_db: Path) -> None:
    _linked_copy(fresh_db)
    with Store.open(fresh_db, read_only=True) as store:
        dups = store.duplicates()
        stories = store.stories()
        for article_id in store.article_ids():
            detail = browse.article_detail(store, article_id)
            assert detail.story == next(s for s in stories if article_id in s.article_ids)
            assert detail.duplicate_of == (dups[article_id].duplicate_of
                                           if article_id in dups else None)
            assert detail.copies == tuple(sorted(k for k, v in dups.items()
                                                 if v.duplicate_of == article_id))
        original = next(iter(dups.values())).duplicate_of
        assert browse.article_detail(store, original).copies


def test_page_reads_use_indexes(web_db: Path) -> None:
    """The pages' neighbour queries search an index instead of scanning the table."""
    with Store.open(web_db, read_only=True) as store:
        for sql in ("SELECT id FROM stories WHERE storyline = ?",
                    "SELECT article_id FROM duplicates WHERE duplicate_of = ?",
                    "SELECT story_id FROM story_articles WHERE article_id = ?"):
            plan = " ".join(str(r[-1]) for r in store.conn.execute(
                "EXPLAIN QUERY PLAN " + sql, ("x",)))
            assert "USING" in plan and "SCAN" not in plan, (sql, plan)
