"""Issue 14, session 9: train the storyline link model and measure it under CV.

The benchmarks' :mod:`storyline_online` (not shipped) places stories in storylines online
by a small logistic model over story-pair features. This script

* trains that model (``train``): stories from ``cluster()`` of each given fold (each fold
  clustered alone, the story parameters given), every pair of stories whose centroids pass
  ``min_cosine`` is an example (label: the two stories' majority ECB+ topics agree; features
  from :func:`storyline_online.pair_features` over the fold's articles), logistic
  regression with balanced classes on standardised features; then the cut ``link`` chosen
  by pooled B3 of the *online* storylines over the same folds;
* measures it by leave-topics-out CV (``online_links_cv``, a row of
  ``bench_clustering_cv.py --rows storylines-s9``): per held-out fold, model and cut from
  the 4 training folds, the held-out fold's articles fed one by one (publication order)
  with their stories to a fresh :class:`~storyline_online.StoryLinks`;
* writes the model file (``main``): trained on all 35 topics (5 folds), written to
  ``benchmarks/data/storyline_links.json``.

    PYTHONPATH=src .venv/bin/python benchmarks/train_storyline_links.py [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import storyline_participants as participants
from numpy.typing import NDArray
from storyline_links import PerFold
from storyline_online import (
    DEFAULT_LINK_MODEL,
    LinkModel,
    StoryLinks,
    load_link_model,
)

from newsweave.clustering import ClusterParams
from newsweave.evaluation.cross_validation import CVScores, pooled_f1
from newsweave.features import ArticleFeatures

ROOT = Path(__file__).resolve().parents[1]
LINKS = tuple(round(p, 2) for p in np.arange(0.2, 0.96, 0.05))
MIN_COSINES = (0.2, 0.3, 0.35, 0.4, 0.5)


def bootstrap_model(min_cosine: float) -> LinkModel:
    """A model that only serves to collect pair features (its probabilities are unused)."""
    return LinkModel((0.0,) * 8, 0.0, (0.0,) * 8, (1.0,) * 8, 0.5, min_cosine)


def online(feats: Mapping[str, ArticleFeatures], pred: Mapping[str, str],
           model: LinkModel | None = None, min_cosine: float = 0.35) -> StoryLinks:
    """The fold's articles fed one by one (publication order: ids) with their stories
    (no ``model``: a feature-collecting run with pre-filter ``min_cosine``)."""
    links = StoryLinks(model or bootstrap_model(min_cosine), keep_features=model is None)
    for a in sorted(pred):
        links.add(feats[a], pred[a])
    return links


def examples(links: StoryLinks, pred: Mapping[str, str], topics: Mapping[str, str],
             ) -> tuple[NDArray[np.float64], NDArray[np.int_]]:
    """The pairs an online run scored, with their features as last computed (label: the
    two stories' majority topics agree)."""
    votes: dict[str, Counter[str]] = {}
    for a, s in pred.items():
        votes.setdefault(s, Counter())[topics[a]] += 1
    major = {s: v.most_common(1)[0][0] for s, v in votes.items()}
    assert links.pair_x is not None
    pairs = sorted(links.pair_x)
    x = np.array([links.pair_x[p] for p in pairs]).reshape(-1, 8)
    return x, np.array([major[a] == major[b] for a, b in pairs], dtype=int)


def fit(x: NDArray[np.float64], y: NDArray[np.int_], min_cosine: float) -> LinkModel:
    """Logistic regression (balanced, standardised) as a :class:`LinkModel` (cut 0.5)."""
    from sklearn.linear_model import LogisticRegression

    z = x.copy()
    z[:, 4:6] = np.log1p(z[:, 4:6])
    mean, scale = z.mean(axis=0), z.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=1.0, max_iter=1000, class_weight="balanced")
    lr.fit((z - mean) / scale, y)
    return LinkModel(tuple(map(float, lr.coef_[0])), float(lr.intercept_[0]),
                     tuple(map(float, mean)), tuple(map(float, scale)), 0.5, min_cosine)


def _lines(pred: Mapping[str, str], of_story: Mapping[str, str]) -> dict[str, str]:
    return {a: of_story[s] for a, s in pred.items()}


