"""Evaluate story summaries against reference summaries with ROUGE-1/2/L.

Data layout (the demo corpus; the same layout serves any other labelled set)::

    DATA/gold.json           {"articles": {id: {"story": key, ...}}, ...}
    DATA/corpus/...          the articles, any input format newsweave reads
    DATA/summaries/KEY.txt   one human reference summary per story key

``DATA`` may also be the ``corpus`` folder itself (its parent then holds
``gold.json`` and ``summaries/``). Only stories with a reference are scored.

Scores are ROUGE-N/L F-measures from Google's ``rouge-score`` package with
Porter stemming on (its default tokenizer: lowercased ASCII alphanumerics),
averaged over stories (macro). Each story is summarised exactly as the
pipeline would: sentences split with the shared spaCy pipeline, embedded with
all-MiniLM-L6-v2, exact and near duplicates found (:mod:`newsweave.dedup`),
claims compared (:mod:`newsweave.facts`) and :func:`newsweave.summarize.summarize`
run under the given budget.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newsweave import model
from newsweave.dedup import find_duplicates
from newsweave.errors import EvaluationDataError, ModelUnavailableError
from newsweave.facts import FactComparison, compare_facts
from newsweave.ingest import read_inputs
from newsweave.model import Article, Sentence
from newsweave.sentences import split_many
from newsweave.summarize import SummaryBudget, SummaryParams, summarize

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from spacy.language import Language

    from newsweave.embed import Embedder

__all__ = [
    "RougeScores",
    "StoryInput",
    "StoryScore",
    "SummaryEvaluation",
    "SummaryGold",
    "evaluate_summaries",
    "load_summary_gold",
    "newsweave_summariser",
    "prepare_stories",
    "rouge_scorer",
    "score_summary",
    "score_system",
]

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


@dataclass(frozen=True, slots=True)
class SummaryGold:
    """Where the corpus is, each article's story and each story's reference summary."""

    corpus: Path
    story_of: Mapping[str, str]
    references: Mapping[str, str]


def load_summary_gold(data: Path) -> SummaryGold:
    """Locate and read the gold files under ``data`` (module docstring).

    Raises :class:`EvaluationDataError` when gold.json, the corpus or every
    reference is missing, or gold.json has no ``articles`` mapping.
    """
    root = data if (data / "gold.json").is_file() else data.parent
    gold_path = root / "gold.json"
    if not gold_path.is_file():
        raise EvaluationDataError(f"No gold.json in {data} or its parent folder.")
    corpus = root / "corpus" if (root / "corpus").is_dir() else data
    refs_dir = root / "summaries"
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        story_of = {aid: str(rec["story"]) for aid, rec in gold["articles"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise EvaluationDataError(
            f"{gold_path}: expected {{'articles': {{id: {{'story': key}}}}}} ({exc})."
        ) from exc
    references = {
        p.stem: " ".join(p.read_text(encoding="utf-8").split())
        for p in sorted(refs_dir.glob("*.txt"))
    }
    if not references:
        raise EvaluationDataError(f"No reference summaries (*.txt) in {refs_dir}.")
    return SummaryGold(corpus, story_of, references)


@dataclass(frozen=True, slots=True)
class StoryInput:
    """One story, analysed as the pipeline would before the summary stage."""

    key: str
    articles: tuple[Article, ...]
    sentences: Mapping[str, tuple[Sentence, ...]]
    embeddings: Mapping[str, NDArray[np.float32]]
    duplicate_of: Mapping[str, str]
    facts: FactComparison | None
    reference: str


def prepare_stories(
    gold: SummaryGold, nlp: Language, embedder: Embedder, *, with_facts: bool = True
) -> tuple[StoryInput, ...]:
    """Read the corpus and analyse every story that has a reference summary.

    Articles are ordered by (date, id), undated last. Raises
    :class:`EvaluationDataError` when no article of a referenced story was read.
    """
    read = read_inputs([str(gold.corpus)])
    articles = sorted(
        (a for a in read.articles if gold.story_of.get(a.id) in gold.references),
        key=lambda a: (a.date is None, a.date.isoformat() if a.date else "", a.id),
    )
    split = split_many(articles, nlp)
    sentences = {a.id: s for a, s in zip(articles, split, strict=True)}
    vectors = embedder.encode([s.text for ss in split for s in ss])
    embeddings: dict[str, NDArray[np.float32]] = {}
    row = 0
    for a, ss in zip(articles, split, strict=True):
        embeddings[a.id] = vectors[row : row + len(ss)]
        row += len(ss)
    out: list[StoryInput] = []
    for key in sorted(gold.references):
        members = tuple(a for a in articles if gold.story_of[a.id] == key)
        if not members:
            raise EvaluationDataError(f"No article of story {key!r} was read from {gold.corpus}.")
        dup = {m.article_id: m.duplicate_of for m in find_duplicates(members)}
        own_sentences = {a.id: sentences[a.id] for a in members}
        own_embeddings = {a.id: embeddings[a.id] for a in members}
        facts = (
            compare_facts(model.StoryInput(members, own_sentences, own_embeddings,
                                           duplicate_of=dup))
            if with_facts
            else None
        )
        out.append(
            StoryInput(
                key, members, own_sentences, own_embeddings, dup, facts, gold.references[key]
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class RougeScores:
    """ROUGE-1, ROUGE-2 and ROUGE-L F-measures."""

    rouge1: float
    rouge2: float
    rougeL: float

    @staticmethod
    def mean(scores: Sequence[RougeScores]) -> RougeScores:
        if not scores:
            return RougeScores(0.0, 0.0, 0.0)
        n = len(scores)
        return RougeScores(
            sum(s.rouge1 for s in scores) / n,
            sum(s.rouge2 for s in scores) / n,
            sum(s.rougeL for s in scores) / n,
        )


def rouge_scorer() -> Any:
    """A ``rouge_score`` scorer for ROUGE-1/2/L with Porter stemming."""
    try:
        from rouge_score import rouge_scorer as rs
    except ImportError as exc:
        raise ModelUnavailableError(
            "rouge-score is not installed: run `pip install rouge-score`."
        ) from exc
    return rs.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def score_summary(scorer: Any, summary: str, reference: str) -> RougeScores:
    """ROUGE F-measures of ``summary`` against ``reference``; ``scorer``: :func:`rouge_scorer`."""
    result = scorer.score(reference, summary)
    return RougeScores(*(float(result[t].fmeasure) for t in ROUGE_TYPES))


@dataclass(frozen=True, slots=True)
class StoryScore:
    """One story's summary, its scores, size and the time summarising took."""

    story: str
    rouge: RougeScores
    sentences: int
    words: int
    seconds: float
    summary: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SummaryEvaluation:
    """Per-story scores of one system and their macro means; :meth:`table` renders them."""

    system: str
    budget: SummaryBudget
    stories: tuple[StoryScore, ...] = field(default_factory=tuple)

    @property
    def mean(self) -> RougeScores:
        return RougeScores.mean([s.rouge for s in self.stories])

    @property
    def seconds_per_story(self) -> float:
        return sum(s.seconds for s in self.stories) / max(1, len(self.stories))

    def table(self) -> str:
        """A plain-text table: one row per story, then the mean."""
        head = f"{'story':<26} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'sents':>5} {'words':>5}"
        lines = [
            f"{self.system}: ROUGE F (stemmed), budget {_budget_text(self.budget)}",
            head,
            "-" * len(head),
        ]
        for s in self.stories:
            r = s.rouge
            lines.append(
                f"{s.story:<26} {r.rouge1:6.3f} {r.rouge2:6.3f} {r.rougeL:6.3f} "
                f"{s.sentences:5d} {s.words:5d}"
            )
        m = self.mean
        lines.append("-" * len(head))
        lines.append(
            f"{'mean (' + str(len(self.stories)) + ' stories)':<26} "
            f"{m.rouge1:6.3f} {m.rouge2:6.3f} {m.rougeL:6.3f}"
        )
        return "\n".join(lines)


