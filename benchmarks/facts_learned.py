"""Three ways to make "where sources differ" precise, measured side by side (issue 13).

Reads the reported pairs of a ``facts_sample.py --pairs FILE`` run (the rules at their
defaults) and the gold of ``gold/ecbplus-facts`` and prints one row per approach, dev
and unseen apart, for the differ kinds (conflicts, updates, misquotes):

* ``rules``: every reported pair (the rules of :mod:`newsweave.facts.values`);
* ``rules + min_confidence (CV)``: a strict threshold on the pair's confidence chosen by
  leave-one-story-out on the dev labels (the lowest one whose training precision reaches
  0.9), applied to the held-out dev story; the unseen stories are scored once with the
  threshold chosen on all dev stories;
* ``learned: logistic`` / ``learned: boosting``: a scikit-learn classifier over pair
  features (:func:`features`: kind and attribute family, confidence, value ratio, unit,
  lexical and MiniLM similarity of the claims, shared names, numbers per claim,
  pronoun subject, years, quotes) trained on the dev labels; dev is scored by
  leave-one-story-out (the threshold chosen inside each training fold by an inner
  leave-one-story-out), unseen once with the model and threshold of all dev stories.

Precision is over the labelled pairs a filter keeps (counts and a 95% Wilson interval);
"right kept" is the share of the labelled-right pairs it keeps; recall is conflict+update
recall on the recall gold with the filter applied (pairs, with counts).

    python benchmarks/facts_learned.py --corpus ECBPLUS.jsonl --gold gold/ecbplus-facts \\
        --pairs /tmp/pairs.pkl
"""

from __future__ import annotations

import argparse
import math
import pickle
import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

GRID = tuple(round(0.05 * k, 2) for k in range(2, 20))
TARGET = 0.9
_FAMILIES = ("deaths", "injured", "arrests", "amount", "number of", "year", "age", "score",
             "record", "distance", "duration", "calibre", "quoted words", "magnitude")
_PRONOUN = re.compile(r"^(?:he|she|they|it|his|her)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")


def _value(text: str) -> float | None:
    from newsweave.facts.numbers import find_numbers

    found = find_numbers(text)
    return abs(found[0].value) if found else None


def features(pair: Any, cosine: float) -> list[float]:
    """Numbers describing a reported pair (no label, no story id)."""
    from newsweave.align import content_tokens
    from newsweave.facts.numbers import find_numbers

    a, b = pair.a.text, pair.b.text
    ta, tb = content_tokens(a), content_tokens(b)
    jaccard = len(ta & tb) / len(ta | tb) if ta | tb else 0.0
    na, nb = set(_NAME.findall(a)), set(_NAME.findall(b))
    names = len(na & nb) / len(na | nb) if na | nb else 0.0
    va, vb = _value(pair.values[0]), _value(pair.values[1])
    ratio = math.log10(max(va, vb) / min(va, vb)) if va and vb else 0.0
    nums_a, nums_b = len(find_numbers(a)), len(find_numbers(b))
    ya, yb = set(_YEAR.findall(a)), set(_YEAR.findall(b))
    topic = getattr(pair, "topic", "") or ("quoted words" if pair.kind == "misquote" else "")
    family = [float(topic.startswith(f)) for f in _FAMILIES]
    unit = float(any(ch.isalpha() for ch in "".join(pair.values)))
    return [float(pair.kind == "misquote"), float(pair.kind == "update"), pair.confidence,
            ratio, unit, jaccard, cosine, names, float(min(nums_a, nums_b)),
            float(max(nums_a, nums_b)), float(bool(_PRONOUN.match(a) or _PRONOUN.match(b))),
            float(bool(ya or yb)), float(ya == yb), float('"' in a or "“" in a),
            float(len(a.split()) + len(b.split())), *family]


def _choose(scores: Sequence[float], right: Sequence[bool]) -> float:
    """The lowest threshold whose precision reaches TARGET, else the most precise."""
    best, best_p = GRID[0], -1.0
    for t in GRID:
        kept = [r for s, r in zip(scores, right, strict=True) if s >= t]
        p = sum(kept) / len(kept) if kept else 0.0
        if kept and p >= TARGET:
            return t
        if p > best_p:
            best, best_p = t, p
    return best


