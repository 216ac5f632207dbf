"""The claim-parse cache: parses without the entity recogniser read the same as full ones."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

from newsweave.facts.entail import content_of, events_agree, main_events, traits
from newsweave.facts.numbers import repair
from newsweave.facts.parses import ClaimParses

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"


def _demo_sentences(limit: int) -> list[str]:
    """Sentences of the demo corpus (the project's own text), as claims are: one each."""
    out: list[str] = []
    for path in sorted(DEMO.rglob("*.txt")):
        try:  # the demo holds a few files in other encodings on purpose: left out here
            body = path.read_text(encoding="utf-8").split("\n\n", 1)[-1]
        except UnicodeDecodeError:
            continue
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if len(s.split()) > 4]
    return list(dict.fromkeys(out))[:limit]


def _reading(doc: Any) -> list[tuple[str, str, str, str, str, int]]:
    return [(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i) for t in doc]


def test_without_entities_tokens_lemmas_and_arcs_are_the_same(parser: Any) -> None:
    texts = _demo_sentences(300)
    assert len(texts) >= 100
    full, bare = ClaimParses(parser), ClaimParses(parser)
    full.prefetch(texts)
    bare.prefetch(texts, entities=False)
    with_ents = 0
    for text in texts:
        a, b = full(text), bare(text, entities=False)
        assert _reading(a) == _reading(b), text
        assert main_events(a) == main_events(b)
        assert list(b.ents) == []  # really parsed without the recogniser
        with_ents += bool(a.ents)
    assert with_ents > 30  # the full parse has entities, so the comparison means something
    pairs = list(itertools.pairwise(texts))
    assert [events_agree(full(x), full(y)) for x, y in pairs] == [
        events_agree(bare(x, entities=False), bare(y, entities=False)) for x, y in pairs]


def test_a_text_parsed_without_entities_is_parsed_again_when_they_are_asked_for(
        parser: Any) -> None:
    text = "Mayor Dana Whitcombe said the Harbor Authority would reopen the east pier on Monday."
    parses = ClaimParses(parser)
    assert list(parses(text, entities=False).ents) == []
    full = parses(text)
    assert [e.text for e in full.ents] == [e.text for e in parser(text).ents]
    assert full.ents  # names and a day
    assert parses(text, entities=False) is full  # a full parse serves both
    assert len(parses) == 1


def test_content_words_alone_are_the_traits_words() -> None:
    """Consensus computes full traits for the claims of candidate pairs only and just the
    words of the others (for document frequencies): the two must agree."""
    texts = [*_demo_sentences(300),
             "Officials counted 1, 500 homes and $ 5 million, U. S. said.",
             "a loaded. 38-caliber revolver was found on March 3, 200 m"]
    for text in texts:
        assert content_of(text) == traits(text).tokens, text


def test_repair_without_gaps_is_the_text_itself() -> None:
    """The no-gap shortcut of ``repair`` gives what the character loop gave."""
    for text in _demo_sentences(300):
        fixed, positions = repair(text)
        if fixed == text:
            assert positions == list(range(len(text)))
    fixed, positions = repair("it cost $ 1, 500 in the U. S.")
    assert fixed == "it cost $1,500 in the U.S."
    assert [fixed[i] == "it cost $ 1, 500 in the U. S."[positions[i]]
            for i in range(len(fixed))] == [True] * len(fixed)
