"""Tests for newsweave.evaluation.summaries and summary_stats: gold, scoring, statistics."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.summaries import (
    evaluate_summaries,
    load_reference_gold,
    load_summary_gold,
)
from newsweave.evaluation.summary_stats import paired_bootstrap, reference_agreement
from newsweave.ingest import read_inputs
from newsweave.summarize import SummaryBudget, count_words

from ..conftest import DEMO, ECBPLUS, ROOT, require

GOLD = json.loads((DEMO / "gold.json").read_text(encoding="utf-8"))
REFS = ROOT / "gold" / "ecbplus-summaries"


def test_every_demo_story_has_a_written_reference() -> None:
    gold = load_summary_gold(DEMO)
    assert set(gold.references) == set(GOLD["stories"])
    corpus = " ".join(a.text for a in read_inputs([str(DEMO / "corpus")]).articles)
    corpus = " ".join(corpus.split())
    for key, (text,) in gold.references.items():
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
    with pytest.raises(EvaluationDataError, match="refs-"):
        load_reference_gold(tmp_path, tmp_path)
    (tmp_path / "refs-A.jsonl").write_text('{"story": "1ecb"}\n', encoding="utf-8")
    with pytest.raises(EvaluationDataError, match=r"refs-A\.jsonl:1"):
        load_reference_gold(tmp_path, tmp_path)


def test_ecbplus_references_two_passes_and_the_split() -> None:
    gold = load_reference_gold(REFS, ECBPLUS)
    assert len(gold.tasks) == 33
    for task in gold.tasks:
        topic = int(re.match(r"\d+", task.key).group())  # type: ignore[union-attr]
        assert task.split == ("unseen" if topic % 3 == 0 else "dev"), task.key
        assert len(task.references) == 2
        assert all(85 <= len(r.split()) <= 115 for r in task.references), task.key
    assert sum(t.split == "unseen" for t in gold.tasks) == 10
    agree = reference_agreement(gold.tasks, 100)
    assert set(agree) == {t.key for t in gold.tasks}
    # Two people summarising the same articles agree far more than chance.
    r2 = [r.rouge2.recall for rs in agree.values() for r in rs]
    assert 0.2 < sum(r2) / len(r2) < 0.9


def test_references_are_not_copied_from_the_articles() -> None:
    gold = load_reference_gold(REFS, require(ECBPLUS))
    by_id = {a.id: " ".join(a.text.split()) for a in read_inputs([str(ECBPLUS)]).articles}
    for task in gold.tasks:
        text = " ".join(by_id[a] for a in task.article_ids)
        for ref in task.references:
            words = ref.split()
            # No run of 12 words is lifted from an article (names and figures are shorter).
            runs = {" ".join(words[i:i + 12]) for i in range(len(words) - 11)}
            assert not any(run in text for run in runs), task.key


def test_paired_bootstrap() -> None:
    a = [0.30, 0.25, 0.40, 0.35, 0.28, 0.33]
    b = [0.20, 0.22, 0.30, 0.31, 0.25, 0.27]
    d = paired_bootstrap(a, b, samples=2000)
    assert d.mean == pytest.approx(sum(a) / 6 - sum(b) / 6)
    assert d.low <= d.mean <= d.high and d.significant
    assert paired_bootstrap(a, b, samples=2000) == d  # deterministic
    assert not paired_bootstrap(b, a, samples=2000).significant
    with pytest.raises(ValueError, match="same length"):
        paired_bootstrap(a, b[:3])


def test_evaluate_summaries_on_the_demo_corpus(nlp: Any, embedder: Any) -> None:
    result = evaluate_summaries(DEMO, SummaryBudget(sentences=4), nlp=nlp, embedder=embedder)
    assert len(result.stories) == len(GOLD["stories"])
    for story in result.stories:
        assert 1 <= story.sentences <= 4
        assert story.rouge.rouge1.recall > story.rouge.rouge2.recall > 0.0
    mean = result.mean()
    # Demo regression check (not a quality measure: we wrote the corpus and references).
    assert mean.rouge1.recall >= 0.40
    assert mean.rouge2.recall >= 0.15
    table = result.table()
    assert "mean demo (11)" in table and "port-strike" in table
