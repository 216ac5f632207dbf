"""Baselines and statistics for summary evaluation: leads, paired bootstrap, human agreement.

* :func:`lead_newest` and :func:`lead_round_robin` are the DUC baselines: the
  first sentences of the newest article, and the first sentence of every
  article in turn, then the second, ... (publication order). Both stop once the
  budget is *reached*: the scorer cuts the text to the budget (ROUGE ``-l``).
* :func:`paired_bootstrap` resamples stories with replacement (Koehn 2004;
  Berg-Kirkpatrick et al. 2012) to put a confidence interval on the difference
  of two systems' mean scores over the same stories.
* :func:`reference_agreement` scores each reference pass against the other
  (A against B and B against A, averaged): the ceiling a human reaches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.evaluation.rouge import RougeResult, rouge
from newsweave.evaluation.summaries import EvalStory, SummaryTask
from newsweave.summarize import SummaryBudget

__all__ = [
    "BootstrapDiff",
    "lead_newest",
    "lead_round_robin",
    "paired_bootstrap",
    "reference_agreement",
]


def _leads(story: EvalStory) -> list[list[str]]:
    """Each non-duplicate article's sentences, articles in publication order."""
    return [[s.text for s in story.sentences.get(a.id, ())]
            for a in story.articles if a.id not in story.duplicate_of]


def _fill(sentences: Sequence[str], budget: SummaryBudget) -> list[str]:
    out: list[str] = []
    words = 0
    for text in sentences:
        if budget.sentences is not None and len(out) >= budget.sentences:
            break
        if budget.words is not None and words >= budget.words:
            break
        out.append(text)
        words += len(text.split())
    return out


def lead_newest(story: EvalStory, budget: SummaryBudget) -> list[str]:
    """The newest article's first sentences (undated stories: the last in corpus order)."""
    dated = [a for a in story.articles if a.id not in story.duplicate_of]
    if not dated:
        return []
    newest = max(enumerate(dated), key=lambda p: (p[1].date or dt.date.min, p[0]))[1]
    return _fill([s.text for s in story.sentences.get(newest.id, ())], budget)


def lead_round_robin(story: EvalStory, budget: SummaryBudget) -> list[str]:
    """Every article's first sentence in turn, then every second, ... (no repeats)."""
    leads = _leads(story)
    order: list[str] = []
    seen: set[str] = set()
    for k in range(max((len(x) for x in leads), default=0)):
        for sents in leads:
            if k < len(sents) and sents[k] not in seen:
                seen.add(sents[k])
                order.append(sents[k])
    return _fill(order, budget)


@dataclass(frozen=True, slots=True)
class BootstrapDiff:
    """Mean of ``a - b`` over stories and its two-sided bootstrap confidence interval."""

    mean: float
    low: float
    high: float
    samples: int
    level: float

    @property
    def significant(self) -> bool:
        """True when the interval lies entirely above 0 (``a`` better than ``b``)."""
        return self.low > 0.0


def paired_bootstrap(
    a: Sequence[float], b: Sequence[float], *, samples: int = 10000, level: float = 0.95,
    seed: int = 0,
) -> BootstrapDiff:
    """Percentile bootstrap CI of ``mean(a - b)``, resampling the paired stories.

    Deterministic for a given ``seed``. Raises ``ValueError`` for lists of
    different lengths or empty lists.
    """
    if len(a) != len(b) or not a:
        raise ValueError("paired_bootstrap needs two non-empty score lists of the same length.")
    diff = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(diff), size=(samples, len(diff)))
    means = diff[idx].mean(axis=1)
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return BootstrapDiff(float(diff.mean()), float(low), float(high), samples, level)


def reference_agreement(
    tasks: Sequence[SummaryTask], word_limit: int | None
) -> dict[str, list[RougeResult]]:
    """For each task with two or more references: each reference scored against the others.

    Returns ``{task key: [ROUGE of reference i against all others]}``. Stories
    with one reference are left out.
    """
    out: dict[str, list[RougeResult]] = {}
    for task in tasks:
        refs = task.references
        if len(refs) < 2:
            continue
        out[task.key] = [rouge(r, [o for j, o in enumerate(refs) if j != i],
                               word_limit=word_limit) for i, r in enumerate(refs)]
    return out
