"""Tests for the store-backed duplicate index (incremental ingest)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sqlite3
from pathlib import Path

import pytest

from newsweave.dedup import DedupConfig, DuplicateIndex, find_duplicates, publication_order
from newsweave.errors import StoreError
from newsweave.ingest import content_hash, read_inputs
from newsweave.model import Article
from newsweave.store import Store
from newsweave.store.dedup_index import SqlDedupState
from tests.conftest import DEMO, SEEDS
from tests.wire_copies import wire_copies


def _corpus() -> list[Article]:
    """The demo corpus, the seeds when present, and near copies of some of them."""
    paths = [str(DEMO / "corpus")] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    articles = list(read_inputs(paths).articles)
    rng = random.Random(11)
    for i, base in enumerate(articles[:10]):
        words = base.text.split()
        for j in rng.sample(range(len(words)), len(words) // rng.choice([8, 15, 40])):
            words[j] = "meanwhile"
        text = " ".join(words)
        day = (base.date or dt.date(2025, 9, 1)) + dt.timedelta(days=3)
        articles.append(Article(f"syn-{i}", text, content_hash(text), "synthetic", date=day))
    articles.append(dataclasses.replace(articles[0], id="exact-0", date=dt.date(2026, 1, 1)))
    return publication_order(articles)


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    return _corpus()


def _store(path: Path, articles: list[Article]) -> Store:
    store = Store.open(path)
    store.add_articles(articles, {})
    return store


def test_stored_index_equals_in_memory_index(corpus: list[Article]) -> None:
    with Store.open() as store:
        store.add_articles(corpus, {})
        stored = DuplicateIndex(state=store.duplicate_index())
        memory = DuplicateIndex()
        for article in corpus:
            assert stored.add(article) == memory.add(article), article.id
        assert stored.matches() == memory.matches()
        assert len(stored) == len(corpus)
        assert len(memory.matches()) >= 8


def test_incremental_ingest_across_reopen_equals_batch(
    corpus: list[Article], tmp_path: Path
) -> None:
    db = tmp_path / "nw.sqlite"
    half = len(corpus) // 2
    with _store(db, corpus[:half]) as store:
        stored = DuplicateIndex(state=store.duplicate_index())
        first = find_duplicates(corpus[:half], index=stored)
    with _store(db, corpus) as store:  # a later `newsweave ingest` into the same file
        index = DuplicateIndex(state=store.duplicate_index())
        assert len(index) == half
        rest = find_duplicates(corpus, index=index)  # only the new articles are compared
        assert first + rest == find_duplicates(corpus)
        assert index.matches() == {m.article_id: m for m in first + rest}
        with pytest.raises(ValueError, match="already in the duplicate index"):
            index.add(corpus[0])
        assert index.add_many(corpus) == {}


def test_one_new_article_reads_only_its_candidates(corpus: list[Article]) -> None:
    with Store.open() as store:
        store.add_articles(corpus, {})
        near = next(m.article_id for m in find_duplicates(corpus) if m.kind == "near")
        index = DuplicateIndex(state=store.duplicate_index())
        index.add_many([a for a in corpus if a.id not in ("exact-0", near)])
        for new_id, kind in (("exact-0", "exact"), (near, "near")):
            fetched: list[str] = []
            store.conn.set_trace_callback(fetched.append)
            match = index.add(next(a for a in corpus if a.id == new_id))
            store.conn.set_trace_callback(None)
            assert match is not None and match.kind == kind
            # Indexed lookups only: no statement reads the whole fingerprint table.
            reads = [s.upper() for s in fetched if s.lstrip().upper().startswith("SELECT")]
            assert reads and all("WHERE" in s or "MAX(SEQ)" in s for s in reads)


def test_config_is_remembered_and_checked(corpus: list[Article]) -> None:
    with Store.open() as store:
        store.add_articles(corpus[:5], {})
        DuplicateIndex(state=store.duplicate_index()).add_many(corpus[:5])
        with pytest.raises(StoreError, match="built with"):
            store.duplicate_index(DedupConfig(threshold=0.8))
        strict = DuplicateIndex(
            state=store.duplicate_index(DedupConfig(threshold=0.8), rebuild=True))
        assert strict.config.threshold == 0.8
        assert len(strict) == 0  # emptied: the articles must be re-added
        strict.add_many(corpus[:5])
        with pytest.raises(StoreError, match="built with"):
            DuplicateIndex(state=store.duplicate_index())
        index = DuplicateIndex(
            state=store.duplicate_index(DedupConfig(threshold=0.8), rebuild=True))
        assert len(index) == 5  # same config: rebuild=True keeps the index
        index.clear()
        assert len(index) == 0


def test_failed_add_leaves_the_index_unchanged(corpus: list[Article]) -> None:
    with Store.open() as store:
        store.add_articles(corpus[:3], {})
        index = DuplicateIndex(state=store.duplicate_index())
        index.add_many(corpus[:2])
        unknown = dataclasses.replace(corpus[2], id="not-in-articles")
        with pytest.raises(sqlite3.IntegrityError):  # the article must be stored first
            index.add(unknown)
        assert len(index) == 2 and "not-in-articles" not in index
        assert index.add(corpus[2]) is None or corpus[2].id in index


def test_store_without_the_migration_is_a_clear_error() -> None:
    conn = sqlite3.connect(":memory:")
    with pytest.raises(StoreError, match="0004_dedup_index"):
        SqlDedupState(conn)


@pytest.mark.parametrize("stored", [False, True])
def test_wire_copies_are_checked_against_the_canonical_only(
        corpus: list[Article], tmp_path: Path, stored: bool) -> None:
    """Issue 19: the k-th copy of a wire story verifies the one canonical article, not every
    earlier copy (their bands are apart), and the answers are the same as before."""
    base = max(corpus, key=lambda a: len(a.text.split()))
    wire = wire_copies(base, 40)
    store = _store(tmp_path / "w.db", wire) if stored else None
    index = (DuplicateIndex(state=store.duplicate_index(DedupConfig())) if store
             else DuplicateIndex())
    found = find_duplicates(wire, index=index)
    canonical = publication_order(wire)[0].id
    assert len(found) == 39 and {m.duplicate_of for m in found} == {canonical}
    assert found == find_duplicates(wire)  # the in-memory index, the same answers
    fp = index._hasher.fingerprint(wire_copies(base, 41)[40].text)
    assert fp is not None
    first = index.state.candidates(fp.band_keys, canonical_only=True)
    every = index.state.candidates(fp.band_keys)
    assert [c.article_id for c in first] == [canonical]
    assert len(every) == 40  # the copies are still there for a copy of a copy
    if store:
        store.close()
