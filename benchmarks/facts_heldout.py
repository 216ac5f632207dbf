"""Held-out precision of the comparison on real news the rules never saw, from a report.

The ECB+ facts gold (``benchmarks/facts_sample.py``) is scored on gold stories; its
unseen part has been read while rules were written (docs/facts.md "Session 7"). This
script scores what ``newsweave analyze CORPUS --json REPORT`` shows a user on another
corpus (stories as newsweave's own clustering makes them): every reported conflict,
update, misquote and consensus pair (a consensus group as pairs of its first telling
with each other claim, as ``evaluation.facts_real.system_pairs``) is matched to the
labels (docs/gold-facts.md format, span references into ``--corpus``) by
``evaluation.facts_gold.judge``, and precision is printed per kind with its count and
95% Wilson interval. All pairs of one report form one story, ``--story`` (labels name
it), so that a re-clustering does not lose the labels.

    newsweave analyze ../shared/data/meantime/meantime-en-time.jsonl --json /tmp/mt.json
    python benchmarks/facts_heldout.py --report /tmp/mt.json \\
        --corpus ../shared/data/meantime/meantime-en-time.jsonl \\
        --labels gold/meantime-facts/labels-v4-meantime.jsonl [--second FILE] [--out FILE]

The second source of held-out pairs is ECB+ itself as a user's clustering may group it:
``--ecb-topics unseen`` runs the comparison on each topic's two gold stories merged (two
events of one kind: two piracy operations, two browser patches) and scores the pairs
(``--pairs FILE`` keeps them, as in facts_sample.py); the labels there name the story
``<topic>ecball``.

    python benchmarks/facts_heldout.py --ecb-topics unseen --pairs /tmp/topics.pkl \
        --corpus ../shared/data/ecbplus/ecbplus-topics-1-35.jsonl \
        --labels gold/heldout-facts/labels-v4-ecbplus-topics.jsonl

``--out FILE`` writes the reported pairs no label covers in the labels format (span
references, labels empty) for labelling; ``--second FILE`` is an independent pass on
some of the same pairs: agreement and Cohen's kappa are printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def report_pairs(report: dict[str, Any], story: str) -> list[Any]:
    """The pairs of a report's stories, in report order (module doc)."""
    from newsweave.evaluation.facts_gold import Pair
    from newsweave.model import Claim

    def claim(c: dict[str, Any]) -> Claim:
        return Claim(str(c["source"]), int(c["span"][0]), int(c["span"][1]), str(c["text"]))

    out: list[Pair] = []
    for s in report.get("stories", []):
        facts = s.get("facts") or {}
        for c in facts.get("conflicts", []):
            kind = "misquote" if c.get("topic") == "quoted words" else "conflict"
            a, b = c["claims"][:2]
            out.append(Pair(story, kind, claim(a), claim(b), float(c.get("confidence", 0)),
                            (str(a.get("value", "")), str(b.get("value", ""))),
                            str(c.get("topic", ""))))
        for u in facts.get("updates", []):
            out.append(Pair(story, "update", claim(u["from"]), claim(u["to"]),
                            float(u.get("confidence", 0)),
                            (str(u["from"].get("value", "")), str(u["to"].get("value", ""))),
                            str(u.get("topic", ""))))
        for g in facts.get("consensus", []):
            head, *rest = g["claims"]
            out += [Pair(story, "consensus", claim(head), claim(c),
                         float(g.get("confidence", 0))) for c in rest]
    return out


