"""Quote extraction time against article size (run on demand; prints a table).

A synthetic article made of real-style news paragraphs (direct quotes with trailing
and leading tags, pronoun tags, reported speech, "according to") is cut to 25, 50,
100 and 200 KB; each size is split into sentences, NER-tagged and passed through
``extract_quotes``. The extraction alone should grow about linearly: the printed
ratio of time per KB between consecutive sizes stays near 1.

    .venv/bin/python benchmarks/bench_quotes.py
"""

from __future__ import annotations

import time

from newsweave.entities import extract_mentions
from newsweave.model import Article
from newsweave.nlp import load_spacy
from newsweave.quotes import extract_quotes
from newsweave.sentences import split_sentences

PARAGRAPHS = (
    "“We did not want this strike, but we will not stand by,” union president Mara "
    "Quinlan told reporters. “Our door is open.”",
    "Tobias Reinholt, chief executive of the Harbour Terminal Operators Group, said the "
    "operators had offered a 14% wage increase over four years.",
    "“Every day this goes on costs the regional economy,” said Tobias Reinholt. He said "
    "operators were “ready to talk any time, anywhere.”",
    "No new talks had been scheduled as of Tuesday evening, according to the State "
    "Labour Mediation Office.",
    "It is absolutely vital that we have these kinds of communications, Quinlan said. "
    "We are going to keep working on it.",
)


def synthetic(size: int) -> str:
    parts, n = [], 0
    while n < size:
        p = PARAGRAPHS[len(parts) % len(PARAGRAPHS)]
        parts.append(p)
        n += len(p) + 1
    return "\n".join(parts)[:size].rsplit("\n", 1)[0]


def main() -> None:
    nlp = load_spacy(ner=True)
    nlp.max_length = 2_000_000
    print(f"{'KB':>5} {'quotes':>7} {'prep s':>8} {'quotes s':>9} {'ms/KB':>7} {'ratio':>6}")
    prev: float | None = None
    for kb in (25, 50, 100, 200):
        text = synthetic(kb * 1000)
        a = Article(id=f"s{kb}", text=text, content_hash=str(kb), origin="synthetic")
        t0 = time.perf_counter()
        sentences = split_sentences(a, nlp)
        mentions = extract_mentions(a, nlp)
        t1 = time.perf_counter()
        best = min(_timed(a, sentences, mentions) for _ in range(3))
        n = len(extract_quotes(a, sentences, mentions))
        per_kb = best * 1000 / kb
        ratio = f"{per_kb / prev:.2f}" if prev else "-"
        print(f"{kb:>5} {n:>7} {t1 - t0:>8.2f} {best:>9.3f} {per_kb:>7.2f} {ratio:>6}")
        prev = per_kb


def _timed(a: Article, sentences, mentions) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    extract_quotes(a, sentences, mentions)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
