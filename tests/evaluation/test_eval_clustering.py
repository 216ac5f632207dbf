"""Clustering evaluation: B-cubed on hand-checked cases, loaders, the demo evaluation."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.clustering import (
    bcubed,
    evaluate_clustering,
    load_demo,
    load_ecbplus,
    load_gold_corpus,
)
from tests.conftest import DEMO, ECBPLUS, require


def test_bcubed_perfect_and_label_names_do_not_matter() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    assert bcubed({"a": "1", "b": "1", "c": "2"}, gold) == (1.0, 1.0, 1.0)


def test_bcubed_worked_example() -> None:
    # Gold {a,b,c} {d}; predicted {a,b} {c,d}.
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    pred = {"a": "1", "b": "1", "c": "2", "d": "2"}
    p, r, f1 = bcubed(pred, gold)
    # precision: a,b 1; c,d 1/2 -> 3/4.  recall: a,b 2/3; c 1/3; d 1 -> 2/3.
    assert math.isclose(p, 0.75) and math.isclose(r, 2 / 3)
    assert math.isclose(f1, 2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))


def test_bcubed_all_in_one_cluster() -> None:
    gold = {"a": "x", "b": "y"}
    assert bcubed({"a": "1", "b": "1"}, gold) == (0.5, 1.0, pytest.approx(2 / 3))


def test_bcubed_rejects_mismatched_items() -> None:
    with pytest.raises(EvaluationDataError):
        bcubed({"a": "1"}, {"b": "1"})


def test_load_demo_gold() -> None:
    corpus = load_demo(DEMO / "corpus")
    assert len(corpus.articles) == 49 and len(set(corpus.gold.values())) == 11
    assert load_gold_corpus(DEMO).name == "demo"


def test_load_ecbplus() -> None:
    folder = require(ECBPLUS).parent
    corpus = load_ecbplus(folder)
    assert len(corpus.articles) == 772 and len(set(corpus.gold.values())) == 66
    assert all(a.date is None for a in corpus.articles)
    assert load_gold_corpus(folder).name == "ecbplus"


def test_missing_gold_is_an_evaluation_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationDataError):
        load_gold_corpus(tmp_path)


def test_evaluate_demo(nlp, embedder) -> None:  # type: ignore[no-untyped-def]
    result = evaluate_clustering(DEMO, embedder=embedder, nlp=nlp)
    (row,) = result.rows
    assert row.f1 == 1.0 and row.ari == 1.0 and row.n_clusters == 11
    table = result.table()
    assert "B3-F1" in table and "newsweave" in table and "1.000" in table