Model = Callable[[], Any]


def _fit_predict(make: Model, x: np.ndarray, y: np.ndarray, test: np.ndarray) -> np.ndarray:
    if len(set(y.tolist())) < 2:
        return np.full(len(test), float(y[0]) if len(y) else 0.5)
    model = make().fit(x, y)
    return np.asarray(model.predict_proba(test)[:, 1])


def loso(make: Model, x: np.ndarray, y: np.ndarray, groups: Sequence[str]) -> np.ndarray:
    """Leave-one-story-out probabilities."""
    out = np.zeros(len(y))
    g = np.asarray(groups)
    for story in sorted(set(groups)):
        test = g == story
        out[test] = _fit_predict(make, x[~test], y[~test], x[test])
    return out


def nested(make: Model, x: np.ndarray, y: np.ndarray, groups: Sequence[str]
           ) -> tuple[np.ndarray, list[float]]:
    """Held-out keep decisions: per outer fold, a threshold from an inner LOSO."""
    keep = np.zeros(len(y), dtype=bool)
    g = np.asarray(groups)
    chosen = []
    for story in sorted(set(groups)):
        test = g == story
        inner = loso(make, x[~test], y[~test], list(g[~test]))
        t = _choose(inner.tolist(), y[~test].astype(bool).tolist())
        chosen.append(t)
        keep[test] = _fit_predict(make, x[~test], y[~test], x[test]) >= t
    return keep, chosen


def _row(name: str, split: str, kept_right: int, kept: int, right_total: int,
         recall: tuple[int, int], note: str = "") -> str:
    from newsweave.evaluation.facts_real import wilson

    lo, hi = wilson(kept_right, kept)
    p = f"{kept_right / kept:.3f} ({kept_right}/{kept}; {lo:.2f}-{hi:.2f})" if kept else "-"
    r = f"{recall[0] / recall[1]:.3f} ({recall[0]}/{recall[1]})" if recall[1] else "-"
    return (f"| {name} | {split} | {p} | {kept_right}/{right_total} | {r} | {note} |")


