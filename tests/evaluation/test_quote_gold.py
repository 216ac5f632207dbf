"""Real-text quote gold: string annotations -> offsets, agreement, and eval on ECB+."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.quote_agreement import compare_passes
from newsweave.evaluation.quote_gold import (
    convert_annotations,
    load_offset_gold,
    raw_texts_of,
    read_annotations,
    unseen,
    write_offset_gold,
)
from newsweave.ingest import normalise_text
from tests.conftest import ECBPLUS, ROOT, require

RAW = {
    # A hard-wrapped line (ingest joins it with a space) and trailing spaces.
    # Our own text, in the shape of a celebrity item with a spokesperson's quote.
    "ecbplus-4_1ecb": ("Officials met on Monday.   \n\"We value your patience,\" the "
                       "actor's agent Mara Quint told\nthe paper. She said the "
                       "\"Harbor Nights\" star was fine.\n\"He is resting.\""),
    "ecbplus-3_2ecb": "Nothing was quoted here at all, said nobody.",
}


def _annotations(tmp_path: Path, items: list[dict], name: str = "pass-x.jsonl") -> Path:  # type: ignore[type-arg]
    head = {"pass": "X", "articles": list(RAW)}
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(x) for x in [head, *items]) + "\n", encoding="utf-8")
    return path


GOOD = [
    {"article": "ecbplus-4_1ecb", "n": 0, "class": "quote",
     "content": "We value your patience,", "occurrence": 0, "cue": "told",
     "speaker_mention": "Mara Quint", "speaker": "Mara Quint",
     "speaker_kind": "person", "addressee": "the paper"},
    {"article": "ecbplus-4_1ecb", "n": 1, "class": "title", "content": "Harbor Nights"},
    {"article": "ecbplus-4_1ecb", "n": 2, "class": "quote", "content": "He is resting.",
     "cue": None, "speaker_mention": None, "speaker": "Mara Quint",
     "speaker_kind": "person"},
]


def test_conversion_maps_offsets_onto_the_ingested_text(tmp_path: Path) -> None:
    header, items = read_annotations(_annotations(tmp_path, GOOD))
    gold = convert_annotations("pass-x.jsonl", header, items, RAW, corpus="c.jsonl")
    norm = normalise_text(RAW["ecbplus-4_1ecb"])
    assert norm != RAW["ecbplus-4_1ecb"]  # the offsets had to be mapped
    q0, title, q2 = gold.spans
    assert norm[q0.start:q0.end] == "We value your patience,"
    assert q0.cue_span and norm[slice(*q0.cue_span)] == "told"
    assert q0.speaker_span and norm[slice(*q0.speaker_span)] == "Mara Quint"
    assert title.cls == "title" and norm[title.start:title.end] == "Harbor Nights"
    assert q2.speaker_span is None and q2.speaker == "Mara Quint"
    assert gold.articles == tuple(RAW)  # an article with nothing found stays listed
    out = tmp_path / "gold.jsonl"
    write_offset_gold(out, gold)
    assert load_offset_gold(out) == gold
    assert "patience" not in out.read_text(encoding="utf-8")  # no article text stored


def test_newswire_marks_rewritten_at_ingest_shift_the_offsets(tmp_path: Path) -> None:
    # Ingest writes ``…'' as “…” (two characters become one): every later offset moves,
    # and a quote that holds a nested `…' still reads back the same.
    raw = {"ecbplus-29_1ecb": ("Coach Bob spoke.\n``Would we have won?'' Coach Bob asked."
                               "\n``He told me `go for it,' '' Bob said.")}
    items = [
        {"article": "ecbplus-29_1ecb", "n": 0, "class": "quote",
         "content": "Would we have won?", "cue": "asked", "speaker_mention": "Coach Bob",
         "speaker": "Bob", "speaker_kind": "person"},
        {"article": "ecbplus-29_1ecb", "n": 1, "class": "quote",
         "content": "He told me `go for it,' ", "cue": "said", "speaker_mention": "Bob",
         "speaker": "Bob", "speaker_kind": "person"},
    ]
    gold = convert_annotations("x", {"articles": list(raw)}, enumerate(items, 2), raw)
    norm = normalise_text(raw["ecbplus-29_1ecb"])
    q0, q1 = gold.spans
    assert norm[q0.start:q0.end] == "Would we have won?"
    assert norm[q1.start:q1.end] == "He told me ‘go for it,' "
    assert q1.cue_span and norm[slice(*q1.cue_span)] == "said"
    assert q1.speaker_span and norm[slice(*q1.speaker_span)] == "Bob"
    assert q0.start < raw["ecbplus-29_1ecb"].index("Would")  # the offsets were shifted


@pytest.mark.parametrize(("change", "message"), [
    ({"content": "We never said this"}, "does not occur"),
    ({"occurrence": 3}, "occurrence 3 requested"),
    ({"class": "quotation"}, "class 'quotation'"),
    ({"speaker_kind": None}, "both be null or both set"),
    ({"article": "ecbplus-99_1ecb"}, "not in the corpus"),
    ({"cue": "walked"}, "does not occur"),
])
def test_bad_items_are_named(tmp_path: Path, change: dict, message: str) -> None:  # type: ignore[type-arg]
    bad = [GOOD[0] | change, GOOD[1]]
    header, items = read_annotations(_annotations(tmp_path, bad))
    with pytest.raises(EvaluationDataError) as err:
        convert_annotations("pass-x.jsonl", header, items, RAW)
    assert message in str(err.value) and "line 2" in str(err.value)
    assert "n=0" in str(err.value)


def test_agreement_of_two_passes(tmp_path: Path) -> None:
    a_items = GOOD
    b_items = [GOOD[0] | {"speaker": "Quint"},  # same person, shorter name
               GOOD[1] | {"class": "scare"},
               GOOD[2] | {"speaker": "the actress", "speaker_kind": "description"}]
    ga = convert_annotations("a", *read_annotations(_annotations(tmp_path, a_items, "a")), RAW)
    gb = convert_annotations("b", *read_annotations(_annotations(tmp_path, b_items, "b")), RAW)
    texts = {k: normalise_text(v) for k, v in RAW.items()}
    agr = compare_passes(ga, gb, texts)
    assert agr.n_articles == 2 and agr.quote_f1.f1 == 1.0
    assert agr.class_agreement == pytest.approx(2 / 3)
    assert agr.n_both_quotes == 2 and agr.speaker_agreement == 0.5
    kinds = sorted(line.split("\t")[1] for line in agr.disagreements)
    assert kinds == ["class", "speaker"]


def test_split_by_topic() -> None:
    assert unseen("ecbplus-3_2ecb") and unseen("ecbplus-33_1ecbplus")
    assert not unseen("ecbplus-4_1ecb") and not unseen("seed-article")


@pytest.mark.slow
def test_committed_gold_lies_in_the_corpus_and_beats_textacy_on_dev() -> None:
    from newsweave.evaluation.quotes_real import evaluate_real_quotes

    corpus = require(ECBPLUS)
    gold_dir = ROOT / "gold" / "ecbplus-quotes"
    raw = raw_texts_of(corpus)
    for name in ("gold", "pass-a", "pass-b", "adjudicated", "dev-extra", "dev-extra2"):
        stored = load_offset_gold(gold_dir / f"{name}.offsets.jsonl")
        assert stored.corpus == corpus.name and set(stored.articles) <= set(raw)
        for s in stored.spans:  # every committed offset lies inside its article
            for start, end in ((s.start, s.end), s.cue_span or (0, 1), s.speaker_span or (0, 1)):
                assert 0 <= start < end <= len(raw[s.article]), (name, s.article, s.n)
    result = evaluate_real_quotes(gold_dir / "gold.offsets.jsonl", corpus, parts=("dev",))
    ours, textacy = result.scores
    assert ours.quotes.precision >= 0.95
    assert ours.speaker.f1 >= 0.90 and ours.speaker.f1 > textacy.speaker.f1
