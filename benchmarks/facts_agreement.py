"""Agreement of two independent labelling passes on the same reported pairs.

Both files are in the labels format of docs/gold-facts.md (span references); items are
matched by story, kind and the two spans. Prints, per kind and overall, the label
agreement (right/wrong) and Cohen's kappa, plus the items the passes disagree on.

    python benchmarks/facts_agreement.py gold/ecbplus-facts/labels-v5-dev-single.jsonl \\
        gold/ecbplus-facts/second-v5-dev-single.jsonl
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def _key(r: dict[str, object]) -> tuple[object, ...]:
    a, b = r["a"], r["b"]
    assert isinstance(a, dict) and isinstance(b, dict)
    return (r["story"], r["kind"], a["article"], tuple(a["span"]), b["article"], tuple(b["span"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    args = parser.parse_args(argv)
    from newsweave.evaluation.facts_real import cohen_kappa

    def read(p: Path) -> dict[tuple[object, ...], dict[str, object]]:
        rows = [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line]
        return {_key(r): r for r in rows if r.get("label") in {"right", "wrong"}}

    one, two = read(args.first), read(args.second)
    both = [k for k in one if k in two]
    print(f"{len(one)} / {len(two)} labelled items, {len(both)} in both passes")
    for name, kinds in (("differ", {"conflict", "update", "misquote"}),
                        ("consensus", {"consensus"}), ("all", None)):
        ks = [k for k in both if kinds is None or k[1] in kinds]
        if not ks:
            continue
        x = [str(one[k]["label"]) for k in ks]
        y = [str(two[k]["label"]) for k in ks]
        agree = sum(p == q for p, q in zip(x, y, strict=True))
        print(f"{name:<10} agreement {agree}/{len(ks)} = {agree / len(ks):.3f}  "
              f"kappa {cohen_kappa(x, y):.3f}  (first pass right {x.count('right')}, "
              f"second pass right {y.count('right')})")
    for k in both:
        if one[k]["label"] != two[k]["label"]:
            print(f"disagree: {k[0]} {k[1]} {k[2]}:{k[3][0]} / {k[4]}:{k[5][0]}  "  # type: ignore[index]
                  f"first {one[k]['label']} ({one[k].get('reason')}), "
                  f"second {two[k]['label']} ({two[k].get('reason')})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
