"""Issue 14, approach D: cluster online, then split stories that hold two events
(used by ``benchmarks/bench_clustering_cv.py``; not part of the package).

The remaining story-level error is an event's first article joining its
sibling event's story, after which the rest of the second event follows it
(the oracle row). The online decision sees one article against a story of one
or two; a *split pass* looks again once the story is whole: the members'
pairwise similarities (the clusterer's own four similarities, IDF over the
collection) are clustered with average (or complete) linkage into two groups,
and the story is split when both groups have at least ``min_part`` members and
the mean similarity across them is below ``bar``; each part is then checked
again. Choices (similarity mix, linkage, ``min_part``, ``bar``) are made by the
package's CV protocol on the training folds; the baseline assignments are the
defaults' own (``cluster()`` with ``ClusterParams()``) on each fold alone.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from newsweave.clustering import ClusterParams, cluster
from newsweave.evaluation.cross_validation import CVScores, cross_validate_grid
from newsweave.features import ArticleFeatures
from newsweave.story_scoring import Idf, tfidf_cosine

Feats = Mapping[str, ArticleFeatures]
Gold = Mapping[str, str]
Folds = Sequence[frozenset[str]]

# Similarity mixes over (embedding, words, specifics, lead): the clusterer's own
# score, and three single-view ones.
MIXES: dict[str, tuple[float, float, float, float]] = {
    "score": (0.1, 0.2, 0.3, 0.4), "specifics+lead": (0.0, 0.0, 0.5, 0.5),
    "embedding": (1.0, 0.0, 0.0, 0.0), "words": (0.0, 1.0, 0.0, 0.0)}
BARS = tuple(round(b, 2) for b in np.arange(0.10, 0.36, 0.02))
EMBEDDING_BARS = tuple(round(b, 2) for b in np.arange(0.30, 0.80, 0.04))
MIN_PARTS = (2, 3, 4)
LINKAGES = ("average", "complete")


@dataclass(frozen=True)
class Split:
    """One candidate of the split pass (``bar=None``: no split, the defaults)."""

    mix: str
    linkage: str
    min_part: int
    bar: float | None


class SplitRuns:
    """The defaults' clustering of each fold and its stories' pairwise similarities
    (computed once; every candidate reuses them)."""

    def __init__(self, feats: Feats, folds: Folds, base: ClusterParams) -> None:
        self.feats, self.folds = feats, folds
        self.fold_of = {frozenset(f): i for i, f in enumerate(folds)}
        # The batch pass runs over the clusterer without its online split (session 6).
        plain = dataclasses.replace(base, split_bar=0.0)
        self.preds = [cluster([feats[a] for a in sorted(f)], plain) for f in folds]
        self._sims: dict[int, dict[str, tuple[list[str], NDArray[np.float64]]]] = {}

    def similarities(self, i: int) -> dict[str, tuple[list[str], NDArray[np.float64]]]:
        """Story -> (members, 4 x m x m similarity matrices) for stories of 4 or more."""
        if i not in self._sims:
            ids = sorted(self.folds[i])
            dfs: list[Counter[str]] = [Counter(), Counter(), Counter()]
            for a in ids:
                f = self.feats[a]
                for k, terms in enumerate((f.words, f.specifics, f.lead)):
                    dfs[k].update(terms.keys())
            idfs = [Idf(df, len(ids)) for df in dfs]
            stories: dict[str, list[str]] = defaultdict(list)
            for a, s in self.preds[i].items():
                stories[s].append(a)
            out = {}
            for s, members in stories.items():
                if len(members) >= 4:
                    out[s] = (members, self._matrix(members, dfs, idfs, len(ids)))
            self._sims[i] = out
        return self._sims[i]

    def _matrix(self, members: list[str], dfs: list[Counter[str]], idfs: list[Idf],
                n: int) -> NDArray[np.float64]:
        fs = [self.feats[a] for a in members]
        m = len(fs)
        out = np.zeros((4, m, m))
        for x in range(m):
            for y in range(x + 1, m):
                a, b = fs[x], fs[y]
                out[:, x, y] = out[:, y, x] = [
                    float(a.embedding @ b.embedding),
                    tfidf_cosine(a.words, b.words, dfs[0], n, idfs[0]),
                    tfidf_cosine(a.specifics, b.specifics, dfs[1], n, idfs[1]),
                    tfidf_cosine(a.lead, b.lead, dfs[2], n, idfs[2])]
        return out

    def run(self, ids: Sequence[str], cand: Split) -> dict[str, str]:
        i = self.fold_of[frozenset(ids)]
        pred = dict(self.preds[i])
        if cand.bar is None:
            return pred
        for story, (members, comps) in self.similarities(i).items():
            sims = np.tensordot(np.asarray(MIXES[cand.mix]), comps, 1)
            split_story(members, sims, cand, f"{story}/", pred)
        return pred


def split_story(members: list[str], sims: NDArray[np.float64], cand: Split, name: str,
                out: dict[str, str]) -> None:
    """Write ``members``' story names into ``out``, splitting recursively."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    assert cand.bar is not None
    if len(members) >= 2 * cand.min_part:
        dist = np.clip(1.0 - sims, 0.0, None)
        np.fill_diagonal(dist, 0.0)
        labels = fcluster(linkage(squareform(dist, checks=False), cand.linkage), 2, "maxclust")
        a = [k for k, lab in enumerate(labels) if lab == 1]
        b = [k for k, lab in enumerate(labels) if lab == 2]
        if min(len(a), len(b)) >= cand.min_part and sims[np.ix_(a, b)].mean() < cand.bar:
            for part, suffix in ((a, "a"), (b, "b")):
                split_story([members[k] for k in part], sims[np.ix_(part, part)], cand,
                            name + suffix, out)
            return
    for m in members:
        out[m] = name


def candidates(mixes: Sequence[str]) -> list[tuple[str, Split]]:
    out = [("no split", Split("score", "average", 0, None))]
    for mix in mixes:
        bars = EMBEDDING_BARS if mix == "embedding" else BARS
        out += [(f"{mix} {link} m={m} bar={bar}", Split(mix, link, m, bar))
                for link in LINKAGES for m in MIN_PARTS for bar in bars]
    return out


def split_cv(runs: SplitRuns, gold: Gold, mixes: Sequence[str], system: str) -> CVScores:
    """The split pass with its choices (and whether to split at all) made by CV."""
    return cross_validate_grid(system, candidates(mixes), runs.run, gold, runs.folds)


def split_rows(feats: Feats, gold: Gold, folds: Folds, base: ClusterParams) -> list[CVScores]:
    """Two rows: the clusterer's own score as the split similarity (the natural
    choice), and every mix of :data:`MIXES` searched together (the honest figure
    for the family as a whole)."""
    runs = SplitRuns(feats, folds, base)
    n_own, n_all = len(candidates(["score"])), len(candidates(list(MIXES)))
    return [split_cv(runs, gold, ["score"],
                     f"split pass, own score ({n_own} cand.)"),
            split_cv(runs, gold, list(MIXES),
                     f"split pass, 4 similarity mixes ({n_all} cand.)")]
