"""Storylines by learned story links (benchmarks/storyline_online.py: an approach measured
for issue 14 and not shipped) on the demo corpus's real text: the model file loads, and
the storylines depend on the stories only, not on the order their articles arrive in."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from newsweave.clustering import cluster
from newsweave.evaluation.clustering import load_demo
from newsweave.features import ArticleFeatures, article_features
from newsweave.sentences import split_many

# The module lives with the benchmarks (it is not part of the package).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from storyline_online import (
    FEATURES,
    Frequencies,
    LinkModelError,
    StoryLinks,
    load_link_model,
    storylines_by_links,
)

DEMO = Path(__file__).resolve().parents[1] / "demo"


@pytest.fixture(scope="module")
def feats(nlp, embedder) -> list[ArticleFeatures]:  # type: ignore[no-untyped-def]
    demo = load_demo(DEMO)
    sentences = split_many(demo.articles, nlp)
    by_id = {a.id: s for a, s in zip(demo.articles, sentences, strict=True)}
    return article_features(demo.articles, by_id, embedder, None)


def _partition(links: StoryLinks) -> set[frozenset[str]]:
    return {frozenset(v) for v in links.storylines().values()}


def test_shipped_model_loads_and_bad_files_say_what_to_do(tmp_path: Path) -> None:
    model = load_link_model()
    assert len(model.coef) == len(FEATURES) and 0 < model.link < 1
    bad = tmp_path / "links.json"
    bad.write_text(json.dumps({"features": ["embedding"], "coef": [1.0]}), encoding="utf-8")
    with pytest.raises(LinkModelError, match="retrain with benchmarks/train_storyline_links"):
        load_link_model(bad)
    with pytest.raises(LinkModelError, match="cannot read"):
        load_link_model(tmp_path / "missing.json")


def test_storylines_do_not_depend_on_arrival_order(feats: list[ArticleFeatures]) -> None:
    stories = cluster(feats)
    freq = Frequencies()
    for f in feats:
        freq.add(f)
    partitions = []
    for seed in range(4):
        order = list(feats)
        random.Random(seed).shuffle(order)
        links = StoryLinks(frequencies=freq)  # document frequencies fixed: order alone varies
        for f in order:
            links.add(f, stories[f.article_id])
        partitions.append(_partition(links))
    assert all(p == partitions[0] for p in partitions)
    assert set().union(*partitions[0]) == set(stories.values())
    # The demo's eleven events are not one subject: the links keep most of them apart.
    assert len(partitions[0]) >= 6


def test_a_story_losing_articles_equals_a_fresh_run(feats: list[ArticleFeatures]) -> None:
    stories = cluster(feats)
    freq = Frequencies()
    for f in feats:
        freq.add(f)
    biggest = max(set(stories.values()), key=lambda s: list(stories.values()).count(s))
    members = [f for f in feats if stories[f.article_id] == biggest]
    moved = members[len(members) // 2:]
    online = StoryLinks(frequencies=freq)
    for f in feats:
        online.add(f, stories[f.article_id])
    online.update(biggest, removed=moved)  # a split: part of a story leaves it ...
    online.update("part", members=moved)   # ... and becomes a story of its own
    fresh = StoryLinks(frequencies=freq)
    for f in feats:
        fresh.add(f, "part" if f in moved else stories[f.article_id])
    assert _partition(online) == _partition(fresh)


def test_every_article_gets_its_storyline(feats: list[ArticleFeatures]) -> None:
    stories = cluster(feats)
    lines = storylines_by_links(feats, stories)
    assert set(lines) == {f.article_id for f in feats}
    for a, line in lines.items():  # a story never straddles two storylines
        assert all(lines[b] == line for b in lines if stories[b] == stories[a])
