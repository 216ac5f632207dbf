"""Time-expression normalisation: newsweave vs dateparser's ``search_dates``, same run.

Sets: the demo corpus (``demo/gold.json``, 49 articles) and the two seeds
(``tests/gold/seeds_timex.json``, articles from ``../shared/seeds``, skipped when
absent). Both systems see the same articles; dateparser gets each article's date
as ``RELATIVE_BASE`` and ``PREFER_DATES_FROM="past"``. Columns: span F1 (relaxed,
overlap), value accuracy (right value and precision among the found gold
expressions), value F1 (TempEval-3's attribute F1) and time per article.

Also a smoke run on ECB+ (772 real articles, no publication dates, no time gold):
how many expressions each system reports and how long it takes. Counts there are
not scores; they show the false-positive rate of dateparser on running text.

Run: ``.venv/bin/python benchmarks/bench_time.py [--no-ecb]``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newsweave.evaluation.temporal import evaluate_time
from newsweave.evaluation.timex_scoring import DateparserSystem
from newsweave.model import Article
from newsweave.nlp import load_spacy
from newsweave.temporal import find_time_expressions

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
ECBPLUS = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus-topics-1-35.jsonl"


def _rows(label: str, data: Path, nlp: object) -> list[str]:
    result = evaluate_time(data, nlp=nlp)  # type: ignore[arg-type]
    rows = []
    for s in result.scores:
        ms = 1000 * s.seconds / result.n_articles
        rows.append(
            f"{label:<6} {s.system:<10} {result.n_articles:>4} {s.n_gold:>5} {s.n_predicted:>5} "
            f"{s.relaxed.f1:>7.3f} {s.strict.f1:>7.3f} {s.value_accuracy:>9.3f} "
            f"{s.value_f1.f1:>8.3f} {ms:>10.2f}"
        )
    if result.timeline is not None:
        t = result.timeline
        rows.append(f"{label:<6} timeline: date-selection F1 {t.dates.f1:.3f}, "
                    f"ROUGE-1 F1 {t.rouge.get('rouge1', 0.0):.3f}")
    return rows


def _ecb_rows() -> list[str]:
    docs = [json.loads(line) for line in ECBPLUS.read_text(encoding="utf-8").splitlines()]
    arts = [Article(id=d["id"], text=d["text"], content_hash=d["id"], origin="ecb+")
            for d in docs]
    rows = []
    t0 = time.perf_counter()
    ours = sum(len(find_time_expressions(a)) for a in arts)
    t_ours = time.perf_counter() - t0
    baseline = DateparserSystem()
    t0 = time.perf_counter()
    theirs = sum(len(baseline(a)) for a in arts)
    t_theirs = time.perf_counter() - t0
    for name, n, sec in (("newsweave", ours, t_ours), ("dateparser", theirs, t_theirs)):
        rows.append(f"ecb+   {name:<10} {len(arts):>4} {'-':>5} {n:>5} {'-':>7} {'-':>7} "
                    f"{'-':>9} {'-':>8} {1000 * sec / len(arts):>10.2f}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-ecb", action="store_true", help="skip the ECB+ smoke run")
    args = parser.parse_args()
    nlp = load_spacy(ner=False)
    head = (f"{'set':<6} {'system':<10} {'docs':>4} {'gold':>5} {'pred':>5} {'spanF1':>7} "
            f"{'strict':>7} {'value acc':>9} {'value F1':>8} {'ms/article':>10}")
    print(head)
    print("-" * len(head))
    for row in _rows("demo", ROOT / "demo", nlp):
        print(row)
    if SEEDS.exists():
        for row in _rows("seeds", SEEDS, nlp):
            print(row)
    else:
        print(f"seeds  skipped: {SEEDS} is absent")
    if not args.no_ecb:
        if ECBPLUS.exists():
            for row in _ecb_rows():
                print(row)
        else:
            print(f"ecb+   skipped: {ECBPLUS} is absent")


if __name__ == "__main__":
    main()