def _budget_text(budget: SummaryBudget) -> str:
    parts = []
    if budget.sentences is not None:
        parts.append(f"{budget.sentences} sentences")
    if budget.words is not None:
        parts.append(f"{budget.words} words")
    return " / ".join(parts)


Summariser = Callable[[StoryInput, SummaryBudget], Sequence[str]]


def newsweave_summariser(params: SummaryParams = SummaryParams()) -> Summariser:  # noqa: B008
    """The system under test: :func:`newsweave.summarize.summarize` with ``params``."""

    def run(story: StoryInput, budget: SummaryBudget) -> Sequence[str]:
        picked = summarize(
            model.StoryInput(tuple(story.articles), story.sentences, story.embeddings,
                             duplicate_of=story.duplicate_of),
            budget=budget,
            facts=story.facts,
            params=params,
        )
        return [s.text for s in picked]

    return run


def score_system(
    name: str,
    system: Summariser,
    stories: Sequence[StoryInput],
    budget: SummaryBudget,
    *,
    scorer: Any = None,
) -> SummaryEvaluation:
    """Run ``system`` on each story under ``budget`` and score it against the references."""
    from newsweave.summarize import count_words

    scorer = scorer or rouge_scorer()
    rows: list[StoryScore] = []
    for story in stories:
        start = time.perf_counter()
        picked = tuple(system(story, budget))
        seconds = time.perf_counter() - start
        text = " ".join(picked)
        rows.append(
            StoryScore(
                story.key,
                score_summary(scorer, text, story.reference),
                len(picked),
                count_words(text),
                seconds,
                picked,
            )
        )
    return SummaryEvaluation(name, budget, tuple(rows))


def evaluate_summaries(
    data: Path,
    budget: SummaryBudget = SummaryBudget(),  # noqa: B008
    *,
    nlp: Language | None = None,
    embedder: Embedder | None = None,
    params: SummaryParams = SummaryParams(),  # noqa: B008
) -> SummaryEvaluation:
    """Summarise every referenced story of ``data`` and score it with ROUGE-1/2/L.

    ``nlp`` and ``embedder`` default to the shared models
    (:func:`newsweave.nlp.load_spacy`, :func:`newsweave.embed.load_embedder`).
    Raises :class:`EvaluationDataError` for missing or malformed gold data.
    """
    gold = load_summary_gold(Path(data))
    if nlp is None:
        from newsweave.nlp import load_spacy

        nlp = load_spacy(ner=False)
    if embedder is None:
        from newsweave.embed import load_embedder

        embedder = load_embedder()
    stories = prepare_stories(gold, nlp, embedder)
    return score_system("newsweave", newsweave_summariser(params), stories, budget)
