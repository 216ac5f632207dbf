"""`newsweave.evaluation.temporal.evaluate_time` on the demo corpus, the seeds, TimeML
JSONL gold (a small file of our own and, when present, MEANTIME) and a false-positive /
crash smoke run on ECB+ (real news text without publication dates)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.temporal import evaluate_time, find_gold
from newsweave.temporal import time_expressions_in_text
from tests.conftest import DEMO, ECBPLUS, SEEDS, SHARED, require

MEANTIME = SHARED / "data" / "meantime" / "meantime-en-time.jsonl"


def test_demo_gold_format_matches_the_corpus_text() -> None:
    gold = json.loads((DEMO / "gold.json").read_text(encoding="utf-8"))
    items = gold["time_expressions"]
    assert len(items) >= 150
    for item in items:
        assert set(item) >= {"article", "text", "value", "precision"}
        assert item["article"] in gold["articles"]
        if item["value"] is not None:
            assert item["precision"] == {4: "year", 7: "month", 10: "day"}[len(item["value"])]


def test_demo_newsweave_beats_dateparser_in_the_same_run() -> None:
    result = evaluate_time(DEMO)
    scores = {s.system: s for s in result.scores}
    ours, base = scores["newsweave"], scores["dateparser"]
    assert result.n_articles == 49 and ours.n_gold == base.n_gold >= 150
    # Measured 1.000 / 0.654 when written; the demo was also the development set.
    assert ours.value_accuracy >= 0.95
    assert ours.value_f1.f1 > base.value_f1.f1 + 0.2
    assert ours.relaxed.f1 >= 0.95
    table = result.table()
    assert "newsweave" in table and "dateparser" in table and "value acc" in table


def test_corpus_folder_finds_the_gold_next_to_it() -> None:
    result = evaluate_time(DEMO / "corpus", baseline=False)
    assert result.gold.endswith("gold.json")
    assert [s.system for s in result.scores] == ["newsweave"]


@pytest.mark.shared
def test_seeds_with_timeline(nlp) -> None:  # type: ignore[no-untyped-def]
    result = evaluate_time(require(SEEDS), nlp=nlp)
    assert result.gold.endswith("seeds_timex.json")
    ours = next(s for s in result.scores if s.system == "newsweave")
    assert (ours.n_gold, ours.value_accuracy, ours.relaxed.f1) == (6, 1.0, 1.0)
    assert result.timeline is not None and result.timeline.dates.f1 == 1.0
    assert "timeline" in result.table()
    assert result.errors() == []


def test_folder_without_gold_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "date 2023-06-20\nThe minister resigned on Monday after a week of protests.",
        encoding="utf-8",
    )
    with pytest.raises(EvaluationDataError, match="no gold time expressions"):
        find_gold(tmp_path, {"a"})


@pytest.mark.shared
def test_ecbplus_smoke_no_crash_and_few_false_positives() -> None:
    """ECB+ has no publication dates: relative expressions must stay unresolved,
    every span must index the text, and counts/ids must not be read as years."""
    lines = require(ECBPLUS).read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines]
    found = 0
    for doc in docs:
        text = doc["text"]
        for e in time_expressions_in_text(text, None, article_id=doc["id"]):
            found += 1
            assert text[e.start : e.end] == e.text
            if e.relative and e.value is not None and e.type != "TIME":
                # without a date only anaphora resolve, from an absolute date before them
                # (a clock time takes its day from a date in its sentence)
                assert any(w in e.text.lower() for w in (
                    "earlier", "later", "before", "after", "same", "that", "previous",
                    "following", "next", "entire", "whole", "the day", "the year")), e
            if e.type in ("DURATION", "SET"):
                assert e.value is None
            after = text[e.end : e.end + 12].lower()
            if e.precision == "year":
                assert not after.lstrip().startswith(("people", "troops", "dollars"))
    assert found > 1000


def _doc(doc_id: str, text: str, dct: str | None, timexes: list[tuple[str, str, str]],
         topic: str = "t", annotated: int | None = None) -> str:
    items = []
    for phrase, type_, value in timexes:
        start = text.index(phrase)
        items.append({"start": start, "end": start + len(phrase), "text": phrase,
                      "type": type_, "value": value})
    return json.dumps({"id": doc_id, "dct": dct, "text": text, "topic": topic,
                       "annotated_chars": annotated or len(text), "timexes": items})


def test_timeml_jsonl_is_scored_the_tempeval3_way(tmp_path: Path) -> None:
    """Our own two-document TimeML file: every score can be checked by hand."""
    a = "Ford said on Monday it will cut jobs over two years. It was founded in 1903."
    b = "Sales rose 43% in February. Analysts met at 18:00 UTC. Not annotated: 2010."
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join([
        _doc("a", a, "2023-06-20", [("Monday", "DATE", "2023-06-19"),
                                    ("two years", "DURATION", "P2Y"),
                                    ("1903", "DATE", "1903")], topic="x"),
        _doc("b", b, "2010-03-03", [("February", "DATE", "2010-02"),
                                    ("18:00 UTC", "TIME", "2010-03-03T18:00")],
             topic="y", annotated=b.index("Not")),
    ]) + "\n", encoding="utf-8")
    result = evaluate_time(path, baseline=False)
    (ours,) = result.scores
    # 5 gold; "2010" lies past annotated_chars and is not scored; the time value
    # differs only by the Z the system writes for UTC.
    assert (ours.n_gold, ours.n_predicted) == (5, 5)
    assert ours.relaxed.f1 == 1.0 and ours.strict.f1 == 1.0
    assert ours.type_accuracy == 1.0
    assert ours.value_accuracy == pytest.approx(4 / 5)
    assert ours.value_f1.f1 == pytest.approx(4 / 5)
    per_type = {t.type: t for t in ours.per_type}
    assert per_type["TIME"].value_accuracy == 0.0 and per_type["DURATION"].recall == 1.0
    assert "per gold type" in result.table() and "type acc" in result.table()
    only_x = evaluate_time(path, baseline=False, topics=("x",))
    assert only_x.n_articles == 1 and only_x.scores[0].n_gold == 3
    assert evaluate_time(path, baseline=False, exclude_topics=("x",)).n_articles == 1


def test_bad_timeml_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(_doc("a", "On Monday.", "2023-06-20", []) + "\n{\"id\": 1, \"timexes\": 3}\n",
                    encoding="utf-8")
    with pytest.raises(EvaluationDataError, match=r"bad.jsonl:2"):
        evaluate_time(path, baseline=False)


@pytest.mark.shared
def test_meantime_development_topics_reach_the_issue_targets(nlp) -> None:  # type: ignore[no-untyped-def]
    """airbus/apple/gm (the development topics; `stock` is the unseen check and is only
    scored by benchmarks/bench_time.py). Measured 0.926 / 0.848 / 0.969 when written."""
    result = evaluate_time(require(MEANTIME), nlp=nlp, baseline=False,
                           exclude_topics=("stock",))
    (ours,) = result.scores
    assert result.n_articles == 90 and ours.n_gold == 247
    assert ours.relaxed.f1 >= 0.90
    assert ours.value_f1.f1 >= 0.80
    assert ours.type_accuracy is not None and ours.type_accuracy >= 0.90
    assert all(t.recall > 0 for t in ours.per_type)