def train(runs: Sequence[StoryLinks], preds: Sequence[Mapping[str, str]],
          topics: Mapping[str, str]) -> tuple[LinkModel, float]:
    """Model fitted on the pairs the folds' online runs scored, cut chosen by pooled B3 of
    the online storylines over the same folds (:meth:`StoryLinks.rescore` + ``cut``);
    also that pooled B3-F1."""
    xs, ys = zip(*(examples(r, p, topics) for r, p in zip(runs, preds, strict=True)),
                 strict=True)
    model = fit(np.concatenate(xs), np.concatenate(ys), runs[0].model.min_cosine)
    for r in runs:
        r.rescore(model)
    scores = [pooled_f1({j: _lines(p, r.cut(link)) for j, (p, r)
                         in enumerate(zip(preds, runs, strict=True))}, topics)
              for link in LINKS]
    best = max(range(len(LINKS)), key=lambda c: (scores[c], -c))
    return LinkModel(model.coef, model.intercept, model.mean, model.scale, LINKS[best],
                     model.min_cosine), scores[best]


class OnlineRuns:
    """Each fold's online feature-collecting run per story parameters, computed once."""

    def __init__(self, data: PerFold) -> None:
        self.data = data
        self._cache: dict[tuple[int, ClusterParams, float], StoryLinks] = {}

    def get(self, j: int, params: ClusterParams, min_cosine: float) -> StoryLinks:
        if (j, params, min_cosine) not in self._cache:
            self._cache[j, params, min_cosine] = online(
                self.data.feats, self.data.get(j, params).pred, min_cosine=min_cosine)
        return self._cache[j, params, min_cosine]


def choose(runs: OnlineRuns, folds: Sequence[int], params: ClusterParams,
           topics: Mapping[str, str]) -> LinkModel:
    """Pre-filter, model and cut with the best pooled B3-F1 over ``folds``."""
    preds = [runs.data.get(j, params).pred for j in folds]
    best = [train([runs.get(j, params, mc) for j in folds], preds, topics)
            for mc in MIN_COSINES]
    return max(best, key=lambda ms: ms[1])[0]


def online_links_cv(data: PerFold, chosen: Sequence[ClusterParams], runs: OnlineRuns,
                    second_stage: bool = False) -> CVScores:
    """Per held-out fold: pre-filter, model and cut from the 4 training folds (stories with
    that fold's story parameters), the held-out fold's storylines as an online run with
    that model gives them (checked against a fresh run on fold 0); ``second_stage``: then
    the participant split (``storyline_participants``), its parameters chosen on the
    training folds' storylines."""
    start = time.perf_counter()
    k = len(data.folds)
    held: dict[int, dict[str, str]] = {}
    names = []
    for i, params in enumerate(chosen):
        train_ids = [j for j in range(k) if j != i]
        model = choose(runs, train_ids, params, data.topics)
        pred = data.get(i, params).pred
        run = runs.get(i, params, model.min_cosine)
        run.rescore(model)
        if i == 0:  # the shortcut equals a real online run with the model
            fresh = online(data.feats, pred, model)
            assert _parts(fresh.of_story) == _parts(run.of_story), "rescore != online run"
        held[i] = _lines(pred, run.of_story)
        label = f"cos>={model.min_cosine} p={model.link}"
        if second_stage:
            preds = [data.get(j, params).pred for j in train_ids]
            lines = []
            for j, p in zip(train_ids, preds, strict=True):
                r = runs.get(j, params, model.min_cosine)
                r.rescore(model)
                lines.append(_lines(p, r.of_story))
            post = participants.choose(data.feats, preds, lines, data.topics)
            held[i] = participants.split_by_participants(data.feats, pred, held[i], post)
            label += f" split={post}"
        names.append(label)
    name = "(e) online learned story links (package StoryLinks)"
    return _score(name + (" + (f) participant split" if second_stage else ""), data, held,
                  names, start)


def shipped_split_cv(data: PerFold, chosen: Sequence[ClusterParams]) -> CVScores:
    """The shipped storylines (``StorylineParams()``, fixed) over each fold's stories, then
    the participant split with its parameters chosen on the training folds."""
    from newsweave.clustering import storylines_over

    start = time.perf_counter()
    k = len(data.folds)
    held: dict[int, dict[str, str]] = {}
    names = []
    for i, params in enumerate(chosen):
        lines = {j: storylines_over([data.feats[a] for a in sorted(data.get(j, params).pred)],
                                    data.get(j, params).pred) for j in range(k)}
        train_ids = [j for j in range(k) if j != i]
        post = participants.choose(data.feats, [data.get(j, params).pred for j in train_ids],
                                   [lines[j] for j in train_ids], data.topics)
        held[i] = participants.split_by_participants(data.feats, data.get(i, params).pred,
                                                     lines[i], post)
        names.append(f"split={post}")
    return _score("(f) shipped storylines (fixed t=0.275 m=0.3) + participant split", data,
                  held, names, start)


