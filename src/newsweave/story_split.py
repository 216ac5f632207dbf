"""The online story split: a grown story whose members form two events is cut in two.

The remaining story-level error of online clustering (docs/clustering.md, issue 14)
is an event's first article joining its sibling event's young story (one or two
articles, the same kind of event and place), after which the rest of the second
event follows it. That decision is made with one article against a story of one;
once the story has grown, its members show two groups. So each time a story
reaches a *checkpoint* size (:func:`split_due`: every size from ``2 *
split_min_part`` to :data:`CHECK_EVERY_UNTIL`, then every :data:`CHECK_STEP`-th
size up to :data:`CHECK_MAX`), :func:`split_groups`

* scores every pair of its members with the clusterer's own score (the four
  similarities mixed with :class:`~newsweave.index_state.ClusterParams`' weights,
  IDF from the articles seen so far, no time decay) — :func:`pairwise_scores`;
* clusters them into two groups by ``split_linkage`` linkage;
* splits when both groups have at least ``split_min_part`` members and the mean
  score across them is below ``split_bar``, then checks each part the same way.

The index (:meth:`newsweave.clustering.StoryIndex.add`) gives the largest part the
story's key (a stable id; ties: the part holding the earliest member) and each
other part a new key (its earliest member not already a story key), and records a
:class:`StorySplit`. Everything here is pure: same members, same frequencies, same
parts, so a batch run still equals adding one by one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from newsweave.index_state import ClusterParams, DocFrequencies
from newsweave.model import ArticleFeatures

__all__ = ["CHECK_EVERY_UNTIL", "CHECK_MAX", "CHECK_STEP", "StorySplit", "pairwise_scores",
           "split_due", "split_groups"]

CHECK_EVERY_UNTIL = 64
"""A story is re-checked after every join up to this size ..."""
CHECK_STEP = 8
"""... then when its size is a multiple of this ..."""
CHECK_MAX = 512
"""... up to this size (larger stories are long-running subjects, never re-cut: the
pairwise scores grow with the square of the size)."""


@dataclass(frozen=True, slots=True)
class StorySplit:
    """One split made by the index: ``story`` (the key the largest part keeps) lost
    ``moved`` (article ids, join order) to the new story ``new_story``; ``kept`` stayed.
    ``cross`` is the mean score across the two groups, ``bar`` the limit it was under;
    ``after`` is the article whose join triggered the check."""

    story: str
    new_story: str
    kept: tuple[str, ...]
    moved: tuple[str, ...]
    cross: float
    bar: float
    after: str


def split_due(size: int, params: ClusterParams) -> bool:
    """Whether a story that has just grown to ``size`` members is checked for a split."""
    if params.split_bar <= 0.0 or size < 2 * params.split_min_part:
        return False
    return size <= CHECK_EVERY_UNTIL or (size <= CHECK_MAX and size % CHECK_STEP == 0)


def _tfidf_rows(bags: Sequence[Mapping[str, float]], df: Mapping[str, int],
                n_docs: int) -> NDArray[np.float64]:
    """Members x terms matrix of IDF-weighted term weights, rows of unit length (zero rows
    for empty bags), so that its Gram matrix holds the pairwise TF-IDF cosines."""
    vocab: dict[str, int] = {}
    for bag in bags:
        for term in bag:
            vocab.setdefault(term, len(vocab))
    out = np.zeros((len(bags), max(1, len(vocab))), dtype=np.float64)
    for i, bag in enumerate(bags):
        for term, weight in bag.items():
            # The smoothed IDF of newsweave.story_scoring.Idf.
            out[i, vocab[term]] = weight * (math.log((1 + n_docs) / (1 + df.get(term, 0))) + 1)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    unit: NDArray[np.float64] = np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
    return unit


def pairwise_scores(members: Sequence[ArticleFeatures], df: DocFrequencies,
                    params: ClusterParams) -> NDArray[np.float64]:
    """Members x members matrix of the clusterer's score without time decay:
    ``w_embedding * cos(embeddings) + w_words * words + w_specifics * specifics +
    w_lead * lead`` (TF-IDF cosines with ``df``'s IDF)."""
    emb = np.stack([m.embedding.astype(np.float64) for m in members])
    norms = np.linalg.norm(emb, axis=1, keepdims=True)
    emb = np.divide(emb, norms, out=np.zeros_like(emb), where=norms > 0)
    out = params.w_embedding * (emb @ emb.T)
    for weight, bags, freq in (
            (params.w_words, [m.words for m in members], df.words),
            (params.w_specifics, [m.specifics for m in members], df.specifics),
            (params.w_lead, [m.lead for m in members], df.lead)):
        rows = _tfidf_rows(bags, freq, df.n_docs)
        out += weight * (rows @ rows.T)
    scores: NDArray[np.float64] = out
    return scores


def _two_groups(scores: NDArray[np.float64], linkage: str) -> tuple[list[int], list[int]]:
    """The two groups a ``linkage`` clustering of ``1 - scores`` cuts the members into."""
    from scipy.cluster.hierarchy import fcluster
    from scipy.cluster.hierarchy import linkage as link
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - scores, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2  # exactly symmetric for squareform
    labels = fcluster(link(squareform(dist, checks=False), linkage), 2, "maxclust")
    return ([k for k, lab in enumerate(labels) if lab == 1],
            [k for k, lab in enumerate(labels) if lab == 2])


def split_groups(scores: NDArray[np.float64],
                 params: ClusterParams) -> list[tuple[list[int], float]]:
    """The members' groups (indices into ``scores``, ascending) after recursive splitting,
    each with the mean cross score that cut it off (``nan`` for a story not split: then
    the only group holds every member)."""
    groups: list[tuple[list[int], float]] = []

    def visit(idx: list[int], cross: float) -> None:
        if len(idx) >= 2 * params.split_min_part:
            sub = scores[np.ix_(idx, idx)]
            a, b = _two_groups(sub, params.split_linkage)
            if min(len(a), len(b)) >= params.split_min_part:
                mean = float(sub[np.ix_(a, b)].mean())
                if mean < params.split_bar:
                    visit(sorted(idx[k] for k in a), mean)
                    visit(sorted(idx[k] for k in b), mean)
                    return
        groups.append((idx, cross))

    visit(list(range(len(scores))), math.nan)
    return groups
