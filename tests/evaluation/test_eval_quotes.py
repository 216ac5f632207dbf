"""``eval quotes`` on the demo corpus gold and the seeds gold (the target: F1 >= 0.90)."""

from __future__ import annotations

from newsweave.evaluation.quotes import GoldSet, evaluate_quotes, same_speaker
from tests.conftest import DEMO, ROOT, SEEDS, require


def test_speaker_matching_rules() -> None:
    assert same_speaker("Fenwick", "Lucia Fenwick")
    assert same_speaker("Calder Bay Dockworkers’ Union", "Calder Bay Dockworkers' Union")
    assert not same_speaker("Priya Ramaswamy", "Tobias Reinholt")
    assert not same_speaker(None, "Tobias Reinholt")


def test_speaker_attribution_f1_on_gold() -> None:
    sets = [GoldSet("demo", DEMO / "gold.json", DEMO / "corpus")]
    if SEEDS.exists():
        sets.append(GoldSet("seeds", ROOT / "tests" / "gold" / "seeds_quotes.json",
                            require(SEEDS)))
    result = evaluate_quotes(DEMO, sets=sets, baseline=False)
    table = result.table()
    assert "speaker P/R/F1" in table
    for s in result.scores:
        assert s.speaker.f1 >= 0.90, (s.gold_set, s.speaker, s.errors)
