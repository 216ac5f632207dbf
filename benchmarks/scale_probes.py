"""Probes for ``bench_scale.py``: phase timers, peak RSS readers, the per-batch RSS
printer of the large Dask run, and the per-part profile of annotate."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsweave.analysis import analyse
from newsweave.ingest import content_hash
from newsweave.model import Article
from newsweave.nlp import Models
from newsweave.scale import DaskExecutor
from newsweave.settings import Options
from newsweave.store import Store

__all__ = ["Phases", "RssProbe", "large_rss", "peak_rss_mb", "profile", "workers_cpu"]


class Phases:
    """A Progress that records the wall and CPU seconds (this process) of each phase."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._phase: tuple[str, float, float] | None = None

    def start(self, description: str, total: int | None = None) -> None:
        self._phase = (description, time.perf_counter(), _cpu_seconds())

    def advance(self, n: int = 1) -> None:
        return None

    def finish(self) -> None:
        if self._phase is not None:
            name, began, cpu = self._phase
            self.times[name] = self.times.get(name, 0.0) + time.perf_counter() - began
            self.cpu[name] = self.cpu.get(name, 0.0) + _cpu_seconds() - cpu
            self._phase = None


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    """This process's peak RSS. Linux's VmHWM, not ``ru_maxrss``: a process started by
    fork + exec (Dask's worker processes) inherits its parent's ``ru_maxrss`` at the
    fork, so a worker spawned by a driver holding the models would report the driver's
    peak."""
    try:
        for line in Path("/proc/self/status").read_text("ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def workers_cpu(executor: DaskExecutor) -> float:
    return float(sum(executor.client.run(_cpu_seconds).values()))


class RssProbe:
    """A Progress that prints each worker's peak RSS, the workers' CPU seconds per article
    and the driver's peak RSS every time a batch is stored (so a run cut short still
    shows how memory moved with the number of articles)."""

    def __init__(self, executor: DaskExecutor) -> None:
        self.executor = executor
        self.done = 0
        self.began = time.perf_counter()
        self.cpu = workers_cpu(executor)
        self.last: tuple[int, dict[str, float], float, float] = (0, {}, 0.0, 0.0)

    def start(self, description: str, total: int | None = None) -> None:
        return None

    def advance(self, n: int = 1) -> None:
        self.done += n
        rss = self.executor.client.run(peak_rss_mb)
        wall = time.perf_counter() - self.began
        cpu = workers_cpu(self.executor) - self.cpu
        self.last = (self.done, {f"worker {i + 1}": mb for i, mb in enumerate(rss.values())},
                     wall, cpu)
        print(f"| {self.done} | {' / '.join(f'{v:.0f}' for v in rss.values())} | "
              f"{cpu / self.done:.3f} | {peak_rss_mb():.0f} | {wall:.0f} | "
              f"{os.getloadavg()[0]:.1f} |", flush=True)

    def finish(self) -> None:
        return None


def large_rss(rows: list[dict[str, Any]], times: int) -> tuple[int, dict[str, float], float,
                                                               float]:
    """Peak RSS per worker while annotating ``rows`` ``times`` over (new ids) on 2 workers,
    printed after every stored batch; returns the last line's numbers (articles, RSS per
    worker, annotate wall seconds, workers' CPU seconds)."""
    articles = [Article(f"{r['id']}-{k}", r["text"], content_hash(r["text"]), "ecb+",
                        title=r.get("title"))
                for k in range(times) for r in rows]
    with DaskExecutor.local(2) as executor, Store.open() as store:
        executor.warm_up()
        store.add_articles(articles, {})
        print(f"\n## Annotating {len(articles)} articles on dask 2x1, after each stored batch\n")
        print("| articles done | peak RSS per worker MB | workers' CPU s/article "
              "| driver peak RSS MB | wall s | load |\n|---:|---|---:|---:|---:|---:|",
              flush=True)
        probe = RssProbe(executor)
        analyse(store, executor, batch_size=Options().batch_size, progress=probe)
    return probe.last


def profile(rows: list[dict[str, Any]], models: Models) -> None:
    """CPU seconds per article of each part of annotate, in this process on one thread."""
    import torch

    from newsweave.embed import embed_sentences
    from newsweave.entities import mentions_from_doc
    from newsweave.features import article_features
    from newsweave.quotes import article_quotes
    from newsweave.sentences import split_many
    from newsweave.temporal import find_time_expressions

    torch.set_num_threads(1)
    articles = [Article(r["id"], r["text"], content_hash(r["text"]), "ecb+",
                        title=r.get("title")) for r in rows]
    parts: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        began = time.process_time()
        out = fn()
        parts[name] = parts.get(name, 0.0) + time.process_time() - began
        return out

    split = timed("sentences (spaCy senter)", lambda: split_many(articles, models.splitter))
    sentences = {a.id: s for a, s in zip(articles, split, strict=True)}
    timed("sentence embeddings (MiniLM)", lambda: embed_sentences(sentences, models.embedder))
    timed("clustering features (MiniLM + terms)",
          lambda: article_features(articles, sentences, models.embedder))
    docs = timed("parse (spaCy NER + parser)",
                 lambda: list(models.ner.pipe((a.text for a in articles), batch_size=16)))
    for article, own, doc in zip(articles, split, docs, strict=True):
        found = timed("entities", lambda: mentions_from_doc(article, doc))  # noqa: B023
        timed("quotes", lambda: article_quotes(article, doc, found, own))  # noqa: B023
        timed("time expressions", lambda: find_time_expressions(article, own))  # noqa: B023
    total = sum(parts.values())
    print(f"\n## Where annotate's time goes ({len(articles)} articles, one thread, CPU)\n")
    print("| part | ms/article | share |\n|---|---:|---:|")
    for name, secs in parts.items():
        print(f"| {name} | {1000 * secs / len(articles):.0f} | {secs / total:.0%} |")
    print(f"| **total** | {1000 * total / len(articles):.0f} | |")
