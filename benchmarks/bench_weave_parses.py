"""Stored claim parses for a bench store analysed before they existed (issue 19, session 10).

``newsweave analyze`` now stores, per article, the parses the fact comparison asks for
(:mod:`newsweave.facts.stored_parses`). A store analysed by older code has none (its
weaves parse them, as before). :func:`add_parses` copies such a store and adds them with
the same code annotate runs, so ``bench_pipeline.py --only weave`` can compare a weave
that reads them (``--work`` holding the copy) with its peer on the original store:

    PYTHONPATH=src .venv/bin/python benchmarks/bench_weave_parses.py OLD.db NEW.db
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path


def add_parses(src: Path, dst: Path, batch: int = 64) -> tuple[int, float, int]:
    """Copy ``src`` to ``dst`` and store every article's parses; return (articles, CPU
    seconds of the parsing, bytes stored)."""
    from newsweave.facts.stored_parses import (
        PARSES_STAGE,
        parse_texts,
        parses_version,
        texts_to_parse,
    )
    from newsweave.nlp import load_spacy
    from newsweave.store import Store

    dst.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(src) as conn, sqlite3.connect(dst) as out:
        conn.backup(out)  # a consistent copy (not a file copy of a database in WAL mode)
    nlp = load_spacy(ner=True, parser=True)
    cpu = 0.0
    size = 0
    with Store.open(dst) as store:
        ids = store.article_ids()
        for k in range(0, len(ids), batch):
            articles = store.articles(ids[k: k + batch])
            texts = [texts_to_parse(a, store.sentences(a)) for a in articles]
            c = time.process_time()
            blobs = parse_texts(nlp, texts)
            cpu += time.process_time() - c
            size += sum(len(b) for b in blobs)
            store.put_article_analysis(PARSES_STAGE, parses_version(),
                                       {a.id: b for a, b in zip(articles, blobs, strict=True)})
    return len(ids), cpu, size


if __name__ == "__main__":
    n, seconds, stored = add_parses(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{n} articles: parsed in {seconds:.1f} CPU s, {stored / 1024:.0f} KiB stored"
          f" ({stored / n:.0f} bytes per article)")
