"""Score the comparison on the ECB+ facts gold, calibrate ``min_confidence``, and export
the reported pairs no label covers as a seeded sample for independent labelling.

Runs :func:`newsweave.facts.compare_facts` (default parameters, so that the pairs are
those the report shows) on the whole facts sample (dev and unseen stories), then:

1. prints :func:`newsweave.evaluation.facts_real.score` (precision on the labels of
   record, recall on the recall gold, dev and unseen apart, with counts);
2. prints the leave-one-story-out choice of ``min_confidence`` on the *dev* labels
   (:func:`~newsweave.evaluation.facts_real.calibrate`); the unseen stories are never
   used to choose it;
3. with ``--out``, writes a seeded random sample (``random.Random(--seed)``) of the
   *unlabelled* pairs in the labels format of docs/gold-facts.md, labels empty: every
   update and misquote, conflicts up to ``--differ`` differ items, ``--consensus``
   consensus pairs, and ``pass_b: true`` on ``--pass-b`` of them (the second pass).
   Items are ordered by story (sha1) and report order, so a labeller reads each story's
   articles once. The file carries ids, texts as reported, values and confidence only.

    python benchmarks/facts_sample.py --corpus ECBPLUS.jsonl --gold gold/ecbplus-facts \\
        --out gold/ecbplus-facts/sample-v2.jsonl

``--pairs FILE`` keeps the reported pairs (a pickle written by this script) so that a
re-labelled gold is re-scored without running the comparison again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--gold", required=True, type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--differ", type=int, default=150)
    parser.add_argument("--consensus", type=int, default=150)
    parser.add_argument("--pass-b", type=int, default=80)
    parser.add_argument("--pairs", type=Path,
                        help="pickle of the reported pairs: written after a run, read instead "
                             "of running when it exists (re-score after new labels)")
    args = parser.parse_args(argv)

    from newsweave.evaluation.facts_gold import (
        facts_sample,
        load_labels,
        load_recall,
        split_of,
        story_labels,
    )
    from newsweave.evaluation.facts_real import (
        calibrate,
        judge,
        of_record,
        pair_record,
        run_system,
        score,
    )
    from newsweave.evaluation.gold_refs import CorpusFields
    from newsweave.ingest import read_inputs
    from newsweave.nlp import Models

    t0 = time.perf_counter()
    articles = list(read_inputs([str(args.corpus)]).articles)
    by_id = {a.id: a for a in articles}
    story_of = story_labels(args.corpus)
    sample = facts_sample(articles, story_of)
    fields = CorpusFields.read(args.corpus)
    problems: list[str] = []
    labels = {f.stem.split("-", 1)[1]: load_labels(f, by_id, problems, fields)
              for f in sorted(args.gold.glob("labels-*.jsonl"))}
    recall = {f.stem.split("-", 1)[1]: load_recall(f, by_id, problems, fields)
              for f in sorted(args.gold.glob("recall-*.jsonl"))}
    if args.pairs is not None and args.pairs.exists():
        with args.pairs.open("rb") as f:
            pairs = pickle.load(f)  # our own file, written below by this script
    else:
        pairs = run_system(articles, sample, story_of, models=Models())
        if args.pairs is not None:
            with args.pairs.open("wb") as f:
                pickle.dump(pairs, f)
    result = score(pairs, labels, recall)
    print(result.table())
    record = [lb for n, items in labels.items() if of_record(n) for lb in items] or next(
        iter(labels.values()))
    dev = judge([p for s in sample if split_of(s) == "dev" for p in pairs[s]], record)
    print()
    for kinds in (("conflict", "update", "misquote"), ("consensus",)):
        for name, value, note in calibrate(dev, kinds)[1]:
            print(f"{name:<52} {value:>6}  {note}")
    print(f"{len(problems)} gold records skipped; {time.perf_counter() - t0:.0f} s",
          file=sys.stderr)
    if args.out is None:
        return 0
    rng = random.Random(args.seed)
    unlabelled = list(result.unlabelled)
    differ = [p for p in unlabelled if p.kind in {"update", "misquote"}]
    conflicts = [p for p in unlabelled if p.kind == "conflict"]
    differ += rng.sample(conflicts, min(len(conflicts), max(0, args.differ - len(differ))))
    consensus = [p for p in unlabelled if p.kind == "consensus"]
    chosen = differ + rng.sample(consensus, min(len(consensus), args.consensus))
    order = {id(p): n for n, p in enumerate(unlabelled)}
    chosen.sort(key=lambda p: (hashlib.sha1(p.story.encode()).hexdigest(), order[id(p)]))
    second = set(rng.sample(range(len(chosen)), min(len(chosen), args.pass_b)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for n, p in enumerate(chosen):
            record_ = pair_record(p, by_id, fields, split=split_of(p.story), item=n,
                                  pass_b=n in second, system="v2")
            out.write(json.dumps(record_, ensure_ascii=False) + "\n")
    by_kind = {k: sum(p.kind == k for p in chosen) for k in ("conflict", "update", "misquote",
                                                           "consensus")}
    print(f"{len(chosen)} pairs of {len(unlabelled)} unlabelled -> {args.out} {by_kind}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
