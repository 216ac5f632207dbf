"""Dev-only speaker scores and errors of newsweave's quote attribution (issue 12).

Run on demand, from the repository root (ECB+ read in place, never copied):

    PYTHONPATH=src .venv/bin/python benchmarks/quote_dev_errors.py [--cache DIR] [--errors]

Scores the **dev** part (topics not divisible by 3) of every quote gold file that has
one (``DEV_FILES``), file by file and pooled, with newsweave's default rules, and with
``--errors`` lists each speaker error (gold speaker vs predicted) for error analysis.
The unseen part is never loaded here: its errors are not to be read while developing.
``--cache`` keeps the spaCy parses (DocBin), so rule changes are measured on the same
parses.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsweave.evaluation.quote_gold import load_offset_gold, unseen
from newsweave.evaluation.quotes_real import newsweave_real, score_real
from newsweave.ingest import read_inputs
from newsweave.nlp import load_spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_quote_speakers import parsed

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "gold" / "ecbplus-quotes"
DEV_FILES = ("gold.offsets.jsonl", "dev-extra.offsets.jsonl", "dev-extra2.offsets.jsonl",
             "dev-extra3.offsets.jsonl")
CORPUS = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus-topics-1-35.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--cache", type=Path, help="keep the parses here (spaCy DocBin)")
    ap.add_argument("--errors", action="store_true", help="list every speaker error")
    args = ap.parse_args()
    articles = {a.id: a for a in read_inputs([str(args.corpus)]).articles}
    nlp = load_spacy(ner=True, parser=True)
    system = newsweave_real()
    pooled_gold, pooled_pred, texts, n_arts = [], [], {}, 0
    print(f"{'file (dev part)':<26} {'arts':>4} {'gold':>5} {'pred':>5}  "
          f"{'quote P/R/F1':<17}  {'speaker P/R/F1':<17}")
    for name in DEV_FILES:
        gold = load_offset_gold(GOLD_DIR / name)
        arts = [articles[i] for i in gold.articles if not unseen(i)]
        docs = parsed(nlp, [a.text for a in arts], args.cache, f"dev-{name}")
        ids = {a.id for a in arts}
        part_gold = [g for g in gold.spans if g.article in ids]
        pred = system(arts, docs)
        texts.update({a.id: a.text for a in arts})
        s = score_real("newsweave", "dev", part_gold, pred, texts, len(arts), 0.0)
        print(f"{name:<26} {len(arts):>4} {s.n_gold:>5} {s.n_predicted:>5}  "
              f"{_fmt(s.quotes):<17}  {_fmt(s.speaker):<17}")
        pooled_gold += part_gold
        pooled_pred += pred
        n_arts += len(arts)
        if args.errors:
            for e in s.errors:
                print("   ", e)
    s = score_real("newsweave", "dev", pooled_gold, pooled_pred, texts, n_arts, 0.0)
    print(f"{'all dev pooled':<26} {n_arts:>4} {s.n_gold:>5} {s.n_predicted:>5}  "
          f"{_fmt(s.quotes):<17}  {_fmt(s.speaker):<17}  (right/named/gold "
          f"{s.speaker_counts})")


def _fmt(p: object) -> str:
    return f"{p.precision:.3f}/{p.recall:.3f}/{p.f1:.3f}"  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
