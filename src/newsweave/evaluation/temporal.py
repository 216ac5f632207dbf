"""``newsweave eval time DATA``: time-expression recognition and normalisation (and
seed timelines) against gold, scored the TempEval-3 way, for newsweave and
dateparser's ``search_dates`` (optionally timexy) in the same run.

``DATA`` is one of (see :mod:`newsweave.evaluation.timex_scoring` for the scores):

- offset-based TimeML gold in JSON Lines (MEANTIME's format, see
  :mod:`newsweave.evaluation.timeml_data`): a ``.jsonl`` file or a folder holding
  one; types and TIMEX3 values are scored, per type too;
- the demo corpus: ``demo`` (``demo/gold.json`` + ``demo/corpus``) or
  ``demo/corpus`` (gold in the parent folder);
- the seeds: ``../shared/seeds``, gold in the repository's
  ``tests/gold/seeds_timex.json``;
- any folder holding a ``gold.json`` (or with one next to it) whose
  ``time_expressions`` name articles read from the folder.

Every article listed in the gold file's ``articles`` map (or, without one, named
by a gold item) is taken as fully annotated; other articles read from ``DATA``
are not scored. When the gold file also has a ``timeline`` (the seeds do) and a
spaCy pipeline is given, the story timeline is built from all scored articles
and its date-selection F1 and ROUGE are reported.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.metrics import PRF
from newsweave.evaluation.timeml_data import find_timeml_file, load_timeml_jsonl
from newsweave.evaluation.timex_scoring import (
    GoldTimex,
    Span,
    SystemScores,
    date_selection_f1,
    load_gold_timexes,
    locate_gold,
    score_system,
    timeline_rouge,
)
from newsweave.evaluation.timex_systems import evaluate_normalisation, newsweave_system
from newsweave.model import Article

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "PRF",
    "GoldTimex",
    "Span",
    "SystemScores",
    "TimeEvaluation",
    "TimelineScores",
    "date_selection_f1",
    "evaluate_normalisation",
    "evaluate_time",
    "find_gold",
    "load_gold_timexes",
    "locate_gold",
    "newsweave_system",
    "score_system",
    "timeline_rouge",
]

# The repository's gold folder (tests/gold), present in a source checkout.
REPO_GOLD = Path(__file__).resolve().parents[3] / "tests" / "gold"


@dataclass(frozen=True, slots=True)
class TimelineScores:
    """newsweave's story timeline against a gold timeline."""

    n_gold: int
    n_entries: int
    dates: PRF
    rouge: dict[str, float]


@dataclass(frozen=True, slots=True)
class TimeEvaluation:
    """All scores of one ``eval time`` run; :meth:`table` renders them."""

    data: str
    gold: str
    n_articles: int
    scores: tuple[SystemScores, ...]
    timeline: TimelineScores | None = None

    def table(self) -> str:
        head = (
            f"{'system':<10} {'gold':>5} {'pred':>5}  {'strict P/R/F1':<17}  "
            f"{'relaxed P/R/F1':<17}  {'type acc':>8}  {'value acc':>9}  {'value F1':>8}  "
            f"{'ms/article':>10}"
        )
        n_gold = self.scores[0].n_gold if self.scores else 0
        rows = [
            f"time expressions: {self.data} ({self.n_articles} articles, {n_gold} gold "
            f"expressions; gold {self.gold})",
            head,
            "-" * len(head),
        ]
        for s in self.scores:
            ms = 1000 * s.seconds / self.n_articles if self.n_articles else 0.0
            type_acc = f"{s.type_accuracy:>8.3f}" if s.type_accuracy is not None else f"{'-':>8}"
            rows.append(
                f"{s.system:<10} {s.n_gold:>5} {s.n_predicted:>5}  {_fmt(s.strict):<17}  "
                f"{_fmt(s.relaxed):<17}  {type_acc}  {s.value_accuracy:>9.3f}  "
                f"{s.value_f1.f1:>8.3f}  {ms:>10.2f}"
            )
        if any(s.type_accuracy is not None for s in self.scores):
            rows.append("per gold type (relaxed recall / value accuracy of the found):")
            for s in self.scores:
                cells = "  ".join(f"{t.type} {t.n_gold}: {t.recall:.3f}/{t.value_accuracy:.3f}"
                                  for t in s.per_type)
                rows.append(f"  {s.system:<10} {cells}")
        if self.timeline is not None:
            t = self.timeline
            rouge = " ".join(f"{k}={v:.3f}" for k, v in sorted(t.rouge.items()))
            rows.append(
                f"timeline: {t.n_entries} entries vs {t.n_gold} gold; date selection "
                f"P/R/F1 {_fmt(t.dates)}; ROUGE F1 {rouge}"
            )
        return "\n".join(rows)

    def errors(self, system: str = "newsweave") -> list[str]:
        """Every gold expression ``system`` missed or normalised wrongly, one per line."""
        out = []
        for s in self.scores:
            if s.system == system:
                for article, text, value, said in s.errors:
                    out.append(f"{article}: {text!r} gold {value} -> {said}")
        return out


def _fmt(p: PRF) -> str:
    return f"{p.precision:.3f}/{p.recall:.3f}/{p.f1:.3f}"


