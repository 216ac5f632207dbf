"""Precision, recall and F1: the one definition every evaluation shares; and the one
way spans are paired with gold spans (:func:`match_spans`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and their harmonic mean (0.0 where undefined)."""

    precision: float
    recall: float
    f1: float

    @staticmethod
    def of(tp: int, n_pred: int, n_gold: int) -> PRF:
        """From one true-positive count shared by both sides."""
        return PRF.counts(tp, n_pred, tp, n_gold)

    @staticmethod
    def counts(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> PRF:
        """From separate true-positive counts on the predicted and the gold side
        (they differ when one gold item may match several predictions)."""
        p = tp_pred / n_pred if n_pred else 0.0
        r = tp_gold / n_gold if n_gold else 0.0
        return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)


class Span(Protocol):
    """A character span of one article (gold or predicted quote, ...)."""

    @property
    def article(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def match_spans(gold: Sequence[Span], pred: Sequence[Span]) -> dict[int, int]:
    """Gold index -> predicted index, one to one: spans of the same article that overlap,
    best overlap (intersection over union of the characters) first, ties to the higher
    gold then predicted index; a span already matched is not matched again."""
    by_article: dict[str, list[int]] = {}
    for pi, p in enumerate(pred):
        by_article.setdefault(p.article, []).append(pi)
    pairs: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold):
        for pi in by_article.get(g.article, []):
            p = pred[pi]
            inter = min(g.end, p.end) - max(g.start, p.start)
            if inter > 0:
                pairs.append((inter / (max(g.end, p.end) - min(g.start, p.start)), gi, pi))
    pairs.sort(reverse=True)
    match: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in match and pi not in used:
            match[gi] = pi
            used.add(pi)
    return match
