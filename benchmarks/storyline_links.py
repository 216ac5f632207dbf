"""Issue 14, session 8: storylines by links between stories (used by
``benchmarks/bench_clustering_cv.py --rows storyline-links``; not part of the package).

Two approaches to the storyline level that look at stories, not articles, and are
order-independent by construction (they depend only on the set of stories):

* **(b) link graph, hand-set score**: two stories are linked when
  ``0.5 * cos(embedding centroids) + 0.5 * tfidf_cos(words) + w_names *
  tfidf_cos(names) - w_gap * min(1, gap_days / 365)`` reaches a bar; storylines are
  the connected components. Incremental in a store: an added article changes one
  story, whose links to its nearest stories are re-scored; only the components of
  that story's old and new links change.
* **(c) learned links**: a logistic regression over the story-pair features
  (embedding, words, specifics and names cosines, shared-name count, the smaller
  story's size, time gap and whether both are dated), trained on the story pairs of
  the training folds (label: the two stories' majority ECB+ topics agree), with the
  link probability chosen on the training folds; components again (single link) or
  average linkage over the probabilities.

Per fold, stories come from ``cluster()`` with that fold's story parameters (the
online split chosen by the story-level CV on its training folds); the storyline
choices are made on the training folds only and the held-out fold is scored
against the ECB+ topic labels (pooled B3, as every row of the benchmark).

Also **(d)**, the package's own online storylines with a names gate
(``StorylineParams.min_names``), over the same stories.

A last row is an upper bound, not a system: every story put in its majority topic
(reads the gold), i.e. the best any storyline method over these stories can score.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from storyline_agglomerative import _sum

from newsweave.clustering import ClusterParams, cluster
from newsweave.evaluation.cross_validation import CVScores, pooled_f1, topic_of
from newsweave.features import ArticleFeatures
from newsweave.story_scoring import Idf, tfidf_cosine

Feats = Mapping[str, ArticleFeatures]
Folds = Sequence[frozenset[str]]
FEATURES = ("embedding", "words", "specifics", "names", "shared names", "min size",
            "gap", "dated")
BARS = tuple(round(b, 3) for b in np.arange(0.2, 0.61, 0.025))
W_NAMES = (0.0, 0.1, 0.2, 0.3)
W_GAP = (0.0, 0.1)
PROBS = tuple(round(p, 2) for p in np.arange(0.2, 0.96, 0.05))



@dataclass
class FoldStories:
    """One fold's stories and the features of every pair of them."""

    pred: dict[str, str]          # article -> story key
    keys: list[str]               # story keys (sorted)
    pairs: NDArray[np.float64]    # (len(FEATURES), n, n)
    topic: list[str]              # each story's majority topic (training labels)


def fold_stories(feats: Feats, ids: Sequence[str], params: ClusterParams,
                 topics: Mapping[str, str]) -> FoldStories:
    pred = cluster([feats[a] for a in ids], params)
    members: dict[str, list[str]] = defaultdict(list)
    for a, s in pred.items():
        members[s].append(a)
    keys = sorted(members)
    groups = [members[k] for k in keys]
    dfs: list[Counter[str]] = [Counter(), Counter(), Counter()]
    for a in ids:
        dfs[0].update(feats[a].words.keys())
        dfs[1].update(feats[a].specifics.keys())
        dfs[2].update(feats[a].entities)
    idfs = [Idf(df, len(ids)) for df in dfs]
    emb = np.stack([np.sum([feats[a].embedding for a in g], axis=0) for g in groups])
    emb = emb / np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-9)
    words = [_sum([feats[a].words for a in g]) for g in groups]
    spec = [_sum([feats[a].specifics for a in g]) for g in groups]
    names = [dict(Counter(e for a in g for e in feats[a].entities)) for g in groups]
    # A story's own names: those at least two of its articles (or its only one) mention.
    own = [{e for e, c in nm.items() if c >= min(2, len(g))}
           for nm, g in zip(names, groups, strict=True)]
    dates = [sorted(d for a in g if (d := feats[a].date) is not None) for g in groups]
    n = len(groups)
    out = np.zeros((len(FEATURES), n, n))
    out[0] = emb @ emb.T
    for x in range(n):
        for y in range(x + 1, n):
            vals = [tfidf_cosine(words[x], words[y], dfs[0], len(ids), idfs[0]),
                    tfidf_cosine(spec[x], spec[y], dfs[1], len(ids), idfs[1]),
                    tfidf_cosine(names[x], names[y], dfs[2], len(ids), idfs[2]),
                    float(len(own[x] & own[y])),
                    float(min(len(groups[x]), len(groups[y])))]
            if dates[x] and dates[y]:
                gap = max(0, (dates[y][0] - dates[x][-1]).days,
                          (dates[x][0] - dates[y][-1]).days)
                vals += [min(1.0, gap / 365), 1.0]
            else:
                vals += [0.0, 0.0]
            out[1:, x, y] = out[1:, y, x] = vals
    topic = [Counter(topics[a] for a in g).most_common(1)[0][0] for g in groups]
    return FoldStories(pred, keys, out, topic)


