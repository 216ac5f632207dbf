"""Evaluate story summaries against human reference summaries (ROUGE-1/2/SU4).

Two gold layouts are read:

* **Reference passes** (``gold/ecbplus-summaries/``, :func:`load_reference_gold`):
  ``refs-<pass>.jsonl`` files, one story per line (``story``, ``split``,
  ``articles``, ``summary``), every pass covering the same stories; the corpus is
  any input newsweave reads (the ECB+ JSON Lines file). Each story is scored
  against all its references at once.
* **Demo** (:func:`load_summary_gold`): ``DATA/gold.json`` (``articles[id].story``)
  and one reference per story in ``DATA/summaries/<story>.txt``, corpus in
  ``DATA/corpus/``. ``DATA`` may also be the ``corpus`` folder itself.

Scores are ROUGE-1.5.5's (:mod:`newsweave.evaluation.rouge`: Porter stemming,
``-f A`` over the references, recall/precision/F); with a word budget, every
summary *and* reference is cut to that many words first (``-l``), whatever
system wrote it. Means are macro over stories. Each story is analysed as the
pipeline would (spaCy sentences, MiniLM embeddings, duplicates, fact
comparison) once, shared by every system scored on it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from newsweave.dedup import find_duplicates
from newsweave.errors import EvaluationDataError
from newsweave.evaluation.rouge import RougeResult, RougeTriple, rouge
from newsweave.facts import FactComparison, compare_facts
from newsweave.ingest import read_inputs
from newsweave.model import Article, Sentence, StoryInput, by_publication
from newsweave.sentences import split_many
from newsweave.summarize import SummaryBudget, SummaryParams, summarize

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from spacy.language import Language

    from newsweave.embed import Embedder

__all__ = [
    "EvalStory",
    "StoryScore",
    "SummaryEvaluation",
    "SummaryGold",
    "SummaryTask",
    "evaluate_summaries",
    "load_reference_gold",
    "load_summary_gold",
    "newsweave_summariser",
    "prepare_stories",
    "score_system",
]


@dataclass(frozen=True, slots=True)
class SummaryTask:
    """One story to summarise: its articles, its references and its part of the split."""

    key: str
    article_ids: tuple[str, ...]
    references: tuple[str, ...]
    split: str = "dev"
    """``dev`` (may be tuned on), ``unseen`` (scored at milestones only) or ``demo``."""


@dataclass(frozen=True, slots=True)
class SummaryGold:
    """Where the articles are and the stories to summarise."""

    corpus: Path
    tasks: tuple[SummaryTask, ...]

    @property
    def references(self) -> dict[str, tuple[str, ...]]:
        return {t.key: t.references for t in self.tasks}


def load_summary_gold(data: Path) -> SummaryGold:
    """The demo layout (module docstring); every story is in the ``demo`` split.

    Raises :class:`EvaluationDataError` when gold.json, the corpus or every
    reference is missing, or gold.json has no ``articles`` mapping.
    """
    root = data if (data / "gold.json").is_file() else data.parent
    gold_path = root / "gold.json"
    if not gold_path.is_file():
        raise EvaluationDataError(f"No gold.json in {data} or its parent folder.")
    corpus = root / "corpus" if (root / "corpus").is_dir() else data
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        story_of = {aid: str(rec["story"]) for aid, rec in gold["articles"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise EvaluationDataError(
            f"{gold_path}: expected {{'articles': {{id: {{'story': key}}}}}} ({exc})."
        ) from exc
    refs_dir = root / "summaries"
    references = {p.stem: " ".join(p.read_text(encoding="utf-8").split())
                  for p in sorted(refs_dir.glob("*.txt"))}
    if not references:
        raise EvaluationDataError(f"No reference summaries (*.txt) in {refs_dir}.")
    tasks = tuple(
        SummaryTask(key, tuple(sorted(a for a, s in story_of.items() if s == key)), (ref,), "demo")
        for key, ref in references.items()
    )
    return SummaryGold(corpus, tasks)


def load_reference_gold(refs_dir: Path, corpus: Path) -> SummaryGold:
    """Reference passes ``refs_dir/refs-*.jsonl`` over the articles in ``corpus``.

    Every pass must cover the same stories with the same article lists. Raises
    :class:`EvaluationDataError` (naming the file and line) otherwise, or when
    there is no pass or a line is not a story record.
    """
    passes = sorted(refs_dir.glob("refs-*.jsonl"))
    if not passes:
        raise EvaluationDataError(f"No reference passes (refs-*.jsonl) in {refs_dir}.")
    stories: dict[str, tuple[tuple[str, ...], str]] = {}
    refs: dict[str, list[str]] = {}
    for path in passes:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                key, summary = str(rec["story"]), " ".join(str(rec["summary"]).split())
                members, split = tuple(sorted(str(a) for a in rec["articles"])), str(rec["split"])
            except (ValueError, KeyError, TypeError) as exc:
                raise EvaluationDataError(
                    f"{path}:{n}: expected a story record with story, split, articles and "
                    f"summary ({exc})."
                ) from exc
            if stories.setdefault(key, (members, split)) != (members, split):
                raise EvaluationDataError(
                    f"{path}:{n}: story {key!r} has other articles or split than in another pass."
                )
            refs.setdefault(key, []).append(summary)
    counts = {len(r) for r in refs.values()}
    if len(counts) != 1:
        raise EvaluationDataError(f"{refs_dir}: the passes do not cover the same stories.")
    tasks = tuple(SummaryTask(k, stories[k][0], tuple(refs[k]), stories[k][1]) for k in sorted(
        stories, key=_story_order))
    return SummaryGold(corpus, tasks)


def _story_order(key: str) -> tuple[int, str]:
    digits = "".join(c for c in key if c.isdigit())
    return (int(digits) if digits else 0, key)


@dataclass(frozen=True, slots=True)
class EvalStory:
    """One story, analysed as the pipeline would before the summary stage."""

    task: SummaryTask
    articles: tuple[Article, ...]
    sentences: Mapping[str, tuple[Sentence, ...]]
    embeddings: Mapping[str, NDArray[np.float32]]
    duplicate_of: Mapping[str, str]
    facts: FactComparison | None

    @property
    def key(self) -> str:
        return self.task.key

    @property
    def input(self) -> StoryInput:
        """The story as the story stages take it."""
        return StoryInput(self.articles, self.sentences, self.embeddings,
                          duplicate_of=self.duplicate_of)


def prepare_stories(
    gold: SummaryGold, nlp: Language, embedder: Embedder, *, with_facts: bool = True,
    keys: Sequence[str] | None = None,
) -> tuple[EvalStory, ...]:
    """Read the corpus and analyse every story (or those in ``keys``).

    Articles are in publication order ((date, id), undated last). Raises
    :class:`EvaluationDataError` when an article of a story was not read.
    """
    tasks = [t for t in gold.tasks if keys is None or t.key in keys]
    wanted = {a for t in tasks for a in t.article_ids}
    read = read_inputs([str(gold.corpus)])
    articles = sorted((a for a in read.articles if a.id in wanted),
                      key=lambda a: by_publication(a.date, a.id))
    split = split_many(articles, nlp)
    sentences = {a.id: s for a, s in zip(articles, split, strict=True)}
    vectors = embedder.encode([s.text for ss in split for s in ss])
    embeddings: dict[str, NDArray[np.float32]] = {}
    row = 0
    for a, ss in zip(articles, split, strict=True):
        embeddings[a.id] = vectors[row : row + len(ss)]
        row += len(ss)
    out: list[EvalStory] = []
    for task in tasks:
        members = tuple(a for a in articles if a.id in set(task.article_ids))
        missing = set(task.article_ids) - {a.id for a in members}
        if missing:
            raise EvaluationDataError(
                f"Story {task.key!r}: articles {sorted(missing)[:3]} were not read from "
                f"{gold.corpus}."
            )
        dup = {m.article_id: m.duplicate_of for m in find_duplicates(members)}
        own_s = {a.id: sentences[a.id] for a in members}
        own_e = {a.id: embeddings[a.id] for a in members}
        facts = (compare_facts(StoryInput(members, own_s, own_e, duplicate_of=dup))
                 if with_facts else None)
        out.append(EvalStory(task, members, own_s, own_e, dup, facts))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class StoryScore:
    """One story's summary, its ROUGE scores, size and the time summarising took."""

    story: str
    split: str
    rouge: RougeResult
    sentences: int
    words: int
    seconds: float
    summary: tuple[str, ...] = ()


