"""Benchmark: newsweave's attributed summaries vs sumy's LexRank and TextRank and lead baselines.

Usage::

    .venv/bin/python benchmarks/bench_summaries.py [--words 100] [--unseen] [--show]
    .venv/bin/python benchmarks/bench_summaries.py --demo [--sentences 4]
    .venv/bin/python benchmarks/bench_summaries.py --timing
    .venv/bin/python benchmarks/bench_summaries.py --focus [--unseen]

Default data: the 33 ECB+ gold stories with two independent ~100-word reference
summaries each (``gold/ecbplus-summaries/``, our own words; the articles are
read from ``../shared/data/ecbplus/``). Stories of topics not divisible by 3 are
the **dev** part (every choice of parameters is made there); ``--unseen`` also
scores the **unseen** part (topics divisible by 3), at milestones only.
``--demo`` scores the demo corpus instead (a regression check, not a quality
measure).

In one run every system summarises every story under the same budget and is
scored with ROUGE-1.5.5's ROUGE-1/2/SU4 (Porter stemming, both references
pooled, ``-f A``); with a word budget the scorer cuts every summary and
reference to that many words (``-l``), so a system that overshoots gains
nothing. Printed per part: mean recall (and R-2 F), words, time per story, the
paired bootstrap 95% CI of newsweave's R-2 recall minus each baseline's
(10,000 resamples of the stories), and the agreement of the two reference
passes (A against B, B against A: the human ceiling).

Fairness: the sumy baselines get the *same sentences* newsweave sees
(newsweave's splitter; sumy's own needs NLTK punkt data, which is not
installed), without exact and near-duplicate articles and repeated sentences,
articles in publication order, sumy's English stemmer and stop words. Like the
leads they add sentences in their own rank order until the budget is reached
(the scorer cuts the overshoot), as in the DUC evaluations. Time per story is
summarisation only; splitting, embedding and fact comparison are shared stages
done once for all systems.

``--timing`` measures two 25-article stories (25 articles of ECB+ topic 1,
short; 25 MEANTIME Wikinews articles on Airbus, long), the summary stage alone
on the analysed articles (sentences, embeddings and fact comparison done
once), repeated, next to LexRank on the same input in the same run.

``--focus`` measures query focus without focus gold
(:mod:`newsweave.evaluation.summary_focus`): each referenced story mixed with
the other (confusable) story of its ECB+ topic, the focus being the headline of
the target's first article; newsweave with the focus, without it and LexRank on
the same mix, scored against the target's references, with the plain summary
of the target's own articles as the ceiling.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsweave.embed import load_embedder  # noqa: E402
from newsweave.evaluation.summaries import (  # noqa: E402
    EvalStory,
    SummaryEvaluation,
    SummaryTask,
    load_reference_gold,
    load_summary_gold,
    newsweave_summariser,
    prepare_stories,
    score_system,
)
from newsweave.evaluation.summary_stats import (  # noqa: E402
    lead_newest,
    lead_round_robin,
    paired_bootstrap,
    reference_agreement,
)
from newsweave.facts import compare_facts  # noqa: E402
from newsweave.nlp import load_spacy  # noqa: E402
from newsweave.summarize import SummaryBudget  # noqa: E402

ECBPLUS = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus-topics-1-35.jsonl"
REFS = ROOT / "gold" / "ecbplus-summaries"
MEANTIME = ROOT.parent / "shared" / "data" / "meantime" / "meantime-en-time.jsonl"
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
System = Callable[[EvalStory, SummaryBudget], Sequence[str]]


class _WordTokenizer:
    """The word tokenizer sumy's document model needs (no NLTK data required)."""

    language = "english"

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(_TOKEN.findall(text))


def _document(story: EvalStory) -> Any:
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


