"""Gold files that name passages of a corpus by offsets, never by their text.

Our gold on real text written by others (``gold/ecbplus-facts``) stores
``{"article", "span": [start, end]}`` references into the corpus record's raw
``text`` (:mod:`newsweave.evaluation.gold_refs`). Two commands for annotators:

* ``show FILE --corpus C``: print FILE's records with every reference's text filled
  in (a working copy to read or label; keep it outside the repository);
* ``to-spans FILE... --corpus C``: rewrite files whose references carry ``text``
  (and ``occurrence``) as span references, in place; exits non-zero, naming the file,
  line and passage, when a text is not in its article (nothing is rewritten then).

Run: ``python benchmarks/gold_spans.py show gold/ecbplus-facts/labels-A.jsonl --corpus
ECBPLUS.jsonl > /tmp/labels-A.with-text.jsonl``
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.gold_refs import CorpusFields

Convert = Callable[[dict[str, Any], str], dict[str, Any]]


def _is_ref(obj: Any) -> bool:
    return isinstance(obj, dict) and "article" in obj and ("text" in obj or "span" in obj)


def convert(obj: Any, fn: Convert, where: str) -> Any:
    """``obj`` with every passage reference (a dict with ``article`` and ``text`` or
    ``span``) replaced by ``fn(reference, where)``."""
    if _is_ref(obj):
        return fn(obj, where)
    if isinstance(obj, dict):
        return {k: convert(v, fn, where) for k, v in obj.items()}
    if isinstance(obj, list):
        return [convert(v, fn, where) for v in obj]
    return obj


def rewrite(path: Path, fn: Convert) -> list[str]:
    """FILE's lines with ``fn`` applied to each record's references."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            out.append(json.dumps(convert(json.loads(line), fn, f"{path.name}:{n}"),
                                  ensure_ascii=False))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=("show", "to-spans"))
    ap.add_argument("files", type=Path, nargs="+")
    ap.add_argument("--corpus", type=Path, required=True)
    args = ap.parse_args(argv)
    fields = CorpusFields.read(args.corpus)
    try:
        if args.command == "show":
            for path in args.files:
                print("\n".join(rewrite(path, fields.with_text)))
            return 0
        done = {path: rewrite(path, fields.with_spans) for path in args.files}
    except EvaluationDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path, lines in done.items():
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{path}: {len(lines)} records with span references")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
