"""Tests for newsweave.rewrites: reworded copies within a story, on real text and models."""

from __future__ import annotations

import collections
import json
from typing import Any

import numpy as np
import pytest

from newsweave.dedup import find_duplicates, publication_order
from newsweave.ingest import read_inputs
from newsweave.model import Article, DuplicateMatch, RewriteMatch, Sentence, StoryInput
from newsweave.rewrites import RewriteParams, embed_sentences
from newsweave.rewrites import find_rewrites as _find_rewrites
from newsweave.sentences import split_many
from tests.conftest import DEMO, SEEDS, require


def find_rewrites(articles: Any, sentences: Any, vectors: Any, *,
                  duplicates: list[DuplicateMatch] | tuple[DuplicateMatch, ...] = (),
                  params: RewriteParams = RewriteParams()) -> tuple[RewriteMatch, ...]:  # noqa: B008
    """The stage over one StoryInput made of these per-article mappings."""
    copies = {d.article_id: d.duplicate_of for d in duplicates}
    return _find_rewrites(StoryInput(tuple(articles), sentences, vectors, duplicate_of=copies),
                          params=params)


Analysed = tuple[list[Article], dict[str, tuple[Sentence, ...]], dict[str, Any]]


def _analyse(paths: list[str], nlp: Any, embedder: Any) -> Analysed:
    articles = publication_order(read_inputs(paths).articles)
    sentences = dict(zip([a.id for a in articles], split_many(articles, nlp), strict=True))
    return articles, sentences, embed_sentences(sentences, embedder)


@pytest.fixture(scope="module")
def seeds(nlp: Any, embedder: Any) -> Analysed:
    return _analyse([str(require(SEEDS))], nlp, embedder)


@pytest.fixture(scope="module")
def demo(nlp: Any, embedder: Any) -> Analysed:
    return _analyse([str(DEMO / "corpus")], nlp, embedder)


def test_embed_sentences_batches_and_splits_back(seeds: Analysed, embedder: Any) -> None:
    articles, sentences, vectors = seeds
    for article in articles:
        rows = vectors[article.id]
        assert rows.shape == (len(sentences[article.id]), 384)
        assert rows.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    first = articles[0].id
    alone = embedder.encode([s.text for s in sentences[first]])
    np.testing.assert_allclose(vectors[first], alone, atol=1e-5)
    empty = embed_sentences({"none": (), first: sentences[first][:1]}, embedder)
    assert empty["none"].shape == (0, 384)
    assert empty[first].shape == (1, 384)


@pytest.mark.shared
@pytest.mark.slow
def test_seed_rewrite_is_found_with_sensible_pairs(seeds: Analysed) -> None:
    articles, sentences, vectors = seeds
    wire, rewrite = articles  # 06-19 wire report, 06-20 loose rewrite
    assert find_duplicates(articles) == ()  # related, but never duplicate_of
    (match,) = find_rewrites(articles, sentences, vectors)
    assert (match.article_id, match.rewrite_of) == (rewrite.id, wire.id)
    assert match.share == pytest.approx(len(match.pairs) / len(sentences[rewrite.id]), abs=1e-4)
    assert 0.0 < match.share < 0.5  # a loose rewrite: most of it is new or reordered
    texts = [(sentences[rewrite.id][p.sentence].text, sentences[wire.id][p.other_sentence].text)
             for p in match.pairs]
    assert any("those kinds" in r and "these kinds" in w for r, w in texts)
    assert any("continue to work on" in r and "keep working on" in w for r, w in texts)
    assert not any("Wang Yi" in r for r, _ in texts)  # not aligned to the Yang Tao sentence
    assert all(p.similarity >= RewriteParams().threshold for p in match.pairs)


def _by_story(articles: list[Article]) -> dict[str, list[Article]]:
    gold = json.loads((DEMO / "gold.json").read_text())["articles"]
    stories: dict[str, list[Article]] = collections.defaultdict(list)
    for article in articles:
        stories[gold[article.id]["story"]].append(article)
    return stories


@pytest.mark.slow
def test_demo_gold_rewrite_is_recovered_and_nothing_else(demo: Analysed) -> None:
    articles, sentences, vectors = demo
    gold = json.loads((DEMO / "gold.json").read_text())["articles"]
    duplicates = find_duplicates(articles)
    found: list[RewriteMatch] = []
    for members in _by_story(articles).values():
        found += find_rewrites(members, sentences, vectors, duplicates=duplicates)
    expected = {(aid, g["relation"]["of"]) for aid, g in gold.items()
                if g.get("relation") and g["relation"]["type"] == "rewrite"}
    assert expected
    assert {(m.article_id, m.rewrite_of) for m in found} == expected
    copies = {m.article_id for m in duplicates}
    assert not copies & {m.article_id for m in found}  # copies are duplicate_of, not rewrites
    assert not expected & {(m.article_id, m.duplicate_of) for m in duplicates}


@pytest.mark.slow
def test_thresholds_at_the_boundary(seeds: Analysed) -> None:
    articles, sentences, vectors = seeds
    loose = RewriteParams(min_share=0.0, min_pairs=1)
    (match,) = find_rewrites(articles, sentences, vectors, params=loose)
    n = len(match.pairs)
    at = RewriteParams(min_share=match.share, min_pairs=n)
    assert find_rewrites(articles, sentences, vectors, params=at) == (match,)
    assert find_rewrites(articles, sentences, vectors,
                         params=RewriteParams(min_pairs=n + 1, min_share=0.0)) == ()
    assert find_rewrites(articles, sentences, vectors,
                         params=RewriteParams(min_share=match.share + 1e-3, min_pairs=1)) == ()
    weakest = min(p.similarity for p in match.pairs)
    stricter = RewriteParams(threshold=weakest + 1e-3, min_share=0.0, min_pairs=1)
    (fewer,) = find_rewrites(articles, sentences, vectors, params=stricter)
    assert len(fewer.pairs) == n - 1


def test_copies_and_small_inputs_are_skipped(seeds: Analysed) -> None:
    articles, sentences, vectors = seeds
    assert find_rewrites(articles[:1], sentences, vectors) == ()
    assert find_rewrites([], sentences, vectors) == ()
    from newsweave.model import DuplicateMatch

    as_copy = DuplicateMatch(articles[1].id, articles[0].id, 0.9, "near")
    assert find_rewrites(articles, sentences, vectors, duplicates=[as_copy]) == ()
    # A duplicate whose canonical article is outside the story does not hide it.
    elsewhere = DuplicateMatch(articles[1].id, "not-in-this-story", 0.9, "near")
    assert len(find_rewrites(articles, sentences, vectors, duplicates=[elsewhere])) == 1


def test_bad_embeddings_are_rejected(seeds: Analysed) -> None:
    articles, sentences, vectors = seeds
    short = dict(vectors)
    short[articles[0].id] = vectors[articles[0].id][:-1]
    with pytest.raises(ValueError, match="one row per sentence"):
        find_rewrites(articles, sentences, short)
    with pytest.raises(ValueError, match="No sentence embeddings"):
        find_rewrites(articles, sentences, {articles[0].id: vectors[articles[0].id]})
    with pytest.raises(ValueError, match="min_share"):
        RewriteParams(min_share=1.5)
