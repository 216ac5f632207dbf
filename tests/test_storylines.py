"""Storylines (second level), cross-validation folds and --explain on real demo text."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsweave.clustering import (
    ArticleFeatures,
    ClusterParams,
    StoryClusterer,
    StoryIndex,
    article_features,
    cluster,
    cluster_with_storylines,
    publication_order,
    storylines_over,
)
from newsweave.evaluation.clustering import GoldCorpus, bcubed, load_demo
from newsweave.evaluation.cross_validation import (
    cross_validate_grid,
    topic_folds,
    topic_of,
)
from newsweave.evaluation.explain import explain_clustering
from newsweave.sentences import split_many
from newsweave.store import Store
from newsweave.storylines import StorylineParams

DEMO = Path(__file__).resolve().parents[1] / "demo"


@pytest.fixture(scope="module")
def demo() -> GoldCorpus:
    return load_demo(DEMO)


@pytest.fixture(scope="module")
def feats(demo: GoldCorpus, nlp, embedder) -> list[ArticleFeatures]:  # type: ignore[no-untyped-def]
    sentences = split_many(demo.articles, nlp)
    by_id = {a.id: s for a, s in zip(demo.articles, sentences, strict=True)}
    return article_features(demo.articles, by_id, embedder, None)


def test_storylines_group_whole_stories(feats) -> None:  # type: ignore[no-untyped-def]
    stories, lines = cluster_with_storylines(feats)
    assert stories == cluster(feats)  # the story level is unchanged by storylines
    # every story sits in exactly one storyline, keyed by the story that started it
    of_story: dict[str, set[str]] = {}
    for aid, key in stories.items():
        of_story.setdefault(key, set()).add(lines[aid])
    assert all(len(v) == 1 for v in of_story.values())
    assert set(lines.values()) <= set(stories.values())
    # a threshold nothing reaches (and no merges) gives one storyline per story; a
    # threshold everything reaches gives one in all
    _, apart = cluster_with_storylines(
        feats, storyline_params=StorylineParams(threshold=9, merge_threshold=None))
    assert len(set(apart.values())) == len(set(stories.values()))
    _, together = cluster_with_storylines(feats, storyline_params=StorylineParams(threshold=-9))
    assert len(set(together.values())) == 1


def test_stored_storylines_match_in_memory(feats) -> None:  # type: ignore[no-untyped-def]
    stories, lines = cluster_with_storylines(feats)
    ordered = publication_order(feats)
    with Store.open() as store:
        StoryIndex(store.story_index()).add_many(ordered[:25])
        later = StoryIndex(store.story_index())  # fresh object: state read back from SQLite
        for f in ordered[25:]:
            later.add(f)
        stored = later.storyline_of(sorted(set(stories.values())))
    assert {aid: stored[key] for aid, key in stories.items()} == lines


def test_topic_folds_and_grid_choice() -> None:
    gold = {f"a{t}-{h}-{i}": f"{t}{h}" for t in range(1, 11) for h in ("ecb", "ecbplus")
            for i in range(3)}
    folds = topic_folds(gold, 5)
    assert len(folds) == 5 and set().union(*folds) == set(gold)
    for fold in folds:  # a topic is never split across folds
        assert len({topic_of(gold[a]) for a in fold}) == 2
    # candidate "right" reproduces gold, "lump" puts everything together: CV picks "right"
    result = cross_validate_grid(
        "toy", [("lump", "lump"), ("right", "right")],
        lambda ids, c: {i: (gold[i] if c == "right" else "x") for i in ids}, gold, folds)
    assert result.chosen == ("right",) * 5 and result.f1 == 1.0


def test_explain_lists_the_deciding_scores(demo: GoldCorpus, feats) -> None:  # type: ignore[no-untyped-def]
    # A loose threshold merges demo stories: each wrong join is listed with its score.
    loose = ClusterParams(threshold=0.05)
    pred = cluster(feats, loose)
    assert bcubed(pred, demo.gold)[0] < 1.0
    explanation = explain_clustering(feats, demo.gold, loose)
    assert explanation.merges
    story, counts, decisions = explanation.merges[0]
    assert len(counts) >= 2 and decisions
    assert all(d.joined == story and d.score >= d.limit for d in decisions)
    text = explanation.table()
    assert "MERGED story" in text and "lead" in text
    # With the defaults the demo is clustered exactly: nothing to explain.
    assert not explain_clustering(feats, demo.gold).merges


def test_clusterer_records_decisions(feats) -> None:  # type: ignore[no-untyped-def]
    clusterer = StoryClusterer()
    clusterer.decisions = []
    for f in publication_order(feats):
        clusterer.add(f)
    assert len(clusterer.decisions) == len(feats)
    kinds = Counter(d.joined is None for d in clusterer.decisions)
    assert kinds[True] == len(set(clusterer.assignments.values()))


# -- storyline merges ----------------------------------------------------------------------

NEVER_PLACE = 9.0  # a placement threshold nothing reaches: storylines grow by merges only


def test_merges_keep_the_oldest_key(feats) -> None:  # type: ignore[no-untyped-def]
    # Every storyline merges with its nearest one: all end in one storyline, keyed by the
    # story that came first, and every other storyline key is an alias of it.
    params = StorylineParams(threshold=NEVER_PLACE, merge_threshold=-9.0)
    index = StoryIndex(storyline_params=params)
    stories = index.add_many(feats)
    first = publication_order(feats)[0].article_id
    keys = sorted(set(stories.values()))
    assert set(index.storyline_of(keys).values()) == {first}
    aliases = index.storyline_aliases()
    assert set(aliases) == set(keys) - {first} and set(aliases.values()) == {first}
    assert [survivor for _, survivor in index.storyline_merges] == [first] * (len(keys) - 1)


def test_merges_are_the_same_stored_and_in_memory(feats) -> None:  # type: ignore[no-untyped-def]
    params = StorylineParams(threshold=NEVER_PLACE, merge_threshold=0.35)
    memory = StoryIndex(storyline_params=params)
    stories = memory.add_many(feats)
    keys = sorted(set(stories.values()))
    lines = memory.storyline_of(keys)
    # some storylines merged, not all
    assert 1 < len(set(lines.values())) < len(keys)
    ordered = publication_order(feats)
    with Store.open() as store:
        StoryIndex(store.story_index(), params).add_many(ordered[:20])
        later = StoryIndex(store.story_index(), params)  # state read back from SQLite
        for f in ordered[20:]:
            later.add(f)
        assert later.storyline_of(keys) == lines
        assert later.storyline_aliases() == memory.storyline_aliases()
        # the merged-away storylines are gone from the index; only the survivors remain
        stored = {k for (k,) in store.conn.execute("SELECT storyline_key FROM storyline_index")}
        assert stored == set(lines.values())


def test_storylines_over_fixed_stories_equal_a_full_run(feats) -> None:  # type: ignore[no-untyped-def]
    params = StorylineParams(threshold=0.3, merge_threshold=0.3)
    stories, lines = cluster_with_storylines(feats, storyline_params=params)
    assert storylines_over(feats, stories, params) == lines


def test_storyline_cv_chooses_among_the_merge_thresholds_given(demo: GoldCorpus, feats) -> None:  # type: ignore[no-untyped-def]
    from newsweave.evaluation.clustering_cv import storylines_cv

    # The demo's 11 stories as ECB+-style topics (one event each), 5 topic folds.
    names = {label: f"{i + 1}ecb" for i, label in enumerate(sorted(set(demo.gold.values())))}
    gold = {aid: names[label] for aid, label in demo.gold.items()}
    folds = topic_folds(gold, 5)
    placement = storylines_cv(feats, gold, folds, ClusterParams(), (None,), "placement only")
    assert placement.system == "placement only"
    assert all(c.endswith("m=None") for c in placement.chosen)
    merged = storylines_cv(feats, gold, folds, ClusterParams(), (0.3,))
    assert all(c.endswith("m=0.3") for c in merged.chosen)
    assert len(placement.fold_f1) == len(merged.fold_f1) == 5
