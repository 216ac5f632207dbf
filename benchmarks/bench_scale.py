"""Scale-out on Dask (issue 15): throughput, overhead, memory and identical results.

Corpus: the 772 real ECB+ articles of topics 1-35 (../shared/data/ecbplus, read in
place). Every configuration runs the real ``newsweave analyze`` pipeline
(:func:`newsweave.pipeline.analyze`) into its own SQLite file, in this one run:

* ``1 process``: the default, :class:`~newsweave.executor.LocalExecutor` in this
  process (torch's default threads);
* ``dask 1x1``: a ``distributed.LocalCluster`` of 1 worker process with 1 thread;
* ``dask 2x1``: 2 worker processes of 1 thread each (``newsweave analyze --workers 2``).

Models are loaded before timing (:meth:`DaskExecutor.warm_up`), so the times are the
work. Printed: the wall time of the per-article stage (annotate) and of the
per-story stage (weave) per configuration, annotate throughput, the CPU seconds
the workers spent per article (independent of other load on the machine), each
worker's peak RSS, the store's size per article, and whether the three JSON
reports are byte-identical. Then ``--repeat`` more annotate-only runs alternate
``dask 1x1`` and ``dask 2x1`` for the spread of the 2-worker speed-up, and
Dask's overhead on a ``--small``-article corpus (starting a 2-worker cluster and
loading its models, then a run on the warm cluster) against one process.
``--large K [K ...]`` also annotates the corpus K times over (new ids) on a fresh
``dask 2x1`` for the peak RSS per worker at K x 772 articles; ``--small 0`` and
``--repeat 0 --skip-full`` leave the other parts out.

Run: ``.venv/bin/python benchmarks/bench_scale.py [--n 772] [--repeat 2] [--large 1 4]``
(needs the dask extra: ``pip install 'newsweave[dask]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scale_probes import Phases, large_rss, peak_rss_mb, profile, workers_cpu

from newsweave import pipeline
from newsweave.analysis import analyse
from newsweave.executor import Executor, LocalExecutor
from newsweave.ingest import content_hash
from newsweave.model import Article
from newsweave.nlp import Models
from newsweave.render import render_json
from newsweave.scale import DaskExecutor
from newsweave.settings import Options
from newsweave.store import Store

ECBPLUS = Path(__file__).resolve().parents[2] / "shared/data/ecbplus/ecbplus-topics-1-35.jsonl"


def idle_cpu(seconds: float) -> float:
    """CPU seconds per second that 2 idle Dask workers spend (heartbeats, event loop):
    the part of the workers' CPU that grows with wall time, not with work."""
    with DaskExecutor.local(2) as executor:
        time.sleep(5)  # past start-up
        before = workers_cpu(executor)
        time.sleep(seconds)
        return (workers_cpu(executor) - before) / seconds


def warm(models: Models) -> Models:
    for name in ("splitter", "ner", "parser", "embedder"):
        getattr(models, name)
    return models


@dataclass
class Run:
    name: str
    annotate_s: float
    weave_s: float
    cpu_s: float  # the annotate + weave CPU seconds of whoever ran the stages
    n_articles: int
    store_bytes: int
    report: str
    total_s: float = 0.0
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    phase_cpu: dict[str, float] = field(default_factory=dict)  # this process, per phase


STAGES = ("Analysing articles", "Comparing sources")


@contextmanager
def executor_for(name: str, models: Models) -> Iterator[DaskExecutor | None]:
    """The Dask executor of configuration ``name`` (warm), or ``None`` for one process."""
    if name == "1 process":
        yield None
        return
    workers = int(name.split()[1].split("x")[0])
    with DaskExecutor.local(workers) as executor:
        executor.warm_up()
        yield executor


def measure(name: str, corpus: Path, models: Models, workdir: Path, batch: int) -> Run:
    """The full analyze of ``corpus`` by configuration ``name`` into its own store file."""
    db = workdir / f"{name.replace(' ', '-')}.db"
    rss: dict[str, float] = {}
    with executor_for(name, models) as dask, Store.open(db) as store:
        phases = Phases()
        before = workers_cpu(dask) if dask else 0.0
        executor: Executor = dask or LocalExecutor(models)
        began = time.perf_counter()
        _, report = pipeline.analyze([str(corpus)], store, models, progress=phases,
                                     executor=executor, options=Options(batch_size=batch))
        total = time.perf_counter() - began
        if dask:  # the workers ran both stages and nothing else
            spent = workers_cpu(dask) - before
            rss = {f"worker {i + 1}": mb for i, mb in
                   enumerate(dask.client.run(peak_rss_mb).values())}
        else:
            spent = sum(phases.cpu.get(stage, 0.0) for stage in STAGES)
        n = store.article_count()
    return Run(name, phases.times.get(STAGES[0], 0.0), phases.times.get(STAGES[1], 0.0),
               spent, n, db.stat().st_size, render_json(report), total, rss, phases.cpu)


