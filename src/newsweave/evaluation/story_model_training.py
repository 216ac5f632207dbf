"""Train the learned article-to-story scorer (:mod:`newsweave.story_model`) on gold stories.

Examples come from the states the clusterer itself visits: each training
collection (an ECB+ fold: its topics clustered alone, as in
:mod:`newsweave.evaluation.cross_validation`) is clustered online with the
hand-set scorer, and every story scored for an article (the ``top_k`` nearest)
gives one example: its pair features, labelled 1 when the article's gold story
is the story's majority gold story. A logistic regression (scikit-learn,
standardised features) fits them; the join probability ``threshold`` is then
chosen by clustering each training collection with the model and pooling B3
(the clustering objective, not the per-example loss). Under cross-validation
this happens on 4 folds and the 5th is scored; the shipped model is trained the
same way on all 5 folds of ECB+ topics 1-35.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence

from newsweave.clustering import MemoryStoryState, StoryIndex, cluster, publication_order
from newsweave.evaluation.cross_validation import CVScores, Learner, cross_validate_learned
from newsweave.index_state import ClusterParams
from newsweave.model import ArticleFeatures
from newsweave.story_model import PAIR_FEATURES, StoryModel

__all__ = ["MODEL_FEATURES", "TAUS", "decision_examples", "fit_story_model", "learned_cv",
           "story_model_learner", "train_story_model"]

# Join probabilities the threshold is chosen among (on the training collections).
TAUS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
MODEL_FEATURES = PAIR_FEATURES


def decision_examples(features: Sequence[ArticleFeatures], gold: Mapping[str, str],
                      params: ClusterParams, names: Sequence[str] = MODEL_FEATURES,
                      ) -> tuple[list[list[float]], list[int]]:
    """Cluster ``features`` (one collection) with the hand-set scorer; one example per
    story scored for an article: its pair features ``names``, and 1 when the article's
    gold story is the story's majority gold story (else 0)."""
    index = StoryIndex(MemoryStoryState(params))
    index.seen = []
    members: dict[str, Counter[str]] = {}
    rows: list[list[float]] = []
    labels: list[int] = []
    for f in publication_order(features):
        index.seen.clear()
        key = index.add(f)
        for story, values in index.seen:
            majority = members[story].most_common(1)[0][0]
            rows.append([values[n] for n in names])
            labels.append(int(majority == gold[f.article_id]))
        members.setdefault(key, Counter())[gold[f.article_id]] += 1
    return rows, labels


def fit_story_model(rows: Sequence[Sequence[float]], labels: Sequence[int],
                    names: Sequence[str] = MODEL_FEATURES, *, threshold: float = 0.5,
                    name: str = "ecbplus-logistic", note: str = "") -> StoryModel:
    """A logistic regression (C=1, standardised features) over the examples."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(rows, dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = LogisticRegression(C=1.0, max_iter=5000).fit((x - mean) / scale,
                                                          np.asarray(labels))
    return StoryModel(
        name=name, features=tuple(names), mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        weights=tuple(float(v) for v in fitted.coef_[0]), bias=float(fitted.intercept_[0]),
        threshold=threshold, min_match=threshold, note=note)


def story_model_learner(by_id: Mapping[str, ArticleFeatures], gold: Mapping[str, str],
                        params: ClusterParams, names: Sequence[str] = MODEL_FEATURES,
                        taus: Sequence[float] = TAUS) -> Learner[StoryModel, float]:
    """The learned scorer as a cross-validation :class:`Learner`: fit on the training
    folds' decisions, choose the join probability among ``taus``."""

    def fit(folds: Sequence[Sequence[str]]) -> StoryModel:
        rows: list[list[float]] = []
        labels: list[int] = []
        for ids in folds:
            r, y = decision_examples([by_id[i] for i in ids], gold, params, names)
            rows += r
            labels += y
        return fit_story_model(rows, labels, names)

    def run(model: StoryModel, ids: Sequence[str], tau: float) -> dict[str, str]:
        tuned = dataclasses.replace(model, threshold=tau, min_match=tau)
        return cluster([by_id[i] for i in ids], params, model=tuned)

    return Learner(fit=fit, candidates=lambda _: [(f"p={t}", t) for t in taus], run=run)


def learned_cv(features: Sequence[ArticleFeatures], gold: Mapping[str, str],
               folds: Sequence[frozenset[str]], params: ClusterParams,
               names: Sequence[str] = MODEL_FEATURES, taus: Sequence[float] = TAUS,
               ) -> CVScores:
    """Cross-validated B3 of the learned scorer (trained and tuned on the other folds;
    join probability among ``taus``)."""
    by_id = {f.article_id: f for f in features}
    return cross_validate_learned("newsweave learned (logistic)",
                                  story_model_learner(by_id, gold, params, names, taus), gold,
                                  folds)


def train_story_model(features: Sequence[ArticleFeatures], gold: Mapping[str, str],
                      folds: Sequence[frozenset[str]], params: ClusterParams,
                      names: Sequence[str] = MODEL_FEATURES, note: str = "") -> StoryModel:
    """The model to ship: fit on every fold, threshold chosen on every fold (each alone)."""
    from newsweave.evaluation.cross_validation import pooled_f1

    by_id = {f.article_id: f for f in features}
    learner = story_model_learner(by_id, gold, params, names)
    model = learner.fit([sorted(f) for f in folds])
    best = max(TAUS, key=lambda t: (pooled_f1(
        {i: learner.run(model, sorted(f), t) for i, f in enumerate(folds)}, gold), -t))
    return dataclasses.replace(model, threshold=best, min_match=best, note=note)