def find_gold(data: Path, article_ids: set[str]) -> Path:
    """The gold file for ``data`` (see the module docstring for where it is looked for).

    A candidate is taken only if it has ``time_expressions`` naming articles that were
    all read from ``data``; raises :class:`EvaluationDataError` when none fits.
    """
    candidates = [data / "gold.json", data.parent / "gold.json", REPO_GOLD / "seeds_timex.json"]
    tried = []
    for path in candidates:
        if not path.is_file():
            continue
        tried.append(str(path))
        try:
            items = json.loads(path.read_text(encoding="utf-8")).get("time_expressions")
        except (OSError, ValueError, AttributeError):
            continue
        if items and {str(i.get("article")) for i in items} <= article_ids:
            return path
    raise EvaluationDataError(
        f"no gold time expressions found for the articles in {data} (tried: "
        f"{', '.join(tried) or 'no candidate file exists'}); put a gold.json with "
        '"time_expressions" in or next to the folder'
    )


def _articles_dir(data: Path) -> Path:
    """``demo`` -> ``demo/corpus`` when the folder holds a corpus next to its gold."""
    corpus = data / "corpus"
    return corpus if (data / "gold.json").is_file() and corpus.is_dir() else data


def evaluate_time(
    data: Path,
    *,
    gold: Path | None = None,
    nlp: Language | None = None,
    baseline: bool = True,
    baselines: Sequence[str] | None = None,
    topics: Collection[str] | None = None,
    exclude_topics: Collection[str] = (),
) -> TimeEvaluation:
    """Score newsweave (and the baselines: dateparser when ``baseline``, or the named
    ``baselines``, e.g. ``("dateparser", "timexy")``) on ``data``'s gold.

    ``gold`` overrides the gold-file search (demo format). With ``nlp``, articles are
    split into sentences first (as in the pipeline: they bound newsweave's tense
    clauses) and a gold ``timeline``, when present, is scored. ``topics`` /
    ``exclude_topics`` choose the documents of TimeML JSONL gold by their ``topic``.
    Raises :class:`EvaluationDataError` when ``data`` cannot be read or has no gold.
    """
    names = tuple(baselines) if baselines is not None else ("dateparser",) if baseline else ()
    timeml = find_timeml_file(data) if gold is None and data.exists() else None
    if timeml is not None:
        return _evaluate_timeml(data, timeml, nlp, names, topics, exclude_topics)
    from newsweave.ingest import read_inputs

    folder = _articles_dir(data)
    if not folder.exists():
        raise EvaluationDataError(f"{data} does not exist")
    articles = {a.id: a for a in read_inputs([str(folder)]).articles}
    gold_path = gold or find_gold(data, set(articles))
    raw = _read_json(gold_path)
    items = load_gold_timexes(gold_path)
    annotated = set(raw.get("articles") or {i.article for i in items})
    missing = sorted(annotated - set(articles))
    if missing:
        raise EvaluationDataError(
            f"gold {gold_path} names {len(missing)} article(s) not read from {folder}: "
            f"{', '.join(missing[:5])}"
        )
    scored = [a for a_id, a in sorted(articles.items()) if a_id in annotated]
    sentences = None
    if nlp is not None:
        from newsweave.sentences import split_sentences

        sentences = {a.id: split_sentences(a, nlp) for a in scored}
    scores = evaluate_normalisation(items, scored, baselines=names, sentences=sentences)
    timeline = None
    if sentences is not None and raw.get("timeline"):
        timeline = _score_timeline(scored, sentences, raw["timeline"])
    return TimeEvaluation(
        data=str(data),
        gold=str(gold_path),
        n_articles=len(scored),
        scores=tuple(scores.values()),
        timeline=timeline,
    )


def _evaluate_timeml(
    data: Path,
    path: Path,
    nlp: Language | None,
    baselines: Sequence[str],
    topics: Collection[str] | None,
    exclude_topics: Collection[str],
) -> TimeEvaluation:
    docs = load_timeml_jsonl(path, topics=topics, exclude_topics=exclude_topics)
    sentences = None
    if nlp is not None:
        from newsweave.sentences import split_sentences

        sentences = {a.id: split_sentences(a, nlp) for a in docs.articles}
    scores = evaluate_normalisation(docs.gold, docs.articles, baselines=baselines,
                                    sentences=sentences, limits=docs.limits)
    chosen = sorted(set(docs.topics.values()))
    label = f"{data} (topics: {', '.join(chosen)})" if any(chosen) else str(data)
    return TimeEvaluation(data=label, gold=str(path), n_articles=len(docs.articles),
                          scores=tuple(scores.values()))


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvaluationDataError(f"cannot read gold file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise EvaluationDataError(f"gold file {path} is not a JSON object")
    return data


def _score_timeline(
    articles: Sequence[Article], sentences: dict[str, Any], gold: list[dict[str, Any]]
) -> TimelineScores:
    from newsweave.model import ArticleAnalysis, StoryInput
    from newsweave.temporal import find_time_expressions
    from newsweave.timeline import build_timeline

    analyses = {a.id: ArticleAnalysis(a.id, (), (), find_time_expressions(a, sentences[a.id]))
                for a in articles}
    entries = build_timeline(StoryInput(tuple(articles), sentences, analyses=analyses))
    gold_texts: dict[str, list[str]] = {}
    for g in gold:
        gold_texts.setdefault(str(g["date"]), []).append(str(g["text"]))
    return TimelineScores(
        n_gold=len(gold),
        n_entries=len(entries),
        dates=date_selection_f1(entries, list(gold_texts)),
        rouge=timeline_rouge(entries, gold_texts),
    )