def breakdown(db: Path) -> dict[str, int]:
    """Bytes per table and index of a store (SQLite's dbstat), largest first."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
        stages = conn.execute("SELECT stage, sum(length(data)) FROM article_analysis"
                              " GROUP BY stage").fetchall()
    finally:
        conn.close()
    out = {name: int(size) for name, size in rows}
    out.update({f"  article_analysis: {stage} (payload)": int(size) for stage, size in stages})
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def annotate_only(name: str, articles: list[Article], models: Models,
                  batch: int) -> tuple[float, float]:
    """Wall and worker CPU seconds of annotating ``articles`` (fresh in-memory store)."""
    with executor_for(name, models) as dask, Store.open() as store:
        assert dask is not None
        store.add_articles(articles, {})
        before, began = workers_cpu(dask), time.perf_counter()
        analyse(store, dask, batch_size=batch)
        return time.perf_counter() - began, workers_cpu(dask) - before


def overhead(corpus: Path, models: Models, workdir: Path) -> dict[str, float]:
    """Seconds: one process; starting a 2-worker cluster + loading its models; a warm run."""
    out: dict[str, float] = {}
    began = time.perf_counter()
    with Store.open(workdir / "small-1.db") as store:
        pipeline.analyze([str(corpus)], store, models, executor=LocalExecutor(models))
    out["1 process"] = time.perf_counter() - began
    began = time.perf_counter()
    with DaskExecutor.local(2) as executor:
        executor.warm_up()
        out["start 2 workers + load models"] = time.perf_counter() - began
        began = time.perf_counter()
        with Store.open(workdir / "small-2.db") as store:
            pipeline.analyze([str(corpus)], store, models, executor=executor)
        out["dask 2x1, warm"] = time.perf_counter() - began
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ECBPLUS)
    ap.add_argument("--n", type=int, default=0, help="first N articles only (0: all)")
    ap.add_argument("--repeat", type=int, default=2, help="annotate-only 1x1/2x1 pairs")
    ap.add_argument("--small", type=int, default=10, help="articles of the overhead corpus")
    ap.add_argument("--large", type=int, nargs="*", default=[],
                    help="also annotate the corpus K times over (one run per K given)")
    ap.add_argument("--batch-size", type=int, default=Options().batch_size,
                    help="articles per annotate batch (default: the pipeline's)")
    ap.add_argument("--skip-full", action="store_true", help="skip the three full runs")
    ap.add_argument("--idle", type=float, default=0,
                    help="only: CPU/s of 2 idle workers, measured over this many seconds")
    ap.add_argument("--profile", type=int, default=0,
                    help="only: CPU per part of annotate on the first N articles")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"{args.corpus} is absent (the ECB+ corpus of ../shared)", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in args.corpus.read_text("utf-8").splitlines()]
    rows = rows[: args.n] if args.n else rows
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the start; "
          f"{len(rows)} ECB+ articles")
    if args.idle:
        print(f"2 idle Dask workers: {idle_cpu(args.idle):.4f} CPU s per second "
              f"(load {os.getloadavg()[0]:.1f})")
        return 0
    # The driver of a Dask run needs no models: load them only for the parts that do.
    models = warm(Models()) if not args.skip_full or args.repeat or args.small else Models()
    print(f"driver peak RSS {peak_rss_mb():.0f} MB before any run")
    if args.profile:
        profile(rows[: args.profile], models)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        if not args.skip_full:
            _full(corpus, models, work, args.batch_size)
        if args.repeat:
            _ratios(corpus, models, args.repeat, args.batch_size)
        if args.small:
            _overhead(rows[: args.small], models, work)
    for times in args.large:
        n, rss, wall, cpu = large_rss(rows, times)
        print(f"\n## Peak RSS per worker at {n} articles (dask 2x1, annotate {wall:.0f} s, "
              f"load {os.getloadavg()[0]:.1f})\n")
        print(" | ".join(f"{k}: {v:.0f} MB" for k, v in rss.items()))
        print(f"workers' annotate CPU: {cpu / n:.3f} s/article; driver (this process) "
              f"peak RSS so far {peak_rss_mb():.0f} MB")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    return 0


def _overhead(rows: list[dict[str, Any]], models: Models, work: Path) -> None:
    small = work / "small.jsonl"
    small.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    print(f"\n## Dask overhead on {len(rows)} articles (full analyze, seconds)\n")
    print("| run | seconds |\n|---|---:|")
    for name, secs in overhead(small, models, work).items():
        print(f"| {name} | {secs:.1f} |")


def _full(corpus: Path, models: Models, work: Path, batch: int) -> None:
    print(f"\nbatch size {batch}: {-(-_count(corpus) // batch)} annotate batches")
    runs = [measure(name, corpus, models, work, batch) for name in ("1 process", "dask 1x1",
                                                             "dask 2x1")]
    base = runs[1]
    print("\n## Full analyze per configuration\n")
    print("| configuration | annotate s | articles/s | vs dask 1x1 | weave s | driver s "
          "| total s | stage CPU s/article | peak RSS per worker MB | store KB/article |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in runs:
        rss = ", ".join(f"{v:.0f}" for v in r.peak_rss_mb.values()) or "(this process)"
        on_driver = r.total_s - r.annotate_s - r.weave_s  # read, store, dedup, cluster, report
        print(f"| {r.name} | {r.annotate_s:.1f} | {r.n_articles / r.annotate_s:.2f} | "
              f"{base.annotate_s / r.annotate_s:.2f}x | {r.weave_s:.1f} | {on_driver:.1f} | "
              f"{r.total_s:.1f} | {r.cpu_s / r.n_articles:.3f} | {rss} | "
              f"{r.store_bytes / 1024 / r.n_articles:.1f} |")
    driver = runs[2]  # on Dask, this process only reads, stores, deduplicates, clusters
    print(f"\n## Driver CPU per article in the dask 2x1 run ({driver.n_articles} articles)\n")
    print("| phase (this process) | ms/article |\n|---|---:|")
    for name, secs in driver.phase_cpu.items():
        print(f"| {name} | {1000 * secs / driver.n_articles:.1f} |")
    sizes = breakdown(work / "1-process.db")
    total = sum(v for k, v in sizes.items() if not k.startswith(" "))
    print(f"\n## Store of {runs[0].n_articles} articles: {total / 2**20:.1f} MiB\n")
    print("| table or index | KB/article | share |\n|---|---:|---:|")
    for name, size in list(sizes.items())[:14]:
        print(f"| {name} | {size / 1024 / runs[0].n_articles:.1f} | {size / total:.0%} |")
    print(f"\nload average {os.getloadavg()[0]:.1f} after the three runs")
    same = all(r.report == runs[0].report for r in runs)
    print(f"\nJSON reports byte-identical across the three: {'yes' if same else 'NO'} "
          f"({len(runs[0].report.encode()):,} bytes)")
    if not same:
        keep_reports(runs)
    print(f"this process (driver + 1-process run): peak RSS {peak_rss_mb():.0f} MB")


def keep_reports(runs: list[Run]) -> None:
    """Save each configuration's report where it outlives the run, and print where the
    first one that differs departs from the first configuration's, so a mismatch can be
    diffed at once instead of re-running the whole benchmark."""
    keep = Path(tempfile.gettempdir()) / "newsweave-bench-scale"
    keep.mkdir(exist_ok=True)
    for r in runs:
        path = keep / f"{r.name.replace(' ', '-')}.json"
        path.write_text(r.report, encoding="utf-8")
        print(f"report of {r.name}: {path}")
    first = runs[0].report
    for r in runs[1:]:
        at = next((i for i, (a, b) in enumerate(zip(first, r.report, strict=False))
                   if a != b), min(len(first), len(r.report)))
        print(f"{r.name} departs from {runs[0].name} at character {at:,}: "
              f"{first[max(0, at - 80):at + 80]!r}")


def _count(corpus: Path) -> int:
    return len(corpus.read_text("utf-8").splitlines())


def _ratios(corpus: Path, models: Models, repeat: int, batch: int) -> None:
    rows = [json.loads(line) for line in corpus.read_text("utf-8").splitlines()]
    articles = [Article(r["id"], r["text"], content_hash(r["text"]), "ecb+",
                        title=r.get("title")) for r in rows]
    print(f"\n## Annotate only, {repeat} alternating pairs ({len(articles)} articles)\n")
    print("| pair | dask 1x1 s | dask 2x1 s | speed-up | CPU s/article 1x1 | 2x1 | load |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    ups = []
    for i in range(repeat):
        one, one_cpu = annotate_only("dask 1x1", articles, models, batch)
        two, two_cpu = annotate_only("dask 2x1", articles, models, batch)
        ups.append(one / two)
        print(f"| {i + 1} | {one:.1f} | {two:.1f} | {one / two:.2f}x | "
              f"{one_cpu / len(articles):.3f} | {two_cpu / len(articles):.3f} | "
              f"{os.getloadavg()[0]:.1f} |")
    print(f"\nspeed-up 2x1 vs 1x1: median {statistics.median(ups):.2f}x "
          f"(min {min(ups):.2f}, max {max(ups):.2f})")


if __name__ == "__main__":
    raise SystemExit(main())
