"""Issue 19, bad input: the wire story (N near-identical copies of one article) at sizes
whose full one-shot analysis does not fit a session here (``bench_pipeline.py --only wire``).

A one-shot ``newsweave analyze`` of N copies costs ~0.9 CPU-s of analysis per copy (spaCy
and the encoder, in batches of constant memory); what grows with N is what comes after
(copies, clustering, the weave of one N-member story, the report). So:

* **base**: ``BASE`` copies (bench_bad.wire_corpus) ingested and analysed for real, once;
* **grown**: copies up to N made from the base's analysed copies with a two-digit edition
  number, each with its own same-length outlet line (``edition`` -> ``ed<k>on``: a near
  copy, not an exact one, whose stored offsets stay valid), their analyses copied;
* **child** (its own process, CPU s and peak RSS by ``os.wait4``, like bench_bad's rows):
  the analyses of the last ``FRESH`` copies are dropped and redone in the run (the real
  annotate path: every model loaded, a batch in memory), then ``pipeline.update``'s copies,
  clustering and weave and the streamed JSON report, as ``newsweave analyze`` runs them.

``--peer SRC`` runs the same child on another checkout's ``src`` (e.g. main's) in the same
run. Stores go under ``--work``; the ECB+ text is read in place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

BASE = 100
FRESH = 100


def _rss() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) >> 10


class Phases:
    """A Progress that prints each stage's CPU seconds and peak RSS (sampled)."""

    def __init__(self) -> None:
        self.peak, self.t, self.what = 0, 0.0, ""
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        while True:
            self.peak = max(self.peak, _rss())
            time.sleep(0.05)

    def start(self, description: str, total: int | None = None) -> None:
        self.peak, self.t, self.what = _rss(), time.process_time(), description

    def advance(self, n: int = 1) -> None:
        return None

    def note(self, *args: Any, **kwargs: Any) -> None:
        return None

    def finish(self) -> None:
        print(f"  {self.what}: {time.process_time() - self.t:.1f} CPU-s, peak {self.peak} MiB",
              flush=True)


def _reid(items: tuple[Any, ...], new: str) -> tuple[Any, ...]:
    return tuple(dataclasses.replace(x, article_id=new) for x in items)


