"""Gold references by article id and offsets (`newsweave.evaluation.gold_refs`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.facts_gold import load_labels, load_recall, locate
from newsweave.evaluation.gold_refs import CorpusFields, find_folded, folded
from newsweave.ingest import read_inputs
from tests.conftest import ECBPLUS, ROOT, SHARED, require

# Our own text, written with the habits of wire copy that ingestion changes: doubled
# apostrophes for a closing quote, backticks, a line break inside a paragraph.
TEXT = ("The council said ``the bridge will reopen in May'' after repairs.\n"
        "Engineers found 14 cracked beams, the council said. `Safety first,' "
        "the mayor added. Engineers found 14 cracked beams, the report said.")


def _corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    rec = {"id": "c-1", "title": "Bridge `closed' for repairs", "text": TEXT}
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    return path


def test_folding_keeps_the_offsets_of_the_raw_text() -> None:
    text, where = folded("a ``b'' c\nd")
    assert text == 'a "b" c d'
    assert find_folded("x\n``y''", ' "y"', 0) == (1, 7)
    assert where[-1] == len("a ``b'' c\nd")


def test_spans_round_trip_to_the_passage_of_the_ingested_article(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    fields = CorpusFields.read(corpus)
    articles = {a.id: a for a in read_inputs([str(corpus)]).articles}
    assert articles["c-1"].text != TEXT  # ingestion did change the characters
    second = {"article": "c-1", "text": "Engineers found 14 cracked beams", "occurrence": 1}
    span_ref = fields.with_spans(second, "x:1")
    assert "text" not in span_ref and "occurrence" not in span_ref
    start, end = span_ref["span"]
    assert TEXT[start:end] == second["text"] and start > TEXT.index(second["text"])
    assert locate(articles, span_ref, "x:1", fields) == locate(articles, second, "x:1")
    # A passage across the line break and the doubled quotes of the raw record.
    quoted = fields.with_spans({"article": "c-1", "text": "reopen in May'' after repairs. "
                                "Engineers"}, "x:2")
    aid, a, b = locate(articles, quoted, "x:2", fields)
    assert aid == "c-1" and articles["c-1"].text[a:b].startswith("reopen in May")
    assert folded(articles["c-1"].text[a:b])[0].endswith("repairs. Engineers")
    title = fields.with_spans({"article": "c-1", "text": "for repairs"}, "x:3")
    assert title["field"] == "title"
    assert fields.with_text(title, "x:3")["text"] == "for repairs"


@pytest.mark.parametrize(("ref", "message"), [
    ({"article": "c-9", "span": [0, 3]}, "'c-9' is not in the corpus"),
    ({"article": "c-1", "span": [5, 9999]}, "outside the text of c-1"),
    ({"article": "c-1", "span": "0-3"}, r"is not \[start, end\]"),
    ({"article": "c-1", "text": "no such words"}, "is not in article c-1"),
])
def test_bad_references_are_named(tmp_path: Path, ref: dict[str, Any], message: str) -> None:
    fields = CorpusFields.read(_corpus(tmp_path))
    with pytest.raises(EvaluationDataError, match=message) as err:
        (fields.with_text if "span" in ref else fields.with_spans)(ref, "labels-X.jsonl:4")
    assert str(err.value).startswith("labels-X.jsonl:4")


def test_a_span_reference_needs_the_corpus(tmp_path: Path) -> None:
    articles = {a.id: a for a in read_inputs([str(_corpus(tmp_path))]).articles}
    with pytest.raises(EvaluationDataError, match="needs the corpus text"):
        locate(articles, {"article": "c-1", "span": [0, 3]}, "labels-X.jsonl:2")
    with pytest.raises(EvaluationDataError, match="cannot read corpus"):
        CorpusFields.read(tmp_path / "missing.jsonl")


def _passage_keys(obj: Any) -> set[str]:
    if isinstance(obj, dict):
        found = {k for k in obj if k in {"text", "content", "cue", "speaker_mention"}}
        return found.union(*(_passage_keys(v) for v in obj.values()))
    if isinstance(obj, list):
        return set().union(*(_passage_keys(v) for v in obj))
    return set()


def test_no_gold_file_holds_the_corpus_text() -> None:
    """Gold made on ECB+ names passages by offsets: the repository never copies the
    articles' words (keys that would carry them are refused)."""
    files = sorted([*(ROOT / "gold").glob("ecbplus-*/*.jsonl"),
                    *(ROOT / "gold").glob("heldout-facts/*.jsonl")])
    assert len(files) >= 15
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                assert not _passage_keys(json.loads(line)), f"{path.name}:{n}"


def test_every_facts_gold_record_resolves_in_the_real_corpus() -> None:
    corpus = require(ECBPLUS)
    articles = {a.id: a for a in read_inputs([str(corpus)]).articles}
    fields = CorpusFields.read(corpus)
    problems: list[str] = []
    gold = ROOT / "gold" / "ecbplus-facts"
    n = sum(len(load_labels(f, articles, problems, fields))
            for f in sorted(gold.glob("*.jsonl")) if not f.name.startswith("recall"))
    m = sum(len(v) for f in sorted(gold.glob("recall-*.jsonl"))
            for v in load_recall(f, articles, problems, fields).values())
    # 1884: 1869 of sessions 1-8 + 8 of labels-v7-dev-single (session 9) + 7 of
    # labels-v8-dev-single (session 10).
    assert problems == [] and n == 1884 and m == 687


@pytest.mark.parametrize(("name", "corpus", "count"), [
    ("labels-v4-meantime.jsonl", SHARED / "data" / "meantime" / "meantime-en-time.jsonl", 21),
    ("labels-v4-ecbplus-topics.jsonl", ECBPLUS, 21),
    ("labels-v6-ecbplus-devtopics.jsonl", ECBPLUS, 27),
])
def test_held_out_facts_labels_resolve_in_their_corpus(name: str, corpus: Path,
                                                        count: int) -> None:
    data = require(corpus)
    articles = {a.id: a for a in read_inputs([str(data)]).articles}
    problems: list[str] = []
    labels = load_labels(ROOT / "gold" / "heldout-facts" / name, articles, problems,
                         CorpusFields.read(data))
    assert problems == [] and len(labels) == count
    assert all(lb.label in {"right", "wrong"} for lb in labels)