def _mean(triples: Sequence[RougeTriple]) -> RougeTriple:
    n = max(1, len(triples))
    return RougeTriple(sum(t.recall for t in triples) / n, sum(t.precision for t in triples) / n,
                       sum(t.f for t in triples) / n)


@dataclass(frozen=True, slots=True)
class SummaryEvaluation:
    """Per-story scores of one system; :meth:`mean` over a split, :meth:`table` to print."""

    system: str
    budget: SummaryBudget
    stories: tuple[StoryScore, ...] = field(default_factory=tuple)

    def part(self, split: str | None = None) -> tuple[StoryScore, ...]:
        return tuple(s for s in self.stories if split is None or s.split == split)

    def mean(self, split: str | None = None) -> RougeResult:
        rows = [s.rouge for s in self.part(split)]
        return RougeResult(_mean([r.rouge1 for r in rows]), _mean([r.rouge2 for r in rows]),
                           _mean([r.su4 for r in rows]))

    @property
    def seconds_per_story(self) -> float:
        return sum(s.seconds for s in self.stories) / max(1, len(self.stories))

    def table(self) -> str:
        """A plain-text table: one row per story (recall), then the mean of each split."""
        head = f"{'story':<14} {'split':<7} {'R-1':>6} {'R-2':>6} {'R-SU4':>6} {'words':>5}"
        lines = [f"{self.system}: ROUGE-1.5.5 recall (stemmed), budget "
                 f"{_budget_text(self.budget)}", head, "-" * len(head)]
        for s in self.stories:
            r = s.rouge
            lines.append(f"{s.story:<14} {s.split:<7} {r.rouge1.recall:6.3f} "
                         f"{r.rouge2.recall:6.3f} {r.su4.recall:6.3f} {s.words:5d}")
        lines.append("-" * len(head))
        for split in sorted({s.split for s in self.stories}):
            m = self.mean(split)
            lines.append(f"{'mean ' + split + ' (' + str(len(self.part(split))) + ')':<22} "
                         f"{m.rouge1.recall:6.3f} {m.rouge2.recall:6.3f} {m.su4.recall:6.3f}")
        return "\n".join(lines)


