"""Benchmark: newsweave's attributed summaries vs sumy's LexRank, TextRank and LSA.

Usage::

    .venv/bin/python benchmarks/bench_summaries.py [DATA] [--sentences N] [--words W]

``DATA`` defaults to the demo corpus (``demo/``: ``corpus/``, ``gold.json``,
``summaries/``; see :mod:`newsweave.evaluation.summaries`). In one run every
system summarises every referenced story under the same length budget and is
scored with ROUGE-1/2/L F (rouge-score, Porter stemming). Printed: mean scores,
mean time per story (cluster) and each system's ROUGE-2 as a ratio of
LexRank's (target for newsweave: >= 1.10).

Fairness: the baselines get the *same sentences* newsweave sees (newsweave's
splitter; sumy's own splitter needs NLTK's punkt data, which is not installed
and must not be downloaded), with exact and near-duplicate articles removed
(sumy has no duplicate detection; this only helps it) and repeated sentence
texts kept once. Articles are concatenated in publication order, one sumy
paragraph per article, with sumy's English Snowball stemmer and stop words.
A word budget is met by taking the largest sentence count whose summary fits.
Time per story covers summarisation only: sentence splitting, embedding and
fact comparison are shared pipeline stages done once for all systems
(newsweave's time therefore excludes its embedding cost; it is reported
separately as "shared prep").
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsweave.embed import load_embedder  # noqa: E402
from newsweave.evaluation.summaries import (  # noqa: E402
    StoryInput,
    SummaryEvaluation,
    load_summary_gold,
    newsweave_summariser,
    prepare_stories,
    rouge_scorer,
    score_system,
)
from newsweave.nlp import load_spacy  # noqa: E402
from newsweave.summarize import SummaryBudget, count_words  # noqa: E402

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


class _WordTokenizer:
    """The word tokenizer sumy's document model needs (no NLTK data required)."""

    language = "english"

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(_TOKEN.findall(text))


def _document(story: StoryInput) -> Any:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tokenizer = _WordTokenizer()
    seen: set[str] = set()
    paragraphs = []
    for article in story.articles:
        if article.id in story.duplicate_of:
            continue
        sentences = []
        for s in story.sentences.get(article.id, ()):
            text = " ".join(s.text.split())
            if text and text not in seen:
                seen.add(text)
                sentences.append(Sentence(text, tokenizer))
        if sentences:
            paragraphs.append(Paragraph(sentences))
    return ObjectDocumentModel(paragraphs)


def sumy_system(kind: str) -> Callable[[StoryInput, SummaryBudget], Sequence[str]]:
    """A summariser running sumy's ``kind`` (``lexrank``, ``textrank``, ``lsa``)."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer,
               "lsa": LsaSummarizer}
    summarizer = classes[kind](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def run(story: StoryInput, budget: SummaryBudget) -> Sequence[str]:
        document = _document(story)
        n_all = len(document.sentences)
        cap = budget.sentences if budget.sentences is not None else n_all
        best: list[str] = []
        for k in range(1, min(cap, n_all) + 1):
            picked = [str(s) for s in summarizer(document, k)]
            if budget.words is not None and count_words(" ".join(picked)) > budget.words:
                break
            best = picked
        return best

    return run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=ROOT / "demo")
    parser.add_argument("--sentences", type=int, default=4, help="sentence budget (0: none)")
    parser.add_argument("--words", type=int, default=0, help="word budget (0: none)")
    parser.add_argument("--show", action="store_true", help="print each system's summaries")
    args = parser.parse_args(argv)
    budget = SummaryBudget(args.sentences or None, args.words or None)

    start = time.perf_counter()
    gold = load_summary_gold(args.data)
    stories = prepare_stories(gold, load_spacy(ner=False), load_embedder())
    prep = time.perf_counter() - start
    scorer = rouge_scorer()
    systems: list[tuple[str, Callable[[StoryInput, SummaryBudget], Sequence[str]]]] = [
        ("newsweave", newsweave_summariser()),
        ("sumy LexRank", sumy_system("lexrank")),
        ("sumy TextRank", sumy_system("textrank")),
        ("sumy LSA", sumy_system("lsa")),
    ]
    results: list[SummaryEvaluation] = [
        score_system(name, system, stories, budget, scorer=scorer) for name, system in systems
    ]
    print(f"data: {args.data} ({len(stories)} stories with references, "
          f"{sum(len(s.articles) for s in stories)} articles); shared prep {prep:.1f} s")
    print(f"budget: {budget.sentences or '-'} sentences, {budget.words or '-'} words; "
          "ROUGE F (rouge-score, stemmed), macro mean over stories")
    print(_table(results))
    if args.show:
        for r in results:
            print(f"\n== {r.system}")
            for s in r.stories:
                print(f"-- {s.story}: " + " ".join(s.summary))
    return 0


def _table(results: Sequence[SummaryEvaluation]) -> str:
    lexrank = next(r for r in results if r.system == "sumy LexRank").mean.rouge2
    head = (f"{'system':<14} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8} "
            f"{'R-2/LexRank':>11} {'words':>6} {'ms/story':>9}")
    lines = [head, "-" * len(head)]
    for r in results:
        m = r.mean
        words = sum(s.words for s in r.stories) / max(1, len(r.stories))
        ratio = m.rouge2 / lexrank if lexrank > 0 else float("nan")
        lines.append(
            f"{r.system:<14} {m.rouge1:8.4f} {m.rouge2:8.4f} {m.rougeL:8.4f} "
            f"{ratio:11.2f} {words:6.0f} {1000 * r.seconds_per_story:9.1f}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
