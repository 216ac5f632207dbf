"""Issue 14, session 7: the online story split, cross-validated (used by
``benchmarks/bench_clustering_cv.py --rows online-split``; not part of the package).

The split (:mod:`newsweave.story_split`) runs inside :class:`newsweave.clustering.StoryIndex`:
a story is re-checked as it grows and cut in two when its members form two groups.
Its choices (``split_linkage``, ``split_min_part``, ``split_bar``, or no split at all)
are made by the package's CV protocol on the training folds only. Rows, all in one run:

* stories: the defaults without the split and the split chosen by CV;
* the same on the unseen part: choices on topics not divisible by 3, scored on the
  topics divisible by 3 (clustered alone);
* storylines against the topics, without and with the split: per fold, the split the
  story-level CV chose on that fold's training folds, then the storyline thresholds
  chosen on the training folds (each candidate runs the index with storylines, since
  a split-off story keeps its storyline).
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from newsweave.clustering import ClusterParams, cluster, cluster_with_storylines
from newsweave.evaluation.clustering import bcubed
from newsweave.evaluation.cross_validation import (
    CVScores,
    cross_validate_grid,
    pooled_f1,
    topic_of,
)
from newsweave.features import ArticleFeatures
from newsweave.storylines import (
    STORYLINE_MERGE_THRESHOLDS,
    STORYLINE_THRESHOLDS,
    StorylineParams,
)

Feats = Mapping[str, ArticleFeatures]
Folds = Sequence[frozenset[str]]

# Storyline thresholds searched (a sub-grid of the package's, around every choice made
# by earlier sessions' CV: t 0.2-0.275, m 0.275-0.3; each candidate runs the index).
LINE_T = (0.2, 0.3)
LINE_MERGE_MAX = 0.35
BARS = (0.12, 0.14, 0.16, 0.18, 0.2, 0.22, 0.24, 0.26, 0.28, 0.3)
MIN_PARTS = (3, 4, 5)
LINKAGES = ("average", "complete")


def candidates(base: ClusterParams) -> list[tuple[str, ClusterParams]]:
    out = [("no split", dataclasses.replace(base, split_bar=0.0))]
    out += [(f"{link} m={m} bar={bar}",
             dataclasses.replace(base, split_bar=bar, split_min_part=m, split_linkage=link))
            for link in LINKAGES for m in MIN_PARTS for bar in BARS]
    return out


CACHE = Path("/tmp/nw-online-split-runs.pkl")


class Runs:
    """``cluster()`` of each fold under each candidate, computed once (and kept in
    ``path`` under /tmp, keyed by the package's split and clustering code, so that the
    storyline rows reuse the story rows' runs)."""

    def __init__(self, feats: Feats, path: Path | None = None) -> None:
        self.feats, self.path = feats, path
        self._cache: dict[tuple[tuple[str, ...], ClusterParams], dict[str, str]] = {}
        if path is not None and path.exists():
            code, cache = pickle.loads(path.read_bytes())
            if code == _code_key():
                self._cache = cache

    def save(self) -> None:
        if self.path is not None:
            self.path.write_bytes(pickle.dumps((_code_key(), self._cache)))

    def run(self, ids: Sequence[str], params: ClusterParams) -> dict[str, str]:
        key = (tuple(ids), params)
        if key not in self._cache:
            self._cache[key] = cluster([self.feats[i] for i in ids], params)
        return self._cache[key]


def _code_key() -> str:
    src = Path(__file__).resolve().parents[1] / "src" / "newsweave"
    h = hashlib.sha1()
    for name in ("clustering.py", "story_split.py", "story_scoring.py", "story_states.py"):
        h.update((src / name).read_bytes())
    return h.hexdigest()


def story_rows(feats: Feats, gold: Mapping[str, str], folds: Folds,
               base: ClusterParams) -> tuple[list[CVScores], list[ClusterParams]]:
    """Defaults (no split) and the split by CV; also each fold's chosen parameters."""
    runs = Runs(feats, CACHE)
    cands = candidates(base)
    plain = cross_validate_grid("defaults, no split (same run)", cands[:1], runs.run, gold,
                                folds)
    split = cross_validate_grid(f"online split, choices by CV ({len(cands)} cand.)", cands,
                                runs.run, gold, folds)
    runs.save()
    chosen = [dict(cands)[name] for name in split.chosen]
    return [plain, split], chosen


def unseen_rows(feats: Feats, gold: Mapping[str, str], base: ClusterParams) -> list[CVScores]:
    """Choices on topics not divisible by 3 (4 folds of them), scored on topics divisible
    by 3 clustered alone: the no-split defaults and the split, same protocol."""
    seen = {a for a, g in gold.items() if int(topic_of(g)) % 3}
    unseen = frozenset(a for a in gold if a not in seen)
    seen_folds = _folds_of(seen, gold, 4)
    runs = Runs(feats)
    out = []
    for name, cands in (("no split", candidates(base)[:1]),
                        ("online split", candidates(base))):
        start = time.perf_counter()
        scores = [pooled_f1({i: runs.run(sorted(f), c) for i, f in enumerate(seen_folds)},
                            gold) for _, c in cands]
        best = max(range(len(cands)), key=lambda c: (scores[c], -c))
        pred = runs.run(sorted(unseen), cands[best][1])
        p, r, f1 = bcubed(pred, {a: gold[a] for a in pred})
        out.append(CVScores(
            f"{name}: chosen on topics not divisible by 3, scored on topics divisible by 3",
            p, r, f1, (f1,), (cands[best][0],), len(set(pred.values())),
            time.perf_counter() - start))
    return out


def _folds_of(ids: set[str], gold: Mapping[str, str], k: int) -> list[frozenset[str]]:
    topics = sorted({topic_of(gold[a]) for a in ids}, key=int)
    return [frozenset(a for a in ids if topic_of(gold[a]) in topics[i::k]) for i in range(k)]


def storyline_rows(feats: Feats, gold: Mapping[str, str], folds: Folds, base: ClusterParams,
                   chosen: Sequence[ClusterParams] | None, replace: bool = False,
                   name: str = "storylines vs topics, with the online split (per-fold choices)",
                   grid: tuple[Sequence[float], Sequence[float | None]] | None = None,
                   ) -> list[CVScores]:
    """Storylines vs topics without the split (``chosen=None``), or with each fold's
    CV-chosen split (``replace``: split parts re-placed, session 8; else they keep
    the parent story's storyline, as in session 7)."""
    topics = {a: topic_of(g) for a, g in gold.items()}
    default = StorylineParams(replace_split_parts=replace)
    ts, ms = grid or ([t for t in STORYLINE_THRESHOLDS if LINE_T[0] <= t <= LINE_T[1]],
                      [m for m in STORYLINE_MERGE_THRESHOLDS if m is None or m <= LINE_MERGE_MAX])
    line_cands = [(f"t={t} m={m}", dataclasses.replace(default, threshold=t, merge_threshold=m))
                  for m in ms for t in ts]
    cache: dict[tuple[tuple[str, ...], ClusterParams, StorylineParams], dict[str, str]] = {}

    def run(ids: Sequence[str], p: ClusterParams, sl: StorylineParams) -> dict[str, str]:
        key = (tuple(ids), p, sl)
        if key not in cache:
            cache[key] = cluster_with_storylines([feats[i] for i in ids], p, sl)[1]
        return cache[key]

    if chosen is None:
        plain = dataclasses.replace(base, split_bar=0.0)
        return [cross_validate_grid(
            f"storylines vs topics, no split ({len(line_cands)} cand.)", line_cands,
            lambda ids, sl: run(ids, plain, sl), topics, folds)]
    start = time.perf_counter()
    held: dict[int, dict[str, str]] = {}
    names = []
    for i, p in enumerate(chosen):
        train = [j for j in range(len(folds)) if j != i]
        scores = [pooled_f1({j: run(sorted(folds[j]), p, sl) for j in train}, topics)
                  for _, sl in line_cands]
        best = max(range(len(line_cands)), key=lambda c: (scores[c], -c))
        held[i] = run(sorted(folds[i]), p, line_cands[best][1])
        names.append(f"split bar={p.split_bar} {line_cands[best][0]}")
    row = cross_validate_grid(name,
                              [("-", None)], lambda ids, _: held[_index(folds, ids)], topics,
                              folds)
    return [dataclasses.replace(row, chosen=tuple(names), seconds=time.perf_counter() - start)]


def _index(folds: Folds, ids: Sequence[str]) -> int:
    return next(i for i, f in enumerate(folds) if f == frozenset(ids))
