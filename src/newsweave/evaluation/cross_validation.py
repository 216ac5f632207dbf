"""Leave-topics-out cross-validation of story clustering (ECB+ topics 1-35).

Every parameter newsweave ships is chosen on data; scoring it on the same data
flatters it. Here the corpus is split by **topic** into ``k`` folds (topics in
numeric order, dealt round-robin: topic ``t`` is in fold ``index(t) % k``). For
each fold, a system's candidates (thresholds, minimum cluster sizes, a learned
model's training) are judged on the other ``k - 1`` folds and the best one
clusters the held-out fold, which it has never seen. Each fold is clustered on
its own (its articles only, as a separate collection would be), so choosing and
scoring happen under the same conditions. The held-out predictions of all folds
are pooled and scored with B-cubed against the gold; the per-fold F1 shows the
spread.

A *grid* system is a list of named candidates and a function that clusters a
list of article ids with one of them. Every candidate clusters every fold once;
the choice for fold ``i`` is the candidate with the best pooled B-cubed F1 over
the folds ``!= i`` (ties: the earlier candidate). A *learned* system also
trains on the other folds before its candidates are judged there.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.clustering import bcubed

C = TypeVar("C")
M = TypeVar("M")
Prediction = dict[str, str]

_TOPIC = re.compile(r"\d+")


def topic_of(label: str) -> str:
    """The ECB+ topic of a gold story label (``"7ecbplus"`` -> ``"7"``)."""
    m = _TOPIC.match(label)
    if m is None:
        raise EvaluationDataError(
            f"Gold label {label!r} does not start with an ECB+ topic number; topic folds "
            "need labels like '7ecb' / '7ecbplus'.")
    return m.group(0)


def topic_folds(gold: Mapping[str, str], k: int = 5) -> list[frozenset[str]]:
    """Article ids per fold: topics in numeric order dealt round-robin into ``k`` folds."""
    topics = sorted({topic_of(g) for g in gold.values()}, key=int)
    if len(topics) < k:
        raise EvaluationDataError(f"{len(topics)} topics cannot make {k} folds.")
    fold_of = {t: i % k for i, t in enumerate(topics)}
    folds: list[set[str]] = [set() for _ in range(k)]
    for aid, label in gold.items():
        folds[fold_of[topic_of(label)]].add(aid)
    return [frozenset(f) for f in folds]


@dataclass(frozen=True, slots=True)
class CVScores:
    """Cross-validated scores of one system: pooled B-cubed over all held-out folds,
    each fold's F1, the candidate chosen for each fold, and the wall time."""

    system: str
    precision: float
    recall: float
    f1: float
    fold_f1: tuple[float, ...]
    chosen: tuple[str, ...]
    n_clusters: int
    seconds: float


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """Result of a cross-validation run: one row per system."""

    corpus: str
    n_articles: int
    n_gold: int
    k: int
    rows: tuple[CVScores, ...]

    def table(self) -> str:
        """Plain-text table: pooled B3 P/R/F1, fold F1 range, clusters, choices per fold."""
        lines = [
            f"{self.corpus}: {self.n_articles} articles, {self.n_gold} gold groups, "
            f"{self.k}-fold leave-topics-out cross-validation (each held-out fold clustered "
            "alone with what was chosen on the other folds)",
            f"{'system':<34} {'B3-P':>6} {'B3-R':>6} {'B3-F1':>6} {'fold F1 min-max':>16}"
            f" {'clusters':>8} {'seconds':>8}  chosen per fold",
        ]
        for r in self.rows:
            lo, hi = min(r.fold_f1), max(r.fold_f1)
            lines.append(
                f"{r.system:<34} {r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f}"
                f" {lo:7.3f} - {hi:6.3f} {r.n_clusters:8d} {r.seconds:8.1f}  "
                + ", ".join(r.chosen))
        return "\n".join(lines)


