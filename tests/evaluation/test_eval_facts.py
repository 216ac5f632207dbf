"""`newsweave.evaluation.facts.evaluate_facts` on the seeds and the demo corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.facts import evaluate_facts, load_gold_facts
from tests.conftest import DEMO, ROOT, SEEDS, require

SEEDS_GOLD = ROOT / "tests" / "gold" / "seeds_facts.json"


def test_gold_files_name_real_articles() -> None:
    corpus, stories = load_gold_facts(DEMO / "gold_facts.json")
    labels = json.loads((DEMO / "gold.json").read_text(encoding="utf-8"))["articles"]
    assert corpus == (DEMO / "corpus").resolve()
    assert {s.story for s in stories} >= {"council-budget", "marevia-rate-decision",
                                         "ferraz-transfer", "velmora-earthquake"}
    for story in stories:
        assert story.articles and all(labels[a]["story"] == story.story for a in story.articles)
        for fact in (*(story.consensus or ()), *story.conflicts):
            assert set(fact) <= set(story.articles)
    # gold.json's conflicts and misquotes are gold conflicts of their stories.
    budget = next(s for s in stories if s.story == "council-budget")
    assert any("ed-2025-09-25-ravensmoor-budget-taxes" in c for c in budget.conflicts)


def test_scores_on_demo_and_seeds(nlp, embedder) -> None:  # type: ignore[no-untyped-def]
    require(SEEDS)
    result = evaluate_facts([DEMO, SEEDS_GOLD], nlp=nlp, embedder=embedder)
    table = result.table()
    assert "consensus facts" in table and "single-source claims" in table and "conflicts" in table
    # Measured when written (docs/facts.md); the floors leave room, not for regressions.
    conflicts = result.score("demo", "conflicts")
    assert conflicts.recall == 1.0 and conflicts.precision >= 0.6
    # Consensus is mutual entailment since issue 13: fewer groups, each one right.
    demo_consensus = result.score("demo", "consensus facts")
    assert demo_consensus.n_predicted == 0 or demo_consensus.precision >= 0.7  # 3/4 measured
    assert result.score("demo", "single-source claims").f1 >= 0.8
    seeds_consensus = result.score("seeds_facts", "consensus facts")
    assert seeds_consensus.precision >= 0.75 and seeds_consensus.recall >= 0.2
    assert result.score("seeds_facts", "single-source claims").f1 >= 0.8
    # No anchor of the gold misses the claims it was written for.
    assert not [e for e in result.errors if "anchor matches no claim" in e]


def test_missing_gold_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationDataError, match="gold facts"):
        evaluate_facts(tmp_path / "nothing.json", nlp=object(), embedder=object())  # type: ignore[arg-type]
    bad = tmp_path / "gold_facts.json"
    bad.write_text(json.dumps({"corpus": "absent", "stories": {}}), encoding="utf-8")
    with pytest.raises(EvaluationDataError, match="does not exist"):
        evaluate_facts(tmp_path, nlp=object(), embedder=object())  # type: ignore[arg-type]