def sumy_system(kind: str) -> System:
    """sumy's ``kind`` (``lexrank``, ``textrank``): best-rated sentences until the budget."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}
    summarizer = classes[kind](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def run(story: EvalStory, budget: SummaryBudget) -> Sequence[str]:
        def count(ranked: Sequence[Any]) -> list[Any]:
            # sumy passes its sentences best first; take them until the budget is reached.
            out: list[Any] = []
            words = 0
            for info in ranked:
                if budget.sentences is not None and len(out) >= budget.sentences:
                    break
                if budget.words is not None and words >= budget.words:
                    break
                out.append(info)
                words += len(str(info.sentence).split())
            return out

        return [str(s) for s in summarizer(_document(story), count)]

    return run


def _systems(with_lsa: bool = False) -> list[tuple[str, System]]:
    return [
        ("newsweave", newsweave_summariser()),
        ("sumy LexRank", sumy_system("lexrank")),
        ("sumy TextRank", sumy_system("textrank")),
        ("lead (newest)", lead_newest),
        ("lead (round robin)", lead_round_robin),
    ]


def _table(results: Sequence[SummaryEvaluation], split: str | None) -> str:
    head = (f"{'system':<19} {'R-1':>7} {'R-2':>7} {'R-SU4':>7} {'R-2 F':>7} "
            f"{'words':>6} {'ms/story':>9}")
    lines = [head, "-" * len(head)]
    for r in results:
        m = r.mean(split)
        part = r.part(split)
        words = sum(s.words for s in part) / max(1, len(part))
        ms = 1000 * sum(s.seconds for s in part) / max(1, len(part))
        lines.append(f"{r.system:<19} {m.rouge1.recall:7.4f} {m.rouge2.recall:7.4f} "
                     f"{m.su4.recall:7.4f} {m.rouge2.f:7.4f} {words:6.0f} {ms:9.1f}")
    return "\n".join(lines)


def _cis(results: Sequence[SummaryEvaluation], split: str | None) -> str:
    ours = results[0]
    a = [s.rouge.rouge2.recall for s in ours.part(split)]
    lines = []
    for other in results[1:]:
        b = [s.rouge.rouge2.recall for s in other.part(split)]
        d = paired_bootstrap(a, b)
        lines.append(f"  R-2 newsweave - {other.system:<19} {d.mean:+.4f}  95% CI "
                     f"[{d.low:+.4f}, {d.high:+.4f}]{'  significant' if d.significant else ''}")
    return "\n".join(lines)


def _agreement(stories: Sequence[EvalStory], words: int | None, split: str | None) -> str:
    agree = reference_agreement([s.task for s in stories if split is None or
                                 s.task.split == split], words)
    rows = [r for rs in agree.values() for r in rs]
    if not rows:
        return ""
    n = len(rows)
    return (f"{'references A<->B':<19} {sum(r.rouge1.recall for r in rows) / n:7.4f} "
            f"{sum(r.rouge2.recall for r in rows) / n:7.4f} "
            f"{sum(r.su4.recall for r in rows) / n:7.4f} "
            f"{sum(r.rouge2.f for r in rows) / n:7.4f}   (human ceiling, one reference each)")


def _timing(nlp: Any, embedder: Any, repeats: int) -> None:
    import datetime as dt
    import json

    from newsweave.ingest import read_inputs
    from newsweave.ingest.normalise import content_hash, normalise_text
    from newsweave.model import Article
    from newsweave.story import prepare_story

    ecb = [a for a in read_inputs([str(ECBPLUS)]).articles if a.id.startswith("ecbplus-1_")]
    rows = [json.loads(line) for line in MEANTIME.open(encoding="utf-8")]
    wiki = [Article(id=r["id"], text=(t := normalise_text(r["text"])), content_hash=content_hash(t),
                    origin="meantime", title=r["title"], date=dt.date.fromisoformat(r["dct"]))
            for r in rows if r["topic"] == "airbus"]
    budget = SummaryBudget(sentences=None, words=250)
    for label, articles in (("ECB+ topic 1", ecb[:25]), ("MEANTIME airbus", wiki[:25])):
        prepared = prepare_story(articles, nlp, embedder)
        facts = compare_facts(prepared)
        dup = dict(prepared.duplicate_of or {})
        story = EvalStory(SummaryTask(label, tuple(a.id for a in articles), ("",)),
                          prepared.articles,
                          {k: tuple(v) for k, v in prepared.sentences.items()},
                          dict(prepared.embeddings),
                          dup, facts)
        n_sent = sum(len(s) for s in story.sentences.values())
        for name, system in (("newsweave", newsweave_summariser()),
                             ("sumy LexRank", sumy_system("lexrank"))):
            times, cpu = [], []
            for _ in range(repeats):
                start, start_cpu = time.perf_counter(), time.process_time()
                system(story, budget)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            # CPU time is reported too: on a shared machine wall time mostly measures the
            # other jobs.
            print(f"{label:<16} {name:<13} {len(story.articles)} articles, {n_sent} sentences, "
                  f"250 words: wall median {1000 * statistics.median(times):.0f} ms "
                  f"(min {1000 * min(times):.0f}, max {1000 * max(times):.0f}), CPU median "
                  f"{1000 * statistics.median(cpu):.0f} ms, {repeats} runs; load average "
                  f"{os.getloadavg()[0]:.1f}")


def _focus(nlp: Any, embedder: Any, budget: SummaryBudget, unseen: bool) -> None:
    from newsweave.evaluation.clustering import load_ecbplus
    from newsweave.evaluation.summary_focus import mixed_focus_gold
    from newsweave.summarize import make_focus, summarize

    gold = load_reference_gold(REFS, ECBPLUS)
    keys = [t.key for t in gold.tasks if unseen or t.split != "unseen"]
    corpus = load_ecbplus(ECBPLUS)
    mixed = mixed_focus_gold(gold, {a.id: a for a in corpus.articles}, corpus.gold)
    stories = prepare_stories(mixed.gold, nlp, embedder, keys=keys)
    alone = prepare_stories(gold, nlp, embedder, keys=keys)
    questions = {k: make_focus(mixed.focus[k], embedder) for k in keys}

    def focused(story: EvalStory, budget: SummaryBudget) -> Sequence[str]:
        return [s.text for s in summarize(story.input, budget=budget, facts=story.facts,
                                          focus=questions[story.key])]

    results = [score_system("newsweave, focus", focused, stories, budget),
               score_system("newsweave, no focus", newsweave_summariser(), stories, budget),
               score_system("sumy LexRank", sumy_system("lexrank"), stories, budget),
               score_system("target only (ceil.)", newsweave_summariser(), alone, budget)]
    print(f"query focus: {len(stories)} mixed stories ({sum(len(s.articles) for s in stories)} "
          f"articles), focus = headline of the target's first article; budget "
          f"{budget.words or '-'} words; references = the target's")
    for split in sorted({s.task.split for s in stories}):
        print(f"\n== {split} ({sum(1 for s in stories if s.task.split == split)} stories)")
        print(_table(results, split))
        print(_cis(results, split))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=100, help="word budget (0: none)")
    parser.add_argument("--sentences", type=int, default=0, help="sentence budget (0: none)")
    parser.add_argument("--unseen", action="store_true", help="also score the unseen part")
    parser.add_argument("--demo", action="store_true", help="score the demo corpus instead")
    parser.add_argument("--show", action="store_true", help="print each system's summaries")
    parser.add_argument("--timing", action="store_true", help="time a 25-article story")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--focus", action="store_true", help="query focus on confusable mixes")
    args = parser.parse_args(argv)
    nlp, embedder = load_spacy(ner=False), load_embedder()
    if args.timing:
        _timing(nlp, embedder, args.repeats)
        return 0
    budget = SummaryBudget(args.sentences or None, args.words or None)
    if args.focus:
        _focus(nlp, embedder, budget, args.unseen)
        return 0
    start = time.perf_counter()
    gold = load_summary_gold(ROOT / "demo") if args.demo else load_reference_gold(REFS, ECBPLUS)
    keys = [t.key for t in gold.tasks if args.unseen or t.split != "unseen"]
    stories = prepare_stories(gold, nlp, embedder, keys=keys)
    prep = time.perf_counter() - start
    results = [score_system(name, system, stories, budget) for name, system in _systems()]
    print(f"data: {'demo' if args.demo else 'ECB+ references (2 passes)'}; {len(stories)} "
          f"stories, {sum(len(s.articles) for s in stories)} articles; shared prep {prep:.1f} s")
    print(f"budget: {budget.sentences or '-'} sentences, {budget.words or '-'} words; "
          "ROUGE-1.5.5 recall, stemmed, -l budget, macro mean over stories")
    for split in sorted({s.task.split for s in stories}):
        n = sum(1 for s in stories if s.task.split == split)
        print(f"\n== {split} ({n} stories)")
        print(_table(results, split))
        if agree := _agreement(stories, budget.words, split):
            print(agree)
        print(_cis(results, split))
    if args.show:
        for r in results:
            print(f"\n== {r.system}")
            for s in r.stories:
                print(f"-- {s.story}: " + " | ".join(s.summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
