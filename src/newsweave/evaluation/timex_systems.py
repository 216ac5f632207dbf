"""The systems scored by ``eval time`` and ``benchmarks/bench_time.py``: newsweave,
dateparser's ``search_dates`` and timexy (a spaCy TIMEX3 component), each turned
into :class:`~newsweave.evaluation.timex_scoring.Span` predictions per article.

- **newsweave**: :func:`newsweave.temporal.find_time_expressions`.
- **dateparser** (baseline): ``search_dates`` with the article date as
  ``RELATIVE_BASE``, ``PREFER_DATES_FROM="past"``, ``PREFER_DAY_OF_MONTH="first"``;
  its ``period`` decides the granularity; everything it finds is a DATE (a TIME
  when the text holds a clock time). Undated articles resolve against today, its
  default, which is what a user would get.
- **timexy**: recognition and normalisation of absolute dates and durations, no
  relative resolution (it has no document date); run on a blank spaCy tokenizer.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from newsweave.errors import ModelUnavailableError
from newsweave.evaluation.timex_scoring import (
    GoldTimex,
    Span,
    SystemScores,
    dates_only,
    locate_gold,
    score_system,
)
from newsweave.model import Article, Sentence
from newsweave.temporal import TimeParams, find_time_expressions

System = Callable[[Article], list[Span]]


class NewsweaveSystem:
    """newsweave's recogniser; ``sentences`` (by article id) bound its tense clauses,
    as in the pipeline. Without them sentences are cut at punctuation."""

    def __init__(
        self,
        sentences: Mapping[str, Sequence[Sentence]] | None = None,
        params: TimeParams | None = None,
    ) -> None:
        self._sentences = sentences or {}
        self._params = params

    def __call__(self, article: Article) -> list[Span]:
        return [
            Span(article.id, t.start, t.end, t.text, t.value, t.precision, t.type, t.timex_value)
            for t in find_time_expressions(article, self._sentences.get(article.id),
                                           self._params)
        ]


def newsweave_system(article: Article) -> list[Span]:
    """newsweave without sentence spans (sentences cut at punctuation)."""
    return NewsweaveSystem()(article)


class DateparserSystem:
    """dateparser ``search_dates`` as a baseline (see the module docstring)."""

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
            value, precision, timex = _dateparser_value(when, period)
            type_ = "DATE"
            if re.search(r"\d:\d\d|\d\s*[ap]\.?m\b", sub, re.IGNORECASE):
                type_, timex = "TIME", when.strftime("%Y-%m-%dT%H:%M")
            spans.append(Span(article.id, start, start + len(sub), sub, value, precision,
                              type_, timex))
        return spans


def _dateparser_value(when: dt.datetime, period: str) -> tuple[str, str, str]:
    """Timeline date, precision and TIMEX3 value of one dateparser hit."""
    if period == "year":
        return f"{when.year:04d}", "year", f"{when.year:04d}"
    if period == "month":
        v = f"{when.year:04d}-{when.month:02d}"
        return v, "month", v
    if period == "week":  # same convention as newsweave: a week is its Thursday's month
        iso = when.date().isocalendar()
        thursday = dt.date.fromisocalendar(iso[0], iso[1], 4)
        return f"{thursday.year:04d}-{thursday.month:02d}", "month", f"{iso[0]:04d}-W{iso[1]:02d}"
    return when.date().isoformat(), "day", when.date().isoformat()


class TimexySystem:
    """timexy (``pip install timexy``) on a blank English spaCy pipeline."""

    def __init__(self) -> None:
        try:
            import spacy
            from timexy import Timexy  # noqa: F401  (registers the "timexy" factory)
        except ImportError as exc:
            raise ModelUnavailableError(
                f"timexy is not installed: run `pip install timexy==0.1.3` ({exc})."
            ) from exc
        self._nlp = spacy.blank("en")
        self._nlp.add_pipe("timexy", config={"kb_id_type": "timex3", "label": "timexy",
                                             "overwrite": False})

    def __call__(self, article: Article) -> list[Span]:
        spans = []
        for ent in self._nlp(article.text).ents:
            m = re.search(r'type="(\w+)" value="([^"]+)"', ent.kb_id_)
            if m is None:
                continue
            type_, value = m.group(1), m.group(2)
            if type_ in ("DATE", "TIME") and value.endswith("T00:00:00"):
                value = value[:10]
            date = value[:10] if type_ == "DATE" and re.match(r"\d{4}-\d\d-\d\d", value) else None
            spans.append(Span(article.id, ent.start_char, ent.end_char, ent.text, date,
                              "day" if date else None, type_, value))
        return spans


SYSTEMS: dict[str, Callable[[], System]] = {
    "dateparser": DateparserSystem,
    "timexy": TimexySystem,
}


def evaluate_normalisation(
    gold_items: Sequence[GoldTimex],
    articles: Sequence[Article],
    *,
    baselines: Sequence[str] = ("dateparser",),
    sentences: Mapping[str, Sequence[Sentence]] | None = None,
    limits: Mapping[str, int] | None = None,
    params: TimeParams | None = None,
) -> dict[str, SystemScores]:
    """Score newsweave and the named ``baselines`` on ``articles`` against ``gold_items``.

    Every article passed is taken as fully annotated up to ``limits[article id]``
    (characters; the whole text without one): a prediction starting before it that
    matches no gold item is a false positive; gold and predictions after it are not
    scored. A baseline that cannot be loaded is skipped with its reason as the
    system name (``timexy (unavailable: ...)``).
    """
    by_id = {a.id: a for a in articles}
    gold = locate_gold(gold_items, by_id)
    limit = limits or {}

    def inside(s: Span) -> bool:
        return s.start < limit.get(s.article, len(by_id[s.article].text))

    gold = [g for g in gold if inside(g)]
    timeml = any(g.type is not None for g in gold)
    systems: list[tuple[str, System]] = [("newsweave", NewsweaveSystem(sentences, params))]
    out: dict[str, SystemScores] = {}
    for name in baselines:
        try:
            systems.append((name, SYSTEMS[name]()))
        except ModelUnavailableError as exc:
            out[name] = score_system(f"{name} (unavailable: {exc})", gold, [], 0.0)
    for name, system in systems:
        t0 = time.perf_counter()
        predicted = [s for a in articles for s in system(a)]
        seconds = time.perf_counter() - t0
        predicted = [p for p in predicted if inside(p)]
        if not timeml:
            predicted = dates_only(predicted)
        out[name] = score_system(name, gold, predicted, seconds)
    return out