def _above(prob: Mapping[int, float], threshold: float, pair: Any) -> bool:
    """Whether the model kept ``pair`` (its probability reaches the threshold)."""
    return prob.get(id(pair), 0.0) >= threshold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--gold", required=True, type=Path)
    parser.add_argument("--pairs", required=True, type=Path)
    args = parser.parse_args(argv)

    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from newsweave.evaluation.facts_gold import DIFFER, load_labels, load_recall, split_of
    from newsweave.evaluation.facts_real import judge, of_record, recall_rows
    from newsweave.evaluation.gold_refs import CorpusFields
    from newsweave.ingest import read_inputs
    from newsweave.nlp import Models

    by_id = {a.id: a for a in read_inputs([str(args.corpus)]).articles}
    fields = CorpusFields.read(args.corpus)
    problems: list[str] = []
    record = [lb for f in sorted(args.gold.glob("labels-*.jsonl"))
              if of_record(f.stem.split("-", 1)[1])
              for lb in load_labels(f, by_id, problems, fields)]
    recall = load_recall(args.gold / "recall-A.jsonl", by_id, problems, fields)
    with args.pairs.open("rb") as f:
        pairs: Mapping[str, list[Any]] = pickle.load(f)  # our own file (facts_sample.py)
    differ = {s: [p for p in ps if p.kind in DIFFER] for s, ps in pairs.items()}
    judged = {s: judge(ps, record) for s, ps in differ.items()}
    texts = sorted({c.text for ps in differ.values() for p in ps for c in (p.a, p.b)})
    vectors = Models().embedder.encode(texts)
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    row_of = {t: k for k, t in enumerate(texts)}

    def feats(p: Any) -> list[float]:
        return features(p, float(unit[row_of[p.a.text]] @ unit[row_of[p.b.text]]))

    def recall_of(keep: Callable[[Any], bool], split: str) -> tuple[int, int]:
        kept = {s: [p for p in ps if p.kind not in DIFFER or keep(p)] for s, ps in pairs.items()}
        gold = {s: g for s, g in recall.items() if split_of(s) == split}
        rows, _ = recall_rows(kept, gold, split)
        got = rows[0][2].split()[0] if rows else "0/0"
        n, d = got.split("/")
        return int(n), int(d)

    dev = [j for s, js in judged.items() if split_of(s) == "dev" for j in js
           if j.right is not None]
    unseen = [j for s, js in judged.items() if split_of(s) == "unseen" for j in js
              if j.right is not None]
    x_dev = np.array([feats(j.pair) for j in dev])
    y_dev = np.array([int(bool(j.right)) for j in dev])
    g_dev = [j.pair.story for j in dev]
    x_uns = np.array([feats(j.pair) for j in unseen]) if unseen else np.zeros((0, x_dev.shape[1]))
    y_uns = [bool(j.right) for j in unseen]
    print("| approach | split | differ precision (labelled kept; 95% CI) | right kept | "
          "conflict+update recall (recall-A) | note |")
    print("|---|---|---|---|---|---|")
    for split, items in (("dev", dev), ("unseen", unseen)):
        right = sum(bool(j.right) for j in items)
        print(_row("rules (default)", split, right, len(items), right,
                   recall_of(lambda p: True, split)))
    conf_dev = [j.pair.confidence for j in dev]
    keep = np.zeros(len(dev), dtype=bool)
    chosen = []
    for story in sorted(set(g_dev)):
        train = [k for k, s in enumerate(g_dev) if s != story]
        t = _choose([conf_dev[k] for k in train], [bool(y_dev[k]) for k in train])
        chosen.append(t)
        keep |= np.array([s == story and conf_dev[k] >= t for k, s in enumerate(g_dev)])
    t_all = _choose(conf_dev, y_dev.astype(bool).tolist())
    by_story_t = dict(zip(sorted(set(g_dev)), chosen, strict=True))
    print(_row("rules + min_confidence (CV)", "dev (LOSO)", int(y_dev[keep].sum()),
               int(keep.sum()), int(y_dev.sum()),
               recall_of(lambda p: p.confidence >= by_story_t.get(p.story, t_all), "dev"),
               f"folds chose {min(chosen):.2f}-{max(chosen):.2f}"))
    kept_u = [r for j, r in zip(unseen, y_uns, strict=True) if j.pair.confidence >= t_all]
    print(_row("rules + min_confidence (CV)", "unseen", sum(kept_u), len(kept_u), sum(y_uns),
               recall_of(lambda p: p.confidence >= t_all, "unseen"), f"threshold {t_all:.2f}"))
    models: dict[str, Model] = {
        "learned: logistic": lambda: make_pipeline(StandardScaler(), LogisticRegression(
            C=0.5, max_iter=2000, class_weight="balanced")),
        "learned: boosting": lambda: GradientBoostingClassifier(
            n_estimators=100, max_depth=2, learning_rate=0.1, random_state=13),
    }
    for name, make in models.items():
        keep, folds = nested(make, x_dev, y_dev, g_dev)
        kept_ids = {id(j.pair) for j, k in zip(dev, keep, strict=True) if k}

        def kept_dev(p: Any, ids: set[int] = kept_ids) -> bool:
            return id(p) in ids or p.story not in set(g_dev)

        print(_row(name, "dev (nested LOSO)", int(y_dev[keep].sum()), int(keep.sum()),
                   int(y_dev.sum()), recall_of(kept_dev, "dev"),
                   f"folds chose {min(folds):.2f}-{max(folds):.2f}; recall counts only "
                   "labelled pairs kept"))
        t = _choose(loso(make, x_dev, y_dev, g_dev).tolist(), y_dev.astype(bool).tolist())
        model = make().fit(x_dev, y_dev)
        uns_p = model.predict_proba(x_uns)[:, 1] if len(x_uns) else np.zeros(0)
        kept = [r for r, s in zip(y_uns, uns_p.tolist(), strict=True) if s >= t]
        all_uns = [p for s, ps in differ.items() if split_of(s) == "unseen" for p in ps]
        prob = dict(zip([id(p) for p in all_uns],
                        model.predict_proba(np.array([feats(p) for p in all_uns]))[:, 1].tolist()
                        if all_uns else [], strict=True))
        print(_row(name, "unseen", sum(kept), len(kept), sum(y_uns),
                   recall_of(partial(_above, prob, t), "unseen"),
                   f"threshold {t:.2f} (LOSO on dev)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
