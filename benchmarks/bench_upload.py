"""A web upload on a large store, with the server's models loaded (issue 19; on demand).

Each code (this checkout's ``src`` and ``--peer``'s) runs in its own process on its own
copy of the replica store (``bench_pipeline.py --only ingest --copies 30`` builds one of
23k articles; 130 copies make ~100k), builds the FastAPI app with its models loaded and
warmed, and posts one article at a time to ``POST /api/uploads`` through Starlette's
``TestClient`` (the real route, job worker and store). For each article it prints:

- ``route``: the POST's own response time (the files saved, a job queued: 202);
- ``job``: from the POST until the upload job is ``done`` (stored, analysed, placed in
  its story, the story re-woven, the list row written: what the user waits for), wall
  and CPU seconds of the whole process (every thread; the main thread only waits);
- the job's phases (``pipeline.ingest``, the article's analysis, dedup, clustering, the
  story's weave, the list rows, the rest), CPU seconds;
- the story page of the story it joined (``GET /stories/ID``), then ``/api/stories/ID``.

Codes alternate article by article (this, peer, this, ...), so both see the same load.
The first upload of each process is reported apart (first-call imports and warm-up).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_upload.py --db /tmp/w/ecb-x30.db \\
        --peer /tmp/upload19-base/src --articles 6 [--pages 20]

``--pages N`` also times the story page and ``/api/stories/ID`` for N stories spread over
the store (before any upload), this code and the peer.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
PHASES = ("ingest", "analysis", "dedup", "clustering", "weave", "listing")


def _inputs(n: int) -> list[Path]:
    demo = sorted((ROOT / "demo" / "corpus").rglob("*.txt"))
    return (sorted(SEEDS.glob("*.txt")) + demo)[:n]


# -- child: one code, one store --------------------------------------------------------------

class _Clock:
    """CPU (whole process) and wall of each instrumented phase of the current job."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}

    def wrap(self, module: Any, name: str, phase: str) -> None:
        inner = getattr(module, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            c = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                self.cpu[phase] = self.cpu.get(phase, 0.0) + time.process_time() - c

        setattr(module, name, timed)


def child(db: Path, articles: list[Path], pages: int) -> None:
    import threading

    from fastapi.testclient import TestClient

    from newsweave import pipeline
    from newsweave.nlp import Models
    from newsweave.web import jobs as jobs_module
    from newsweave.web.app import create_app

    clock = _Clock()
    for name, phase in (("ingest", "ingest"), ("analyse", "analysis"),
                        ("deduplicate", "dedup"), ("cluster_stories", "clustering"),
                        ("weave_stories", "weave"), ("refresh_listings", "listing")):
        clock.wrap(pipeline, name, phase)
    done = threading.Event()
    execute = jobs_module.IngestJobs._execute

    def finished(self: Any, *args: Any) -> None:
        execute(self, *args)
        done.set()

    jobs_module.IngestJobs._execute = finished  # type: ignore[method-assign,assignment]
    models = Models()
    models.splitter, models.ner, models.parser, models.embedder.encode(["warm up"])
    import datasketch  # noqa: F401  (imported once per process: not an upload's cost)

    app = create_app(db, models=models)
    out: list[dict[str, Any]] = []
    with TestClient(app, base_url="http://127.0.0.1") as client:
        if pages:
            out.append({"pages": _pages(client, db, pages)})
        for path in articles:
            clock.cpu.clear()
            done.clear()
            c, w = time.process_time(), time.perf_counter()
            resp = client.post("/api/uploads", files=[("files", (path.name, path.read_bytes()))])
            route = time.perf_counter() - w
            done.wait(600)
            job_wall, job_cpu = time.perf_counter() - w, time.process_time() - c
            body = client.get(resp.json()["status_url"]).json()
            row = {"article": path.name, "route": route, "wall": job_wall, "cpu": job_cpu,
                   "state": body["state"], "phases": dict(clock.cpu),
                   "load": os.getloadavg()[0]}
            for story in body["stories"][:1]:
                row["page"] = _get(client, f"/stories/{story}")
                row["api"] = _get(client, f"/api/stories/{story}")
            out.append(row)
    print(json.dumps(out))


def _get(client: Any, url: str) -> float:
    w = time.perf_counter()
    resp = client.get(url)
    if resp.status_code != 200:
        raise SystemExit(f"{url}: {resp.status_code} {resp.text[:200]}")
    return time.perf_counter() - w


def _pages(client: Any, db: Path, n: int) -> dict[str, list[float]]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM stories ORDER BY id")]
    step = max(1, len(ids) // n)
    chosen = ids[::step][:n]
    for story in chosen[:2]:  # the first reads fill the page cache; not counted
        _get(client, f"/stories/{story}")
    times: dict[str, list[float]] = {"page": [], "api": [], "page_cpu": []}
    for story in chosen:
        c = time.process_time()
        times["page"].append(_get(client, f"/stories/{story}"))
        times["page_cpu"].append(time.process_time() - c)
        times["api"].append(_get(client, f"/api/stories/{story}"))
    return times


# -- parent: both codes, alternating -----------------------------------------------------------

def _run(src: Path, db: Path, articles: list[Path], pages: int) -> list[dict[str, Any]]:
    env = dict(os.environ, PYTHONPATH=str(src), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    proc = subprocess.run(
        [sys.executable, __file__, "--child", "--db", str(db), "--pages", str(pages),
         "--files", ",".join(map(str, articles))],
        env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{src}: failed\n{proc.stderr[-3000:]}")
    rows: list[dict[str, Any]] = json.loads(proc.stdout.strip().splitlines()[-1])
    return rows


def _med(values: list[float]) -> str:
    if not values:
        return "-"
    return (f"{statistics.median(values) * 1000:.0f} [{min(values) * 1000:.0f}-"
            f"{max(values) * 1000:.0f}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the replica store")
    parser.add_argument("--peer", type=Path, help="another checkout's src (the peer)")
    parser.add_argument("--articles", type=int, default=6)
    parser.add_argument("--pages", type=int, default=0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/nw-bench-upload"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--files", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.db, [Path(p) for p in args.files.split(",") if p], args.pages)
        return
    codes = {"this": ROOT / "src"}
    if args.peer is not None:
        codes["peer"] = args.peer
    args.work.mkdir(parents=True, exist_ok=True)
    copies = {}
    for name in codes:
        copies[name] = args.work / f"{name}-{args.db.name}"
        shutil.copyfile(args.db, copies[name])
    articles = _inputs(args.articles)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in codes}
    # Each process uploads every article (its first is its warm-up); the codes alternate
    # whole processes, so a burst of load hits both.
    for name, src in codes.items():
        rows[name] = _run(src, copies[name], articles, args.pages)
    _print(rows)


def _print(rows: dict[str, list[dict[str, Any]]]) -> None:
    print("\n| code | article | route ms | job wall ms | job CPU ms | " + " | ".join(
        f"{p} CPU ms" for p in PHASES) + " | rest CPU ms | story page ms | API story ms | load |")
    print("|---|---|---:|---:|---:|" + "---:|" * len(PHASES) + "---:|---:|---:|---:|")
    for name, found in rows.items():
        for r in found:
            if "pages" in r:
                continue
            ph = r["phases"]
            rest = r["cpu"] - sum(ph.values())
            print(f"| {name} | {r['article']} | {r['route'] * 1000:.0f} | {r['wall'] * 1000:.0f}"
                  f" | {r['cpu'] * 1000:.0f} | " + " | ".join(
                      f"{ph.get(p, 0) * 1000:.0f}" for p in PHASES)
                  + f" | {rest * 1000:.0f} | {r.get('page', 0) * 1000:.0f}"
                  f" | {r.get('api', 0) * 1000:.0f} | {r['load']:.1f} |")
    print("\nmedian [min-max] over the uploads after each process's first, ms:")
    print("| code | route | job wall | job CPU | story page (after) |")
    print("|---|---:|---:|---:|---:|")
    for name, found in rows.items():
        ups = [r for r in found if "pages" not in r][1:]
        print(f"| {name} | {_med([r['route'] for r in ups])} | {_med([r['wall'] for r in ups])}"
              f" | {_med([r['cpu'] for r in ups])} | {_med([r.get('page', 0) for r in ups])} |")
    pages = {name: r["pages"] for name, found in rows.items() for r in found if "pages" in r}
    if pages:
        print("\nstory page and API story, stories spread over the store, ms:")
        print("| code | story page wall | story page CPU | /api/stories/ID wall |")
        print("|---|---:|---:|---:|")
        for name, t in pages.items():
            print(f"| {name} | {_med(t['page'])} | {_med(t['page_cpu'])} | {_med(t['api'])} |")


if __name__ == "__main__":
    main()
