"""Quotes and speakers: newsweave vs textacy ``direct_quotations`` on real ECB+ gold.

Run on demand (prints tables, never part of the test suite):

    PYTHONPATH=src .venv/bin/python benchmarks/bench_quotes.py [--corpus PATH] [--repeat 3]

1. **Quality** on the offset-based gold ``gold/ecbplus-quotes/gold.offsets.jsonl`` (adjudicated)
   (docs/gold-quotes.md), dev and unseen parts apart, plus the second unseen batch
   ``unseen-extra.offsets.jsonl`` (50 fresh unseen-topic articles): rows ``unseen-old``,
   ``unseen-new`` and ``unseen`` (both pooled). Quote and speaker precision/recall/F1 of
   each system, scored by :func:`newsweave.evaluation.quotes_real.score_real`, with a
   95% percentile-bootstrap interval of the speaker F1 over articles
   (:mod:`newsweave.evaluation.quote_ci`).
2. **Time per article**: both systems run on the same parsed documents (spaCy with
   parser and NER, parsed once); the table gives the parse and each system's own
   extraction time per article, best of ``--repeat`` runs, with the spread and the
   newsweave/textacy ratio (the machine is shared: compare ratios).
3. **Scaling**: newsweave's extraction (``article_quotes`` on the parsed document,
   parse timed apart) on a synthetic article of 25-200 KB made of news-style
   paragraphs; time per KB should stay flat.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from newsweave.evaluation.quote_ci import bootstrap_f1, per_article_counts
from newsweave.evaluation.quote_gold import GoldSpan, load_offset_gold, unseen
from newsweave.evaluation.quotes_real import Prediction, newsweave_real, score_real, textacy_real
from newsweave.ingest import read_inputs
from newsweave.nlp import load_spacy

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "gold" / "ecbplus-quotes" / "gold.offsets.jsonl"
# Fresh unseen-topic articles annotated in session 7 (never tuned on): docs/gold-quotes.md
EXTRA = ROOT / "gold" / "ecbplus-quotes" / "unseen-extra.offsets.jsonl"
CORPUS = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus-topics-1-35.jsonl"
PARAGRAPHS = (
    "“We did not want this strike, but we will not stand by,” union president Mara "
    "Quinlan told reporters. “Our door is open.”",
    "Tobias Reinholt, chief executive of the Harbour Terminal Operators Group, said the "
    "operators had offered a 14% wage increase over four years.",
    "“Every day this goes on costs the regional economy,” said Tobias Reinholt. He said "
    "operators were “ready to talk any time, anywhere.”",
    "No new talks had been scheduled as of Tuesday evening, according to the State "
    "Labour Mediation Office.",
)


def quality_and_time(corpus: Path, repeat: int) -> None:
    gold = load_offset_gold(GOLD)
    extra = load_offset_gold(EXTRA)
    wanted = set(gold.articles) | set(extra.articles)
    articles = [a for a in read_inputs([str(corpus)]).articles if a.id in wanted]
    texts = {a.id: a.text for a in articles}
    nlp = load_spacy(ner=True, parser=True)
    systems = (("newsweave", newsweave_real()), ("nw-learned", newsweave_real("learned")),
               ("textacy", textacy_real()))
    print(f"gold: {GOLD.relative_to(ROOT)} (dev + unseen-old) and {EXTRA.relative_to(ROOT)} "
          f"(unseen-new); {len(articles)} articles\n")
    print(f"{'part':<10} {'system':<10} {'arts':>4} {'gold':>5} {'pred':>5}  "
          f"{'quote P/R/F1':<17}  {'speaker P/R/F1':<17} {'spk F1 95% CI':>13} "
          f"{'parse ms/art':>12} {'own ms/art (best, spread)':>26} {'ratio':>6}")
    parts = (("dev", gold, False), ("unseen-old", gold, True), ("unseen-new", extra, True))
    kept: dict[str, list[tuple[list[GoldSpan], list[Prediction], list[str]]]] = {}
    for part, part_file, want_unseen in parts:
        part_ids = set(part_file.articles)
        arts = [a for a in articles if a.id in part_ids and unseen(a.id) == want_unseen]
        t0 = time.perf_counter()
        docs = list(nlp.pipe(a.text for a in arts))
        parse_ms = (time.perf_counter() - t0) * 1000 / len(arts)
        ids = {a.id for a in arts}
        part_gold = [g for g in part_file.spans if g.article in ids]
        own: dict[str, list[float]] = {}
        for name, system in systems:
            runs = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                pred = system(arts, docs)
                runs.append((time.perf_counter() - t0) * 1000 / len(arts))
            own[name] = runs
            if part != "dev":
                kept.setdefault(name, []).append((part_gold, pred, [a.id for a in arts]))
            ratio = f"{min(runs) / min(own['newsweave']):.2f}" if name != "newsweave" else "1.00"
            spread = f"{min(runs):.1f} ({min(runs):.1f}-{max(runs):.1f})"
            _row(part, name, part_gold, pred, texts, [a.id for a in arts],
                 f"{parse_ms:>12.1f} {spread:>26} {ratio:>6}")
        med = statistics.median(own["newsweave"]) / statistics.median(own["textacy"])
        print(f"{'':<10} newsweave/textacy own time (medians): {med:.2f}x")
    for name, batches in kept.items():  # pooled unseen: the old and the new batch together
        _row("unseen", name, [g for b in batches for g in b[0]],
             [p for b in batches for p in b[1]], texts, [i for b in batches for i in b[2]], "")
    print("\nratio: each system's own time / newsweave's; unseen = unseen-old + unseen-new "
          "(pooled, no timing); CI: percentile bootstrap over articles, 2,000 resamples")


def _row(part: str, name: str, gold: list[GoldSpan], pred: list[Prediction],
         texts: dict[str, str], ids: list[str], tail: str) -> None:
    s = score_real(name, part, gold, pred, texts, len(ids), 0.0)
    lo, hi = bootstrap_f1(per_article_counts(gold, pred, texts, ids))
    print(f"{part:<10} {name:<10} {len(ids):>4} {s.n_gold:>5} {s.n_predicted:>5}  "
          f"{_fmt(s.quotes):<17}  {_fmt(s.speaker):<17} {f'{lo:.3f}-{hi:.3f}':>13} {tail}")


def _fmt(p: object) -> str:
    return f"{p.precision:.3f}/{p.recall:.3f}/{p.f1:.3f}"  # type: ignore[attr-defined]


def scaling() -> None:
    from newsweave.entities import mentions_from_doc
    from newsweave.model import Article
    from newsweave.quotes import article_quotes

    nlp = load_spacy(ner=True, parser=True)
    nlp.max_length = 2_000_000
    print(f"\n{'KB':>5} {'quotes':>7} {'parse s':>8} {'quotes s':>9} {'ms/KB':>7} {'ratio':>6}")
    prev: float | None = None
    for kb in (25, 50, 100, 200):
        parts: list[str] = []
        n = 0
        while n < kb * 1000:
            parts.append(PARAGRAPHS[len(parts) % len(PARAGRAPHS)])
            n += len(parts[-1]) + 1
        text = "\n".join(parts)
        article = Article(id=f"s{kb}", text=text, content_hash=str(kb), origin="synthetic")
        t0 = time.perf_counter()
        doc = nlp(text)
        parse = time.perf_counter() - t0
        mentions = mentions_from_doc(article, doc)
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            quotes = article_quotes(article, doc, mentions)
            runs.append(time.perf_counter() - t0)
        per_kb = min(runs) * 1000 / kb
        ratio = f"{per_kb / prev:.2f}" if prev else "-"
        print(f"{kb:>5} {len(quotes):>7} {parse:>8.2f} {min(runs):>9.3f} {per_kb:>7.2f} "
              f"{ratio:>6}")
        prev = per_kb
    print("quotes s: article_quotes on the parsed document, best of 3 (parse excluded)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-scaling", action="store_true")
    ap.add_argument("--only-scaling", action="store_true")
    args = ap.parse_args()
    if not args.only_scaling:
        if not args.corpus.exists():
            raise SystemExit(f"{args.corpus} not found: pass --corpus with the ECB+ JSON Lines")
        quality_and_time(args.corpus, args.repeat)
    if not args.no_scaling:
        scaling()


if __name__ == "__main__":
    main()
