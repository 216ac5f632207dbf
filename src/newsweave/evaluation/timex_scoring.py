"""Scoring of time-expression normalisation and timelines (used by
:mod:`newsweave.evaluation.temporal`, which reads the data and renders the table).

Normalisation is scored TempEval-3 style, for newsweave and, in the same run,
for dateparser's ``search_dates`` (the baseline, given the article date as
``RELATIVE_BASE`` with ``PREFER_DATES_FROM="past"`` and
``PREFER_DAY_OF_MONTH="first"``):

- span precision/recall/F1, *strict* (identical span) and *relaxed* (overlap;
  each gold expression matches at most one prediction);
- *value accuracy*: of the gold expressions found (relaxed), the share whose
  value and precision are both right (``None`` for an unresolvable gold
  expression is right only if the system also says ``None``);
- *value F1*: relaxed matches with the right value counted as the true
  positives, over all predictions (precision) and all gold (recall), which is
  TempEval-3's ``value`` F1.

Gold items are ``{"article", "text", "value", "precision"}`` with an optional
``"start"`` (character offset) or ``"occurrence"`` (0-based index among the
whole-word occurrences of ``text`` in the article); with neither, the k-th gold
item with a given text in an article is its k-th occurrence.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsweave.errors import EvaluationDataError, ModelUnavailableError
from newsweave.evaluation.metrics import PRF
from newsweave.model import Article, Sentence, TimelineEntry
from newsweave.temporal import find_time_expressions
from newsweave.temporal.calendar import week_month


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One gold time expression; ``value``/``precision`` are ``None`` if unresolvable."""

    article: str
    text: str
    value: str | None
    precision: str | None
    start: int | None = None
    occurrence: int | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A predicted or located gold expression."""

    article: str
    start: int
    end: int
    text: str
    value: str | None
    precision: str | None


_prf = PRF.counts


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


def load_gold_timexes(path: Path) -> list[GoldTimex]:
    """Read ``time_expressions`` from a gold JSON file (demo/gold.json or tests/gold/)."""
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
        spans.append(Span(g.article, start, start + len(g.text), g.text, g.value, g.precision))
    return spans


class NewsweaveSystem:
    """newsweave's recogniser; ``sentences`` (by article id) bound its tense clauses,
    as in the pipeline. Without them clauses are cut at punctuation."""

    def __init__(self, sentences: Mapping[str, Sequence[Sentence]] | None = None) -> None:
        self._sentences = sentences or {}

    def __call__(self, article: Article) -> list[Span]:
        return [
            Span(article.id, t.start, t.end, t.text, t.value, t.precision)
            for t in find_time_expressions(article, self._sentences.get(article.id))
        ]


def newsweave_system(article: Article) -> list[Span]:
    """newsweave without sentence spans (clauses cut at punctuation)."""
    return NewsweaveSystem()(article)


class DateparserSystem:
    """dateparser ``search_dates`` as a baseline, resolved against each article's date.

    dateparser has no notion of an undated document: for an article without a date
    it resolves against today (its default), which is what a user would get.
    """

    def __init__(self) -> None:
        try:
            from dateparser.date import DateDataParser
            from dateparser.search import search_dates
        except ImportError as exc:
            raise ModelUnavailableError(
                "dateparser is not installed: run `pip install dateparser`."
            ) from exc
        self._search = search_dates
        self._parser_cls = DateDataParser

    def __call__(self, article: Article) -> list[Span]:
        settings: dict[str, Any] = {
            "PREFER_DATES_FROM": "past",
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
        }
        if article.date is not None:
            settings["RELATIVE_BASE"] = dt.datetime.combine(article.date, dt.time())
        found = self._search(article.text, languages=["en"], settings=settings) or []
        parser = self._parser_cls(languages=["en"], settings=settings)
        spans, pos = [], 0
        for sub, when in found:
            start = article.text.find(sub, pos)
            if start < 0:
                start = article.text.find(sub)
            if start < 0:
                continue
            pos = start + len(sub)
            period = parser.get_date_data(sub).period or "day"
            value, precision = _dateparser_value(when.date(), period)
            spans.append(Span(article.id, start, start + len(sub), sub, value, precision))
        return spans


def _dateparser_value(when: dt.date, period: str) -> tuple[str, str]:
    if period == "year":
        return f"{when.year:04d}", "year"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}", "month"
    if period == "week":  # same convention as newsweave: a week is its Thursday's month
        return week_month(when)
    return when.isoformat(), "day"


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _same_value(p: Span, g: Span) -> bool:
    """Same value and precision; ``None`` (unresolvable) matches only ``None``."""
    if g.value is None or p.value is None:
        return g.value is None and p.value is None
    return (p.value, p.precision) == (g.value, g.precision)


def score_system(
    name: str, gold: Sequence[Span], predicted: Sequence[Span], seconds: float
) -> SystemScores:
    """Score ``predicted`` against ``gold`` spans (both over the same articles)."""
    strict = sum(
        1 for g in gold if any(p.article == g.article and (p.start, p.end) == (g.start, g.end)
                               for p in predicted)
    )
    used: set[int] = set()
    matched = correct = 0
    errors = []
    for g in gold:
        best, best_overlap = None, 0
        for i, p in enumerate(predicted):
            if i in used or p.article != g.article:
                continue
            o = _overlap(g, p)
            if o > best_overlap:
                best, best_overlap = i, o
        if best is None:
            errors.append((g.article, g.text, g.value, "(missed)"))
            continue
        used.add(best)
        matched += 1
        p = predicted[best]
        if _same_value(p, g):
            correct += 1
        else:
            errors.append((g.article, g.text, g.value, f"{p.text!r} -> {p.value}"))
    return SystemScores(
        system=name,
        n_gold=len(gold),
        n_predicted=len(predicted),
        strict=_prf(strict, len(predicted), strict, len(gold)),
        relaxed=_prf(matched, len(predicted), matched, len(gold)),
        value_accuracy=correct / matched if matched else 0.0,
        value_f1=_prf(correct, len(predicted), correct, len(gold)),
        seconds=seconds,
        errors=tuple(errors),
    )


def evaluate_normalisation(
    gold_items: Sequence[GoldTimex],
    articles: Sequence[Article],
    *,
    baseline: bool = True,
    sentences: Mapping[str, Sequence[Sentence]] | None = None,
) -> dict[str, SystemScores]:
    """Score newsweave (and the dateparser baseline) on ``articles`` against ``gold_items``.

    Every article passed is taken as fully annotated: a prediction in it that matches
    no gold item is a false positive. Returns ``{"newsweave": ..., "dateparser": ...}``
    (the latter only when ``baseline``). ``sentences`` are passed to newsweave.
    """
    by_id = {a.id: a for a in articles}
    gold = locate_gold(gold_items, by_id)
    systems: list[tuple[str, Callable[[Article], list[Span]]]] = [
        ("newsweave", NewsweaveSystem(sentences))
    ]
    if baseline:
        systems.append(("dateparser", DateparserSystem()))
    out = {}
    for name, system in systems:
        t0 = time.perf_counter()
        predicted = [s for a in articles for s in system(a)]
        out[name] = score_system(name, gold, predicted, time.perf_counter() - t0)
    return out


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
