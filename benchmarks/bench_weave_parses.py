"""Stored claim parses for a bench store analysed before they existed (issue 19, session 10).

``newsweave analyze`` now stores, per article, the parses the fact comparison asks for
(:mod:`newsweave.facts.stored_parses`). A store analysed by older code has none (its
weaves parse them, as before). :func:`add_parses` copies such a store and adds them with
the same code annotate runs, so ``bench_pipeline.py --only weave`` can compare a weave
that reads them (``--work`` holding the copy) with its peer on the original store:

    PYTHONPATH=src .venv/bin/python benchmarks/bench_weave_parses.py OLD.db NEW.db

``--in-context CORPUS [N]`` measures the other way (the brief's approach a): each numeric
claim's parse taken from its article's parse, against the claim parsed alone.
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




def in_context(corpus: Path, limit: int) -> None:
    """Approach (a) as the brief put it: take each numeric claim's parse from its article's
    own parse (``annotate`` already parses whole articles) instead of parsing it alone.
    Prints how many claims get the same tokens / tags / arcs / entities and the same
    measures (values) both ways."""
    from newsweave.claims import split_claims
    from newsweave.facts.measures import has_number, measures_of
    from newsweave.facts.parses import ClaimParses
    from newsweave.ingest import expand_paths, iter_inputs
    from newsweave.model import Rejection
    from newsweave.nlp import load_spacy
    from newsweave.sentences import split_many

    nlp, splitter = load_spacy(ner=True, parser=True), load_spacy(ner=False)
    articles = [a for a in iter_inputs(expand_paths([str(corpus)]))
                if not isinstance(a, Rejection)][:limit]
    split = split_many(articles, splitter)
    same = differ = unaligned = 0
    pool, context_docs = [], []
    for article, own, doc in zip(articles, split, nlp.pipe(a.text for a in articles),
                                 strict=True):
        for claim in split_claims(article, own):
            if not has_number(claim.text):
                continue
            span = doc.char_span(claim.start, claim.end)
            if span is None:  # the claim's ends fall inside a token of the article's parse
                unaligned += 1
                continue
            inside, alone = span.as_doc(), nlp(claim.text)
            if _reading(inside) == _reading(alone):
                same += 1
            else:
                differ += 1
            pool.append(claim)
            context_docs.append(inside)
    seeded = ClaimParses(nlp)
    seeded.add(context_docs)  # repaired texts that differ are parsed alone by measures_of
    idx = list(range(len(pool)))
    a, b = measures_of(pool, idx, seeded), measures_of(pool, idx, ClaimParses(nlp))
    moved = {m.claim for m in set(a) ^ set(b)}
    print(f"{corpus.name}: {len(articles)} articles, {same + differ + unaligned} numeric claims:"
          f" parse identical {same}, different {differ}, claim ends inside a token {unaligned};"
          f" measures: {len(a)} in context vs {len(b)} alone, claims whose measures differ"
          f" {len(moved)} of {len(pool)}")


def _reading(doc: object) -> list[tuple[object, ...]]:
    return [(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_)
            for t in doc]  # type: ignore[attr-defined]


if __name__ == "__main__":
    if sys.argv[1] == "--in-context":  # --in-context CORPUS [LIMIT]
        in_context(Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 10**9)
    else:
        n, seconds, stored = add_parses(Path(sys.argv[1]), Path(sys.argv[2]))
        print(f"{n} articles: parsed in {seconds:.1f} CPU s, {stored / 1024:.0f} KiB stored"
              f" ({stored / n:.0f} bytes per article)")