def _score(name: str, data: PerFold, held: Mapping[int, Mapping[str, str]],
           names: Sequence[str], start: float) -> CVScores:
    from newsweave.evaluation.clustering import bcubed

    k = len(held)
    pooled = {f"{i}:{a}": f"{i}:{s}" for i, pred in held.items() for a, s in pred.items()}
    gold = {f"{i}:{a}": data.topics[a] for i, pred in held.items() for a in pred}
    p, r, f1 = bcubed(pooled, gold)
    folds_f1 = tuple(bcubed(dict(held[i]), {a: data.topics[a] for a in held[i]})[2]
                     for i in range(k))
    return CVScores(name, p, r, f1, folds_f1, tuple(names), len(set(pooled.values())),
                    time.perf_counter() - start)


def s9_rows(data: PerFold, chosen: Sequence[ClusterParams]) -> list[CVScores]:
    """Session 9's storyline rows (``bench_clustering_cv.py --rows storylines-s9``)."""
    runs = OnlineRuns(data)
    return [online_links_cv(data, chosen, runs), online_links_cv(data, chosen, runs, True),
            shipped_split_cv(data, chosen)]


def _parts(of_story: Mapping[str, str]) -> set[frozenset[str]]:
    out: dict[str, set[str]] = {}
    for s, line in of_story.items():
        out.setdefault(line, set()).add(s)
    return {frozenset(v) for v in out.values()}


def add_cost(n: int, probes: int = 100) -> None:
    """CPU ms per :meth:`StoryLinks.add` (median, p90) on ``n`` synthetic articles in
    stories of 10 (``bench_clustering.synthetic``; its stories share a subject in groups of
    20 so that links exist), stories bulk-loaded, then ``probes`` new articles added."""
    import dataclasses
    import datetime as dt
    import random
    import statistics

    from clustering_scale import synthetic

    items = synthetic(n, random.Random(n), dt.date(2024, 1, 1), days=365)
    rng = np.random.default_rng(n)
    subjects = rng.normal(0, 1, (max(1, n // 200), items[0][1].embedding.shape[0]))
    links = StoryLinks(load_link_model())
    by_story: dict[str, list[ArticleFeatures]] = {}
    for key, f in items:
        by_story.setdefault(key, []).append(f)
    for i, (key, members) in enumerate(by_story.items()):
        subject = subjects[i // 20 % len(subjects)]
        for f in members:
            vec = f.embedding + 0.08 * subject.astype(np.float32)
            f = dataclasses.replace(f, embedding=vec / np.linalg.norm(vec))
            links.freq.add(f)
            links._summary(key).add(f)  # bulk: as if added one by one
        links._put_row(key)
        links.of_story[key] = key
    cpu = []
    for j, (key, f) in enumerate(items[:probes]):
        g = dataclasses.replace(f, article_id=f"probe-{j}")
        c = time.process_time()
        links.add(g, key if j % 2 else f"probe-story-{j}")
        cpu.append((time.process_time() - c) * 1000)
    near = [len(v) for v in links.probs.values() if v]
    print(f"StoryLinks.add at {n} articles ({len(links.stories)} stories): CPU ms median "
          f"{statistics.median(cpu):.1f}, p90 {sorted(cpu)[int(0.9 * len(cpu))]:.1f}; "
          f"stories scored per add (median) {statistics.median(near) if near else 0}")


def main() -> None:
    import bench_clustering_cv as bcv

    from newsweave.evaluation.clustering import load_gold_corpus
    from newsweave.evaluation.cross_validation import topic_folds, topic_of

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/ecbplus")
    ap.add_argument("--features", type=Path, default=Path("/tmp/nw-ecb-features.pkl"))
    ap.add_argument("--out", type=Path, default=DEFAULT_LINK_MODEL)
    ap.add_argument("--cost", type=int, default=0,
                    help="only measure the add cost on this many synthetic articles")
    args = ap.parse_args()
    if args.cost:
        add_cost(args.cost)
        return
    corpus = load_gold_corpus(args.data)
    feats = bcv.cached_features(corpus, args.features)
    by_id = {f.article_id: f for f in feats}
    gold = corpus.gold
    folds = topic_folds(gold, 5)
    topics = {a: topic_of(g) for a, g in gold.items()}
    data = PerFold(by_id, folds, topics)
    params = ClusterParams()  # the shipped story defaults (online split on)
    model = choose(OnlineRuns(data), range(len(folds)), params, topics)
    raw = {"name": "ecbplus-storyline-links",
           "trained_on": "ECB+ topics 1-35, stories of ClusterParams() per fold (5 folds)",
           **model.to_json()}
    args.out.write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: min_cosine={model.min_cosine} link={model.link}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
