"""Bootstrap intervals of quote speaker scores (evaluation/quote_ci.py)."""

from __future__ import annotations

import pytest

from newsweave.evaluation.quote_ci import bootstrap_f1, per_article_counts
from newsweave.evaluation.quote_gold import GoldSpan
from newsweave.evaluation.quotes_real import Prediction, score_real

TEXTS = {"a": "x" * 200, "b": "y" * 200}


def _gold(article: str, start: int, speaker: str | None) -> GoldSpan:
    kind = None if speaker is None else "person"
    return GoldSpan(article, start, "quote", start, start + 20, None, None, speaker, kind, None)


def test_per_article_counts_sum_to_the_part_score() -> None:
    gold = [_gold("a", 0, "Ann Lee"), _gold("a", 50, "Bo Diaz"), _gold("b", 0, None)]
    pred = [Prediction("a", 0, 20, "Lee"), Prediction("a", 50, 70, "Ann Lee"),
            Prediction("b", 0, 20, "Cy Young")]
    rows = per_article_counts(gold, pred, TEXTS, ["a", "b"])
    assert rows == [(1, 2, 2), (0, 1, 0)]
    whole = score_real("s", "p", gold, pred, TEXTS, 2, 0.0)
    assert whole.speaker_counts == tuple(map(sum, zip(*rows, strict=True)))


def test_bootstrap_interval_brackets_the_estimate_and_narrows_with_more_articles() -> None:
    few = [(1, 1, 1), (0, 1, 1)] * 5
    many = few * 20
    lo, hi = bootstrap_f1(few, samples=500)
    lo2, hi2 = bootstrap_f1(many, samples=500)
    assert lo <= 0.5 <= hi
    assert lo2 <= 0.5 <= hi2
    assert hi2 - lo2 < hi - lo
    assert bootstrap_f1(few, samples=500) == (lo, hi)  # seeded: reproducible
    assert bootstrap_f1([(3, 3, 3)] * 4) == (1.0, 1.0)


def test_bootstrap_needs_articles() -> None:
    with pytest.raises(ValueError, match="at least one"):
        bootstrap_f1([])
