"""The confusable mixes that measure query focus without focus gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.summaries import SummaryGold, SummaryTask
from newsweave.evaluation.summary_focus import mixed_focus_gold
from newsweave.model import Article


def _article(aid: str, title: str | None) -> Article:
    return Article(aid, f"First line of {aid}.\nMore.", aid, "t", title=title)


def test_each_story_is_mixed_with_the_other_story_of_its_topic() -> None:
    articles = {a.id: a for a in (
        _article("e-1_2ecb", "Actress enters rehab"), _article("e-1_1ecb", "Star checks in"),
        _article("e-1_1ecbplus", "Singer enters rehab"), _article("e-12_1ecb", None),
        _article("e-12_1ecbplus", "Quake"))}
    story_of = {"e-1_2ecb": "1ecb", "e-1_1ecb": "1ecb", "e-1_1ecbplus": "1ecbplus",
                "e-12_1ecb": "12ecb", "e-12_1ecbplus": "12ecbplus"}
    gold = SummaryGold(Path("x"), (
        SummaryTask("1ecb", ("e-1_1ecb", "e-1_2ecb"), ("ref",), "dev"),
        SummaryTask("12ecb", ("e-12_1ecb",), ("ref12",), "unseen")))
    mixed = mixed_focus_gold(gold, articles, story_of)
    one, twelve = mixed.gold.tasks
    # Topic 1 is not mixed with topic 12 (whose label also starts with "1").
    assert one.article_ids == ("e-1_1ecb", "e-1_1ecbplus", "e-1_2ecb")
    assert one.references == ("ref",) and one.split == "dev"
    assert mixed.focus["1ecb"] == "Star checks in"  # the first article's headline
    assert twelve.article_ids == ("e-12_1ecb", "e-12_1ecbplus") and twelve.split == "unseen"
    assert mixed.focus["12ecb"] == "First line of e-12_1ecb."  # no headline: its first line
    lonely = SummaryGold(Path("x"), (SummaryTask("9ecb", ("e-1_1ecb",), ("r",)),))
    with pytest.raises(EvaluationDataError, match="no other story"):
        mixed_focus_gold(lonely, articles, {"e-1_1ecb": "9ecb"})
