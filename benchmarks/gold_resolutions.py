"""How every gold reference of gold/ecbplus-facts resolves, to check that a change to the
passage search (``gold_refs.find_passage``) moves no span.

Each reference (``{"article", "span"}`` in a labels, recall or sample file) is resolved
by :func:`newsweave.evaluation.facts_gold.locate` (in the article as newsweave ingests
it) and, as text, back to a span by :meth:`CorpusFields.with_spans` (in the raw corpus
record); the same again with the quote marks of the text straightened and with its last
four characters replaced (40+ characters), so that every step of the search is used.

    python -m benchmarks.gold_resolutions ../shared/data/ecbplus/ecbplus-topics-1-35.jsonl \
        --save before.json      # then, after the change:
    python -m benchmarks.gold_resolutions <corpus> --compare before.json
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.facts_gold import locate
from newsweave.evaluation.gold_refs import CorpusFields
from newsweave.ingest import read_inputs

GOLD = Path(__file__).resolve().parents[1] / "gold" / "ecbplus-facts"


def references(value: Any) -> Iterator[Mapping[str, Any]]:
    """Every ``{"article", "span"}`` mapping inside a gold record, depth first."""
    if isinstance(value, Mapping):
        if "article" in value and "span" in value:
            yield value
        for v in value.values():
            yield from references(v)
    elif isinstance(value, list):
        for v in value:
            yield from references(v)


def _variants(ref: Mapping[str, Any], corpus: CorpusFields, where: str) -> dict[str, Any]:
    text_ref = corpus.with_text(ref, where)
    text = str(text_ref["text"])
    out = {"exact": text_ref,
           "straight": text_ref | {"text": text.translate(str.maketrans("“”‘’", "\"\"''"))}}
    if len(text) >= 40:
        out["last4"] = text_ref | {"text": text[:-4] + "@@@@"}
    return out


def _outcome(call: Any) -> Any:
    try:
        return list(call())
    except EvaluationDataError as exc:
        return f"error: {str(exc)[:80]}"


def resolve_all(corpus_path: Path) -> dict[str, Any]:
    corpus = CorpusFields.read(corpus_path)
    articles = {a.id: a for a in read_inputs([str(corpus_path)]).articles}
    out: dict[str, Any] = {}
    for path in sorted(GOLD.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            for k, ref in enumerate(references(json.loads(line))):
                where = f"{path.name}:{n}#{k}"
                out[f"{where} locate"] = _outcome(
                    lambda r=ref, w=where: locate(articles, r, w, corpus))
                for name, variant in _variants(ref, corpus, where).items():
                    out[f"{where} locate {name}"] = _outcome(
                        lambda v=variant, w=where: locate(articles, v, w, corpus))
                    out[f"{where} with_spans {name}"] = _outcome(
                        lambda v=variant, w=where: (lambda s: [*s["span"], s.get("field", "text")])(
                            corpus.with_spans(v, w)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()
    now = resolve_all(args.corpus)
    errors = sum(isinstance(v, str) for v in now.values())
    print(f"{len(now)} resolutions ({errors} errors) of "
          f"{sum(k.endswith(' locate') for k in now)} gold references")
    if args.save:
        args.save.write_text(json.dumps(now, indent=0, sort_keys=True), encoding="utf-8")
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        same = sum(before.get(k) == v for k, v in now.items())
        print(f"identical to {args.compare}: {same} of {len(now)} "
              f"(only before: {len(set(before) - set(now))})")
        for k in sorted(k for k, v in now.items() if before.get(k) != v)[:20]:
            print(f"  {k}: {before.get(k)} -> {now[k]}")


if __name__ == "__main__":
    main()
