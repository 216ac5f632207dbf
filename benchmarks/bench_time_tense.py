"""Experiment: tense from the governing verb (spaCy dependency parse) instead of
newsweave's nearest tense cue in the clause, on MEANTIME's development topics.

The tense decides weekdays, bare months, ``June 19`` without a year, holidays and
quarters. This swaps :meth:`newsweave.temporal.recognise.Context.tense` for a
parse-based one (the verb governing the expression: ``will``/``shall``/modal or
``to`` after a planning verb -> future; a past-tense verb or auxiliary, or a
perfect -> past; anything else no cue) and scores both on the same articles,
with the cost of the parse per document. ``stock`` is not used.

Run: ``.venv/bin/python benchmarks/bench_time_tense.py``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from newsweave.evaluation.timeml_data import load_timeml_jsonl
from newsweave.evaluation.timex_systems import evaluate_normalisation
from newsweave.nlp import load_spacy
from newsweave.sentences import split_sentences
from newsweave.temporal.calendar import Tense
from newsweave.temporal.recognise import Context

MEANTIME = Path(__file__).resolve().parents[2] / "shared" / "data" / "meantime" / \
    "meantime-en-time.jsonl"
_FUTURE_HEADS = {"plan", "expect", "schedule", "set", "due", "hope", "aim", "intend", "want",
                 "seek", "promise", "vow", "pledge", "threaten", "prepare", "need", "likely"}


def parse_tense(doc: Any, start: int, end: int) -> Tense:
    """Tense of the verb governing the tokens of ``[start, end)`` in ``doc``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    while tok.pos_ not in ("VERB", "AUX") and tok.head is not tok:
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    kids = list(tok.children)
    if any(k.dep_ == "aux" and k.lower_ in ("will", "shall", "'ll", "wo", "would") for k in kids):
        return "future"
    if any(k.dep_ == "aux" and k.tag_ == "MD" for k in kids):
        return "future"
    if any(k.dep_ == "aux" and k.lower_ == "to" for k in kids) and \
            tok.head.lemma_.lower() in _FUTURE_HEADS:
        return "future"
    if tok.tag_ == "VBD" or any(k.dep_ in ("aux", "auxpass") and k.tag_ == "VBD" for k in kids):
        return "past"
    if tok.tag_ == "VBN" and any(k.lemma_ == "have" for k in kids):
        return "past"
    return None


def main() -> None:
    docs = load_timeml_jsonl(MEANTIME, topics=("airbus", "apple", "gm"))
    splitter = load_spacy(ner=False)
    sents = {a.id: split_sentences(a, splitter) for a in docs.articles}
    parser = load_spacy(ner=False, parser=True)
    t0 = time.process_time()
    parsed = {a.text: parser(a.text) for a in docs.articles}
    parse_ms = 1000 * (time.process_time() - t0) / len(docs.articles)
    cue = evaluate_normalisation(docs.gold, docs.articles, baselines=(), sentences=sents,
                                 limits=docs.limits)["newsweave"]
    original = Context.tense

    def tense(self: Context, start: int, end: int) -> Tense:
        doc = parsed.get(self.text)
        return parse_tense(doc, start, end) if doc is not None else original(self, start, end)

    Context.tense = tense  # type: ignore[method-assign]
    try:
        parse = evaluate_normalisation(docs.gold, docs.articles, baselines=(), sentences=sents,
                                       limits=docs.limits)["newsweave"]
    finally:
        Context.tense = original  # type: ignore[method-assign]
    print(f"{'tense from':<28} {'value acc':>9} {'value F1':>8}  wrong values")
    for name, s in (("nearest cue in clause", cue), ("governing verb (parse)", parse)):
        wrong = sum(1 for e in s.errors if e[3] != "(missed)")
        print(f"{name:<28} {s.value_accuracy:>9.3f} {s.value_f1.f1:>8.3f}  {wrong}")
    print(f"parse cost: {parse_ms:.1f} ms per document (tagger + parser), on top of the "
          "time stage")
    cue_err = {(e[0], e[1]) for e in cue.errors}
    for e in parse.errors:
        if (e[0], e[1]) not in cue_err:
            print("  parse only wrong:", e)
    parse_err = {(e[0], e[1]) for e in parse.errors}
    for e in cue.errors:
        if (e[0], e[1]) not in parse_err:
            print("  cue only wrong:  ", e)


if __name__ == "__main__":
    main()
