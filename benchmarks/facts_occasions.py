"""What the two-occasions guard (:mod:`newsweave.facts.occasions`) removes from stored
pairs, and the precision of the labelled pairs before and after it.

The guard only removes pairs: a conflict or update is dropped after the value comparison
when its claims are of two occasions, and a consensus candidate before groups are made.
So applying :meth:`Occasions.apart` to the pairs a *previous* system reported is the
guard's effect on them (exact for conflicts and updates; for consensus, a group that
loses a candidate pair may also lose or change members, which this does not model).
It is the cheap way to score the guard on held-out pairs that were labelled from the
session-start system's output, before the guard was run on them.

    python benchmarks/facts_occasions.py --pairs PAIRS.pkl --corpus ECBPLUS.jsonl \\
        --labels gold/heldout-facts/labels-v4-ecbplus-topics.jsonl [--story-gold DIR]
    python benchmarks/facts_occasions.py --report REPORT.json --corpus MEANTIME.jsonl \\
        --labels gold/heldout-facts/labels-v4-meantime.jsonl

``--pairs`` is a pickle of story -> pairs (``facts_sample.py``/``facts_heldout.py``
``--pairs``); ``--report`` a ``newsweave analyze --json`` report. Prints, per kind,
precision before and after, and each removed labelled pair with the guard's reason.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path
from typing import Any


def guarded(pairs: list[Any], articles: dict[str, Any], splitter: Any,
            nlp: Any = None) -> dict[int, str]:
    """Index of each pair the guard removes -> its reason (``nlp``: with the
    participants check, :mod:`newsweave.facts.participants`)."""
    from newsweave.facts.conflicts import topic_of
    from newsweave.facts.occasions import GAME_ATTRIBUTES, Occasions
    from newsweave.facts.values import RUNNING_TOTALS
    from newsweave.sentences import split_many

    running = {topic_of(a) for a in RUNNING_TOTALS}
    wanted = sorted({c.article_id for p in pairs for c in (p.a, p.b)})
    members = [articles[a] for a in wanted]
    sentences = dict(zip(wanted, split_many(members, splitter), strict=True))
    claims = [c for p in pairs for c in (p.a, p.b)]
    from newsweave.facts.parses import ClaimParses

    occasions = Occasions(members, sentences, claims,
                          None if nlp is None else ClaimParses(nlp))
    out: dict[int, str] = {}
    for k, p in enumerate(pairs):
        why = occasions.apart(2 * k, 2 * k + 1, running=p.kind == "update" or p.topic in running,
                              values=p.kind in {"conflict", "update"},
                              game=p.topic in GAME_ATTRIBUTES, score=p.topic == "score")
        if why is not None:
            out[k] = why
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path)
    parser.add_argument("--report", type=Path)
    parser.add_argument("--story", default="meantime")
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--labels", type=Path, action="append", default=[])
    parser.add_argument("--story-gold", type=Path)
    parser.add_argument("--split", choices=("dev", "unseen", "all"), default="all",
                        help="with --pairs of the gold stories: score these stories only")
    parser.add_argument("--window", type=int,
                        help="override occasions.WINDOW_DAYS (to measure other windows)")
    parser.add_argument("--participants", default="PERSON,ORG",
                        help="entity types of the participants check, comma-separated "
                             "('none': without it)")
    args = parser.parse_args(argv)
    if args.participants != "none":
        from newsweave.facts import participants

        participants.LABELS = frozenset(args.participants.split(","))
    if args.window is not None:
        from newsweave.facts import occasions

        occasions.WINDOW_DAYS = args.window
    sys.path.insert(0, str(Path(__file__).parent))
    from facts_heldout import report_pairs, story_gold_labels  # type: ignore[import-not-found,unused-ignore]

    from newsweave.evaluation.facts_gold import load_labels, split_of
    from newsweave.evaluation.facts_real import judge, precision_rows
    from newsweave.evaluation.gold_refs import CorpusFields
    from newsweave.ingest import read_inputs
    from newsweave.nlp import Models

    articles = {a.id: a for a in read_inputs([str(args.corpus)]).articles}
    fields = CorpusFields.read(args.corpus)
    problems: list[str] = []
    labels = [lb for f in args.labels for lb in load_labels(f, articles, problems, fields)]
    if args.story_gold is not None:
        labels += story_gold_labels(args.story_gold, articles, problems, fields)
    if args.report is not None:
        pairs = report_pairs(json.loads(args.report.read_text(encoding="utf-8")), args.story)
    elif args.pairs is not None:
        with args.pairs.open("rb") as fh:
            by_story = pickle.load(fh)
        pairs = [p for s in sorted(by_story) for p in by_story[s]
                 if args.split == "all" or split_of(s) == args.split]
    else:
        parser.error("give --pairs PICKLE or --report REPORT.json")
    models = Models()
    removed = guarded(pairs, articles, models.splitter,
                      None if args.participants == "none" else models.parser)
    kept = [p for k, p in enumerate(pairs) if k not in removed]
    name = "+".join(f.stem.removeprefix("labels-") for f in args.labels) or "labels"
    print(f"{len(pairs)} pairs, {len(removed)} removed by the guard "
          f"({sum(pairs[k].kind != 'consensus' for k in removed)} differ)")
    for when, chosen in (("before", pairs), ("after", kept)):
        for title, value, detail in precision_rows(judge(chosen, labels), f"{name} {when}"):
            print(f"{title:<60} {value:>6}  {detail}")
    judged = judge(pairs, labels)
    for k, why in sorted(removed.items()):
        j = judged[k]
        verdict = "unlabelled" if j.right is None else ("right" if j.right else "wrong")
        print(f"removed [{why}] {j.pair.kind} {j.pair.story} {verdict}: "
              f"{j.pair.a.article_id}:{j.pair.a.start} / {j.pair.b.article_id}:{j.pair.b.start}")
    for p in problems:
        print(p, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
