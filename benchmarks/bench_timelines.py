"""Benchmark: topic timelines (``--dates N``) on real dated news, MEANTIME's four topics.

Usage::

    .venv/bin/python benchmarks/bench_timelines.py [--dates 10]

MEANTIME (``../shared/data/meantime/``) holds 120 dated Wikinews articles in four
long-running topics (Airbus, Apple, GM, stock markets; 2004-2013), 30 each, with
gold TimeML annotations of some of their time expressions. No gold *timeline*
exists for them, so this measures what can be measured without one, for each
topic's ``--dates N`` timeline:

* ``news day``: share of the chosen days within two days of a publication date
  of the topic (Wikinews reports each event within a day or two, so a chosen day
  far from every publication is background or a misread date);
* ``gold day``: share of the chosen days that a gold TIMEX3 value (day
  precision) of the topic's articles names;
* ``sources/day``: mean number of articles citing the chosen days' events;
* date-F1 of the chosen days against the topic's publication days (a proxy gold
  timeline: every Wikinews article is a dated event), next to two baselines in
  the same run: the N days most articles were *published* on (news-tls's
  PubCount) and the N days most *sentences mention* (news-tls's MentionCount,
  our time expressions);
* milliseconds per topic for the timeline stage (time expressions, events,
  merging, date selection), embeddings excluded;
* the cost of the embeddings merging uses, three ways in the same run (CPU
  seconds, sentence splitting excluded): every sentence embedded (what the
  pipeline has anyway), only the sentences that can become events (what
  ``newsweave timeline FILES`` does: ``story_timeline(..., embedder=)``), and
  none (merging by words only); ``same`` says whether the timeline is identical
  to the every-sentence one (``--dates N``; and the full timeline, every dated
  event), ``lexical diff`` how many of the N entries differ (date, text or
  sources) without embeddings.

``--all`` adds a row for the 120 articles of the four topics as one story.

The proxy date-F1 favours the publication baseline by construction (its gold is
made of publication days); it is reported so the methods can be compared on the
same real articles, not as the held-out figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsweave.embed import load_embedder  # noqa: E402
from newsweave.ingest.normalise import content_hash, normalise_text  # noqa: E402
from newsweave.model import Article, TimelineEntry  # noqa: E402
from newsweave.nlp import load_spacy  # noqa: E402
from newsweave.story import prepare_story, story_timeline  # noqa: E402
from newsweave.temporal import find_time_expressions  # noqa: E402

MEANTIME = ROOT.parent / "shared" / "data" / "meantime" / "meantime-en-time.jsonl"


def _f1(chosen: set[str], gold: set[str]) -> float:
    hit = len(chosen & gold)
    if not hit:
        return 0.0
    p, r = hit / len(chosen), hit / len(gold)
    return 2 * p * r / (p + r)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dates", type=int, default=10)
    parser.add_argument("--all", action="store_true", help="also the 120 articles as one story")
    args = parser.parse_args()
    rows = [json.loads(line) for line in MEANTIME.open(encoding="utf-8")]
    nlp, embedder = load_spacy(ner=False), load_embedder()
    print(f"MEANTIME, {len(rows)} articles; --dates {args.dates}")
    head = (f"{'topic':<8} {'days':>4} {'news day':>8} {'gold day':>8} {'src/day':>7} "
            f"{'F1 ours':>7} {'F1 pub':>7} {'F1 mention':>10} {'ms':>6}")
    print(head + "\n" + "-" * len(head))
    topics = sorted({r["topic"] for r in rows})
    costs = []
    for topic in [*topics, *(["all"] if args.all else [])]:
        mine = [r for r in rows if topic in ("all", r["topic"])]
        articles = []
        for r in mine:
            text = normalise_text(r["text"])
            articles.append(Article(id=r["id"], text=text, content_hash=content_hash(text),
                                    origin=str(MEANTIME), title=r["title"],
                                    date=dt.date.fromisoformat(r["dct"])))
        bare = prepare_story(articles, nlp, None)
        cpu = time.process_time()
        story = prepare_story(articles, nlp, embedder, sentences=bare.sentences)
        cpu_all = time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        entries = story_timeline(story, dates=args.dates)
        ms = 1000 * (time.perf_counter() - start)
        cpu_all += time.process_time() - cpu
        cpu = time.process_time()
        events_only = story_timeline(bare, dates=args.dates, embedder=embedder)
        cpu_events = time.process_time() - cpu
        cpu = time.process_time()
        lexical = story_timeline(bare, dates=args.dates)
        cpu_lexical = time.process_time() - cpu
        costs.append((topic, sum(len(s) for s in story.sentences.values()), cpu_all,
                      cpu_events, cpu_lexical, _same(entries, events_only),
                      sum(e not in set(_keys(entries)) for e in _keys(lexical)),
                      _same(story_timeline(story), story_timeline(bare, embedder=embedder))))
        chosen = {e.date for e in entries}
        published = {a.date for a in articles if a.date is not None}
        near = sum(any(abs((dt.date.fromisoformat(d) - p).days) <= 2 for p in published)
                   for d in chosen)
        gold_days = {t["value"] for r in mine for t in r.get("timexes", [])
                     if isinstance(t.get("value"), str) and len(t["value"]) == 10}
        pub_days = {p.isoformat() for p in published}
        pub_counts = Counter(a.date.isoformat() for a in articles if a.date is not None)
        pub_top = {d for d, _ in sorted(pub_counts.items(), key=lambda x: (-x[1], x[0]))
                   [: args.dates]}
        mentions: Counter[str] = Counter()
        for a in story.articles:
            for t in find_time_expressions(a, story.sentences[a.id]):
                if t.precision == "day" and t.value is not None:
                    mentions[t.value] += 1
        mention_top = {d for d, _ in sorted(mentions.items(), key=lambda x: (-x[1], x[0]))
                       [: args.dates]}
        n = max(1, len(chosen))
        print(f"{topic:<8} {len(chosen):4d} {near / n:8.2f} {len(chosen & gold_days) / n:8.2f} "
              f"{sum(len(e.sources) for e in entries) / n:7.2f} "
              f"{_f1(chosen, pub_days):7.3f} {_f1(pub_top, pub_days):7.3f} "
              f"{_f1(mention_top, pub_days):10.3f} {ms:6.0f}")
    print("\nEmbedding cost for merging (CPU s; splitting excluded)")
    head = (f"{'topic':<8} {'sentences':>9} {'every sentence':>14} {'events only':>11} "
            f"{'same':>5} {'no embeddings':>13} {'lexical diff':>12} {'same, full timeline':>19}")
    print(head + "\n" + "-" * len(head))
    for topic, n, every, events, words, same, diff, full in costs:
        print(f"{topic:<8} {n:9d} {every:14.2f} {events:11.2f} {same!s:>5} {words:13.2f} "
              f"{diff:9d}/{args.dates} {full!s:>19}")
    return 0


def _keys(entries: tuple[TimelineEntry, ...]) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(e.date, e.text, e.sources) for e in entries]


def _same(a: tuple[TimelineEntry, ...], b: tuple[TimelineEntry, ...]) -> bool:
    return _keys(a) == _keys(b)


if __name__ == "__main__":
    raise SystemExit(main())