def components(fs: FoldStories, linked: NDArray[np.bool_]) -> dict[str, str]:
    """Storylines = connected components of ``linked`` (article -> storyline name)."""
    n = len(fs.keys)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for x, y in zip(*np.nonzero(np.triu(linked, 1)), strict=True):
        parent[find(int(x))] = find(int(y))
    return {a: f"sl-{find(fs.keys.index(s))}" for a, s in fs.pred.items()}


def average_link(fs: FoldStories, sim: NDArray[np.float64], bar: float) -> dict[str, str]:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if len(fs.keys) < 2:
        return {a: "sl-0" for a in fs.pred}
    dist = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(linkage(squareform(dist, checks=False), "average"), 1.0 - bar, "distance")
    line = dict(zip(fs.keys, labels, strict=True))
    return {a: f"sl-{line[s]}" for a, s in fs.pred.items()}


def hand_score(fs: FoldStories, w_names: float, w_gap: float) -> NDArray[np.float64]:
    p = fs.pairs
    return np.asarray(0.5 * p[0] + 0.5 * p[1] + w_names * p[3] - w_gap * p[6],
                      dtype=np.float64)


class PerFold:
    """The stories of every fold under every story-parameter set, computed once."""

    def __init__(self, feats: Feats, folds: Folds, topics: Mapping[str, str]) -> None:
        self.feats, self.folds, self.topics = feats, folds, topics
        self._cache: dict[tuple[int, ClusterParams], FoldStories] = {}

    def get(self, j: int, params: ClusterParams) -> FoldStories:
        if (j, params) not in self._cache:
            self._cache[j, params] = fold_stories(self.feats, sorted(self.folds[j]), params,
                                                  self.topics)
        return self._cache[j, params]


def _cv(name: str, data: PerFold, chosen: Sequence[ClusterParams],
        choose: Callable[[list[FoldStories]], tuple[str, Callable[[FoldStories],
                                                                   dict[str, str]]]],
        ) -> CVScores:
    """Per held-out fold i: stories of every fold with fold i's story parameters,
    ``choose(training folds' stories)`` -> (name, storyline maker), applied to fold i."""
    from newsweave.evaluation.clustering import bcubed

    start = time.perf_counter()
    k = len(data.folds)
    held: dict[int, dict[str, str]] = {}
    names: list[str] = []
    for i, p in enumerate(chosen):
        label, make = choose([data.get(j, p) for j in range(k) if j != i])
        held[i] = make(data.get(i, p))
        names.append(label)
    pooled = {f"{i}:{a}": f"{i}:{s}" for i, pred in held.items() for a, s in pred.items()}
    gold = {f"{i}:{a}": data.topics[a] for i, pred in held.items() for a in pred}
    p_, r_, f1 = bcubed(pooled, gold)
    folds_f1 = tuple(bcubed(held[i], {a: data.topics[a] for a in held[i]})[2]
                     for i in range(k))
    return CVScores(name, p_, r_, f1, folds_f1, tuple(names), len(set(pooled.values())),
                    time.perf_counter() - start)


def _best(train: list[FoldStories], cands: Sequence[tuple[str, Callable[[FoldStories],
                                                                        dict[str, str]]]],
          topics: Mapping[str, str]) -> tuple[str, Callable[[FoldStories], dict[str, str]]]:
    scores = [pooled_f1({j: make(fs) for j, fs in enumerate(train)}, topics)
              for _, make in cands]
    best = max(range(len(cands)), key=lambda c: (scores[c], -c))
    return cands[best]


def link_graph_cv(data: PerFold, chosen: Sequence[ClusterParams]) -> CVScores:
    """(b) hand-set link score (names, time gap), components; choices by CV."""
    def make(wn: float, wg: float, bar: float) -> Callable[[FoldStories], dict[str, str]]:
        return lambda fs: components(fs, hand_score(fs, wn, wg) >= bar)

    cands = [(f"names={wn} gap={wg} bar={bar}", make(wn, wg, bar))
             for wn in W_NAMES for wg in W_GAP for bar in BARS]
    return _cv(f"storylines, link graph over stories + names/gap ({len(cands)} cand.)",
               data, chosen, lambda train: _best(train, cands, data.topics))