def topic_pairs(corpus: Path, articles: list[Any], split: str, cache: Path | None) -> list[Any]:
    """The pairs of ECB+ topics (both gold stories of a topic as one story), run or read
    from ``cache`` (a pickle this function wrote)."""
    import pickle

    from newsweave.evaluation.facts_gold import split_of, story_labels
    from newsweave.evaluation.facts_real import run_system
    from newsweave.nlp import Models

    if cache is not None and cache.exists():
        with cache.open("rb") as fh:
            by_story = pickle.load(fh)
    else:
        story_of = {a: s.split("ecb")[0] + "ecball" for a, s in story_labels(corpus).items()}
        stories = sorted({s for s in story_of.values() if split_of(s) == split},
                         key=lambda s: int(s.split("ecb")[0]))
        by_story = run_system(articles, stories, story_of, models=Models())
        if cache is not None:
            with cache.open("wb") as fh:
                pickle.dump(by_story, fh)
    return [p for story in sorted(by_story) for p in by_story[story]]


def story_gold_labels(gold: Path, articles: dict[str, Any], problems: list[str],
                      fields: Any) -> list[Any]:
    """The labels of record of a gold-story directory, renamed to their topic's story."""
    from dataclasses import replace

    from newsweave.evaluation.facts_gold import load_labels
    from newsweave.evaluation.facts_real import of_record

    return [replace(lb, story=lb.story.split("ecb")[0] + "ecball")
            for f in sorted(gold.glob("labels-*.jsonl")) if of_record(f.stem.split("-", 1)[1])
            for lb in load_labels(f, articles, problems, fields)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path)
    parser.add_argument("--ecb-topics", choices=("dev", "unseen"))
    parser.add_argument("--pairs", type=Path)
    parser.add_argument("--story-gold", type=Path,
                        help="with --ecb-topics: also the labels of record of this gold-story "
                             "directory (gold/ecbplus-facts), for the pairs within one story")
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--labels", type=Path, action="append", default=[])
    parser.add_argument("--second", type=Path)
    parser.add_argument("--story", default="meantime")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)

    from newsweave.evaluation.facts_gold import load_labels
    from newsweave.evaluation.facts_real import cohen_kappa, judge, pair_record, precision_rows
    from newsweave.evaluation.gold_refs import CorpusFields
    from newsweave.ingest import read_inputs

    articles = {a.id: a for a in read_inputs([str(args.corpus)]).articles}
    fields = CorpusFields.read(args.corpus)
    problems: list[str] = []
    labels = [lb for f in args.labels for lb in load_labels(f, articles, problems, fields)]
    if args.story_gold is not None:
        labels += story_gold_labels(args.story_gold, articles, problems, fields)
    if args.report is not None:
        pairs = report_pairs(json.loads(args.report.read_text(encoding="utf-8")), args.story)
        source = args.report.name
    elif args.ecb_topics:
        pairs = topic_pairs(args.corpus, list(articles.values()), args.ecb_topics, args.pairs)
        source = f"ECB+ {args.ecb_topics} topics"
    else:
        parser.error("give --report REPORT.json or --ecb-topics dev|unseen")
    judged = judge(pairs, labels)
    name = "+".join([f.stem.removeprefix("labels-") for f in args.labels]
                    + (["story gold"] if args.story_gold else [])) or "no labels"
    print(f"{source}: {len(pairs)} reported pairs "
          f"({sum(p.kind != 'consensus' for p in pairs)} differ)")
    for title, value, detail in precision_rows(judged, name):
        print(f"{title:<60} {value:>6}  {detail}")
    if args.second is not None:
        second = judge(pairs, load_labels(args.second, articles, problems, fields))
        both = [(x.right, y.right) for x, y in zip(judged, second, strict=True)
                if x.right is not None and y.right is not None]
        agree = sum(x == y for x, y in both)
        kappa = cohen_kappa([str(x) for x, _ in both], [str(y) for _, y in both])
        print(f"{'label agreement first/second pass':<60} {agree}/{len(both)}  "
              f"kappa {kappa:.3f}")
    for p in problems:
        print(p, file=sys.stderr)
    if args.out is not None:
        free = [j.pair for j in judged if j.right is None]
        with args.out.open("w", encoding="utf-8") as fh:
            for pair in free:
                fh.write(json.dumps(pair_record(pair, articles, fields), ensure_ascii=False)
                         + "\n")
        print(f"{len(free)} unlabelled pairs written to {args.out}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