def _pooled(preds: Mapping[int, Prediction], gold: Mapping[str, str],
            folds: Sequence[int]) -> tuple[float, float, float]:
    """B-cubed of the predictions of ``folds`` together (cluster names kept apart per fold)."""
    pred = {aid: f"{i}:{c}" for i in folds for aid, c in preds[i].items()}
    return bcubed(pred, {aid: gold[aid] for aid in pred})


def _finish(system: str, held_out: Mapping[int, Prediction], chosen: Sequence[str],
            gold: Mapping[str, str], start: float) -> CVScores:
    k = len(held_out)
    p, r, f1 = _pooled(held_out, gold, range(k))
    fold_f1 = tuple(_pooled(held_out, gold, [i])[2] for i in range(k))
    clusters = len({(i, c) for i in range(k) for c in held_out[i].values()})
    return CVScores(system, p, r, f1, fold_f1, tuple(chosen), clusters,
                    time.perf_counter() - start)


def cross_validate_grid(
    system: str,
    candidates: Sequence[tuple[str, C]],
    run: Callable[[Sequence[str], C], Prediction],
    gold: Mapping[str, str],
    folds: Sequence[frozenset[str]],
) -> CVScores:
    """Cross-validate a system whose only choice is among fixed ``candidates``.

    ``run(ids, candidate)`` clusters the articles ``ids`` (sorted) and returns
    article id -> cluster name.
    """
    if not candidates:
        raise ValueError("cross_validate_grid needs at least one candidate")
    start = time.perf_counter()
    k = len(folds)
    per: list[dict[int, Prediction]] = [
        {i: run(sorted(folds[i]), cand) for i in range(k)} for _, cand in candidates]
    held_out: dict[int, Prediction] = {}
    chosen: list[str] = []
    for i in range(k):
        train = [j for j in range(k) if j != i]
        scores = [_pooled(per[c], gold, train)[2] for c in range(len(candidates))]
        best = max(range(len(candidates)), key=lambda c: (scores[c], -c))
        held_out[i] = per[best][i]
        chosen.append(candidates[best][0])
    return _finish(system, held_out, chosen, gold, start)


def pooled_f1(preds: Mapping[int, Prediction], gold: Mapping[str, str]) -> float:
    """B-cubed F1 of several collections' predictions pooled (cluster names kept apart)."""
    return _pooled(preds, gold, sorted(preds))[2]


@dataclass(frozen=True, slots=True)
class Learner(Generic[M, C]):
    """A system that trains on some folds: ``fit(folds)`` (the article ids of each
    training fold, sorted; each fold is a collection of its own) returns a model;
    ``candidates(model)`` the settings to choose among (e.g. decision thresholds);
    ``run(model, ids, candidate)`` clusters ``ids``."""

    fit: Callable[[Sequence[Sequence[str]]], M]
    candidates: Callable[[M], Sequence[tuple[str, C]]]
    run: Callable[[M, Sequence[str], C], Prediction]


def cross_validate_learned(
    system: str,
    learner: Learner[M, C],
    gold: Mapping[str, str],
    folds: Sequence[frozenset[str]],
) -> CVScores:
    """Cross-validate a trained system: for each fold, train on the other folds,
    choose its candidate on those same folds (each clustered alone), score the fold."""
    start = time.perf_counter()
    k = len(folds)
    held_out: dict[int, Prediction] = {}
    chosen: list[str] = []
    for i in range(k):
        train = [j for j in range(k) if j != i]
        model = learner.fit([sorted(folds[j]) for j in train])
        cands = learner.candidates(model)
        best: tuple[float, int] | None = None
        for c, (_, cand) in enumerate(cands):
            preds = {j: learner.run(model, sorted(folds[j]), cand) for j in train}
            f1 = _pooled(preds, gold, train)[2]
            if best is None or f1 > best[0]:
                best = (f1, c)
        assert best is not None
        held_out[i] = learner.run(model, sorted(folds[i]), cands[best[1]][1])
        chosen.append(cands[best[1]][0])
    return _finish(system, held_out, chosen, gold, start)
