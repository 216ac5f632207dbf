"""Tests for newsweave.align: lexical overlap, the combined score and one-to-one alignment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsweave.align import (
    DEFAULT_LEXICAL_WEIGHT,
    DEFAULT_THRESHOLD,
    SentencePool,
    align_sentences,
    assign_pairs,
    content_tokens,
    lexical_similarity,
    similarity_matrix,
)
from newsweave.model import Sentence

WIRE_VITAL = "“It is absolutely vital that we have these kinds of communications,” he said."
REWRITE_VITAL = "It’s absolutely vital that we have those kinds of communications, Blinken said."


def _sentences(article_id: str, texts: list[str]) -> tuple[Sentence, ...]:
    out, pos = [], 0
    for i, t in enumerate(texts):
        out.append(Sentence(article_id, i, pos, pos + len(t), t))
        pos += len(t) + 1
    return tuple(out)


def test_content_tokens_drop_stopwords_and_fold_forms() -> None:
    tokens = content_tokens("It’s absolutely vital that we have those kinds of communications,")
    assert tokens == {"absolutely", "vital", "kind", "communication"}
    assert content_tokens("China's talks") == content_tokens("China talk")
    assert "35" in content_tokens("He spoke for 35 minutes.")
    assert content_tokens("It is what it is.") == frozenset()


def test_lexical_similarity_is_jaccard_of_content_tokens() -> None:
    sim = lexical_similarity([WIRE_VITAL, "Xi hailed the visit."], [REWRITE_VITAL, ""])
    assert sim.shape == (2, 2)
    assert sim.dtype == np.float32
    # {absolutely, vital, kind, communication} vs the same plus "blinken": 4/5.
    assert sim[0, 0] == pytest.approx(0.8)
    assert sim[1, 0] == 0.0
    assert sim[0, 1] == 0.0  # an empty side scores 0, never NaN
    assert lexical_similarity([], ["a b"]).shape == (0, 1)


def test_similarity_matrix_formula() -> None:
    a_vecs = np.array([[1.0, 0.0], [0.0, 2.0]], dtype=np.float32)  # rows get normalised
    b_vecs = np.array([[1.0, 1.0], [-1.0, 0.0]], dtype=np.float32)
    texts_a = ["Beijing talks ended", "Taiwan strait"]
    texts_b = ["Beijing talks began", "Moscow"]
    w = 0.4
    sim = similarity_matrix(texts_a, texts_b, a_vecs, b_vecs, lexical_weight=w)
    lex = lexical_similarity(texts_a, texts_b)
    cos = np.sqrt(0.5)
    assert sim[0, 0] == pytest.approx((1 - w) * cos + w * lex[0, 0], abs=1e-6)
    assert lex[0, 0] == pytest.approx(2 / 4)
    assert sim[0, 1] == pytest.approx(0.0)  # negative cosine is clipped to 0
    assert np.all((sim >= 0) & (sim <= 1))
    only_cos = similarity_matrix(texts_a, texts_b, a_vecs, b_vecs, lexical_weight=0.0)
    assert only_cos[1, 0] == pytest.approx(cos, abs=1e-6)


def test_similarity_matrix_rejects_bad_shapes() -> None:
    with pytest.raises(ValueError, match="one row per text"):
        similarity_matrix(["a", "b"], ["c"], np.ones((1, 4)), np.ones((1, 4)))
    with pytest.raises(ValueError, match="lexical_weight"):
        similarity_matrix(["a"], ["c"], np.ones((1, 4)), np.ones((1, 4)), lexical_weight=2)


def test_align_is_one_to_one_and_keeps_best_total() -> None:
    a = _sentences("a", ["Blinken met Xi in Beijing.", "Blinken met Xi in Beijing again."])
    b = _sentences("b", ["Blinken met Xi in Beijing on Monday."])
    vecs = np.ones((2, 3), dtype=np.float32)
    pairs = align_sentences(a, b, vecs, np.ones((1, 3), dtype=np.float32))
    assert len(pairs) == 1  # b's one sentence cannot be used twice
    assert pairs[0].sentence == 0  # the closer wording wins
    assert pairs[0].other_sentence == 0


def test_align_uses_sentence_index_and_threshold() -> None:
    a = (Sentence("a", 7, 0, 10, "Blinken met Xi."), Sentence("a", 9, 11, 30, "Rain in Paris."))
    b = (Sentence("b", 3, 0, 10, "Xi met Blinken."),)
    a_vecs = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    b_vecs = np.array([[1.0, 0.0]], dtype=np.float32)
    pairs = align_sentences(a, b, a_vecs, b_vecs)
    assert [(p.sentence, p.other_sentence) for p in pairs] == [(7, 3)]
    assert pairs[0].similarity == pytest.approx(1.0)
    assert align_sentences(a, b, a_vecs, b_vecs, threshold=1.01) == ()
    assert align_sentences((), b, np.zeros((0, 2)), b_vecs) == ()
    assert align_sentences(a, (), a_vecs, np.zeros((0, 2))) == ()


def test_defaults_are_documented_values() -> None:
    assert 0.0 < DEFAULT_LEXICAL_WEIGHT < 1.0
    assert 0.0 < DEFAULT_THRESHOLD < 1.0


# -- the seeds, with the real embedding model -----------------------------------------


@pytest.mark.shared
@pytest.mark.slow
def test_seed_rewrite_aligns_the_reworded_quotes(
    seeds_dir: Path, nlp: Any, embedder: Any
) -> None:
    from newsweave.dedup import publication_order
    from newsweave.ingest import read_inputs
    from newsweave.sentences import split_sentences

    seeds = publication_order(read_inputs([str(seeds_dir)]).articles)
    assert [a.date for a in seeds] == [dt.date(2023, 6, 19), dt.date(2023, 6, 20)]
    wire, rewrite = (split_sentences(a, nlp) for a in seeds)
    pairs = align_sentences(
        rewrite,
        wire,
        embedder.encode([s.text for s in rewrite]),
        embedder.encode([s.text for s in wire]),
    )
    by_text = {(rewrite[p.sentence].text, wire[p.other_sentence].text): p for p in pairs}
    vital = [k for k in by_text if "those kinds" in k[0]]
    assert len(vital) == 1
    assert "these kinds" in vital[0][1]
    assert by_text[vital[0]].similarity > 0.65
    assert any("continue to work on" in r and "keep working on" in w for r, w in by_text)
    # A loose rewrite: only a few of its 25 sentences reword the wire copy, and
    # "Blinken also met Wang Yi" must not be matched to the Yang Tao sentence.
    assert 2 <= len(pairs) <= 8
    assert not any("Wang Yi" in r for r, _ in by_text)
    assert len({p.other_sentence for p in pairs}) == len(pairs)


def test_sentence_pool_scores_equal_similarity_matrix() -> None:
    texts = ["Blinken met Xi in Beijing.", "Rain fell in Paris.", "Xi met Blinken.", ""]
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(4, 8)).astype(np.float32)
    pool = SentencePool(texts, vecs)
    assert len(pool) == 4
    got = pool.scores(slice(0, 2), slice(2, 4))
    want = similarity_matrix(texts[:2], texts[2:], vecs[:2], vecs[2:])
    np.testing.assert_allclose(got, want, atol=1e-6)
    pairs = assign_pairs(got, [10, 11], [20, 21], 0.0)
    assert [p.sentence for p in pairs] == [10, 11]  # labels from the index lists
    assert {p.other_sentence for p in pairs} == {20, 21}  # one-to-one
