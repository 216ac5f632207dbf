"""Time expressions on real news: newsweave vs dateparser and timexy, same run.

Sections (each skipped with a message when its data is absent):

1. MEANTIME English (``../shared/data/meantime``), TempEval-3 scores per system and
   per TIMEX3 type: the development topics (airbus, apple, gm) and, separately, the
   unseen ``stock`` topic (never used to develop or tune; ``--no-stock`` skips it).
2. Leave-one-topic-out cross-validation of newsweave's parameters (``TimeParams``)
   over the development topics: per fold, the grid point with the best value F1 on
   the two training topics and its score on the held-out topic (``--cv``).
3. Speed before/after: this code against the time stage of a git revision
   (``--before``, default b2e9154, the issue's baseline), loaded side by side in this
   process and timed alternately (CPU time, ``--repeats`` rounds): ms per document
   and the ratio new/old with its spread.
4. Regression sets: the demo corpus and the seeds (calendar-date gold).
5. ECB+ (772 real articles, no publication date, no time gold): a sanity check,
   counts per type, crashes, implausible values, relative dates that got a value
   without a date (should be none but anaphora from an absolute date).

Run: ``.venv/bin/python benchmarks/bench_time.py [--cv] [--no-stock] [--no-ecb]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

from newsweave.evaluation.temporal import evaluate_time
from newsweave.evaluation.timeml_data import TimemlSet, load_timeml_jsonl
from newsweave.evaluation.timex_scoring import SystemScores
from newsweave.evaluation.timex_systems import evaluate_normalisation
from newsweave.nlp import load_spacy
from newsweave.sentences import split_sentences
from newsweave.temporal import TimeParams, time_expressions_in_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MEANTIME = SHARED / "data" / "meantime" / "meantime-en-time.jsonl"
ECBPLUS = SHARED / "data" / "ecbplus" / "ecbplus-topics-1-35.jsonl"
DEV_TOPICS = ("airbus", "apple", "gm")
UNSEEN_TOPIC = "stock"
GRID: dict[str, tuple[Any, ...]] = {
    "anaphora_reach": (200, 600, 1500),
    "modal_future": (False, True),
    "the_unit": ("duration", "date"),
}
HEAD = (f"{'set':<14} {'system':<10} {'docs':>4} {'gold':>5} {'pred':>5} {'strict F1':>9} "
        f"{'relaxed P/R/F1':>17} {'type acc':>8} {'value acc':>9} {'value F1':>8} {'ms/doc':>7}")


def _row(label: str, s: SystemScores, n_docs: int) -> str:
    ms = 1000 * s.seconds / n_docs if n_docs else 0.0
    r = s.relaxed
    type_acc = f"{s.type_accuracy:.3f}" if s.type_accuracy is not None else "-"
    return (f"{label:<14} {s.system[:10]:<10} {n_docs:>4} {s.n_gold:>5} {s.n_predicted:>5} "
            f"{s.strict.f1:>9.3f} {r.precision:.3f}/{r.recall:.3f}/{r.f1:.3f} {type_acc:>8} "
            f"{s.value_accuracy:>9.3f} {s.value_f1.f1:>8.3f} {ms:>7.2f}")


def _sentences(docs: TimemlSet, nlp: Any) -> dict[str, Any]:
    return {a.id: split_sentences(a, nlp) for a in docs.articles}


def _subset(docs: TimemlSet, topics: Sequence[str]) -> TimemlSet:
    keep = {a for a, t in docs.topics.items() if t in topics}
    return TimemlSet(tuple(a for a in docs.articles if a.id in keep),
                     tuple(g for g in docs.gold if g.article in keep),
                     {k: v for k, v in docs.limits.items() if k in keep},
                     {k: v for k, v in docs.topics.items() if k in keep})


def _score(docs: TimemlSet, sents: dict[str, Any], baselines: Sequence[str] = (),
           params: TimeParams | None = None) -> dict[str, SystemScores]:
    return evaluate_normalisation(docs.gold, docs.articles, baselines=baselines,
                                  sentences=sents, limits=docs.limits, params=params)


def meantime_section(nlp: Any, stock: bool) -> list[str]:
    dev = load_timeml_jsonl(MEANTIME, topics=DEV_TOPICS)
    sets = [("dev", dev)]
    sets += [(f"{t} (dev)", _subset(dev, (t,))) for t in DEV_TOPICS]
    if stock:
        sets.append(("stock UNSEEN", load_timeml_jsonl(MEANTIME, topics=(UNSEEN_TOPIC,))))
    rows = []
    for label, docs in sets:
        baselines = ("dateparser", "timexy") if label in ("dev", "stock UNSEEN") else ()
        scores = _score(docs, _sentences(docs, nlp), baselines)
        for s in scores.values():
            rows.append(_row(label, s, len(docs.articles)))
            if label in ("dev", "stock UNSEEN"):
                cells = "  ".join(
                    f"{t.type} {t.n_gold}: rec {t.recall:.3f} val {t.value_accuracy:.3f}"
                    for t in s.per_type)
                rows.append(f"{'':<14}   per type: {cells}")
    return rows


def cv_section(nlp: Any) -> list[str]:
    dev = load_timeml_jsonl(MEANTIME, topics=DEV_TOPICS)
    sents = _sentences(dev, nlp)
    grid = [TimeParams(**dict(zip(GRID, values, strict=True)))
            for values in itertools.product(*GRID.values())]
    by_topic = {t: _subset(dev, (t,)) for t in DEV_TOPICS}
    # value F1 of every grid point on every topic (micro-averaged over training topics below)
    scored = {(i, t): _score(by_topic[t], sents, params=p)["newsweave"]
              for i, p in enumerate(grid) for t in DEV_TOPICS}
    rows = [f"{'held out':<9} {'chosen on the other two topics':<58} {'train vF1':>9} "
            f"{'test vF1':>8} {'test relaxed F1':>15} {'default vF1':>11}"]
    default = grid.index(TimeParams())
    for held in DEV_TOPICS:
        train = [t for t in DEV_TOPICS if t != held]

        def train_f1(i: int, train: list[str] = train) -> float:
            correct = sum(scored[i, t].value_f1.precision * scored[i, t].n_predicted
                          for t in train)
            pred = sum(scored[i, t].n_predicted for t in train)
            gold = sum(scored[i, t].n_gold for t in train)
            return 2 * correct / (pred + gold) if pred + gold else 0.0

        best = max(range(len(grid)), key=lambda i: (train_f1(i), i == default))
        p = grid[best]
        desc = f"reach={p.anaphora_reach} modal={p.modal_future} the_unit={p.the_unit}"
        test = scored[best, held]
        rows.append(f"{held:<9} {desc:<58} {train_f1(best):>9.3f} {test.value_f1.f1:>8.3f} "
                    f"{test.relaxed.f1:>15.3f} {scored[default, held].value_f1.f1:>11.3f}")
    return rows


def _load_before(rev: str) -> Callable[..., Any]:
    """``time_expressions_in_text`` of ``rev``, imported as package ``newsweave_before``."""
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src/newsweave"],
                         check=True, capture_output=True).stdout
    tmp = Path(tempfile.mkdtemp(prefix="newsweave-before-"))
    with tarfile.open(fileobj=BytesIO(tar)) as archive:
        archive.extractall(tmp, filter="data")
    pkg = tmp / "newsweave_before"
    (tmp / "src" / "newsweave").rename(pkg)
    for path in pkg.rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bnewsweave(?=[. ])", "newsweave_before", code),
                        encoding="utf-8")
    sys.path.insert(0, str(tmp))
    from newsweave_before.temporal import (  # type: ignore[import-not-found]
        time_expressions_in_text as before,
    )

    return before  # type: ignore[no-any-return]


def speed_section(rev: str, repeats: int) -> list[str]:
    before = _load_before(rev)
    sets = []
    if MEANTIME.exists():
        dev = load_timeml_jsonl(MEANTIME, topics=DEV_TOPICS)
        sets.append(("MEANTIME dev", [(a.text, a.date) for a in dev.articles]))
    if ECBPLUS.exists():
        lines = ECBPLUS.read_text(encoding="utf-8").splitlines()
        sets.append(("ECB+", [(json.loads(line)["text"], None) for line in lines]))
    rows = [f"{'set':<14} {'docs':>5} {'before ms/doc':>13} {'after ms/doc':>12} "
            f"{'after/before':>12} {'range':>11}"]
    for label, docs in sets:
        old: list[float] = []
        new: list[float] = []
        for _ in range(repeats):
            for fn, acc in ((before, old), (time_expressions_in_text, new)):
                t0 = time.process_time()
                for text, date in docs:
                    fn(text, date)
                acc.append(1000 * (time.process_time() - t0) / len(docs))
        ratios = [n / o for n, o in zip(new, old, strict=True)]
        rows.append(f"{label:<14} {len(docs):>5} {statistics.median(old):>13.2f} "
                    f"{statistics.median(new):>12.2f} {statistics.median(ratios):>12.2f} "
                    f"{min(ratios):>5.2f}-{max(ratios):<5.2f}")
    return rows


def regression_section(nlp: Any) -> list[str]:
    rows = []
    for label, data in (("demo", ROOT / "demo"), ("seeds", SHARED / "seeds")):
        if not data.exists():
            rows.append(f"{label:<14} skipped: {data} is absent")
            continue
        result = evaluate_time(data, nlp=nlp)
        rows += [_row(label, s, result.n_articles) for s in result.scores]
        if result.timeline is not None:
            t = result.timeline
            rows.append(f"{label:<14} timeline: date-selection F1 {t.dates.f1:.3f}, "
                        f"ROUGE-1 F1 {t.rouge.get('rouge1', 0.0):.3f}")
    return rows


def ecb_section() -> list[str]:
    """No gold: what newsweave finds in 772 undated real articles, and what goes wrong."""
    docs = [json.loads(line) for line in ECBPLUS.read_text(encoding="utf-8").splitlines()]
    types: Counter[str] = Counter()
    crashes, implausible, guessed, unresolved, found = 0, [], [], 0, 0
    t0 = time.process_time()
    for d in docs:
        try:
            exprs = time_expressions_in_text(d["text"], None)
        except Exception as exc:
            crashes += 1
            print(f"crash on {d['id']}: {exc!r}", file=sys.stderr)
            continue
        for e in exprs:
            found += 1
            types[e.type] += 1
            v = e.timex_value or ""
            unresolved += "X" in v
            year = re.match(r"(\d{4})", v)
            if e.type in ("DATE", "TIME") and year and not 1000 <= int(year.group(1)) <= 2100:
                implausible.append(e.text)
            if e.relative and e.value is not None and e.type != "TIME" and not re.search(
                    r"earlier|later|before|after|previous|same|that|following|next|entire|"
                    r"the (?:day|week|month|quarter|year)\b",
                    e.text, re.IGNORECASE):
                guessed.append(e.text)
    ms = 1000 * (time.process_time() - t0) / len(docs)
    counts = ", ".join(f"{k} {v}" for k, v in types.most_common())
    return [f"ECB+ {len(docs)} undated articles: {found} expressions ({counts}); "
            f"{unresolved} with X parts; crashes {crashes}; implausible values "
            f"{len(implausible)} {implausible[:5]}; relative dates valued without a date and "
            f"without an anaphoric word {len(guessed)} {guessed[:5]} (clock times, which take "
            f"their day from a date in the sentence, not counted); {ms:.2f} ms/doc"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="run the cross-validation")
    parser.add_argument("--no-stock", action="store_true", help="skip the unseen topic")
    parser.add_argument("--no-ecb", action="store_true", help="skip the ECB+ sanity check")
    parser.add_argument("--before", default="b2e9154", help="git revision timed as 'before'")
    parser.add_argument("--repeats", type=int, default=7, help="speed rounds")
    args = parser.parse_args()
    nlp = load_spacy(ner=False)
    print(f"newsweave time benchmark, {dt.date.today()}")
    try:
        import timexy  # noqa: F401
    except ImportError as exc:
        print(f"timexy unavailable ({exc}); run `pip install timexy==0.1.3` (no model "
              "download needed: it runs on a blank spaCy tokenizer)")
    if MEANTIME.exists():
        print("\n1. MEANTIME (TempEval-3 scoring; gold stops at annotated_chars)")
        print(HEAD)
        print("\n".join(meantime_section(nlp, stock=not args.no_stock)))
        if args.cv:
            print("\n2. Leave-one-topic-out cross-validation of TimeParams (value F1)")
            print("\n".join(cv_section(nlp)))
    else:
        print(f"MEANTIME skipped: {MEANTIME} is absent")
    print(f"\n3. Speed, this code vs {args.before} (CPU time, {args.repeats} alternating rounds)")
    print("\n".join(speed_section(args.before, args.repeats)))
    print("\n4. Regression sets (calendar-date gold)")
    print(HEAD)
    print("\n".join(regression_section(nlp)))
    if not args.no_ecb:
        print("\n5. ECB+ sanity check (no gold)")
        print("\n".join(ecb_section()) if ECBPLUS.exists() else f"skipped: {ECBPLUS} is absent")


if __name__ == "__main__":
    main()
