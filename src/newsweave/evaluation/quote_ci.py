"""Confidence intervals for quote and speaker scores: percentile bootstrap over articles.

Quotes of one article are not independent (one speaker, one writer), so the unit
resampled is the article (as in the paired bootstrap of Koehn 2004 and Berg-Kirkpatrick
et al. 2012): draw the articles of a part with replacement, sum their counts, take the
micro F1, repeat, and report the 2.5th and 97.5th percentiles. The matching of
predictions to gold is done once per article (:func:`per_article_counts`), so a
resample only adds counts.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from newsweave.evaluation.metrics import PRF
from newsweave.evaluation.quote_gold import GoldSpan
from newsweave.evaluation.quotes_real import Prediction, score_real

__all__ = ["bootstrap_f1", "per_article_counts"]

Counts = tuple[int, int, int]


def per_article_counts(
    gold: Sequence[GoldSpan], pred: Sequence[Prediction], texts: dict[str, str],
    articles: Sequence[str],
) -> list[Counts]:
    """Speaker counts ``(right, predictions naming a speaker, gold quotes with one)`` of
    each article in ``articles`` (an article with no quote gives zeros). Their sum
    is exactly what :func:`score_real` counts on the whole part, because predictions
    only ever match gold quotes of their own article."""
    out = []
    for aid in articles:
        s = score_real("", "", [g for g in gold if g.article == aid],
                       [p for p in pred if p.article == aid], texts, 1, 0.0)
        out.append(s.speaker_counts)
    return out


def bootstrap_f1(
    rows: Sequence[Counts], *, samples: int = 2000, seed: int = 0, level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of the micro F1 of ``rows`` (one per article).

    Deterministic for a given ``seed``. Raises ``ValueError`` on an empty part."""
    if not rows:
        raise ValueError("bootstrap_f1 needs at least one article's counts.")
    rng = random.Random(seed)
    n = len(rows)
    f1s = []
    for _ in range(samples):
        tp = named = wanted = 0
        for _ in range(n):
            a, b, c = rows[rng.randrange(n)]
            tp += a
            named += b
            wanted += c
        f1s.append(PRF.of(tp, named, wanted).f1)
    f1s.sort()
    tail = (1.0 - level) / 2
    lo = f1s[int(tail * samples)]
    hi = f1s[min(samples - 1, int((1.0 - tail) * samples))]
    return lo, hi
