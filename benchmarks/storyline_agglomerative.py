"""Issue 14, a second storyline approach: batch agglomerative clustering of the
defaults' stories (used by ``benchmarks/bench_clustering_cv.py``; not part of the
package).

The shipped storyline level places each new story online into its best
storyline and merges storylines later. This variant sees every story of a
collection at once: each story is the sum of its members' features; story pairs
are scored by a mix of embedding cosine and TF-IDF cosines of words and
specifics (IDF over the collection); the stories are clustered with average,
complete or single linkage cut at a similarity bar. Mix, linkage and bar are
chosen by the package's CV protocol on the training folds and scored against
the ECB+ topics, exactly as ``storylines_cv``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from newsweave.clustering import ClusterParams, cluster
from newsweave.evaluation.cross_validation import CVScores, cross_validate_grid, topic_of
from newsweave.features import ArticleFeatures
from newsweave.story_scoring import Idf, tfidf_cosine

Feats = Mapping[str, ArticleFeatures]

# (embedding, words, specifics)
MIXES: dict[str, tuple[float, float, float]] = {
    "emb+words": (0.5, 0.5, 0.0), "emb+words+specifics": (0.4, 0.4, 0.2),
    "words": (0.0, 1.0, 0.0), "embedding": (1.0, 0.0, 0.0)}
LINKAGES = ("average", "complete", "single")
BARS = tuple(round(b, 3) for b in np.arange(0.15, 0.71, 0.025))


@dataclass(frozen=True)
class Agglo:
    mix: str
    linkage: str
    bar: float


def _sum(terms: Sequence[Mapping[str, float]]) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for t in terms:
        for k, v in t.items():
            out[k] += v
    return out


class StoryRuns:
    """Each fold's stories (the defaults) and their pairwise similarities."""

    def __init__(self, feats: Feats, folds: Sequence[frozenset[str]],
                 base: ClusterParams) -> None:
        self.fold_of = {frozenset(f): i for i, f in enumerate(folds)}
        self.folds = folds
        self.data: list[tuple[dict[str, str], list[str], NDArray[np.float64]]] = []
        for f in folds:
            ids = sorted(f)
            pred = cluster([feats[a] for a in ids], base)
            members: dict[str, list[str]] = defaultdict(list)
            for a, s in pred.items():
                members[s].append(a)
            keys = sorted(members)
            self.data.append((pred, keys, self._matrix(feats, ids, [members[k] for k in keys])))

    @staticmethod
    def _matrix(feats: Feats, ids: list[str], groups: list[list[str]]) -> NDArray[np.float64]:
        dfs: list[Counter[str]] = [Counter(), Counter()]
        for a in ids:
            dfs[0].update(feats[a].words.keys())
            dfs[1].update(feats[a].specifics.keys())
        idfs = [Idf(df, len(ids)) for df in dfs]
        emb = np.stack([np.sum([feats[a].embedding for a in g], axis=0) for g in groups])
        emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-9)
        words = [_sum([feats[a].words for a in g]) for g in groups]
        spec = [_sum([feats[a].specifics for a in g]) for g in groups]
        n = len(groups)
        out = np.zeros((3, n, n))
        out[0] = emb @ emb.T
        for x in range(n):
            for y in range(x + 1, n):
                out[1, x, y] = out[1, y, x] = tfidf_cosine(words[x], words[y], dfs[0],
                                                           len(ids), idfs[0])
                out[2, x, y] = out[2, y, x] = tfidf_cosine(spec[x], spec[y], dfs[1],
                                                           len(ids), idfs[1])
        return out

    def run(self, ids: Sequence[str], cand: Agglo) -> dict[str, str]:
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        pred, keys, comps = self.data[self.fold_of[frozenset(ids)]]
        if len(keys) < 2:
            return {a: "sl-0" for a in pred}
        dist = np.clip(1.0 - np.tensordot(np.asarray(MIXES[cand.mix]), comps, 1), 0.0, None)
        np.fill_diagonal(dist, 0.0)
        labels = fcluster(linkage(squareform(dist, checks=False), cand.linkage),
                          1.0 - cand.bar, "distance")
        line = dict(zip(keys, labels, strict=True))
        return {a: f"sl-{line[s]}" for a, s in pred.items()}


def agglomerative_storylines_cv(feats: Feats, gold: Mapping[str, str],
                                folds: Sequence[frozenset[str]],
                                base: ClusterParams) -> CVScores:
    """Storylines by agglomerative clustering of stories, choices by CV, vs topics."""
    runs = StoryRuns(feats, folds, base)
    topics = {a: topic_of(label) for a, label in gold.items()}
    cands = [(f"{m} {link} bar={b}", Agglo(m, link, b))
             for m in MIXES for link in LINKAGES for b in BARS]
    return cross_validate_grid(
        f"storylines vs topics, agglomerative over stories ({len(cands)} cand.)", cands,
        runs.run, topics, folds)
