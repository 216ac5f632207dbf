"""Statistics of the facts evaluation (issue 13): judging reported pairs against labels,
precision rows with Wilson intervals, agreement between labelling passes (Cohen's kappa),
and the leave-one-story-out choice of ``min_confidence``.

Split from :mod:`newsweave.evaluation.facts_real` (which re-exports every public name);
that module runs the system and assembles the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsweave.evaluation.facts_gold import (
    DIFFER,
    GoldDiscrepancy,
    Label,
    LabelIndex,
    Pair,
    same_discrepancy,
    verdict,
)

__all__ = [
    "RECORD",
    "SECOND",
    "SINGLE",
    "Judged",
    "Row",
    "agreement_rows",
    "calibrate",
    "cohen_kappa",
    "interval",
    "judge",
    "of_record",
    "precision_rows",
    "ratio",
    "second_pass_rows",
    "wilson",
]

Row = tuple[str, str, str]
RECORD = "adjudicated"
"""The labels of record are the files whose pass name holds this word
(``labels-adjudicated.jsonl``: pass A of sample v1 with the A/B disagreements
adjudicated; ``labels-v2-adjudicated.jsonl`` for sample v2) or ends in
:data:`SINGLE`, together; without any, the first pass alphabetically."""
SECOND = "-B"
"""Suffix of a later second pass (``labels-unseen-B.jsonl``): not of record; its
agreement with the labels of record is reported (:func:`second_pass_rows`)."""
SINGLE = "single"
"""Suffix of a single-pass labels file of record (``labels-v2-dev-single.jsonl``: a sample
labelled once, no second pass yet): scored with the adjudicated labels, and its name
is in every precision row, so a reader sees that part of the gold is single-pass."""


def of_record(name: str) -> bool:
    """Whether the labels pass ``name`` (``labels-<name>.jsonl``) is of record."""
    return RECORD in name or name.endswith(SINGLE)


@dataclass(frozen=True, slots=True)
class Judged:
    """A reported pair with the label that judges it (``None``: unlabelled) and whether
    that label says it is right (``None``: no usable verdict, i.e. unlabelled)."""

    pair: Pair
    label: Label | None
    right: bool | None


def judge(pairs: Iterable[Pair], labels: Iterable[Label]) -> list[Judged]:
    """Each pair with its label and verdict (:meth:`LabelIndex.find`, :func:`verdict`)."""
    index = LabelIndex(labels)
    out = []
    for p in pairs:
        a, b = p.spans
        label = index.find(p.story, p.kind, a, b)
        out.append(Judged(p, label, verdict(label, p.kind) if label else None))
    return out


def cohen_kappa(x: Sequence[str], y: Sequence[str]) -> float:
    """Cohen's kappa of two label sequences of equal length (1.0 when both are constant
    and equal)."""
    n = len(x)
    if n == 0:
        return 0.0
    observed = sum(a == b for a, b in zip(x, y, strict=True)) / n
    cats = set(x) | set(y)
    expected = sum((x.count(c) / n) * (y.count(c) / n) for c in cats)
    return 1.0 if expected == 1.0 else (observed - expected) / (1.0 - expected)


def ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "-"


def wilson(num: int, den: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``num / den`` (95% for ``z = 1.96``):
    honest at small ``den`` and at 0 or 1, where the normal interval collapses."""
    if den == 0:
        return 0.0, 1.0
    p = num / den
    centre = (p + z * z / (2 * den)) / (1 + z * z / den)
    half = z * ((p * (1 - p) / den + z * z / (4 * den * den)) ** 0.5) / (1 + z * z / den)
    return max(0.0, centre - half), min(1.0, centre + half)


def interval(num: int, den: int) -> str:
    low, high = wilson(num, den)
    return f"95% CI {low:.2f}-{high:.2f}" if den else "no items"


def precision_rows(judged: Sequence[Judged], name: str) -> list[Row]:
    """Precision of the differ kinds together and one by one, and of consensus."""
    rows: list[Row] = []
    for title, kinds in (("differ", DIFFER), *((k, (k,)) for k in DIFFER),
                         ("consensus", ("consensus",))):
        mine = [j for j in judged if j.pair.kind in kinds]
        if not mine and title in DIFFER:
            continue
        done = [j for j in mine if j.right is not None]
        right = sum(bool(j.right) for j in done)
        rows.append((f"{name} {title} precision", ratio(right, len(done)),
                     f"{right}/{len(done)} labelled right ({interval(right, len(done))}); "
                     f"{len(mine) - len(done)} of {len(mine)} reported unlabelled"))
    return rows


