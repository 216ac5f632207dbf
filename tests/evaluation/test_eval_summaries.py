"""Tests for newsweave.evaluation.summaries: gold loading, ROUGE scoring, the demo references."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.summaries import (
    evaluate_summaries,
    load_summary_gold,
    rouge_scorer,
    score_summary,
)
from newsweave.ingest import read_inputs
from newsweave.summarize import SummaryBudget, count_words

from ..conftest import DEMO

GOLD = json.loads((DEMO / "gold.json").read_text(encoding="utf-8"))


def test_every_demo_story_has_a_written_reference() -> None:
    gold = load_summary_gold(DEMO)
    assert set(gold.references) == set(GOLD["stories"])
    corpus = " ".join(a.text for a in read_inputs([str(DEMO / "corpus")]).articles)
    corpus = " ".join(corpus.split())
    for key, text in gold.references.items():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if s]
        assert 3 <= len(sentences) <= 5, key
        assert 60 <= count_words(text) <= 150, key
        for sentence in sentences:  # abstractive: no sentence lifted from an article
            assert sentence not in corpus, (key, sentence)


def test_gold_is_found_from_the_corpus_folder_too() -> None:
    assert load_summary_gold(DEMO / "corpus").references == load_summary_gold(DEMO).references


def test_missing_gold_is_reported(tmp_path: Path) -> None:
    with pytest.raises(EvaluationDataError, match=r"gold\.json"):
        load_summary_gold(tmp_path)
    (tmp_path / "gold.json").write_text('{"articles": {}}', encoding="utf-8")
    with pytest.raises(EvaluationDataError, match="reference summaries"):
        load_summary_gold(tmp_path)
    (tmp_path / "gold.json").write_text('{"stories": []}', encoding="utf-8")
    with pytest.raises(EvaluationDataError, match="expected"):
        load_summary_gold(tmp_path)


def test_rouge_uses_stemming() -> None:
    scorer = rouge_scorer()
    same = score_summary(scorer, "Workers strike at the port.", "Workers strike at the port.")
    assert same.rouge1 == same.rouge2 == same.rougeL == 1.0
    stemmed = score_summary(scorer, "The worker strikes.", "The workers striking.")
    assert stemmed.rouge1 == 1.0
    assert score_summary(scorer, "Completely unrelated words", "Dock strike ends").rouge1 == 0.0


def test_evaluate_summaries_on_the_demo_corpus(nlp: Any, embedder: Any) -> None:
    result = evaluate_summaries(DEMO, SummaryBudget(sentences=4), nlp=nlp, embedder=embedder)
    assert len(result.stories) == len(GOLD["stories"])
    for story in result.stories:
        assert 1 <= story.sentences <= 4
        assert story.rouge.rouge1 > story.rouge.rouge2 > 0.0
    # Measured: ROUGE-1 0.50, ROUGE-2 0.22, ROUGE-L 0.30 (sumy LexRank: 0.48 / 0.19 / 0.26).
    assert result.mean.rouge1 >= 0.42
    assert result.mean.rouge2 >= 0.17
    table = result.table()
    assert "mean (11 stories)" in table and "port-strike" in table
