"""Export the comparison's reported pairs on the ECB+ facts sample, for labelling.

Writes one JSON object per reported pair in the format of docs/gold-facts.md
(``labels-*.jsonl``) with empty labels, plus ``system`` (the name given with
``--system``) and ``confidence``. The facts sample: the gold stories with at
least 3 articles, ordered by sha1(story); pairs are in report order.

The script uses only APIs that every version of newsweave has (``read_inputs``,
``split_many``, ``compare_facts``), so it exports an older system too: run it
with ``PYTHONPATH`` pointing at a checkout of that version's ``src``::

    git worktree add /tmp/nw-old 8cd7993
    PYTHONPATH=/tmp/nw-old/src python benchmarks/facts_export.py \\
        --corpus ECBPLUS.jsonl --system old --out old.jsonl
    PYTHONPATH=src python benchmarks/facts_export.py --corpus ECBPLUS.jsonl \\
        --system new --out new.jsonl

Conflict groups of more than two claims (older versions) are exported as the
first pair of claims of two articles whose specifics disagree (the older
``newsweave.facts.conflicts.disagreement``); consensus groups as the pairs of
their first claim with each other claim.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any


def _sample(stories: dict[str, list[str]], only: set[str] | None) -> list[str]:
    chosen = [s for s, ids in stories.items() if len(ids) >= 3]
    chosen.sort(key=lambda s: hashlib.sha1(s.encode("utf-8")).hexdigest())
    return [s for s in chosen if only is None or s in only]


def _ref(article: Any, claim: Any) -> dict[str, Any]:
    text = article.text
    n, pos = 0, text.find(claim.text)
    while 0 <= pos < claim.start:
        n += 1
        pos = text.find(claim.text, pos + 1)
    return {"article": claim.article_id, "text": claim.text, "occurrence": n}


def _conflict_pair(claims: tuple[Any, ...]) -> tuple[Any, Any]:
    if len(claims) == 2:
        return claims[0], claims[1]
    try:  # older versions: n-ary conflict groups; find the disagreeing pair as they did
        from newsweave.claims import specifics  # type: ignore[attr-defined,unused-ignore]
        from newsweave.facts.conflicts import disagreement  # type: ignore[attr-defined]

        for i, a in enumerate(claims):
            for b in claims[i + 1 :]:
                if a.article_id != b.article_id and disagreement(
                        a, b, specifics(a.text), specifics(b.text)) is not None:
                    return a, b
    except ImportError:
        pass
    other = next(c for c in claims[1:] if c.article_id != claims[0].article_id)
    return claims[0], other


def _pairs(result: Any) -> list[tuple[str, Any, Any, float]]:
    out: list[tuple[str, Any, Any, float]] = []
    for c in result.conflicts:
        kind = "misquote" if c.topic == "quoted words" else "conflict"
        a, b = _conflict_pair(tuple(c.claims))
        out.append((kind, a, b, float(getattr(c, "confidence", 1.0))))
    for u in getattr(result, "updates", ()):
        out.append(("update", u.old, u.new, float(u.confidence)))
    for g in result.consensus:
        conf = float(getattr(g, "confidence", 1.0))
        out += [("consensus", g.claims[0], c, conf) for c in g.claims[1:]]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path, help="ECB+ JSONL (id, story, text)")
    parser.add_argument("--out", required=True, type=Path, help="output JSONL")
    parser.add_argument("--system", required=True, help="name written in each record")
    parser.add_argument("--stories", help="comma-separated stories (default: the whole sample)")
    args = parser.parse_args(argv)

    from newsweave.embed import load_embedder
    from newsweave.facts import compare_facts
    from newsweave.ingest import read_inputs
    from newsweave.nlp import load_spacy
    from newsweave.sentences import split_many

    t0 = time.perf_counter()
    story_of: dict[str, str] = {}
    for line in args.corpus.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            story_of[str(row["id"])] = str(row["story"])
    articles = {a.id: a for a in read_inputs([str(args.corpus)]).articles}
    stories: dict[str, list[str]] = {}
    for aid in sorted(articles):
        stories.setdefault(story_of[aid], []).append(aid)
    only = set(args.stories.split(",")) if args.stories else None
    sample = _sample(stories, only)
    members = [articles[a] for s in sample for a in stories[s]]
    sentences = dict(zip([a.id for a in members], split_many(members, load_spacy(ner=False)),
                         strict=True))
    vectors = load_embedder().encode([s.text for a in members for s in sentences[a.id]])
    embeddings, row_n = {}, 0
    for a in members:
        embeddings[a.id] = vectors[row_n : row_n + len(sentences[a.id])]
        row_n += len(sentences[a.id])
    try:
        from newsweave.model import StoryInput
        story_input: Any = StoryInput
    except ImportError:  # older versions
        story_input = None
    extra: dict[str, Any] = {}
    try:  # newer versions read values with the dependency parser: load it once
        import inspect

        if "nlp" in inspect.signature(compare_facts).parameters:
            extra["nlp"] = load_spacy(ner=True, parser=True)
    except (TypeError, ValueError):
        pass
    counts: dict[str, int] = {}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for story in sample:
            group = [articles[a] for a in stories[story]]
            if story_input is not None:  # newer versions take one StoryInput
                result = compare_facts(story_input(tuple(group), sentences, embeddings), **extra)
            else:
                result = compare_facts(group, sentences, embeddings,  # type: ignore[call-arg,arg-type]
                                       **extra)
            for kind, a, b, conf in _pairs(result):
                counts[kind] = counts.get(kind, 0) + 1
                record = {"story": story, "kind": kind,
                          "a": _ref(articles[a.article_id], a),
                          "b": _ref(articles[b.article_id], b),
                          "label": None, "reason": None, "should_be": None, "note": "",
                          "system": args.system, "confidence": round(conf, 3)}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{args.system}: {len(sample)} stories, "
          + ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
          + f" -> {args.out} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
