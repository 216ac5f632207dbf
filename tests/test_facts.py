"""Fact comparison on the real seeds and the demo corpus (real sentence splitter and MiniLM)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from newsweave.claims import fold_quotes
from newsweave.facts import FactComparison, compare_facts, find_copies, source_keys
from newsweave.ingest import read_inputs
from newsweave.model import Article, Claim, Sentence, StoryInput
from newsweave.sentences import split_many
from tests.conftest import DEMO, SEEDS, require

Data = tuple[dict[str, Article], dict[str, tuple[Sentence, ...]], dict[str, Any]]


def _prepare(path: str, nlp: Any, embedder: Any) -> Data:
    articles = list(read_inputs([path]).articles)
    sentences = dict(zip([a.id for a in articles], split_many(articles, nlp), strict=True))
    flat = [s.text for a in articles for s in sentences[a.id]]
    vectors = embedder.encode(flat)
    embeddings, row = {}, 0
    for a in articles:
        embeddings[a.id] = vectors[row : row + len(sentences[a.id])]
        row += len(sentences[a.id])
    return {a.id: a for a in articles}, sentences, embeddings


@pytest.fixture(scope="module")
def seeds(nlp, embedder) -> Data:  # type: ignore[no-untyped-def]
    return _prepare(str(require(SEEDS)), nlp, embedder)


@pytest.fixture(scope="module")
def demo(nlp, embedder) -> Data:  # type: ignore[no-untyped-def]
    return _prepare(str(DEMO / "corpus"), nlp, embedder)


@pytest.fixture(scope="module")
def demo_gold() -> dict[str, Any]:
    gold: dict[str, Any] = json.loads((DEMO / "gold.json").read_text(encoding="utf-8"))
    return gold


def _compare(data: Data, ids: Sequence[str]) -> FactComparison:
    articles, sentences, embeddings = data
    return compare_facts(StoryInput(tuple(articles[i] for i in ids), sentences, embeddings))


def _story(data: Data, gold: dict[str, Any], story: str) -> FactComparison:
    return _compare(data, [a for a, info in gold["articles"].items() if info["story"] == story])


def _has(claims: Sequence[Claim], article: str, words: str) -> bool:
    return any(c.article_id == article and fold_quotes(words) in fold_quotes(c.text)
               for c in claims)


def _all_claims(result: FactComparison) -> list[Claim]:
    return ([c for g in result.consensus for c in g.claims] + list(result.single_source)
            + [c for x in result.conflicts for c in x.claims])


def test_seeds_single_source_and_consensus(seeds: Data) -> None:
    articles = seeds[0]
    by_date = {a.date: a.id for a in articles.values()}
    wire, rewrite = by_date[dt.date(2023, 6, 19)], by_date[dt.date(2023, 6, 20)]
    result = _compare(seeds, [wire, rewrite])
    assert _has(result.single_source, rewrite, "35 minutes")
    assert _has(result.single_source, wire, "new beginning")
    consensus = [g.claims for g in result.consensus]
    assert all(len({c.article_id for c in claims}) == 2 for claims in consensus)
    # Consensus is mutual entailment: the two reworded Blinken quotes state the same thing.
    for wire_words, rewrite_words in [
        ("absolutely vital", "absolutely vital"),
        ("keep working on", "continue to work on"),
    ]:
        assert any(_has(g, wire, wire_words) and _has(g, rewrite, rewrite_words)
                   for g in consensus), wire_words
    # Same topic is not the same claim (issue 13): this pair must not be consensus.
    assert not any(_has(g, wire, "little indication that either is prepared to bend")
                   and _has(g, rewrite, "provocative actions") for g in consensus)
    assert all(0.5 <= g.confidence <= 1.0 for g in result.consensus)
    assert result.conflicts == () and result.updates == ()  # reworded quotes are variants


def test_every_claim_in_exactly_one_class_and_no_boilerplate(demo: Data,
                                                              demo_gold: dict[str, Any]) -> None:
    for story in demo_gold["stories"]:
        result = _story(demo, demo_gold, story)
        consensus = {(c.article_id, c.start) for g in result.consensus for c in g.claims}
        single = {(c.article_id, c.start) for c in result.single_source}
        conflict = {(c.article_id, c.start) for x in result.conflicts for c in x.claims}
        assert not consensus & single and not single & conflict and not consensus & conflict
        for claim in _all_claims(result):
            assert demo[0][claim.article_id].text[claim.start : claim.end] == claim.text
            low = claim.text.casefold()
            assert not low.startswith(("by ", "copyright", "read more", "sign up")), claim.text


def test_gold_conflicts_are_found(demo: Data, demo_gold: dict[str, Any]) -> None:
    for gold in demo_gold["conflicts"]:
        result = _story(demo, demo_gold, gold["story"])
        pairs = [x.claims for x in result.conflicts]
        if gold["story"] == "velmora-earthquake":
            # A toll that rose between Sunday and Monday is an update, not a contradiction.
            pairs = [(u.old, u.new) for u in result.updates]
            assert not result.conflicts or all("12" not in x.detail for x in result.conflicts)
        assert any(sum(_has(p, g["article"], g["text"]) for g in gold["claims"]) >= 2
                   for p in pairs), gold["topic"]


def test_updates_and_conflicts_carry_evidence(demo: Data, demo_gold: dict[str, Any]) -> None:
    quake = _story(demo, demo_gold, "velmora-earthquake")
    toll = [u for u in quake.updates if u.topic == "deaths"]
    assert toll and toll[0].old_value == "12" and not toll[0].correction
    articles = demo[0]
    old, new = articles[toll[0].old.article_id].date, articles[toll[0].new.article_id].date
    assert old is not None and new is not None and old < new
    # The 1987 magnitude 6.1 quake is another quake: no magnitude conflict with this one.
    assert not [x for x in quake.conflicts if x.topic == "magnitude"]
    for x in (*quake.conflicts, *_story(demo, demo_gold, "ferraz-transfer").conflicts):
        assert len(x.claims) == 2 and len({c.article_id for c in x.claims}) == 2
        assert 0.0 <= x.confidence <= 1.0 and len(x.values) == 2
        for claim, value in zip(x.claims, x.values, strict=True):
            assert value in claim.text


def test_misquotes_are_quoted_words_conflicts(demo: Data, demo_gold: dict[str, Any]) -> None:
    for gold in demo_gold["misquotes"]:
        story = demo_gold["articles"][gold["variants"][0]["article"]]["story"]
        result = _story(demo, demo_gold, story)
        found = [x for x in result.conflicts
                 if all(_has(x.claims, v["article"], v["text"]) for v in gold["variants"])]
        assert found and found[0].topic == "quoted words", gold["speaker"]
        assert "vs" in found[0].detail


def test_copies_of_one_wire_story_are_one_source(demo: Data, demo_gold: dict[str, Any]) -> None:
    articles = demo[0]
    copy, original = "tw-2025-09-02-calder-bay-dock-strike", "cb-2025-09-02-calder-bay-dock-strike"
    assert demo_gold["articles"][original]["relation"]["of"] == copy
    result = _compare(demo, [copy, original])
    # Every claim is shared word for word, yet nothing is consensus: one wire story, one source.
    assert result.consensus == () and result.conflicts == ()
    assert {c.article_id for c in result.single_source} == {original}
    keys = source_keys([articles[copy], articles[original]], {copy: original})
    assert keys[copy] == keys[original]


def test_same_outlet_counts_once(seeds: Data) -> None:
    articles, sentences, embeddings = seeds
    same = [Article(a.id, a.text, a.content_hash, a.origin, date=a.date, source="Wire")
            for a in articles.values()]
    result = compare_facts(StoryInput(tuple(same), sentences, embeddings))
    assert result.consensus == () and result.conflicts == ()
    assert len(result.single_source) > 20


def test_find_copies_needs_verbatim_share() -> None:
    a = Article("a", "x", "h", "o", date=dt.date(2025, 1, 1))
    b = Article("b", "y", "h2", "o", date=dt.date(2025, 1, 2))
    pool = [Claim("a", 0, 1, "x"), Claim("a", 2, 3, "y"), Claim("b", 0, 1, "x")]
    lexical = np.array([[1, 0, 0.9], [0, 1, 0.1], [0.9, 0.1, 1]], dtype=np.float32)
    assert find_copies([a, b], pool, lexical, 0.5) == {"b": "a"}
    assert find_copies([a, b], pool, lexical * 0.5, 0.5) == {}


def test_mismatched_embeddings_are_rejected(seeds: Data) -> None:
    articles, sentences, embeddings = seeds
    aid = next(iter(articles))
    with pytest.raises(ValueError, match="one embedding row per sentence"):
        compare_facts(StoryInput((articles[aid],), sentences, {aid: embeddings[aid][:-1]}))


def test_empty_story() -> None:
    assert compare_facts(StoryInput((), {}, {})) == FactComparison()
