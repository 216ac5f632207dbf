"""The length budget and the parameters of the summariser."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAX_BUDGET_WORDS", "SummaryBudget", "SummaryParams"]

MAX_BUDGET_WORDS = 100_000


@dataclass(frozen=True, slots=True)
class SummaryBudget:
    """How long a summary may be: at most ``sentences`` sentences and ``words`` words.

    Either limit may be ``None`` (no limit of that kind) but not both. Words are
    counted as ROUGE counts them (``-l``): whitespace-separated tokens, so
    ``"U.S.-China"`` is one word and ``"talks ,"`` two. Raises ``ValueError`` (its
    message says what to pass) for a limit below 1, above
    :data:`MAX_BUDGET_WORDS`, or when both are ``None``.
    """

    sentences: int | None = 5
    words: int | None = None

    def __post_init__(self) -> None:
        if self.sentences is None and self.words is None:
            raise ValueError("A summary budget needs a sentence limit, a word limit or both.")
        for name, value in (("sentences", self.sentences), ("words", self.words)):
            if value is not None and not 1 <= value <= MAX_BUDGET_WORDS:
                raise ValueError(
                    f"The summary budget's {name} must be between 1 and {MAX_BUDGET_WORDS}, "
                    f"got {value}."
                )


@dataclass(frozen=True, slots=True)
class SummaryParams:
    """Parameters of the summariser (their roles: :mod:`newsweave.summarize`).

    Not tuned on data we wrote: ``min_concept_sources`` and ``cost_exponent`` are
    the published choices (Gillick and Favre 2009: concepts found in at least a
    few documents; Lin and Bilmes 2010: gain per word to a power below 1), the
    attribution thresholds are :data:`newsweave.align.DEFAULT_THRESHOLD`
    (calibrated for "is a rewording of") and the verbatim-copy level, and the
    priors are round values (docs/summaries.md reports what each is worth on
    the dev stories, cross-validated).
    """

    attribution_threshold: float = 0.55
    verbatim_threshold: float = 0.8
    fact_min_cosine: float = 0.55
    min_outlets: int = 3
    """With fewer distinct outlets, every article counts as its own source."""
    min_concept_sources: int = 2
    """A concept must be in this many independent articles to weigh anything."""
    lead_weight: float = 1.0
    support_weight: float = 0.5
    quote_penalty: float = 1.0
    anaphora_penalty: float = 0.5
    cost_exponent: float = 0.5
    max_overlap: float = 0.85
    focus_weight: float = 1.0
    """How strongly a ``focus`` question steers the choice (0: ignored)."""
    max_candidates: int = 800
    """Larger stories keep only their best-scoring candidates (speed, memory)."""
