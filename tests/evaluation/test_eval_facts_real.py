"""Scoring the comparison on real-text gold (`newsweave.evaluation.facts_real`/`facts_gold`)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.facts_gold import (
    GoldDiscrepancy,
    Label,
    LabelIndex,
    Pair,
    load_labels,
    load_recall,
    locate,
    split_of,
    verdict,
)
from newsweave.evaluation.facts_real import judge, pair_record, score, wilson
from newsweave.evaluation.gold_refs import CorpusFields
from newsweave.model import Article, Claim
from tests.conftest import ECBPLUS, ROOT, require

GOLD = ROOT / "gold" / "ecbplus-facts"

# Our own sentences, in the shape of two reports of one shooting that differ in figures.
TEXT_A = ("Witnesses said the suspect aimed a .38-caliber pistol at the deputies. "
          "The two deputies fired nine rounds in all.")
TEXT_B = ("The deputies said he aimed a .357 caliber pistol at them. "
          "Six rounds were fired by the deputies, the coroner found.")


def _article(aid: str, text: str) -> Article:
    return Article(aid, text, hashlib.sha256(text.encode()).hexdigest(), "test")


ARTICLES = {"19_1": _article("19_1", TEXT_A), "19_2": _article("19_2", TEXT_B)}


def _claim(aid: str, sentence: int) -> Claim:
    text = ARTICLES[aid].text
    parts = text.split(". ")
    start = text.find(parts[sentence])
    return Claim(aid, start, start + len(parts[sentence]), parts[sentence])


def _label(kind: str, a: Claim, b: Claim, label: str | None, reason: str | None = None,
           should_be: str | None = None) -> Label:
    return Label("19ecbplus", kind, (a.article_id, a.start, a.end),
                 (b.article_id, b.start, b.end), label, reason, should_be)


def test_pairs_are_judged_by_overlapping_labels_and_unlabelled_ones_are_listed() -> None:
    calibre = (_claim("19_1", 0), _claim("19_2", 0))
    shots = (_claim("19_1", 1), _claim("19_2", 1))
    labels = [_label("conflict", *calibre, "right")]
    # A claim cut a little shorter by a later splitter keeps its label.
    shorter = Claim("19_2", calibre[1].start, calibre[1].end - 9, calibre[1].text[:-9])
    pairs = {"19ecbplus": [Pair("19ecbplus", "conflict", calibre[0], shorter, 0.9),
                           Pair("19ecbplus", "conflict", shots[1], shots[0], 0.8),
                           Pair("19ecbplus", "consensus", *calibre, 0.7)]}
    result = score(pairs, {"A": labels}, {}, "dev")
    rows = {name: (value, note) for name, value, note in result.rows}
    assert rows["dev A differ precision"] == (
        "1.000", "1/1 labelled right (95% CI 0.21-1.00); 1 of 2 reported unlabelled")
    # A right conflict cannot be right consensus: judged wrong, not unlabelled.
    assert rows["dev A consensus precision"][0] == "0.000"
    assert [p.a.text for p in result.unlabelled] == [shots[1].text]
    assert "carry no label" in result.table()
    # The adjudicated labels are the labels of record; A and B are compared for agreement.
    adjudicated = [_label("conflict", *calibre, "wrong", "different_referent")]
    values = {name: value for name, value, _ in
              score(pairs, {"A": labels, "B": labels, "adjudicated": adjudicated}, {},
                    "dev").rows}
    assert values["dev adjudicated differ precision"] == "0.000"
    assert "dev A differ precision" not in values and values["label agreement A/B"] == "1.000"
    # A single-pass labels file is of record too, and named in the row: here it judges
    # the second conflict (right), so two of two differ pairs are judged.
    single = [_label("conflict", shots[1], shots[0], "right")]
    values = {name: value for name, value, _ in
              score(pairs, {"A": labels, "B": labels, "adjudicated": adjudicated,
                            "v2-single": single}, {}, "dev").rows}
    assert values["dev adjudicated+v2-single differ precision"] == "0.500"
    assert values["label agreement A/B"] == "1.000"
    # A later second pass ("-B") of pairs labelled of record: agreement with the first.
    second = [_label("conflict", *calibre, "right"), _label("conflict", shots[1], shots[0],
                                                             "right")]
    values = {name: value for name, value, _ in
              score(pairs, {"adjudicated": adjudicated, "v2-single": single,
                            "unseen-B": second}, {}, "dev").rows}
    assert values["label agreement first pass/unseen-B"] == "0.500"
    assert values["label kappa first pass/unseen-B"] == "0.000"
    assert values["dev adjudicated+v2-single differ precision"] == "0.500"  # not of record


def test_wilson_interval_is_honest_at_small_counts() -> None:
    low, high = wilson(1, 18)
    assert 0.005 < low < 0.02 and 0.25 < high < 0.28  # 1/18: 0.056, but up to 0.26
    assert wilson(0, 0) == (0.0, 1.0)
    low, high = wilson(160, 169)
    assert low < 160 / 169 < high and high - low < 0.1


def test_another_clause_of_the_same_sentence_is_not_judged_by_the_label() -> None:
    a, b = _claim("19_1", 0), _claim("19_2", 0)
    index = LabelIndex([_label("conflict", a, b, "wrong", "different_referent")])
    tail = Claim("19_2", b.end - 8, b.end, b.text[-8:])  # a sliver of the labelled claim
    assert index.find("19ecbplus", "conflict", (a.article_id, a.start, a.end),
                      (tail.article_id, tail.start, tail.end)) is None
    assert index.find("19ecbplus", "conflict", (b.article_id, b.start, b.end),
                      (a.article_id, a.start, a.end)) is not None  # either order


def test_verdict_carries_across_differ_kinds() -> None:
    a, b = _claim("19_1", 1), _claim("19_2", 1)
    as_update = _label("conflict", a, b, "wrong", "different_time", should_be="update")
    assert verdict(as_update, "update") is True
    assert verdict(as_update, "conflict") is False
    assert verdict(_label("conflict", a, b, "right"), "update") is False
    assert verdict(_label("conflict", a, b, "wrong", "different_referent"), "misquote") is False
    assert verdict(_label("conflict", a, b, "wrong", "different_time"), "update") is None
    assert verdict(_label("consensus", a, b, "wrong", "not_same_proposition"), "conflict") is None
    assert verdict(_label("consensus", a, b, None), "consensus") is None


def test_recall_counts_pairs_groups_and_lists_misses() -> None:
    a0, b0 = _claim("19_1", 0), _claim("19_2", 0)
    a1, b1 = _claim("19_1", 1), _claim("19_2", 1)
    gold = {"A": {"19ecbplus": [
        GoldDiscrepancy("19ecbplus", "conflict", (a0.article_id, a0.start, a0.end),
                        (b0.article_id, b0.start, b0.end), "gun/calibre", (".38", ".357")),
        GoldDiscrepancy("19ecbplus", "conflict", (a1.article_id, a1.start, a1.end),
                        (b1.article_id, b1.start, b1.end), "rounds", ("9", "6"))]}}
    pairs = {"19ecbplus": [Pair("19ecbplus", "update", b0, a0, 0.6, (".357", ".38"))]}
    result = score(pairs, {}, gold, "dev")
    rows = {name: (value, note) for name, value, note in result.rows}
    assert rows["dev A conflict+update recall (pairs)"] == (
        "0.500", "1/2 in 1 stories (95% CI 0.09-0.91)")
    assert rows["dev A conflict+update recall (groups)"][0] == "0.500"
    assert len(result.misses) == 1 and "rounds: 9 vs 6" in result.misses[0]


def test_pair_record_round_trips_through_locate() -> None:
    pair = Pair("19ecbplus", "conflict", _claim("19_1", 1), _claim("19_2", 1), 0.71,
                ("nine", "Six"))
    record = pair_record(pair, ARTICLES, None, split="dev")
    assert record["label"] is None and record["values"] == ["nine", "Six"]
    assert record["split"] == "dev" and record["confidence"] == 0.71
    assert locate(ARTICLES, record["b"], "x") == pair.spans[1]
    with pytest.raises(EvaluationDataError, match="is not in article"):
        locate(ARTICLES, {"article": "19_1", "text": "not there"}, "labels-A.jsonl:3")


def test_split_of_follows_the_topic_number() -> None:
    assert split_of("19ecbplus") == "dev" and split_of("9ecbplus") == "unseen"
    assert split_of("30ecb") == "unseen" and split_of("4ecb") == "dev"


def test_bad_label_records_are_reported_by_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "labels-X.jsonl"
    good = {"story": "19ecbplus", "kind": "conflict", "label": "right",
            "a": {"article": "19_1", "text": "nine rounds"}, "b": {"article": "19_2",
                                                               "text": "Six rounds"}}
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "a": {"article": "zz",
                                                                        "text": "x"}}) + "\n"
                    + json.dumps({"story": "19ecbplus"}) + "\n", encoding="utf-8")
    problems: list[str] = []
    labels = load_labels(path, ARTICLES, problems)
    assert len(labels) == 1 and labels[0].line == 1
    assert problems[0].startswith("labels-X.jsonl:2") and "not in the corpus" in problems[0]
    assert problems[1].startswith("labels-X.jsonl:3") and "missing field" in problems[1]
    with pytest.raises(EvaluationDataError, match=r"labels-X\.jsonl:2"):
        load_labels(path, ARTICLES)


def test_real_gold_locates_and_scores_its_own_pairs() -> None:
    """labels-A judged exactly the pairs of sample-v1: scoring those pairs as if reported
    gives back labels-A's own counts (every record is found in the corpus)."""
    from newsweave.ingest import read_inputs

    corpus = require(ECBPLUS)
    articles = {a.id: a for a in read_inputs([str(corpus)]).articles}
    fields = CorpusFields.read(corpus)
    problems: list[str] = []
    labels = load_labels(GOLD / "labels-A.jsonl", articles, problems, fields)
    recall = load_recall(GOLD / "recall-A.jsonl", articles, problems, fields)
    assert problems == [] and len(labels) == 414 and len(recall) == 28
    for name in ("v2-dev-single", "v2-adjudicated", "unseen-B"):
        later = load_labels(GOLD / f"labels-{name}.jsonl", articles, problems, fields)
        assert problems == [] and all(lb.label in {"right", "wrong"} for lb in later)
    # The second pass relabelled exactly pairs of record (all unseen: ECB+ topics 3k).
    record = {lb.key for name in ("adjudicated", "v2-adjudicated")
              for lb in load_labels(GOLD / f"labels-{name}.jsonl", articles, problems, fields)}
    assert {lb.key for lb in later} <= record and len(later) == 112
    assert {split_of(lb.story) for lb in later} == {"unseen"}
    pairs: dict[str, list[Pair]] = {}
    for lb in labels:
        a, b = (Claim(s[0], s[1], s[2], articles[s[0]].text[s[1]:s[2]]) for s in (lb.a, lb.b))
        pairs.setdefault(lb.story, []).append(Pair(lb.story, lb.kind, a, b, 1.0))
    judged = judge([p for ps in pairs.values() for p in ps], labels)
    assert all(j.right == (j.label is not None and j.label.label == "right") for j in judged)
    rows = {name: value for name, value, _ in score(pairs, {"A": labels}, {}).rows}
    right = sum(lb.label == "right" and lb.kind != "consensus" for lb in labels)
    differ = sum(lb.kind != "consensus" for lb in labels)
    assert rows["all A differ precision"] == f"{right / differ:.3f}"


def test_calibration_chooses_a_threshold_by_leaving_stories_out() -> None:
    from newsweave.evaluation.facts_real import Judged, calibrate

    a, b = _claim("19_1", 0), _claim("19_2", 0)
    judged = [Judged(Pair(story, "conflict", a, b, conf), None, right)
              for story, conf, right in [("1ecb", 0.9, True), ("1ecb", 0.55, False),
                                         ("2ecb", 0.8, True), ("2ecb", 0.52, False),
                                         ("4ecb", 0.7, True), ("4ecb", 0.6, True)]]
    threshold, rows = calibrate(judged, ("conflict", "update", "misquote"))
    assert threshold == 0.6  # the lowest that keeps precision >= 0.9 on every story
    held_out = dict((name, value) for name, value, _ in rows)
    # Leaving 1ecb out chooses 0.55 on the others, which keeps its wrong 0.55 pair.
    assert held_out["differ held-out precision (leave one story out)"] == "0.800"
