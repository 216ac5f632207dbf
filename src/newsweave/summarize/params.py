"""The length budget and the tuning parameters of the summariser."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SummaryBudget", "SummaryParams"]


@dataclass(frozen=True, slots=True)
class SummaryBudget:
    """How long a summary may be: at most ``sentences`` sentences and ``words`` words.

    Either limit may be ``None`` (no limit of that kind) but not both. Words are
    counted as runs of letters/digits (``"U.S."`` and ``"3,400"`` are one word each).
    Raises ``ValueError`` for a non-positive limit or when both are ``None``.
    """

    sentences: int | None = 5
    words: int | None = None

    def __post_init__(self) -> None:
        if self.sentences is None and self.words is None:
            raise ValueError("A summary budget needs a sentence limit, a word limit or both.")
        for name, value in (("sentences", self.sentences), ("words", self.words)):
            if value is not None and value < 1:
                raise ValueError(f"The summary budget's {name} must be at least 1, got {value}.")


@dataclass(frozen=True, slots=True)
class SummaryParams:
    """Tuning parameters (their roles are described in :mod:`newsweave.summarize`).

    The defaults were chosen on the demo corpus references and the seeds
    (``docs/summaries.md``); ``attribution_threshold`` is
    :data:`newsweave.align.DEFAULT_THRESHOLD`, calibrated there for "is a
    rewording of".
    """

    attribution_threshold: float = 0.55
    verbatim_threshold: float = 0.8
    fact_min_cosine: float = 0.55
    min_sources: int = 2
    single_source_weight: float = 0.0
    lead_weight: float = 1.0
    support_weight: float = 0.5
    quote_penalty: float = 1.0
    anaphora_penalty: float = 0.5
    cost_exponent: float = 0.5
    max_overlap: float = 0.85
