"""The online story split (newsweave.story_split inside StoryIndex), on real text:
articles written for these tests (tests/fixtures/story_split) and two ECB+ sibling
events (skipped when ../shared is absent)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from newsweave.clustering import (
    ClusterParams,
    MemoryStoryState,
    StoryIndex,
    cluster,
    cluster_with_storylines,
    publication_order,
)
from newsweave.evaluation.clustering import bcubed, load_ecbplus
from newsweave.features import ArticleFeatures, article_features
from newsweave.ingest import read_inputs
from newsweave.model import Article
from newsweave.sentences import split_many
from newsweave.store import Store
from newsweave.story_split import split_due, split_groups
from newsweave.storylines import StorylineParams

from .conftest import SHARED, require

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "story_split" / "two_fires.csv"
SPLIT = ClusterParams(split_bar=0.2, split_min_part=4, split_linkage="average")
# Every article joins the one story (no threshold): the split alone must find the events.
LUMP = dataclasses.replace(SPLIT, threshold=0.0)


def _features(articles: tuple[Article, ...] | list[Article], nlp, embedder,  # type: ignore[no-untyped-def]
              ) -> list[ArticleFeatures]:
    sentences = split_many(articles, nlp)
    by_id = {a.id: s for a, s in zip(articles, sentences, strict=True)}
    return article_features(articles, by_id, embedder, None)


@pytest.fixture(scope="module")
def fires(nlp, embedder) -> list[ArticleFeatures]:  # type: ignore[no-untyped-def]
    return _features(read_inputs([str(FIXTURE)]).articles, nlp, embedder)


def test_checkpoints() -> None:
    assert not split_due(20, ClusterParams(split_bar=0.0))  # never
    assert [s for s in range(1, 12) if split_due(s, SPLIT)] == [8, 9, 10, 11]
    assert split_due(64, SPLIT) and not split_due(65, SPLIT) and split_due(72, SPLIT)
    assert not split_due(520, SPLIT)


def test_two_groups_are_cut_only_when_far_apart_and_big_enough() -> None:
    def blocks(a: int, b: int, within: float, across: float) -> np.ndarray:
        m = np.full((a + b, a + b), across)
        m[:a, :a] = within
        m[a:, a:] = within
        return m

    assert split_groups(blocks(5, 4, 0.6, 0.05), SPLIT)[0][0] == [0, 1, 2, 3, 4]
    assert len(split_groups(blocks(5, 4, 0.6, 0.05), SPLIT)) == 2
    assert len(split_groups(blocks(5, 4, 0.6, 0.3), SPLIT)) == 1  # not far enough apart
    assert len(split_groups(blocks(6, 3, 0.6, 0.05), SPLIT)) == 1  # a part under min_part


def test_two_sibling_fires_lumped_then_split(fires: list[ArticleFeatures]) -> None:
    gold = {f.article_id: f.article_id.split("-")[0] for f in fires}
    assert len(set(cluster(fires, dataclasses.replace(LUMP, split_bar=0.0)).values())) == 1
    index = StoryIndex(MemoryStoryState(LUMP))
    pred = index.add_many(fires)
    assert bcubed(pred, gold)[2] == 1.0
    # The mill fire came first: its story keeps the key; the apartment fire moved out.
    assert pred["mill-1"] == "mill-1"
    assert [s.story for s in index.splits] == ["mill-1"]
    split = index.splits[0]
    assert split.new_story == "flat-1" and split.cross < split.bar
    assert set(split.moved) == {"flat-1", "flat-2", "flat-3", "flat-4"}
    assert split.after == "flat-4"  # the first size at which both parts have 4
    assert index.members("flat-1") == ["flat-1", "flat-2", "flat-3", "flat-4", "flat-5"]
    # Storylines never change stories; the split part is re-placed by the merge rule (a
    # mill fire and an apartment fire share the kind of event, not the subject, so
    # they end apart); batch = one by one.
    stories, lines = cluster_with_storylines(fires, LUMP)
    assert stories == pred and lines["flat-1"] == "flat-1" and lines["mill-1"] == "mill-1"
    one = StoryIndex(MemoryStoryState(LUMP))
    at_add = {f.article_id: one.add(f) for f in publication_order(fires)}
    assert one.assignments() == pred
    # add() answers the key at that moment; the split later moved the first three flats.
    assert {a for a in at_add if at_add[a] != pred[a]} == {"flat-1", "flat-2", "flat-3"}


def test_stored_index_splits_like_memory_reading_stored_features(
        fires: list[ArticleFeatures]) -> None:
    ordered = publication_order(fires)
    memory = StoryIndex(MemoryStoryState(LUMP))
    memory.add_many(ordered)
    with Store.open() as store:
        StoryIndex(store.story_index(LUMP)).add_many(ordered[:7])
        # A later run: earlier members come from the loader, as the store's stored features.
        by_id = {f.article_id: f for f in fires}
        asked: list[str] = []

        def load(ids):  # type: ignore[no-untyped-def]
            asked.extend(ids)
            return [by_id[i] for i in ids]

        later = StoryIndex(store.story_index(LUMP), features=load)
        later.add_many(ordered[7:])
        assert later.assignments() == memory.assignments()
        assert later.splits == memory.splits
        assert set(asked) == {f.article_id for f in ordered[:7]}
        assert later.members("mill-1") == memory.members("mill-1")
        assert dict(store.conn.execute("SELECT story_key, size FROM story_index")) == {
            "mill-1": 5, "flat-1": 5}
        # Without stored features the story is not checked (nothing is lost or guessed).
    with Store.open() as store:
        StoryIndex(store.story_index(LUMP)).add_many(ordered[:7])
        blind = StoryIndex(store.story_index(LUMP))
        blind.add_many(ordered[7:])
        assert blind.splits == [] and blind.story_count() == 1


def test_ecb_sibling_events_are_split(nlp, embedder) -> None:  # type: ignore[no-untyped-def]
    """ECB+ topic 7: two Klitschko title fights (against Rahman, against Thompson),
    clustered alone; the defaults lump them early (docs/clustering.md, the oracle row)."""
    corpus = load_ecbplus(require(SHARED / "data" / "ecbplus"))
    ids = {a for a, g in corpus.gold.items() if g.rstrip("abcdefghijklmnopqrstuvwxyz") == "7"}
    articles = [a for a in corpus.articles if a.id in ids]
    gold = {a: corpus.gold[a] for a in ids}
    feats = _features(articles, nlp, embedder)
    plain = cluster(feats, ClusterParams(split_bar=0.0))
    index = StoryIndex(MemoryStoryState(ClusterParams()))  # the defaults split
    split = index.add_many(feats)
    assert index.splits, "no split made"
    assert bcubed(split, gold)[2] > bcubed(plain, gold)[2] + 0.1
    # Every split kept the larger part under the old key.
    assert all(len(s.kept) >= len(s.moved) for s in index.splits)


def test_pipeline_saves_both_parts_with_stable_ids(models, fires: list[ArticleFeatures],  # type: ignore[no-untyped-def]
                                                  tmp_path: Path) -> None:
    """Two ingests into one store: the second run's split reads the first run's members
    from their stored features, and both stories are saved (and reported touched)."""
    import csv

    from newsweave import pipeline
    from newsweave.analysis import analyse
    from newsweave.executor import LocalExecutor
    from newsweave.grouping import story_id, storyline_id
    from newsweave.settings import Options

    with FIXTURE.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    paths = []
    for name, part in (("first.csv", rows[:7]), ("second.csv", rows[7:])):
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(part)
        paths.append(path)
    options = Options(clustering=LUMP)
    with Store.open(tmp_path / "news.db") as store:
        pipeline.ingest([str(paths[0])], store, models.splitter, options=options)
        analyse(store, LocalExecutor(models))
        (first,) = pipeline.cluster_stories(store, options=options)
        assert first.id == story_id("mill-1") and len(first.article_ids) == 7
        pipeline.ingest([str(paths[1])], store, models.splitter, options=options)
        analyse(store, LocalExecutor(models))
        touched: set[str] = set()
        saved = pipeline.cluster_stories(store, options=options, touched=touched)
        stories = {s.id: s for s in store.stories()}
    mill, flat = story_id("mill-1"), story_id("flat-1")
    assert {s.id for s in saved} == touched == set(stories) == {mill, flat}
    assert [a.split("-")[0] for a in stories[mill].article_ids] == ["mill"] * 5
    assert list(stories[flat].article_ids) == [f"flat-{i}" for i in range(1, 6)]
    assert "apartment fire" in stories[flat].title
    # The saved storylines are the index's (the split part re-placed, as in memory).
    _, lines = cluster_with_storylines(fires, LUMP)
    assert stories[flat].storyline == storyline_id(lines["flat-1"])
    assert stories[mill].storyline == storyline_id(lines["mill-1"])


def test_explain_lists_the_split(fires: list[ArticleFeatures]) -> None:
    from newsweave.evaluation.explain import explain_clustering

    gold = {f.article_id: f.article_id.split("-")[0] for f in fires}
    text = explain_clustering(fires, gold, LUMP).table()
    assert "STORY SPLIT by the index: mill-1 after flat-4" in text
    assert "kept 5 (mill x5)" in text and "moved 4 to flat-1 (flat x4)" in text
    assert "0 predicted stories mix gold stories" in text


def _line_states(index: StoryIndex, keys: list[str]) -> dict[str, tuple[int, list[float]]]:
    lines = set(index.storyline_of(keys).values())
    states = index.state.storyline_states(sorted(lines))
    return {k: (s.size, np.round(s.emb_sum, 6).tolist()) for k, s in states.items()}


@pytest.mark.parametrize("merge", [0.9, -9.0])
def test_split_part_is_replaced_in_storylines_stored_like_memory(
        fires: list[ArticleFeatures], merge: float) -> None:
    """The moved part leaves its storyline (whose sums lose its members) and starts its
    own, which the merge rule joins back to the parent (merge=-9: always) or leaves
    apart (0.9: never); a stored index split across two runs ends the same."""
    params = StorylineParams(merge_threshold=merge)
    ordered = publication_order(fires)
    memory = StoryIndex(MemoryStoryState(LUMP), params)
    memory.add_many(ordered)
    keys = ["flat-1", "mill-1"]
    lines = memory.storyline_of(keys)
    states = _line_states(memory, keys)
    by_id = {f.article_id: f for f in fires}
    if merge > 0:
        assert lines == {"mill-1": "mill-1", "flat-1": "flat-1"}
        mill = np.sum([by_id[f"mill-{i}"].embedding for i in range(1, 6)], axis=0)
        assert states["mill-1"][0] == 5 and states["flat-1"][0] == 5
        assert np.allclose(states["mill-1"][1], mill, atol=1e-5)
    else:
        assert lines == {"mill-1": "mill-1", "flat-1": "mill-1"}
        assert states["mill-1"][0] == 10 and memory.storyline_aliases() == {"flat-1": "mill-1"}
    with Store.open() as store:
        StoryIndex(store.story_index(LUMP), params).add_many(ordered[:7])
        later = StoryIndex(store.story_index(LUMP), params,
                           features=lambda ids: [by_id[i] for i in ids])
        later.add_many(ordered[7:])
        assert later.splits == memory.splits
        assert later.storyline_of(keys) == lines
        assert later.storyline_aliases() == memory.storyline_aliases()
        assert _line_states(later, keys) == states
        stored = {k for (k,) in store.conn.execute("SELECT storyline_key FROM storyline_index")}
        assert stored == set(lines.values())


def test_split_parts_keep_the_storyline_when_asked(fires: list[ArticleFeatures]) -> None:
    keep = StorylineParams(merge_threshold=0.9, replace_split_parts=False)
    index = StoryIndex(MemoryStoryState(LUMP), keep)
    index.add_many(fires)
    assert index.storyline_of(["flat-1", "mill-1"]) == {"flat-1": "mill-1", "mill-1": "mill-1"}
