"""The learned article-to-story scorer: JSON round trip, pair features, training, use."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from newsweave.clustering import (
    ArticleFeatures,
    ClusterParams,
    StoryIndex,
    article_features,
    cluster,
    new_state,
    publication_order,
)
from newsweave.errors import ModelUnavailableError
from newsweave.evaluation.clustering import GoldCorpus, bcubed, load_demo
from newsweave.evaluation.cross_validation import topic_folds
from newsweave.evaluation.story_model_training import (
    TAUS,
    decision_examples,
    fit_story_model,
    learned_cv,
    story_model_learner,
    train_story_model,
)
from newsweave.index_state import DocFrequencies
from newsweave.sentences import split_many
from newsweave.store import Store
from newsweave.story_model import (
    DEFAULT_MODEL,
    PAIR_FEATURES,
    StoryModel,
    default_story_model,
    load_story_model,
    pair_features,
)

DEMO = Path(__file__).resolve().parents[1] / "demo"


@pytest.fixture(scope="module")
def demo() -> GoldCorpus:
    return load_demo(DEMO)


@pytest.fixture(scope="module")
def feats(demo: GoldCorpus, nlp, embedder) -> list[ArticleFeatures]:  # type: ignore[no-untyped-def]
    sentences = split_many(demo.articles, nlp)
    by_id = {a.id: s for a, s in zip(demo.articles, sentences, strict=True)}
    return article_features(demo.articles, by_id, embedder, None)


def test_shipped_model_loads_and_round_trips(tmp_path: Path) -> None:
    model = default_story_model()
    assert set(model.features) <= set(PAIR_FEATURES) and 0.0 < model.threshold < 1.0
    path = tmp_path / "m.json"
    path.write_text(model.to_json(), encoding="utf-8")
    assert load_story_model(path) == model
    assert json.loads(DEFAULT_MODEL.read_text("utf-8"))["name"] == model.name


def test_broken_model_files_say_which_and_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"name": "x"}', encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match=r"bad\.json"):
        load_story_model(path)
    with pytest.raises(ModelUnavailableError, match="retrain"):
        StoryModel("x", ("embedding", "no such feature"), (0.0, 0.0), (1.0, 1.0), (1.0, 1.0),
                   0.0, 0.5, 0.5)


def test_probability_is_the_logistic_of_standardised_features() -> None:
    model = StoryModel("t", ("embedding", "lead"), (0.5, 0.0), (0.5, 1.0), (2.0, -1.0),
                       0.25, 0.5, 0.5)
    z = 0.25 + 2.0 * (0.9 - 0.5) / 0.5 - 1.0 * 0.3
    assert model.probability({"embedding": 0.9, "lead": 0.3}) == pytest.approx(
        1 / (1 + 2.718281828459045 ** -z))
    assert model.probability({"embedding": -1e6, "lead": 0.0}) == pytest.approx(0.0)


def test_pair_features_see_missing_names_numbers_and_years(feats) -> None:  # type: ignore[no-untyped-def]
    base = feats[0]
    df = DocFrequencies()
    for f in feats:
        df.add(f)
    other = dataclasses.replace(
        base, article_id="other",
        lead={"E:nobody else": 0.5, "N:7": 0.5, "rehab": 0.7},
        specifics={"E:nobody else": 0.7, "N:7": 0.3, "N:1999": 0.6})
    state = new_state(base)
    state.specifics = {**{t: v for t, v in state.specifics.items()
                          if not re.fullmatch(r"N:(19|20)\d\d", t)}, "N:2013": 0.5}
    sims = {"embedding": 0.5, "words": 0.2, "specifics": 0.1, "lead": 0.3}
    values = pair_features(other, state, sims, df)
    assert set(values) == set(PAIR_FEATURES)
    assert values["lead_names_missing"] == 1.0 and values["lead_numbers_missing"] == 1.0
    assert values["year_conflict"] == 1.0
    assert values["inverse_size"] == 1.0 and values["lead_x_inverse_size"] == 0.3
    same = pair_features(base, new_state(base), sims, df)
    assert same["lead_names_missing"] == 0.0 and same["story_names_missing"] == 0.0
    assert same["year_conflict"] == 0.0


def test_training_examples_and_a_model_fitted_on_them(demo: GoldCorpus, feats) -> None:  # type: ignore[no-untyped-def]
    rows, labels = decision_examples(feats, demo.gold, ClusterParams())
    assert rows and len(rows) == len(labels) and len(rows[0]) == len(PAIR_FEATURES)
    assert 0 < sum(labels) < len(labels)  # both kinds of candidates are seen
    model = fit_story_model(rows, labels)
    emb = PAIR_FEATURES.index("lead")
    assert model.weights[emb] > 0  # a more similar lead means more likely the same story
    # Used as the scorer, the learned model clusters the demo corpus it was fitted on well.
    pred = cluster(feats, model=dataclasses.replace(model, threshold=0.3, min_match=0.3))
    assert bcubed(pred, demo.gold)[2] > 0.9


def test_learner_fits_on_folds_and_runs(demo: GoldCorpus, feats) -> None:  # type: ignore[no-untyped-def]
    by_id = {f.article_id: f for f in feats}
    ids = sorted(by_id)
    learner = story_model_learner(by_id, demo.gold, ClusterParams())
    model = learner.fit([ids[::2], ids[1::2]])
    taus = [t for _, t in learner.candidates(model)]
    assert taus == sorted(taus)
    pred = learner.run(model, ids, taus[2])
    assert set(pred) == set(ids)


def test_learned_scorer_is_the_same_online_batch_and_stored(feats) -> None:  # type: ignore[no-untyped-def]
    params = ClusterParams(scorer="learned")
    batch = cluster(feats, params)
    ordered = publication_order(feats)
    with Store.open() as store:
        StoryIndex(store.story_index(params)).add_many(ordered[:20])
        later = StoryIndex(store.story_index(params))
        for f in ordered[20:]:
            later.add(f)
        assert later.assignments() == batch
        assert later.model == default_story_model()


def test_train_and_cross_validate_on_topic_folds(demo: GoldCorpus, feats) -> None:  # type: ignore[no-untyped-def]
    # The demo's 11 stories as one-event "topics" (ECB+-style labels), 5 topic folds.
    names = {label: f"{i + 1}ecb" for i, label in enumerate(sorted(set(demo.gold.values())))}
    gold = {aid: names[label] for aid, label in demo.gold.items()}
    folds = topic_folds(gold, 5)
    model = train_story_model(feats, gold, folds, ClusterParams(), note="demo")
    assert model.threshold in TAUS and model.min_match == model.threshold
    assert load_story_model_text(model.to_json()) == model
    result = learned_cv(feats, gold, folds, ClusterParams())
    assert len(result.fold_f1) == 5 and result.f1 > 0.8


def load_story_model_text(text: str) -> StoryModel:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.json"
        path.write_text(text, encoding="utf-8")
        return load_story_model(path)