def _budget_text(budget: SummaryBudget) -> str:
    parts = []
    if budget.sentences is not None:
        parts.append(f"{budget.sentences} sentences")
    if budget.words is not None:
        parts.append(f"{budget.words} words")
    return " / ".join(parts)


Summariser = Callable[[EvalStory, SummaryBudget], Sequence[str]]


def newsweave_summariser(params: SummaryParams = SummaryParams()) -> Summariser:  # noqa: B008
    """The system under test: :func:`newsweave.summarize.summarize` with ``params``."""

    def run(story: EvalStory, budget: SummaryBudget) -> Sequence[str]:
        picked = summarize(story.input, budget=budget, facts=story.facts, params=params)
        return [s.text for s in picked]

    return run


def score_system(
    name: str, system: Summariser, stories: Sequence[EvalStory], budget: SummaryBudget
) -> SummaryEvaluation:
    """Run ``system`` on each story under ``budget``; ROUGE against the story's references.

    With a word budget, the summary and the references are cut to
    ``budget.words`` whitespace tokens before scoring (ROUGE ``-l``), for every
    system alike, so a system that writes more gains nothing from it.
    """
    rows: list[StoryScore] = []
    for story in stories:
        start = time.perf_counter()
        picked = tuple(system(story, budget))
        seconds = time.perf_counter() - start
        text = " ".join(picked)
        rows.append(StoryScore(
            story.key, story.task.split,
            rouge(text, story.task.references, word_limit=budget.words),
            len(picked), len(text.split()), seconds, picked))
    return SummaryEvaluation(name, budget, tuple(rows))


def evaluate_summaries(
    data: Path,
    budget: SummaryBudget = SummaryBudget(),  # noqa: B008
    *,
    nlp: Language | None = None,
    embedder: Embedder | None = None,
    params: SummaryParams = SummaryParams(),  # noqa: B008
) -> SummaryEvaluation:
    """Summarise every referenced story of ``data`` (demo layout) and score it.

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
