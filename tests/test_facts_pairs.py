"""Large stories' claim pairs (issue 19): the sparse scores give the dense comparison.

Real stories under 50 articles (the demo corpus; ECB+ topics when ../shared is there)
are woven twice, once with the square matrices and once block by block keeping each
claim's best partners; the reports must be the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsweave import codec, pipeline
from newsweave.facts import pairs
from newsweave.facts.pairs import DenseScores, SparseScores
from newsweave.facts.similarity import ClaimScores, claim_similarity, lexical_cosine
from newsweave.model import StoryInput
from newsweave.store import Store
from newsweave.weave import WeaveOptions, weave_story
from newsweave.weaving import story_inputs

from .conftest import DEMO, require

ECB = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus"


def _inputs(store: Store) -> Iterator[StoryInput]:
    stories = [s for s in store.stories() if 2 <= len(s.article_ids) < 50]
    return story_inputs(store, stories)


def _same_reports(inputs: Iterator[StoryInput], parser: Any,
                  monkeypatch: pytest.MonkeyPatch) -> int:
    n = 0
    for story in inputs:
        monkeypatch.setattr(pairs, "DENSE_CLAIMS", 10**9)
        dense = codec.dumps(weave_story(story, WeaveOptions(), parser=parser))
        monkeypatch.setattr(pairs, "DENSE_CLAIMS", 0)
        sparse = codec.dumps(weave_story(story, WeaveOptions(), parser=parser))
        assert b'"failure":null' in dense
        assert sparse == dense, story.story
        n += 1
    return n


@pytest.fixture(scope="module")
def demo_store(models: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("pairs") / "demo.db"
    with Store.open(path) as store:
        pipeline.analyze([str(DEMO / "corpus")], store, models)
        yield store


def test_sparse_scores_weave_the_demo_stories_like_the_matrices(
    demo_store: Store, parser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _same_reports(_inputs(demo_store), parser, monkeypatch) >= 8


@pytest.mark.slow
def test_sparse_scores_weave_ecbplus_stories_like_the_matrices(
    models: Any, parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [json.loads(line) for line in
            (require(ECB) / "ecbplus-topics-1-35.jsonl").read_text().splitlines()]
    corpus = tmp_path / "ecb.jsonl"
    corpus.write_text("\n".join(json.dumps({**r, "date": "2013-05-0" + str(1 + r["topic"] % 3)})
                                for r in rows if r["topic"] in (1, 3, 5, 8)), encoding="utf-8")
    with Store.open(tmp_path / "ecb.db") as store:
        pipeline.analyze([str(corpus)], store, models)
        assert _same_reports(_inputs(store), parser, monkeypatch) >= 4


def _claims(store: Store) -> tuple[list[str], np.ndarray]:
    from newsweave.analysis import load_embeddings

    texts: list[str] = []
    rows = []
    for article in store.articles():
        own = store.sentences(article)
        texts += [s.text for s in own]
        rows.append(load_embeddings(store, [article.id])[article.id])
    return texts, np.vstack(rows)


def test_sparse_pairs_are_the_dense_pairs_and_stay_bounded(demo_store: Store) -> None:
    texts, vectors = _claims(demo_store)
    assert len(texts) > 256  # more than one block of rows (pairs._BLOCK)
    weights = {"lexical_weight": 0.5, "name_penalty": 0.75, "name_bonus": 0.0}
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    lexical = lexical_cosine(texts)
    dense = DenseScores(claim_similarity(texts, vectors, lexical=lexical, **weights), lexical,
                        unit)
    scorer = ClaimScores(texts, vectors, **weights)
    sparse = SparseScores(scorer, unit, floor=0.36, top_k=10**6)
    want, got = dense.pairs(0.36), sparse.pairs(0.36)
    # Block products may differ from the whole matrix in the last float32 bit only.
    assert [(i, j) for i, j, _ in got] == [(i, j) for i, j, _ in want]
    assert max(abs(a[2] - b[2]) for a, b in zip(want, got, strict=True)) < 1e-6
    assert abs(sparse[3, 400] - dense[3, 400]) < 1e-6
    assert np.allclose(sparse.block([1, 5], [7, 9, 11]), dense.block([1, 5], [7, 9, 11]))
    assert np.array_equal(sparse.lexical_block([2], [3, 4]), dense.lexical_block([2], [3, 4]))
    # With a small top_k, each claim keeps at most that many partners: memory is linear.
    capped = SparseScores(scorer, unit, floor=0.36, top_k=3)
    assert len(capped.pairs(0.36)) <= 3 * len(texts)
    with pytest.raises(ValueError, match="were not kept"):
        capped.pairs(0.2)


def test_a_story_too_large_to_compare_fails_naming_the_limit(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts, vectors = _claims(demo_store)
    monkeypatch.setattr(pairs, "MAX_CLAIMS", 100)
    scorer = ClaimScores(texts, vectors, lexical_weight=0.5, name_penalty=0.75, name_bonus=0.0)
    with pytest.raises(ValueError, match=r"limited to 100 claims per story.*MAX_CLAIMS"):
        SparseScores(scorer, vectors, floor=0.36)


def test_above_the_dense_threshold_no_stage_scores_the_whole_story_at_once(
    demo_store: Store, parser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting work, not timing it: with the sparse path forced, the square claim
    matrices are never built and every score block the weave asks for (claims, sentence
    attribution, rewrites) has at most a block's rows, whatever the story's size."""
    from newsweave import align
    from newsweave.facts import compare
    from newsweave.summarize import extract

    story = max(_inputs(demo_store), key=lambda s: sum(map(len, s.sentences.values())))
    n = sum(len(own) for own in story.sentences.values())
    longest = max(len(own) for own in story.sentences.values())
    rows = 4
    assert n > 10 * rows and longest < n // 2

    def square(*_: object, **__: object) -> None:
        raise AssertionError("a square claims x claims matrix above DENSE_CLAIMS")

    claim_blocks: list[tuple[int, int]] = []
    sentence_blocks: list[tuple[int, int]] = []
    claim_block, sentence_scores = ClaimScores.block, align.SentencePool.scores

    def counted_claims(self: ClaimScores, r: Any, c: Any, **kw: Any) -> np.ndarray:
        out = claim_block(self, r, c, **kw)
        claim_blocks.append(out.shape)
        return out

    def counted_sentences(self: align.SentencePool, r: slice, c: slice,
                          **kw: Any) -> np.ndarray:
        out = sentence_scores(self, r, c, **kw)
        sentence_blocks.append(out.shape)
        return out

    monkeypatch.setattr(pairs, "DENSE_CLAIMS", 0)
    monkeypatch.setattr(pairs, "_BLOCK", rows)
    monkeypatch.setattr(extract, "_BLOCK", rows)
    monkeypatch.setattr(compare, "claim_similarity", square)
    monkeypatch.setattr(compare, "lexical_cosine", square)
    monkeypatch.setattr(ClaimScores, "block", counted_claims)
    monkeypatch.setattr(align.SentencePool, "scores", counted_sentences)
    report = weave_story(story, WeaveOptions(), parser=parser)
    assert report.failure is None
    articles = len(story.articles)
    assert claim_blocks and sentence_blocks
    # Claim rows: a block of the scan, or a group of at most one claim per article.
    assert max(r for r, _ in claim_blocks) <= max(rows, articles)
    # Sentence rows: a block of summary candidates, or one article's sentences (rewrites).
    assert max(r for r, _ in sentence_blocks) <= max(rows, longest)
