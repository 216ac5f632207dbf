"""Scoring of time expressions, the TempEval-3 way (used by
:mod:`newsweave.evaluation.temporal`, which reads the data and renders the table).

Given gold and predicted spans over the same articles:

- *strict* extraction P/R/F1: identical span;
- *relaxed* extraction P/R/F1: overlapping spans, aligned one to one (each gold
  expression takes the unused prediction it overlaps most), so precision is the
  share of predictions aligned to a gold expression and recall the share of gold
  expressions aligned to a prediction;
- *type accuracy* and *value accuracy*: of the aligned gold expressions, the share
  whose TIMEX3 type / value the system got right;
- *type F1* and *value F1*: relaxed F1 x type / value accuracy (TempEval-3's
  attribute F1: aligned pairs with the right attribute over all predictions and
  all gold);
- per gold type (DATE, TIME, DURATION, SET): relaxed recall and value accuracy.

Gold with TIMEX3 values (MEANTIME, TimeML data) is compared on ``timex``; the
older demo-format gold (``value`` + ``precision``, calendar dates only) on the
timeline date and precision, and only against predictions that name a calendar
date (that gold does not annotate durations, sets or ``now``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsweave.errors import EvaluationDataError, ModelUnavailableError
from newsweave.evaluation.metrics import PRF
from newsweave.model import Article, TimelineEntry

TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One gold time expression.

    Demo format: ``value``/``precision`` (``None`` if unresolvable), located by
    ``start`` or ``occurrence``. TimeML format: ``type`` and ``timex`` (the TIMEX3
    value) with an exact ``start``.
    """

    article: str
    text: str
    value: str | None
    precision: str | None
    start: int | None = None
    occurrence: int | None = None
    type: str | None = None
    timex: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A predicted or located gold expression."""

    article: str
    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    type: str | None = None
    timex: str | None = None


_prf = PRF.counts


@dataclass(frozen=True, slots=True)
class TypeScores:
    """Gold expressions of one TIMEX3 type: how many, how many found (relaxed), and
    how many of those got the right value and the right type."""

    type: str
    n_gold: int
    found: int
    value_correct: int
    type_correct: int

    @property
    def recall(self) -> float:
        return self.found / self.n_gold if self.n_gold else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_correct / self.found if self.found else 0.0


@dataclass(frozen=True, slots=True)
class SystemScores:
    """Scores of one system over one gold set (see the module docstring)."""

    system: str
    n_gold: int
    n_predicted: int
    strict: PRF
    relaxed: PRF
    value_accuracy: float
    value_f1: PRF
    seconds: float
    errors: tuple[tuple[str, str, str | None, str], ...] = field(default=())
    """(article, gold text, gold value, what the system said) for every wrong or missed value."""
    type_accuracy: float | None = None
    type_f1: PRF | None = None
    per_type: tuple[TypeScores, ...] = ()
    false_positives: tuple[tuple[str, str, str | None], ...] = ()
    """(article, predicted text, predicted value) for predictions aligned to no gold."""


def load_gold_timexes(path: Path) -> list[GoldTimex]:
    """Read ``time_expressions`` from a demo-format gold JSON file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data["time_expressions"]
        return [
            GoldTimex(
                article=str(i["article"]),
                text=str(i["text"]),
                value=i.get("value"),
                precision=i.get("precision"),
                start=i.get("start"),
                occurrence=i.get("occurrence"),
            )
            for i in items
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvaluationDataError(
            f"cannot read gold time expressions from {path}: {exc}; expected a JSON object "
            'with "time_expressions": [{"article", "text", "value", "precision"}]'
        ) from exc


def locate_gold(gold: Sequence[GoldTimex], articles: Mapping[str, Article]) -> list[Span]:
    """Give every gold item its span in its article's text."""
    seen: dict[tuple[str, str], int] = {}
    spans = []
    for g in gold:
        article = articles.get(g.article)
        if article is None:
            raise EvaluationDataError(f"gold names article '{g.article}', which was not read")
        if g.start is not None:
            start = g.start
            if article.text[start : start + len(g.text)] != g.text:
                raise EvaluationDataError(f"gold '{g.text}' is not at {start} in '{g.article}'")
        else:
            k = seen.get((g.article, g.text), 0) if g.occurrence is None else g.occurrence
            seen[(g.article, g.text)] = k + 1
            hits = [
                m.start()
                for m in re.finditer(rf"(?<!\w){re.escape(g.text)}(?!\w)", article.text)
            ]
            if len(hits) <= k:
                raise EvaluationDataError(
                    f"gold '{g.text}' (occurrence {k + 1}) not found in article '{g.article}'"
                )
            start = hits[k]
        spans.append(Span(g.article, start, start + len(g.text), g.text, g.value, g.precision,
                          g.type, g.timex))
    return spans


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _same_value(p: Span, g: Span) -> bool:
    """TimeML gold: the TIMEX3 value. Demo gold: the date and precision (``None``,
    unresolvable, matches only ``None``)."""
    if g.timex is not None:
        return p.timex == g.timex
    if g.value is None or p.value is None:
        return g.value is None and p.value is None
    return (p.value, p.precision) == (g.value, g.precision)


def dates_only(predicted: Sequence[Span]) -> list[Span]:
    """The predictions demo-format gold can judge: expressions that name (or try to
    name) a calendar day, month or year; not durations, sets, general references
    (``now``) or clock times, which that gold does not annotate."""
    return [p for p in predicted if p.type in (None, "DATE", "TIME")
            and not (p.timex or "").endswith("_REF")
            and not re.search(r"T\d", p.timex or "")]


def _align(
    gold: Sequence[Span], predicted: Sequence[Span], by_article: Mapping[str, list[int]]
) -> dict[int, int]:
    """One-to-one alignment of gold to predicted indices: identical spans first, then
    each remaining gold expression (in text order) takes the unused prediction it
    overlaps most. (Exact pairs first, so "2009" is not taken from gold "2009" by an
    overlapping gold range "from 2009 to 2011".)"""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for gi, g in enumerate(gold):
        for i in by_article.get(g.article, ()):
            p = predicted[i]
            if i not in taken and (p.start, p.end) == (g.start, g.end):
                pairs[gi] = i
                taken.add(i)
                break
    for gi, g in enumerate(gold):
        if gi in pairs:
            continue
        best, best_overlap = None, 0
        for i in by_article.get(g.article, ()):
            o = _overlap(g, predicted[i])
            if i not in taken and o > best_overlap:
                best, best_overlap = i, o
        if best is not None:
            pairs[gi] = best
            taken.add(best)
    return pairs


def score_system(
    name: str, gold: Sequence[Span], predicted: Sequence[Span], seconds: float
) -> SystemScores:
    """Score ``predicted`` against ``gold`` spans (both over the same articles)."""
    by_article: dict[str, list[int]] = {}
    for i, p in enumerate(predicted):
        by_article.setdefault(p.article, []).append(i)
    exact = {(p.article, p.start, p.end) for p in predicted}
    strict = sum(1 for g in gold if (g.article, g.start, g.end) in exact)
    pairs = _align(gold, predicted, by_article)
    used: set[int] = set()
    matched = correct = typed = 0
    errors = []
    counts = {t: [0, 0, 0, 0] for t in TYPES}
    for gi, g in enumerate(gold):
        best = pairs.get(gi)
        row = counts.setdefault(g.type or "DATE", [0, 0, 0, 0])
        row[0] += 1
        gold_value = g.timex if g.timex is not None else g.value
        if best is None:
            errors.append((g.article, g.text, gold_value, "(missed)"))
            continue
        used.add(best)
        matched += 1
        row[1] += 1
        p = predicted[best]
        if _same_value(p, g):
            correct += 1
            row[2] += 1
        else:
            said = p.timex if g.timex is not None else p.value
            errors.append((g.article, g.text, gold_value, f"{p.text!r} -> {said} ({p.type})"))
        if g.type is not None and p.type == g.type:
            typed += 1
            row[3] += 1
    has_types = any(g.type is not None for g in gold)
    relaxed = _prf(matched, len(predicted), matched, len(gold))
    type_accuracy = typed / matched if matched and has_types else None
    return SystemScores(
        system=name,
        n_gold=len(gold),
        n_predicted=len(predicted),
        strict=_prf(strict, len(predicted), strict, len(gold)),
        relaxed=relaxed,
        value_accuracy=correct / matched if matched else 0.0,
        value_f1=_prf(correct, len(predicted), correct, len(gold)),
        seconds=seconds,
        errors=tuple(errors),
        type_accuracy=type_accuracy,
        type_f1=_prf(typed, len(predicted), typed, len(gold)) if has_types else None,
        per_type=tuple(TypeScores(t, *c) for t, c in counts.items() if c[0] or has_types),
        false_positives=tuple((p.article, p.text, p.timex or p.value)
                              for i, p in enumerate(predicted) if i not in used),
    )


def date_selection_f1(predicted: Sequence[TimelineEntry], gold_dates: Sequence[str]) -> PRF:
    """Date-selection P/R/F1: the set of timeline dates against the gold set."""
    pred = {e.date for e in predicted}
    gold = set(gold_dates)
    tp = len(pred & gold)
    return _prf(tp, len(pred), tp, len(gold))


def timeline_rouge(
    predicted: Sequence[TimelineEntry], gold: Mapping[str, Sequence[str]]
) -> dict[str, float]:
    """Concatenation ROUGE-1/2 F1 of all entry texts against all gold texts
    (dates ignored; the date-agnostic variant used in timeline summarisation)."""
    try:
        from rouge_score import rouge_scorer
    except ImportError as exc:
        raise ModelUnavailableError(
            "rouge-score is not installed: run `pip install rouge-score`."
        ) from exc
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    ref = " ".join(t for texts in gold.values() for t in texts)
    hyp = " ".join(e.text for e in predicted)
    scores = scorer.score(ref, hyp)
    return {k: float(v.fmeasure) for k, v in scores.items()}
