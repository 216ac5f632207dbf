"""Inter-annotator agreement of the two ECB+ quote-gold passes (standard library only).

Usage, from the repository root (ECB+ read in place, never copied):

    python gold/ecbplus-quotes/agreement.py [--data ../shared/data/ecbplus] [--list]
        [--a PASS_A.offsets.jsonl --b PASS_B.offsets.jsonl --adjudicated FILE|none]

Pass A (``pass-a.offsets.jsonl``) and pass B (``pass-b.offsets.jsonl``) are compared on
the articles both headers list. The gold files hold character offsets into each
article's raw ``text`` (never its text); the spans' text is read from the ECB+ data.
Items of the same article are matched one-to-one when their character spans overlap,
best overlap (intersection over union) first. On that alignment the script prints:

* class agreement and Cohen's kappa on the matched spans (and, as a stricter view, with
  "none" for a span only one pass marked);
* span precision/recall/F1 of pass B against pass A for ``quote`` items, exact (same
  start and end) and overlap (the one-to-one overlap matching);
* on quotes both passes found: speaker agreement (same person: same name, or the words of
  one contained in the other's, case-insensitive; two null speakers agree), speaker-kind
  agreement, and cue agreement (same cue text, case-insensitive, both null agreeing).
  Description speakers are compared as text by the same rule; the adjudicator's reading of
  each description pair the text rule calls different is in ``SAME_SOURCE_BY_READING``
  and gives the "by reading" row.

``--list`` also prints every disagreement, for adjudication.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLASSES = ("quote", "title", "name", "scare", "other")

# Description-speaker pairs (article, n in pass A, n in pass B) that the text rule calls
# different but that name the same source on reading the article (adjudicator's call).
SAME_SOURCE_BY_READING: dict[tuple[str, int, int], str] = {
    ("ecbplus-19_3ecbplus", 2, 2): "'A witness' and 'the witness': the same witness",
}


@dataclass(frozen=True)
class Item:
    article: str
    n: int
    cls: str
    start: int
    end: int
    raw: dict[str, object]


def load_texts(data: Path) -> dict[str, str]:
    """Map article id -> ``text`` of every ECB+ JSONL file under ``data``."""
    texts: dict[str, str] = {}
    files = sorted(data.glob("*.jsonl"))
    if not files:
        sys.exit(f"no ECB+ JSONL file under {data}: pass --data DIR")
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                texts[rec["id"]] = rec["text"]
    return texts


def load_pass(path: Path, texts: dict[str, str]) -> tuple[list[str], list[Item]]:
    """Header article list and items of one offset-gold pass, each with its ``content``,
    ``cue`` and ``speaker_mention`` read from the article at their spans (the gold
    files hold offsets only); exits on a span outside its article."""
    with path.open(encoding="utf-8") as fh:
        lines = [json.loads(x) for x in fh if x.strip()]
    header, items = lines[0], []
    for i, rec in enumerate(lines[1:], start=2):
        text = texts.get(rec["article"])
        if text is None:
            sys.exit(f"{path}:{i}: article {rec['article']!r} not in the ECB+ data")
        start, end = rec["span"]
        if not 0 <= start < end <= len(text):
            sys.exit(f"{path}:{i}: span {rec['span']} outside article {rec['article']}")
        fields = dict(rec, content=text[start:end])
        for name, key in (("cue", "cue_span"), ("speaker_mention", "speaker_span")):
            sp = rec.get(key)
            fields[name] = text[sp[0]:sp[1]] if sp else None
        items.append(Item(rec["article"], rec["n"], rec["class"], start, end, fields))
    return list(header["articles"]), items


def align(a: list[Item], b: list[Item]) -> list[tuple[Item, Item]]:
    """One-to-one overlap matching per article, best intersection-over-union first."""
    pairs = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            inter = min(x.end, y.end) - max(x.start, y.start)
            if x.article == y.article and inter > 0:
                pairs.append((inter / (max(x.end, y.end) - min(x.start, y.start)), i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((a[i], b[j]))
    return sorted(out, key=lambda p: (p[0].article, p[0].start))


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two label sequences."""
    n = len(pairs)
    if n == 0:
        return float("nan")
    po = sum(x == y for x, y in pairs) / n
    ca, cb = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    pe = sum(ca[c] * cb[c] for c in set(ca) | set(cb)) / (n * n)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def words(s: str) -> set[str]:
    return set(re.sub(r"[^\w\s]", " ", s.lower()).split())


def same_speaker(x: object, y: object) -> bool:
    """Same name, or one's words contained in the other's; two nulls agree."""
    if x is None or y is None:
        return x is None and y is None
    a, b = words(str(x)), words(str(y))
    return bool(a and b) and (a <= b or b <= a)


def same_cue(x: object, y: object) -> bool:
    if x is None or y is None:
        return x is None and y is None
    return str(x).strip().lower() == str(y).strip().lower()


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def topic(article: str) -> int:
    return int(article.split("-")[1].split("_")[0])


