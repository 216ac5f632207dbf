"""The story-clustering variants issue 14 tried, as cross-validation systems
(used by ``benchmarks/bench_clustering_cv.py``; not part of the package).

Each variant is scored with the package's own protocol
(:mod:`newsweave.evaluation.cross_validation`: 5 folds of ECB+ topics, choices
made on the 4 training folds, each fold clustered alone, held-out predictions
pooled):

* ``weight_grid_cv``: the hand-set scorer's 4 weights and threshold chosen
  together by CV among :data:`WEIGHTS` x :data:`GRID_THRESHOLDS`;
* ``ascent_cv``: B3-direct coordinate ascent of the 4 weights and the threshold
  on the training folds, starting from the hand-set values;
* ``join_decision_cv``: a learned join/new decision (logistic regression or
  gradient boosting over the best candidate's pair features and score) replacing
  ``score >= threshold``, the candidate still picked by the hand-set score;
* ``teacher_cv``: the logistic article-to-story scorer trained on *teacher-forced*
  states (every training article put in its gold story) instead of the
  clusterer's own states;
* ``oracle``: the hand-set best candidate with a perfect join/new decision (it
  reads the held-out gold: an upper bound of what a better decision can give,
  not a system).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from newsweave.clustering import (
    ClusterParams,
    Decision,
    DocFrequencies,
    MemoryStoryState,
    StoryIndex,
    StoryMatrix,
    cluster,
    publication_order,
)
from newsweave.evaluation.cross_validation import (
    CVScores,
    Learner,
    cross_validate_grid,
    cross_validate_learned,
    pooled_f1,
)
from newsweave.evaluation.story_model_training import TAUS, fit_story_model
from newsweave.features import ArticleFeatures
from newsweave.story_model import PAIR_FEATURES

Feats = Mapping[str, ArticleFeatures]
Gold = Mapping[str, str]
Folds = Sequence[frozenset[str]]
# (w_embedding, w_words, w_specifics, w_lead)
Weights = tuple[float, float, float, float]

HAND_SET: Weights = (0.1, 0.2, 0.3, 0.4)
GRID_THRESHOLDS = (0.175, 0.1875, 0.2, 0.2125, 0.225, 0.2375, 0.25, 0.2625, 0.275)


def _moves(base: Weights, step: float) -> list[Weights]:
    """``base`` with ``step`` moved from one weight to another (sum kept)."""
    out = []
    for i in range(4):
        for j in range(4):
            w = list(base)
            w[i] += step
            w[j] -= step
            if i != j and w[j] >= -1e-9:
                out.append(tuple(round(x, 3) for x in w))
    return out  # type: ignore[return-value]


# 31 weight vectors: the hand-set one, every move of 0.05 or 0.1 between two weights,
# and 7 differently shaped ones (equal, each similarity leading, no embedding, no lead).
WEIGHTS: tuple[Weights, ...] = tuple(dict.fromkeys([
    HAND_SET, *_moves(HAND_SET, 0.05), *_moves(HAND_SET, 0.1),
    (0.25, 0.25, 0.25, 0.25), (0.4, 0.2, 0.2, 0.2), (0.2, 0.4, 0.2, 0.2),
    (0.2, 0.2, 0.4, 0.2), (0.0, 0.3, 0.3, 0.4), (0.2, 0.3, 0.5, 0.0),
    (0.1, 0.1, 0.4, 0.4)]))


# --quick: the neighbourhood of the hand-set point only (for a loaded machine).
QUICK_WEIGHTS: tuple[Weights, ...] = (HAND_SET, *_moves(HAND_SET, 0.1))
QUICK_THRESHOLDS = (0.2125, 0.225, 0.2375)
QUICK_TAUS = (0.2, 0.25, 0.3, 0.35)
QUICK_JOIN_TAUS = (0.4, 0.5, 0.6)


def _params(base: ClusterParams, w: Weights, t: float) -> ClusterParams:
    return dataclasses.replace(base, w_embedding=w[0], w_words=w[1], w_specifics=w[2],
                               w_lead=w[3], threshold=t)


class FoldRuns:
    """Clusterings of single folds, cached by parameters (every search reuses them)."""

    def __init__(self, feats: Feats, folds: Folds) -> None:
        self.feats, self.folds = feats, folds
        self.cache: dict[tuple[ClusterParams, int], dict[str, str]] = {}

    def run(self, params: ClusterParams, fold: int) -> dict[str, str]:
        key = (params, fold)
        if key not in self.cache:
            self.cache[key] = cluster([self.feats[i] for i in sorted(self.folds[fold])], params)
        return self.cache[key]

    def train_f1(self, params: ClusterParams, train: Sequence[int], gold: Gold) -> float:
        return pooled_f1({j: self.run(params, j) for j in train}, gold)


def weight_grid_cv(runs: FoldRuns, gold: Gold, base: ClusterParams,
                   weights: Sequence[Weights] = WEIGHTS,
                   thresholds: Sequence[float] = GRID_THRESHOLDS) -> CVScores:
    """Weights and threshold chosen together by CV (``weights`` x ``thresholds``)."""
    by_fold = {frozenset(f): i for i, f in enumerate(runs.folds)}
    cands = [(f"w={w} t={t}", _params(base, w, t)) for w in weights for t in thresholds]
    return cross_validate_grid(f"weights x threshold grid ({len(cands)} cand.)", cands,
                               lambda ids, p: runs.run(p, by_fold[frozenset(ids)]), gold,
                               runs.folds)


def ascend(runs: FoldRuns, gold: Gold, base: ClusterParams, train: Sequence[int],
           rounds: int = 4) -> ClusterParams:
    """Coordinate ascent of training B3 over the 4 weights (steps +-0.05) and the
    threshold (+-0.0125), from the hand-set values; first improvement taken."""
    best = _params(base, HAND_SET, base.threshold)
    best_f1 = runs.train_f1(best, train, gold)
    for _ in range(rounds):
        improved = False
        for name, step in [(f"w_{n}", s) for n in ("embedding", "words", "specifics", "lead")
                           for s in (0.05, -0.05)] + [("threshold", 0.0125),
                                                      ("threshold", -0.0125)]:
            value = round(getattr(best, name) + step, 4)
            if value < 0:
                continue
            cand = dataclasses.replace(best, **{name: value})
            f1 = runs.train_f1(cand, train, gold)
            if f1 > best_f1 + 1e-9:
                best, best_f1, improved = cand, f1, True
        if not improved:
            break
    return best


def ascent_cv(runs: FoldRuns, gold: Gold, base: ClusterParams, rounds: int = 4) -> CVScores:
    """B3-direct coordinate ascent on the training folds, scored on the held-out one."""
    k = len(runs.folds)

    def fit(train_ids: Sequence[Sequence[str]]) -> ClusterParams:
        sets = {frozenset(ids) for ids in train_ids}
        train = [j for j in range(k) if runs.folds[j] in sets]
        return ascend(runs, gold, base, train, rounds)

    by_fold = {frozenset(f): i for i, f in enumerate(runs.folds)}

    def describe(p: ClusterParams) -> list[tuple[str, ClusterParams]]:
        w = (p.w_embedding, p.w_words, p.w_specifics, p.w_lead)
        return [(f"w={w} t={p.threshold}", p)]

    learner: Learner[ClusterParams, ClusterParams] = Learner(
        fit=fit, candidates=describe,
        run=lambda _, ids, p: runs.run(p, by_fold[frozenset(ids)]))
    return cross_validate_learned("B3 coordinate ascent (w, t)", learner, gold, runs.folds)


# -- policies: the hand-set scorer picks the candidate, something else decides ----------

Decide = Callable[[ArticleFeatures, Decision, dict[str, float], Mapping[str, Counter[str]]],
                  str | None]


class PolicyMatrix(StoryMatrix):
    """A story matrix whose join/new decision is ``decide(article, decision of the
    hand-set scorer, pair features of its best story, gold counts per story)``,
    which returns the story key to join (``None``: a new story)."""

    def __init__(self, decide: Decide, members: Mapping[str, Counter[str]]) -> None:
        super().__init__()
        self.decide, self.members = decide, members

    def choose(self, features: ArticleFeatures, load: Any, df: DocFrequencies,
               params: ClusterParams, detail: list[Decision] | None = None,
               model: Any = None, seen: list[tuple[str, dict[str, float]]] | None = None,
               ) -> tuple[str | None, float]:
        record: list[Decision] = []
        pairs: list[tuple[str, dict[str, float]]] = []
        super().choose(features, load, df, params, record, None, pairs)
        if seen is not None:
            seen.extend(pairs)
        d = record[-1]
        if d.best is None:
            return None, 0.0
        values = {**dict(pairs)[d.best], "score": d.score}
        return self.decide(features, d, values, self.members), d.score


def run_policy(feats: Sequence[ArticleFeatures], gold: Gold, params: ClusterParams,
               decide: Decide, seen: list[tuple[str, str, dict[str, float]]] | None = None,
               ) -> dict[str, str]:
    """Cluster ``feats`` online with ``decide`` making every join/new decision;
    ``seen`` receives (article, story, pair features) of every scored candidate."""
    index = StoryIndex(MemoryStoryState(params), storylines=False)
    members: dict[str, Counter[str]] = {}
    index._matrix = PolicyMatrix(decide, members)  # set before the first add
    index.seen = [] if seen is not None else None
    out = {}
    for f in publication_order(feats):
        if index.seen is not None:
            index.seen.clear()
        key = index.add(f)
        if seen is not None and index.seen is not None:
            seen.extend((f.article_id, story, v) for story, v in index.seen)
        members.setdefault(key, Counter())[gold[f.article_id]] += 1
        out[f.article_id] = key
    return out


def _majority(members: Mapping[str, Counter[str]], key: str) -> str:
    return members[key].most_common(1)[0][0]


def oracle(feats: Sequence[ArticleFeatures], gold: Gold, params: ClusterParams) -> dict[str, str]:
    """Perfect join/new decision on the hand-set best candidate (reads the gold)."""
    return run_policy(feats, gold, params, lambda f, d, v, m: (
        d.best if d.best is not None and _majority(m, d.best) == gold[f.article_id] else None))


def teacher(feats: Sequence[ArticleFeatures], gold: Gold, params: ClusterParams,
            seen: list[tuple[str, str, dict[str, float]]]) -> None:
    """Teacher forcing: every article joins the story of its gold story (recording the
    pair features of the candidates the scorer saw)."""
    first: dict[str, str] = {}

    def decide(f: ArticleFeatures, d: Decision, v: dict[str, float],
               m: Mapping[str, Counter[str]]) -> str | None:
        label = gold[f.article_id]
        key = first.get(label)
        if key is None:
            first[label] = f.article_id
        return key

    run_policy(feats, gold, params, decide, seen)


def teacher_cv(feats: Feats, gold: Gold, folds: Folds, base: ClusterParams,
               taus: Sequence[float] = TAUS) -> CVScores:
    """The logistic scorer (11 pair features) trained on teacher-forced states."""
    from newsweave.evaluation.story_model_training import story_model_learner

    inner = story_model_learner(feats, gold, base, taus=taus)

    def fit(train: Sequence[Sequence[str]]) -> Any:
        rows, labels = [], []
        for ids in train:
            seen: list[tuple[str, str, dict[str, float]]] = []
            teacher([feats[i] for i in ids], gold, base, seen)
            for aid, story, values in seen:
                rows.append([values[n] for n in PAIR_FEATURES])
                labels.append(int(gold[story] == gold[aid]))  # a forced story is pure
        return fit_story_model(rows, labels)

    learner = Learner(fit=fit, candidates=inner.candidates, run=inner.run)
    return cross_validate_learned("logistic, teacher-forced states", learner, gold, folds)


JOIN_FEATURES = (*PAIR_FEATURES, "score")
JOIN_TAUS = (0.3, 0.4, 0.5, 0.6, 0.7)


def join_decision_cv(feats: Feats, gold: Gold, folds: Folds, base: ClusterParams,
                     kind: str = "logistic", taus: Sequence[float] = JOIN_TAUS) -> CVScores:
    """A learned join/new decision on the hand-set best candidate (examples: the
    decisions of the hand-set policy on the training folds; label: the best story's
    majority gold is the article's)."""
    import numpy as np

    def fit(train: Sequence[Sequence[str]]) -> Any:
        rows, labels = [], []
        for ids in train:
            def record(f: ArticleFeatures, d: Decision, v: dict[str, float],
                       m: Mapping[str, Counter[str]]) -> str | None:
                assert d.best is not None
                rows.append([v[n] for n in JOIN_FEATURES])
                labels.append(int(_majority(m, d.best) == gold[f.article_id]))
                return d.best if d.score >= d.limit else None
            run_policy([feats[i] for i in ids], gold, base, record)
        if kind == "logistic":
            from sklearn.linear_model import LogisticRegression
            from sklearn.pipeline import make_pipeline
            from sklearn.preprocessing import StandardScaler

            return make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(
                np.asarray(rows), np.asarray(labels))
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(random_state=0).fit(np.asarray(rows),
                                                                  np.asarray(labels))

    def run(model: Any, ids: Sequence[str], tau: float) -> dict[str, str]:
        def decide(f: ArticleFeatures, d: Decision, v: dict[str, float],
                   m: Mapping[str, Counter[str]]) -> str | None:
            p = model.predict_proba(np.asarray([[v[n] for n in JOIN_FEATURES]]))[0, 1]
            return d.best if p >= tau else None
        return run_policy([feats[i] for i in ids], gold, base, decide)

    from threadpoolctl import threadpool_limits

    # One thread: scoring one decision at a time, OpenMP's thread start-up dominates (and
    # spins badly on a loaded machine).
    with threadpool_limits(limits=1):
        return cross_validate_learned(f"join/new decision, {kind}", Learner(
            fit=fit, candidates=lambda _: [(f"p={t}", t) for t in taus], run=run), gold, folds)


__all__ = ["GRID_THRESHOLDS", "HAND_SET", "QUICK_JOIN_TAUS", "QUICK_TAUS", "QUICK_THRESHOLDS",
           "QUICK_WEIGHTS", "TAUS", "WEIGHTS", "FoldRuns", "ascent_cv",
           "join_decision_cv", "oracle", "teacher_cv", "weight_grid_cv"]
