"""Precision, recall and F1: the one definition every evaluation shares."""

from __future__ import annotations

from dataclasses import dataclass


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
