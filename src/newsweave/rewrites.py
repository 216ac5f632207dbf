"""REWRITES stage: which articles of a story are reworded copies of an earlier one.

A near duplicate (:mod:`newsweave.dedup`) shares most of its word 5-grams with
the original. A loose rewrite shares almost none (the two seeds: 5-gram
Jaccard 0.007) yet retells sentences of it: "It's absolutely vital that we
have those kinds of communications, Blinken said." for "It is absolutely vital
that we have these kinds of communications," he said. This stage finds those.

Method, for the articles of ONE story, in :func:`newsweave.dedup.publication_order`:

1. Every later article is aligned with every earlier one
   (:class:`newsweave.align.SentencePool`: embedding cosine of the MiniLM
   sentence vectors + Jaccard of content tokens, one-to-one Hungarian
   assignment, pairs scoring at least ``params.threshold``).
2. ``share`` = aligned sentences of the later article / its sentences: the
   part of it that retells the earlier one.
3. The later article is reported as ``rewrite_of`` the earlier article with
   the highest share (ties: more pairs, then the earlier one), when
   ``share >= params.min_share`` and at least ``params.min_pairs`` sentences
   align. One match per article at most.

Exact and near duplicates (``duplicates``) are left out on both sides: a copy
is already ``duplicate_of`` its canonical article, which stands for it. How the
defaults were chosen and what they give on the seeds, the demo corpus and ECB+
is in ``docs/dedup.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from newsweave.align import (
    DEFAULT_LEXICAL_WEIGHT,
    DEFAULT_THRESHOLD,
    SentencePool,
    assign_pairs,
)
from newsweave.dedup import publication_order
from newsweave.embed import SentenceEncoder, embed_sentences
from newsweave.model import Article, RewriteMatch, Sentence, StoryInput

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["RewriteParams", "SentenceEncoder", "embed_sentences", "find_rewrites"]


@dataclass(frozen=True, slots=True)
class RewriteParams:
    """Thresholds of :func:`find_rewrites` (see ``docs/dedup.md`` for how they were set).

    ``threshold``/``lexical_weight``: the sentence-pair score of
    :mod:`newsweave.align`. ``min_share``: the smallest share of the later
    article's sentences that must retell the earlier one. ``min_pairs``: the
    fewest aligned sentences (one shared sentence is a common fact, not a rewrite).
    """

    threshold: float = DEFAULT_THRESHOLD
    lexical_weight: float = DEFAULT_LEXICAL_WEIGHT
    min_share: float = 0.1
    min_pairs: int = 3

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0 or not 0.0 <= self.lexical_weight <= 1.0:
            raise ValueError("threshold must be in (0, 1] and lexical_weight in [0, 1].")
        if not 0.0 <= self.min_share <= 1.0 or self.min_pairs < 1:
            raise ValueError("min_share must be in [0, 1] and min_pairs >= 1.")


def find_rewrites(
    story: StoryInput,
    *,
    params: RewriteParams = RewriteParams(),  # frozen, so a shared default is safe
) -> tuple[RewriteMatch, ...]:
    """The rewrites among ``story.articles``, in publication order (module docstring).

    ``story.sentences[a.id]`` are an article's sentences and ``story.embeddings[a.id]``
    their vectors, one row per sentence in the same order (an article missing
    from ``sentences`` has none and is skipped); copies (``story.duplicate_of``) are left out.
    ``AlignedPair.sentence`` is a sentence index of ``article_id``,
    ``other_sentence`` one of ``rewrite_of``.
    Raises ``ValueError`` when an article's embeddings are missing or do not
    match its sentences.
    """
    articles, sentences, embeddings = story.articles, story.sentences, story.embeddings
    ids = {a.id for a in articles}
    copies = {c for c, canonical in (story.duplicate_of or {}).items() if canonical in ids}
    kept = [a for a in publication_order(articles)
            if a.id not in copies and sentences.get(a.id)]
    if len(kept) < 2:
        return ()
    texts: list[str] = []
    vecs: list[NDArray[np.floating]] = []
    spans: list[slice] = []
    for article in kept:
        sents = sentences[article.id]
        if article.id not in embeddings:
            raise ValueError(f"No sentence embeddings for article {article.id!r}.")
        rows = np.asarray(embeddings[article.id])
        if rows.ndim != 2 or rows.shape[0] != len(sents):
            raise ValueError(
                f"Article {article.id!r} has {len(sents)} sentences but embeddings of shape "
                f"{rows.shape}: pass one row per sentence, in order."
            )
        spans.append(slice(len(texts), len(texts) + len(sents)))
        texts.extend(s.text for s in sents)
        vecs.append(rows)
    pool = SentencePool(texts, np.concatenate(vecs))
    out: list[RewriteMatch] = []
    for i in range(1, len(kept)):
        match = _best_source(kept, spans, sentences, pool, i, params)
        if match is not None:
            out.append(match)
    return tuple(out)


def _best_source(
    kept: Sequence[Article],
    spans: Sequence[slice],
    sentences: Mapping[str, Sequence[Sentence]],
    pool: SentencePool,
    i: int,
    params: RewriteParams,
) -> RewriteMatch | None:
    """The earlier article ``kept[i]`` retells most, if it passes the thresholds."""
    later = kept[i]
    n = spans[i].stop - spans[i].start
    # One score block against all earlier articles, cut per article below.
    block = pool.scores(spans[i], slice(0, spans[i].start), lexical_weight=params.lexical_weight)
    best: tuple[float, int, int] | None = None
    best_match: RewriteMatch | None = None
    # Cheap bound, for every earlier article at once (the spans tile the block's columns):
    # a one-to-one assignment cannot align more rows or columns than have a score above
    # the threshold.
    hits = block >= params.threshold
    starts = [spans[j].start for j in range(i)]
    rows_hit = np.logical_or.reduceat(hits, starts, axis=1).sum(axis=0)
    cols_hit = np.add.reduceat(hits.any(axis=0).astype(np.int64), starts)
    for j in np.flatnonzero(np.minimum(rows_hit, cols_hit) >= params.min_pairs).tolist():
        sim = block[:, spans[j].start : spans[j].stop]
        pairs = assign_pairs(
            sim,
            [s.index for s in sentences[later.id]],
            [s.index for s in sentences[kept[j].id]],
            params.threshold,
        )
        share = len(pairs) / n
        if len(pairs) < params.min_pairs or share < params.min_share:
            continue
        rank = (share, len(pairs), -j)
        if best is None or rank > best:
            best = rank
            best_match = RewriteMatch(later.id, kept[j].id, round(share, 4), pairs)
    return best_match