def grow(base: Path, out: Path, n: int) -> None:
    """``out``: ``base`` plus near copies up to ``n`` articles (see the module docstring)."""
    from newsweave.analysis import load_analyses, load_embeddings, load_features, save
    from newsweave.ingest import content_hash
    from newsweave.model import ArticleAnalysis
    from newsweave.store import Store

    tmp = out.with_suffix(".tmp")
    shutil.copyfile(base, tmp)
    with Store.open(tmp) as store:
        js = list(range(10, BASE))  # two-digit editions: same-length edits
        arts = {a.id: a for a in store.articles([f"wire-{j}" for j in js])}
        src = {}
        for j in js:
            aid = f"wire-{j}"
            src[j] = (tuple(store.sentences(arts[aid])), load_analyses(store, [aid])[aid],
                      load_embeddings(store, [aid])[aid], load_features(store, [aid])[0])
        run = store.begin_run("grow")
        batch: list[Any] = []
        found: list[ArticleAnalysis] = []
        for k in range(BASE, n):
            j = js[k % len(js)]
            first, rest = arts[f"wire-{j}"].text.split("\n", 1)
            tag = "".join("abcdefghijklmnopqrstuvwxyz0123456789"[(k // 36 ** i) % 36]
                          for i in range(3))
            text = re.sub(r"edition (\d\d)\.", rf"ed{tag}on \1.", first) + "\n" + rest
            day = dt.date(2021, 3, 1) + dt.timedelta(days=k % 3)
            new = dataclasses.replace(arts[f"wire-{j}"], id=f"wire-{k}", text=text, date=day,
                                      content_hash=content_hash(text),
                                      source=f"outlet{k}.example")
            sents, an, emb, feat = src[j]
            batch.append(new)
            found.append(ArticleAnalysis(
                new.id, _reid(an.mentions, new.id), _reid(an.quotes, new.id),
                _reid(an.times, new.id), _reid(sents, new.id), emb,
                dataclasses.replace(feat, article_id=new.id, date=day)))
            if len(batch) == 500 or k == n - 1:
                store.add_articles(batch, {}, run_id=run)
                save(store, found)
                batch, found = [], []
        store.finish_run(run, added=n - BASE, unchanged=0, rejected=[], warnings=[])
    tmp.rename(out)


def child(db: Path, n: int) -> None:
    """The one-shot run's later part on ``db`` (a copy of a grown store), phases printed."""
    from newsweave import pipeline
    from newsweave.nlp import Models
    from newsweave.render.json import write_json
    from newsweave.report import build_report
    from newsweave.store import Store

    with sqlite3.connect(db) as conn:
        conn.executemany("DELETE FROM article_analysis WHERE article_id = ?",
                         [(f"wire-{k}",) for k in range(n - FRESH, n)])
    phases = Phases()
    with Store.open(db) as store:
        reports = pipeline.update(store, Models(), progress=phases, keep=False, lazy=False)
        phases.start("report (streamed JSON)")
        report = build_report(store, story_reports=reports.woven, stream=True)
        with open(db.with_suffix(".json"), "w", encoding="utf-8") as out:
            write_json(report, out)
        phases.finish()
        sizes = [len(s.article_ids) for s in store.stories()]
    print(f"  {len(sizes)} stories, largest {max(sizes)} articles", flush=True)


def wire(work: Path, sizes: list[int], peer: Path | None) -> None:
    """Print one row per size and code (this checkout, then ``peer``)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_bad import BOUND_MIB, wire_corpus

    base = work / f"wire-base-{BASE}.db"
    if not base.exists():  # ingested and analysed only: copies and stories come in the run
        corpus = wire_corpus(work / f"wire-{BASE}.jsonl", BASE)
        subprocess.run([sys.executable, __file__, "--base", str(corpus), str(base)],
                       check=True)
    print(f"\nwire story (issue 19): last {FRESH} copies analysed in the run, then copies, "
          "clustering, weave, streamed report; CPU s and peak RSS of the process (wait4)")
    print("| code | copies | outcome | CPU s | wall s | peak RSS MiB | <= 2 GiB | load avg |")
    print("|---|---|---|---|---|---|---|---|")
    here = Path(__file__).resolve().parents[1] / "src"
    for n in sizes:
        grown = work / f"wire-grown-{n}.db"
        if not grown.exists():
            grow(base, grown, n)
        for name, src in (("this branch", here), *((("peer", peer),) if peer else ())):
            db = work / f"wire-run-{n}.db"
            shutil.copyfile(grown, db)
            env = {**os.environ, "PYTHONPATH": str(src), "HF_HUB_OFFLINE": "1",
                   "TRANSFORMERS_OFFLINE": "1"}
            t = time.perf_counter()
            proc = subprocess.Popen([sys.executable, __file__, "--child", str(n), str(db)],
                                    env=env)
            _, status, use = os.wait4(proc.pid, 0)
            rc = os.waitstatus_to_exitcode(status)
            rss = use.ru_maxrss / 1024
            print(f"| {name} | {n} | {'completed' if rc == 0 else f'exit {rc}'} | "
                  f"{use.ru_utime + use.ru_stime:.1f} | {time.perf_counter() - t:.0f} | "
                  f"{rss:.0f} | {'yes' if rss <= BOUND_MIB else 'NO'} | "
                  f"{os.getloadavg()[0]:.1f} |", flush=True)
            db.unlink()


def analysed_base(corpus: Path, out: Path) -> None:
    """``out``: the copies of ``corpus`` ingested and analysed (no copies or stories yet)."""
    from newsweave import pipeline
    from newsweave.analysis import analyse
    from newsweave.executor import LocalExecutor
    from newsweave.nlp import Models
    from newsweave.store import Store

    tmp = out.with_suffix(".tmp")
    with Store.open(tmp) as store:
        pipeline.ingest([str(corpus)], store)
        analyse(store, LocalExecutor(Models()))
    tmp.rename(out)


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    child(Path(sys.argv[3]), int(sys.argv[2]))
elif __name__ == "__main__" and sys.argv[1:2] == ["--base"]:
    analysed_base(Path(sys.argv[2]), Path(sys.argv[3]))