def agreement_rows(labels: Mapping[str, Sequence[Label]],
                   recall: Mapping[str, Mapping[str, Sequence[GoldDiscrepancy]]]) -> list[Row]:
    """Label agreement and kappa between the first two passes on the pairs both labelled,
    and F1 between their recall lists on the stories both annotated."""
    rows: list[Row] = []
    passes = sorted(labels)
    if len(passes) >= 2:
        a, b = ({lb.key: lb.label for lb in labels[p] if lb.label} for p in passes[:2])
        common = sorted(set(a) & set(b), key=str)
        xs, ys = [a[k] or "" for k in common], [b[k] or "" for k in common]
        agree = sum(x == y for x, y in zip(xs, ys, strict=True))
        rows.append((f"label agreement {passes[0]}/{passes[1]}", ratio(agree, len(common)),
                     f"{agree}/{len(common)} pairs"))
        rows.append(("label kappa", f"{cohen_kappa(xs, ys):.3f}" if common else "-", ""))
    rpasses = sorted(recall)
    if len(rpasses) >= 2:
        ga, gb = recall[rpasses[0]], recall[rpasses[1]]
        stories = sorted(set(ga) & set(gb))
        tp_a = tp_b = n_a = n_b = 0
        for s in stories:
            n_a += len(ga[s])
            n_b += len(gb[s])
            tp_a += sum(any(same_discrepancy(x, y) for y in gb[s]) for x in ga[s])
            tp_b += sum(any(same_discrepancy(x, y) for x in ga[s]) for y in gb[s])
        p = tp_b / n_b if n_b else 0.0
        r = tp_a / n_a if n_a else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        rows.append((f"recall gold F1 {rpasses[0]}/{rpasses[1]}", f"{f1:.3f}",
                     f"{len(stories)} stories, {n_a} / {n_b} pairs"))
    return rows


def second_pass_rows(record: Sequence[Label], passes: Mapping[str, Sequence[Label]]
                     ) -> list[Row]:
    """Agreement of each later second pass (``labels-<name>-B.jsonl``: an independent
    relabelling of pairs whose first labels are of record) with the first labels, on the
    pairs both judge: label agreement with counts and Cohen's kappa."""
    first = {lb.key: lb.label for lb in record if lb.label}
    rows: list[Row] = []
    for name, items in sorted(passes.items()):
        second = {lb.key: lb.label for lb in items if lb.label}
        common = sorted(set(first) & set(second), key=str)
        xs, ys = [first[k] or "" for k in common], [second[k] or "" for k in common]
        agree = sum(x == y for x, y in zip(xs, ys, strict=True))
        rows.append((f"label agreement first pass/{name}", ratio(agree, len(common)),
                     f"{agree}/{len(common)} pairs"))
        rows.append((f"label kappa first pass/{name}",
                     f"{cohen_kappa(xs, ys):.3f}" if common else "-", ""))
    return rows


def calibrate(judged: Sequence[Judged], kinds: Sequence[str], target: float = 0.9,
              grid: Sequence[float] = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
              ) -> tuple[float, list[Row]]:
    """A ``min_confidence`` for pairs of ``kinds``, chosen by leave-one-story-out
    cross-validation over the labelled pairs: in each fold, the lowest threshold of
    ``grid`` whose precision on the other stories reaches ``target`` (else the most
    precise one); the held-out stories are scored with it. Returns the threshold chosen
    on all stories and rows: the pooled held-out precision and how many pairs it keeps."""
    items = [(j.pair.story, j.pair.confidence, bool(j.right)) for j in judged
             if j.pair.kind in kinds and j.right is not None]

    def choose(train: Sequence[tuple[str, float, bool]]) -> float:
        best, best_precision = grid[0], -1.0
        for t in grid:
            kept = [r for _, c, r in train if c >= t]
            precision = sum(kept) / len(kept) if kept else 0.0
            if kept and precision >= target:
                return t
            if precision > best_precision:
                best, best_precision = t, precision
        return best

    right = kept = 0
    chosen: list[float] = []
    for story in sorted({s for s, _, _ in items}):
        t = choose([x for x in items if x[0] != story])
        chosen.append(t)
        held = [r for s, c, r in items if s == story and c >= t]
        kept += len(held)
        right += sum(held)
    final = choose(items)
    name = "/".join(kinds) if len(kinds) < 3 else "differ"
    return final, [
        (f"{name} min_confidence (all dev stories)", f"{final:.2f}",
         f"folds chose {min(chosen, default=final):.2f}-{max(chosen, default=final):.2f}"),
        (f"{name} held-out precision (leave one story out)", ratio(right, kept),
         f"{right}/{kept} kept of {len(items)} labelled")]
