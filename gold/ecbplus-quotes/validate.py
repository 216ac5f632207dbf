"""Check a quote-gold JSONL file against the ECB+ texts and print its counts.

Usage, from the repository root (ECB+ read in place, never copied):

    python gold/ecbplus-quotes/validate.py gold/ecbplus-quotes/gold.offsets.jsonl \
        [--data ../shared/data/ecbplus]

Checks an offset gold file (docs/gold-quotes.md, "Format"; the files hold offsets into
each article's raw ``text``, never its text): every line is JSON; the first is a header
with ``pass`` and ``articles``; every item names a listed article; ``n`` runs 0, 1, 2,
... per article in text order; ``span``, ``cue_span`` and ``speaker_span`` lie inside
the article's ``text``; classes, speaker kinds and the fields a ``quote`` needs are
present. Prints items by class and split (unseen = topic divisible
by 3) and quote sources by kind; exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

CLASSES = {"quote", "title", "name", "scare", "other"}
KINDS = {"person", "organisation", "description", None}
QUOTE_FIELDS = ("cue_span", "speaker_span", "speaker", "speaker_kind")


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


def in_text(span: object, text: str) -> bool:
    return (isinstance(span, list) and len(span) == 2
            and all(isinstance(x, int) for x in span) and 0 <= span[0] < span[1] <= len(text))


def quote_errors(where: str, it: dict[str, object], text: str) -> list[str]:
    """What a ``quote`` item lacks or gets wrong."""
    errors = []
    missing = [f for f in QUOTE_FIELDS if f not in it]
    if missing:
        errors.append(f"{where}: quote lacks {missing}")
    if it.get("speaker_kind") not in KINDS:
        errors.append(f"{where}: speaker_kind {it.get('speaker_kind')!r}")
    if (it.get("speaker") is None) != (it.get("speaker_kind") is None):
        errors.append(f"{where}: speaker and speaker_kind must be null together")
    for f in ("cue_span", "speaker_span"):
        if it.get(f) is not None and not in_text(it.get(f), text):
            errors.append(f"{where}: {f} {it.get(f)!r} is not inside {it.get('article')}")
    return errors


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
        span = it.get("span")
        if not in_text(span, text):
            errors.append(f"{where}: span {span!r} is not [start, end] inside {art}")
            continue
        assert isinstance(span, list)  # for the type checker: in_text() said so
        start = span[0]
        n_prev, start_prev = last.get(art, (-1, -1))
        if it.get("n") != n_prev + 1:
            errors.append(f"{where}: n={it.get('n')} after n={n_prev} in {art}")
        if start <= start_prev:
            errors.append(f"{where}: item before the previous one in the text of {art}")
        last[art] = (int(it.get("n", -1)), start)
        if it.get("class") == "quote":
            errors += quote_errors(where, it, text)
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