def measure(a: list[Item], b: list[Item], na: str = "A", nb: str = "B") -> dict[str, str]:
    """One table column: the agreement figures of ``b`` (named ``nb``) against ``a``."""
    pairs = align(a, b)
    cls_pairs = [(x.cls, y.cls) for x, y in pairs]
    agree = sum(x == y for x, y in cls_pairs)
    matched_a = {id(x) for x, _ in pairs}
    matched_b = {id(y) for _, y in pairs}
    with_none = cls_pairs + [(x.cls, "none") for x in a if id(x) not in matched_a]
    with_none += [("none", y.cls) for y in b if id(y) not in matched_b]
    qa = [x for x in a if x.cls == "quote"]
    qb = [y for y in b if y.cls == "quote"]
    exact = len({(x.article, x.start, x.end) for x in qa}
                & {(y.article, y.start, y.end) for y in qb})
    qpairs = align(qa, qb)
    spk = kind = cue = mention = by_reading = 0
    for x, y in qpairs:
        same = same_speaker(x.raw.get("speaker"), y.raw.get("speaker"))
        spk += same
        by_reading += same or (x.article, x.n, y.n) in SAME_SOURCE_BY_READING
        kind += x.raw.get("speaker_kind") == y.raw.get("speaker_kind")
        cue += same_cue(x.raw.get("cue"), y.raw.get("cue"))
        mention += same_cue(x.raw.get("speaker_mention"), y.raw.get("speaker_mention"))
    nq = len(qpairs)

    def pct(k: int, n: int) -> str:
        return f"{k}/{n} = {k / n:.3f}" if n else "-"

    pe, re_, fe = prf(exact, len(qb), len(qa))
    po, ro, fo = prf(len(qpairs), len(qb), len(qa))
    return {
        "articles": str(len({x.article for x in a} | {y.article for y in b})),
        f"items {na} / {nb}": f"{len(a)} / {len(b)}",
        "matched spans (any class)": str(len(pairs)),
        f"span only in {na} / only in {nb}": f"{len(a) - len(pairs)} / {len(b) - len(pairs)}",
        "class agreement (matched)": pct(agree, len(pairs)),
        "Cohen's kappa (matched)": f"{kappa(cls_pairs):.3f}",
        "Cohen's kappa (+ none)": f"{kappa(with_none):.3f}",
        f"quote items {na} / {nb}": f"{len(qa)} / {len(qb)}",
        f"quote span P/R/F1 exact ({nb} vs {na})": f"{pe:.3f} / {re_:.3f} / {fe:.3f}",
        f"quote span P/R/F1 overlap ({nb} vs {na})": f"{po:.3f} / {ro:.3f} / {fo:.3f}",
        "quotes both found": str(nq),
        "speaker same person (text)": pct(spk, nq),
        "speaker same (by reading)": pct(by_reading, nq),
        "speaker kind agreement": pct(kind, nq),
        "speaker mention agreement": pct(mention, nq),
        "cue agreement": pct(cue, nq),
    }


def disagreements(a: list[Item], b: list[Item]) -> list[str]:
    """Human-readable list of every difference on the alignment."""
    out = []
    pairs = align(a, b)
    ma, mb = {id(x) for x, _ in pairs}, {id(y) for _, y in pairs}
    for x in a:
        if id(x) not in ma:
            out.append(f"{x.article} A#{x.n} only in A: {x.cls} {x.raw['content'][:50]!r}")
    for y in b:
        if id(y) not in mb:
            out.append(f"{y.article} B#{y.n} only in B: {y.cls} {y.raw['content'][:50]!r}")
    fields = ("class", "content", "occurrence", "cue", "cue_occurrence", "speaker_mention",
              "speaker_mention_occurrence", "speaker", "speaker_kind", "addressee")
    for x, y in pairs:
        for f in fields:
            vx, vy = x.raw.get(f), y.raw.get(f)
            if vx != vy and not (f in ("cue", "speaker_mention") and same_cue(vx, vy)):
                out.append(f"{x.article} A#{x.n}/B#{y.n} {f}: A={vx!r} B={vy!r}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/ecbplus"))
    ap.add_argument("--list", action="store_true", help="print every disagreement")
    ap.add_argument("--a", type=Path, default=HERE / "pass-a.offsets.jsonl",
                    help="first pass (default: pass-a.offsets.jsonl)")
    ap.add_argument("--b", type=Path, default=HERE / "pass-b.offsets.jsonl",
                    help="second pass (default: pass-b.offsets.jsonl)")
    ap.add_argument("--adjudicated", type=Path, default=HERE / "adjudicated.offsets.jsonl",
                    help="adjudicated items to compare each pass with (skipped if absent)")
    args = ap.parse_args()
    texts = load_texts(args.data)
    arts_a, items_a = load_pass(args.a, texts)
    arts_b, items_b = load_pass(args.b, texts)
    common = [x for x in arts_b if x in set(arts_a)]
    a = [x for x in items_a if x.article in common]
    b = [y for y in items_b if y.article in common]
    print(f"{args.a.name} (A) against {args.b.name} (B) on their {len(common)} common articles\n")
    print_table({
        "all": measure(a, b),
        "dev": measure([x for x in a if topic(x.article) % 3],
                       [y for y in b if topic(y.article) % 3]),
        "unseen": measure([x for x in a if topic(x.article) % 3 == 0],
                          [y for y in b if topic(y.article) % 3 == 0]),
    })
    adj_path = args.adjudicated
    if adj_path.exists() and adj_path.name != "none":
        _, adj = load_pass(adj_path, texts)
        print("\nEach pass against the adjudicated items (same articles)\n")
        print_table({"A": measure(adj, a, "adj", "pass"), "B": measure(adj, b, "adj", "pass")})
    if args.list:
        print()
        for line in disagreements(a, b):
            print(line)


def print_table(cols: dict[str, dict[str, str]]) -> None:
    """A Markdown table, one column per comparison."""
    rows = list(next(iter(cols.values())))
    w = max(len(r) for r in rows)
    cw = max(len(v) for c in cols.values() for v in [*c.values(), *cols])
    print(f"| {'measure':<{w}} | " + " | ".join(f"{c:<{cw}}" for c in cols) + " |")
    print(f"|{'-' * (w + 2)}|" + "|".join("-" * (cw + 2) for _ in cols) + "|")
    for r in rows:
        print(f"| {r:<{w}} | " + " | ".join(f"{cols[c][r]:<{cw}}" for c in cols) + " |")


if __name__ == "__main__":
    main()