def _standardise(x: NDArray[np.float64]) -> NDArray[np.float64]:
    out = x.copy()
    out[:, 4] = np.log1p(out[:, 4])
    out[:, 5] = np.log1p(out[:, 5])
    return out


def _pairs(fs: FoldStories) -> tuple[NDArray[np.float64], NDArray[np.int_]]:
    iu = np.triu_indices(len(fs.keys), 1)
    x = np.stack([fs.pairs[f][iu] for f in range(len(FEATURES))], axis=1)
    y = np.array([fs.topic[a] == fs.topic[b] for a, b in zip(*iu, strict=True)], dtype=int)
    return _standardise(x), y


def learned_links_cv(data: PerFold, chosen: Sequence[ClusterParams]) -> CVScores:
    """(c) logistic regression on story-pair features; link probability and linkage
    (components or average) chosen on the training folds."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    def choose(train: list[FoldStories]) -> tuple[str, Callable[[FoldStories],
                                                                 dict[str, str]]]:
        xs, ys = zip(*(_pairs(fs) for fs in train), strict=True)
        model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000,
                                                                   class_weight="balanced"))
        model.fit(np.concatenate(xs), np.concatenate(ys))

        def prob(fs: FoldStories) -> NDArray[np.float64]:
            n = len(fs.keys)
            out = np.eye(n)
            if n > 1:
                iu = np.triu_indices(n, 1)
                out[iu] = model.predict_proba(_pairs(fs)[0])[:, 1]
                out = np.maximum(out, out.T)
            return out

        def make(link: str, tau: float) -> Callable[[FoldStories], dict[str, str]]:
            if link == "single":
                return lambda fs: components(fs, prob(fs) >= tau)
            return lambda fs: average_link(fs, prob(fs), tau)

        cands = [(f"{link} p={tau}", make(link, tau)) for link in ("single", "average")
                 for tau in PROBS]
        return _best(train, cands, data.topics)

    return _cv("storylines, learned story links (logistic, 8 features)", data, chosen, choose)


GATE_T = (0.2, 0.25, 0.275, 0.3)
GATE_M: tuple[float | None, ...] = (None, 0.275, 0.3)
GATES = (0.0, 0.05, 0.1, 0.15)


def names_gate_cv(data: PerFold, chosen: Sequence[ClusterParams]) -> CVScores:
    """(d) the package's online storylines (placement + merges) with a names gate
    (``StorylineParams.min_names``: a story joins, and two storylines merge, only when
    their names and numbers share at least that TF-IDF cosine), over each fold's
    stories (``storylines_over``: a split part counts as a story from its first
    member on); thresholds and gate chosen on the training folds."""
    from newsweave.clustering import storylines_over
    from newsweave.storylines import StorylineParams

    def make(sl: StorylineParams) -> Callable[[FoldStories], dict[str, str]]:
        memo: dict[int, dict[str, str]] = {}  # each fold's stories are one object

        def run(fs: FoldStories) -> dict[str, str]:
            if id(fs) not in memo:
                memo[id(fs)] = storylines_over([data.feats[a] for a in sorted(fs.pred)],
                                               fs.pred, sl)
            return memo[id(fs)]
        return run

    cands = [(f"t={t} m={m} names>={g}",
              make(StorylineParams(threshold=t, merge_threshold=m, min_names=g)))
             for g in GATES for m in GATE_M for t in GATE_T]
    return _cv(f"storylines, names gate on placement and merges ({len(cands)} cand.)", data,
               chosen, lambda train: _best(train, cands, data.topics))


def link_rows(feats: Feats, gold: Mapping[str, str], folds: Folds,
              chosen: Sequence[ClusterParams]) -> list[CVScores]:
    topics = {a: topic_of(g) for a, g in gold.items()}
    data = PerFold(feats, folds, topics)
    return [names_gate_cv(data, chosen), link_graph_cv(data, chosen),
            learned_links_cv(data, chosen), oracle_cv(data, chosen)]


def oracle_cv(data: PerFold, chosen: Sequence[ClusterParams]) -> CVScores:
    """Upper bound: each story in its majority topic (reads the gold)."""
    return _cv("ORACLE: each story in its majority topic (reads gold)", data, chosen,
               lambda train: ("-", lambda fs: {a: fs.topic[fs.keys.index(s)]
                                               for a, s in fs.pred.items()}))
