"""Check a quote-gold JSONL file against the ECB+ texts and print its counts.

Usage, from the repository root (ECB+ read in place, never copied):

    python gold/ecbplus-quotes/validate.py gold/ecbplus-quotes/gold.jsonl \
        [--data ../shared/data/ecbplus]

Checks (docs/gold-quotes.md, "Format"): every line is JSON; the first is a header with
``pass`` and ``articles``; every item names a listed article; ``n`` runs 0, 1, 2, ... per
article in the order of the items, which is text order; ``content``, ``cue`` and
``speaker_mention`` occur in the article's ``text`` at their occurrence index (exact,
case-sensitive, non-overlapping matches); classes, speaker kinds and the fields a
``quote`` needs are present. Prints items by class and split (unseen = topic divisible
by 3) and quote sources by kind; exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

CLASSES = {"quote", "title", "name", "scare", "other"}
KINDS = {"person", "organisation", "description", None}
QUOTE_FIELDS = ("cue", "cue_occurrence", "speaker_mention", "speaker_mention_occurrence",
                "speaker", "speaker_kind")


def load_texts(data: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    for f in sorted(data.glob("*.jsonl")):
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                texts[rec["id"]] = rec["text"]
    if not texts:
        sys.exit(f"no ECB+ JSONL file under {data}: pass --data DIR")
    return texts


def hits(text: str, s: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(s), text)]


def split_of(article: str) -> str:
    return "unseen" if int(article.split("-")[1].split("_")[0]) % 3 == 0 else "dev"


def validate(path: Path, texts: dict[str, str]) -> tuple[list[str], list[dict[str, object]]]:
    """Error messages (empty when valid) and the items of ``path``."""
    errors: list[str] = []
    items: list[dict[str, object]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        header = json.loads(lines[0])
        articles = list(header["articles"])
        header["pass"]
    except (IndexError, ValueError, KeyError, TypeError) as exc:
        return [f"{path}:1: no valid header line ({exc})"], []
    if len(set(articles)) != len(articles):
        errors.append(f"{path}:1: an article is listed twice")
    last: dict[str, tuple[int, int]] = {}
    for no, line in enumerate(lines[1:], start=2):
        where = f"{path}:{no}"
        try:
            it = json.loads(line)
        except ValueError as exc:
            errors.append(f"{where}: not JSON ({exc})")
            continue
        items.append(it)
        art = str(it.get("article"))
        if art not in articles:
            errors.append(f"{where}: article {art!r} not in the header")
        text = texts.get(art)
        if text is None:
            errors.append(f"{where}: article {art!r} not in the ECB+ data")
            continue
        if it.get("class") not in CLASSES:
            errors.append(f"{where}: class {it.get('class')!r}")
        content = str(it.get("content", ""))
        h = hits(text, content) if content else []
        k = it.get("occurrence", 0)
        if not isinstance(k, int) or k >= len(h):
            errors.append(f"{where}: content {content[:40]!r} has no occurrence {k}")
            continue
        start = h[k]
        n_prev, start_prev = last.get(art, (-1, -1))
        if it.get("n") != n_prev + 1:
            errors.append(f"{where}: n={it.get('n')} after n={n_prev} in {art}")
        if start <= start_prev:
            errors.append(f"{where}: item before the previous one in the text of {art}")
        last[art] = (int(it.get("n", -1)), start)
        if it.get("class") != "quote":
            continue
        missing = [f for f in QUOTE_FIELDS if f not in it]
        if missing:
            errors.append(f"{where}: quote lacks {missing}")
        if it.get("speaker_kind") not in KINDS:
            errors.append(f"{where}: speaker_kind {it.get('speaker_kind')!r}")
        if (it.get("speaker") is None) != (it.get("speaker_kind") is None):
            errors.append(f"{where}: speaker and speaker_kind must be null together")
        for f in ("cue", "speaker_mention"):
            s = it.get(f)
            if s is None:
                continue
            occ = it.get(f"{f}_occurrence")
            found = hits(text, str(s))
            if not found or (occ is not None and occ >= len(found)):
                errors.append(f"{where}: {f} {s!r} has no occurrence {occ}")
    for art in articles:
        if art not in texts:
            errors.append(f"{path}:1: header article {art!r} not in the ECB+ data")
    return errors, items


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/ecbplus"))
    args = ap.parse_args()
    errors, items = validate(args.file, load_texts(args.data))
    for e in errors:
        print(e)
    header = json.loads(args.file.read_text(encoding="utf-8").splitlines()[0])
    arts = header["articles"]
    classes = ["quote", "title", "name", "scare", "other"]
    print(f"| split | articles | {' | '.join(classes)} | all |")
    print("|---|---|" + "---|" * (len(classes) + 1))
    for split in ("dev", "unseen", "all"):
        sel = [i for i in items if split in ("all", split_of(str(i["article"])))]
        n_art = sum(1 for a in arts if split in ("all", split_of(a)))
        c = Counter(str(i["class"]) for i in sel)
        print(f"| {split} | {n_art} | " + " | ".join(str(c[x]) for x in classes)
              + f" | {len(sel)} |")
    kinds = Counter(str(i.get("speaker_kind")) for i in items if i["class"] == "quote")
    print("quote sources by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print("valid" if not errors else f"{len(errors)} error(s)")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
