"""Fact comparison: time per story against its article count, and number-heavy stories.

Issue 13 asks that numbers in tables, scores and lists, and articles of 100+
numbers, do not explode the pair count. This prints, for the ECB+ stories of the
facts sample (real news) grouped by article count, the comparison time per story
(:func:`newsweave.facts.compare_facts`, models loaded and sentences embedded
beforehand) with the number of values read and the value pairs an all-pairs
comparison would make; then the same for stories of N number-heavy articles
(box-score lines of 120 values each, made here, only for speed). Timings are
medians of ``--repeat`` runs; the machine is shared, so read the ratios.

    python benchmarks/bench_facts.py --corpus ECBPLUS.jsonl [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from newsweave.claims import split_claims
from newsweave.embed import load_embedder
from newsweave.facts import compare_facts
from newsweave.facts.measures import has_number, measures_of
from newsweave.ingest import read_inputs
from newsweave.model import Article, StoryInput
from newsweave.nlp import load_spacy
from newsweave.sentences import split_many

PLAYERS = ("Carter", "McDermott", "Echenique", "Artino", "Clarke", "Simons", "VanDeest",
           "Gibson", "Wragge", "Manigat", "Chatman", "Jones")


def _box_score(n: int, seed: int) -> Article:
    rng = np.random.default_rng(seed)
    lines = [f"{PLAYERS[k % len(PLAYERS)]} {k // len(PLAYERS) + 1} had {rng.integers(0, 30)} "
             f"points, {rng.integers(0, 15)} rebounds and {rng.integers(0, 9)} assists in "
             f"{rng.integers(5, 40)} minutes." for k in range(n // 4)]
    text = "\n".join(lines)
    return Article(f"box-{seed}", text, hashlib.sha256(text.encode()).hexdigest(), "bench",
                   date=dt.date(2025, 3, 8), source=f"outlet-{seed}")


def _prepare(articles: list[Article], splitter: Any, embedder: Any) -> tuple[Any, Any]:
    sentences = dict(zip([a.id for a in articles], split_many(articles, splitter), strict=True))
    vectors = embedder.encode([s.text for a in articles for s in sentences[a.id]])
    embeddings, row = {}, 0
    for a in articles:
        embeddings[a.id] = vectors[row : row + len(sentences[a.id])]
        row += len(sentences[a.id])
    return sentences, embeddings


def _measure(articles: list[Article], sentences: Any, embeddings: Any, parser: Any,
             repeat: int) -> tuple[float, int, int]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        compare_facts(StoryInput(tuple(articles), sentences, embeddings), nlp=parser)
        times.append(time.perf_counter() - t0)
    claims = [c for a in articles for c in split_claims(a, sentences[a.id])]
    values = measures_of(claims, [i for i, c in enumerate(claims) if has_number(c.text)], parser)
    per_article: dict[str, int] = {}
    for m in values:
        per_article[claims[m.claim].article_id] = per_article.get(claims[m.claim].article_id, 0) + 1
    counts = list(per_article.values())
    naive = sum(x * y for i, x in enumerate(counts) for y in counts[i + 1 :])
    return statistics.median(times), len(values), naive


def main() -> None:
    parser_ = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser_.add_argument("--corpus", type=Path, required=True)
    parser_.add_argument("--repeat", type=int, default=3)
    args = parser_.parse_args()
    splitter, embedder = load_spacy(ner=False), load_embedder()
    parser = load_spacy(ner=True, parser=True)
    story_of = {str(r["id"]): str(r["story"]) for r in map(
        json.loads, args.corpus.read_text(encoding="utf-8").splitlines()) if r}
    articles = list(read_inputs([str(args.corpus)]).articles)
    stories: dict[str, list[Article]] = {}
    for a in articles:
        stories.setdefault(story_of[a.id], []).append(a)
    sentences, embeddings = _prepare(articles, splitter, embedder)
    rows: dict[str, list[tuple[float, int, int]]] = {}
    for members in stories.values():
        if len(members) < 3:
            continue
        size = len(members)
        bucket = "3-9" if size < 10 else "10-14" if size < 15 else "15-22"
        rows.setdefault(bucket, []).append(
            _measure(members, sentences, embeddings, parser, args.repeat))
    print(f"{'story':<26} {'n':>3} {'ms/story':>9} {'ms/article':>10} {'values':>7} "
          f"{'all-pairs':>10}")
    for bucket in ("3-9", "10-14", "15-22"):
        got = rows.get(bucket, [])
        if not got:
            continue
        size = {"3-9": 6, "10-14": 12, "15-22": 18}[bucket]
        ms = statistics.median(t for t, _, _ in got) * 1000
        print(f"{'ECB+ ' + bucket + ' articles':<26} {len(got):>3} {ms:>9.0f} "
              f"{ms / size:>10.1f} {statistics.median(v for _, v, _ in got):>7.0f} "
              f"{statistics.median(p for _, _, p in got):>10.0f}")
    for n_articles in (2, 4, 8):
        box = [_box_score(480, seed) for seed in range(n_articles)]
        s, e = _prepare(box, splitter, embedder)
        t, values, naive = _measure(box, s, e, parser, args.repeat)
        print(f"{f'box scores x{n_articles} (480 values)':<26} {1:>3} {t * 1000:>9.0f} "
              f"{t * 1000 / n_articles:>10.1f} {values:>7} {naive:>10}")


if __name__ == "__main__":
    main()
