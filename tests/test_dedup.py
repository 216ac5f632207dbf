"""Tests for newsweave.dedup / newsweave.minhash: exact and near duplicates on real text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from typing import Any

import numpy as np
import pytest

from newsweave.dedup import (
    DEFAULT_THRESHOLD,
    DedupConfig,
    DuplicateIndex,
    find_duplicates,
    publication_order,
)
from newsweave.ingest import content_hash, read_inputs
from newsweave.minhash import (
    exact_key,
    jaccard,
    lsh_banding,
    normalised_tokens,
    shingle_hashes,
)
from newsweave.model import Article, DuplicateMatch
from tests.conftest import DEMO, ECBPLUS, SEEDS, require


def _article(aid: str, text: str, day: int = 1) -> Article:
    return Article(aid, text, content_hash(text), f"test:{aid}", date=dt.date(2025, 9, day))


def _edit(text: str, rate: float, rng: random.Random) -> str:
    """Replace a share ``rate`` of the words by other words (a light, scattered edit)."""
    words = text.split()
    for i in rng.sample(range(len(words)), int(rate * len(words))):
        words[i] = rng.choice(["reportedly", "local", "officials", "new", "said", "also"])
    return " ".join(words)


@pytest.fixture(scope="module")
def demo() -> dict[str, Article]:
    return {a.id: a for a in read_inputs([str(DEMO / "corpus")]).articles}


@pytest.fixture(scope="module")
def gold() -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = json.loads((DEMO / "gold.json").read_text())["articles"]
    return data


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    return publication_order(read_inputs([str(require(SEEDS))]).articles)


# -- fingerprints -------------------------------------------------------------------


def test_normalisation_ignores_punctuation_case_and_quote_style() -> None:
    a = "“It is absolutely vital,” he said.\nBLINKEN met Xi."
    b = '"it is   absolutely vital" he said -- Blinken met xi'
    assert normalised_tokens(a) == ["it", "is", "absolutely", "vital", "he", "said",
                                    "blinken", "met", "xi"]
    assert exact_key(normalised_tokens(a)) == exact_key(normalised_tokens(b))
    assert exact_key(normalised_tokens(a)) != exact_key(normalised_tokens("Blinken met Xi."))


def test_shingles_are_word_5grams() -> None:
    tokens = "a b c d e f".split()
    assert shingle_hashes(tokens).size == 2
    assert shingle_hashes(tokens[:3]).size == 1  # shorter than 5: one shingle
    assert shingle_hashes([]).size == 0
    assert jaccard(shingle_hashes(tokens), shingle_hashes(tokens[1:])) == 0.5
    assert jaccard(shingle_hashes([]), shingle_hashes([])) == 0.0


def test_signature_equals_datasketch(seeds: list[Article], demo: dict[str, Article]) -> None:
    from datasketch import MinHash

    from newsweave.dedup import make_hasher

    config = DedupConfig()
    hasher = make_hasher(config)
    for article in [*seeds, *list(demo.values())[:10]]:
        shingles = shingle_hashes(normalised_tokens(article.text), config.shingle_size)
        reference = MinHash(num_perm=config.num_perm, seed=config.seed, scheme="affine32",
                            hashfunc=int)
        reference.update_batch(shingles.tolist())
        assert np.array_equal(hasher.signature(shingles),
                              np.asarray(reference.hashvalues, dtype=np.uint32))


def test_lsh_banding_for_the_default_threshold() -> None:
    config = DedupConfig()
    assert (config.bands, config.rows) == (42, 3)
    assert 1 - (1 - 0.5**3) ** 42 >= 0.95
    strict = DedupConfig(threshold=0.8)
    assert lsh_banding(0.8, 128) == (strict.bands, strict.rows)
    assert strict.rows > config.rows
    with pytest.raises(ValueError, match="threshold"):
        DedupConfig(threshold=0.0)


# -- the threshold, at the boundary --------------------------------------------------


def test_threshold_is_inclusive_at_the_boundary(seeds: list[Article]) -> None:
    words = normalised_tokens(seeds[0].text)[:34]  # 30 distinct 5-grams of real text
    base = " ".join(words)
    assert shingle_hashes(normalised_tokens(base)).size == 30
    fresh = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo".split()

    def variant(keep: int) -> str:
        return " ".join(words[:keep] + fresh[: 34 - keep])

    cases = {24: 20 / 40, 23: 19 / 41, 25: 21 / 39}  # kept words -> exact Jaccard
    for keep, expected in cases.items():
        got = jaccard(shingle_hashes(normalised_tokens(base)),
                      shingle_hashes(normalised_tokens(variant(keep))))
        assert got == pytest.approx(expected)
        matches = find_duplicates([_article("a", base, 1), _article("b", variant(keep), 2)])
        if expected >= DEFAULT_THRESHOLD:
            assert matches == (DuplicateMatch("b", "a", round(expected, 4), "near"),)
        else:
            assert matches == ()
    # A stricter threshold moves the boundary.
    strict = DedupConfig(threshold=0.55)
    assert find_duplicates([_article("a", base, 1), _article("b", variant(25), 2)], strict) == ()


# -- behaviour -------------------------------------------------------------------------


def test_exact_copy_differing_only_in_format_is_exact(seeds: list[Article]) -> None:
    wire = seeds[0]
    copy = _article("copy", wire.text.upper().replace("\n", "  ").replace("’", "'"), 30)
    assert find_duplicates([copy, wire]) == (DuplicateMatch("copy", wire.id, 1.0, "exact"),)


def test_seeds_are_related_but_not_duplicates(seeds: list[Article]) -> None:
    assert len(seeds) == 2
    assert find_duplicates(seeds) == ()
    shingles = [shingle_hashes(normalised_tokens(a.text)) for a in seeds]
    assert jaccard(*shingles) < 0.05  # a loose rewrite shares almost no 5-gram


def test_demo_gold_relations_are_recovered(
    demo: dict[str, Article], gold: dict[str, dict[str, Any]]
) -> None:
    matches = {m.article_id: m for m in find_duplicates(list(demo.values()))}
    relations = {aid: g["relation"] for aid, g in gold.items() if g.get("relation")}
    assert {r["type"] for r in relations.values()} >= {"exact_copy", "light_edit", "rewrite"}
    pairs = {frozenset((m.article_id, m.duplicate_of)) for m in matches.values()}
    for aid, rel in relations.items():
        if rel["type"] == "light_edit":
            assert matches[aid].duplicate_of == rel["of"]
            assert DEFAULT_THRESHOLD <= matches[aid].similarity < 1.0
        elif rel["type"] == "exact_copy":
            # Same day and identical words: which of the two is the original is not
            # in the data, so only the pair (similarity 1.0) is asserted.
            assert frozenset((aid, rel["of"])) in pairs
            assert {m.similarity for m in matches.values() if aid in (m.article_id,
                                                                       m.duplicate_of)} == {1.0}
        else:  # loose rewrites are rewrite_of, never duplicate_of
            assert aid not in matches
            assert frozenset((aid, rel["of"])) not in pairs
    # Nothing else in the demo corpus is a copy.
    assert len(matches) == sum(r["type"] in ("exact_copy", "light_edit")
                               for r in relations.values())


def test_copy_of_a_copy_joins_the_canonical_group(seeds: list[Article]) -> None:
    rng = random.Random(7)
    text = seeds[1].text
    original = _article("a", text, 1)
    first = _article("b", _edit(text, 0.05, rng), 2)
    second = _article("c", _edit(first.text, 0.05, rng), 3)
    exact = _article("d", second.text, 4)
    sh = [shingle_hashes(normalised_tokens(a.text)) for a in (original, first, second)]
    # c copies b closely enough, but not a: it can only join a's group through b.
    assert jaccard(sh[1], sh[2]) >= DEFAULT_THRESHOLD > jaccard(sh[0], sh[2])
    got = {m.article_id: m for m in find_duplicates([exact, second, first, original])}
    assert set(got) == {"b", "c", "d"}
    assert {m.duplicate_of for m in got.values()} == {"a"}  # a star, never a chain
    assert got["c"].similarity == round(jaccard(sh[0], sh[2]), 4)  # scored against a
    # d is an exact copy of c, so its relation to a is c's (near, same score).
    assert (got["d"].kind, got["d"].similarity) == ("near", got["c"].similarity)


def test_online_index_equals_batch(demo: dict[str, Article], seeds: list[Article]) -> None:
    rng = random.Random(3)
    articles = list(demo.values()) + seeds
    for i, base in enumerate(articles[:12]):  # synthetic near copies a week later
        day = (base.date or dt.date(2025, 9, 1)) + dt.timedelta(days=7)
        text = _edit(base.text, rng.choice([0.02, 0.08, 0.2]), rng)
        articles.append(dataclasses.replace(_article(f"syn-{i}", text), date=day))
    batch = find_duplicates(articles)
    assert len(batch) >= 8
    index = DuplicateIndex()
    online = [m for a in publication_order(articles) if (m := index.add(a)) is not None]
    assert tuple(online) == batch
    assert index.matches() == {m.article_id: m for m in batch}
    shuffled = articles[:]
    random.Random(5).shuffle(shuffled)
    assert find_duplicates(shuffled) == batch  # input order does not matter


def test_incremental_find_duplicates_with_an_index(demo: dict[str, Article]) -> None:
    ordered = publication_order(demo.values())
    index = DuplicateIndex()
    first = find_duplicates(ordered[:25], index=index)
    second = find_duplicates(ordered, index=index)  # the first 25 are skipped
    assert first + second == find_duplicates(ordered)
    assert len(index) == len(ordered)
    with pytest.raises(ValueError, match="already in the duplicate index"):
        index.add(ordered[0])
    with pytest.raises(ValueError, match="built with"):
        find_duplicates(ordered, DedupConfig(threshold=0.9), index=index)


def test_empty_and_wordless_articles_are_never_duplicates() -> None:
    arts = [_article("a", "!!! ---", 1), _article("b", "... ???", 2), _article("c", "", 3)]
    assert find_duplicates(arts) == ()
    assert find_duplicates([]) == ()


@pytest.mark.shared
def test_no_duplicates_across_different_ecbplus_stories() -> None:
    rows = [json.loads(line) for line in require(ECBPLUS).read_text().splitlines()]
    arts = [Article(r["id"], r["text"], content_hash(r["text"]), "ecb+") for r in rows]
    story = {r["id"]: r["story"] for r in rows}
    matches = find_duplicates(arts)
    # Syndicated wire copies of one event are real near duplicates in ECB+;
    # a match between two gold stories would be a false positive.
    assert [m for m in matches if story[m.article_id] != story[m.duplicate_of]] == []
    assert 10 <= len(matches) <= 60
