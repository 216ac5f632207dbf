"""Read API speed on a real-size store: the paged /api/stories against the unpaged call it
replaced (issue 17), in the same run, over HTTP to a real uvicorn server.

The store is the 772 ECB+ articles woven by newsweave (build it once, e.g.
``newsweave ingest ../shared/data/ecbplus/ecbplus-topics-1-35.jsonl --db /tmp/ecb772.db``).
The benchmark works on a copy (the app migrates it and fills the list projection
at start). The baseline is the ``/api/stories`` of b2e9154, route for route: it
filtered every story after decoding its cached report, then built the full story
detail (articles, sentences, report) of every row, with no pagination; it is
mounted on the same app as ``/bench/unpaged-stories`` so both share the server.

    python benchmarks/bench_api.py --db /tmp/ecb772.db [--repeat 30]

Prints a Markdown table: median, min and max latency of each call (ms), response
size, and the ratio of the baseline's median to the paged call's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any


def unpaged_stories(store: Any, views: Any) -> list[dict[str, Any]]:
    """The b2e9154 ``/api/stories`` (no filter given): every story, newest first, each
    with its full detail."""
    from newsweave import browse
    from newsweave.report import cached_story_report

    stories = store.stories()
    articles = {a.id: a for a in store.articles()}
    rows = []
    for story in stories:
        members = [articles[i] for i in story.article_ids if i in articles]
        sources = tuple(sorted({a.source for a in members if a.source}))
        report = cached_story_report(store, story)
        rows.append((story, sources, len(members),
                     tuple(e.name for e in report.entities or ())))
    rows.sort(key=lambda r: (r[0].last_date or dt.date.min, r[0].id), reverse=True)
    return [views.story_json(browse.story_detail(store, r[0].id)) for r in rows]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path) -> tuple[str, Any]:
    import uvicorn
    from fastapi import FastAPI

    from newsweave.store import Store
    from newsweave.web.app import create_app
    from newsweave.web.views import Views

    app: FastAPI = create_app(db)
    views = Views()

    @app.get("/bench/unpaged-stories")
    def baseline() -> list[dict[str, Any]]:
        with Store.open(db, read_only=True) as store:
            return unpaged_stories(store, views)

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def timed(client: Any, url: str, repeat: int) -> tuple[list[float], int]:
    client.get(url).raise_for_status()  # warm: first-use imports and caches
    times = []
    size = 0
    for _ in range(repeat):
        start = time.perf_counter()
        resp = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        resp.raise_for_status()
        size = len(resp.content)
    return times, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a woven store (not modified)")
    parser.add_argument("--repeat", type=int, default=30, help="timed calls per paged URL")
    parser.add_argument("--baseline-repeat", type=int, default=5,
                        help="timed calls of the (slow) unpaged baseline")
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db} does not exist: build it first (see this file's docstring).")
    import httpx

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        shutil.copyfile(args.db, db)
        for suffix in ("-wal", "-shm"):
            if Path(f"{args.db}{suffix}").exists():
                shutil.copyfile(f"{args.db}{suffix}", f"{db}{suffix}")
        started = time.perf_counter()
        base, server = serve(db)
        print(f"server ready in {time.perf_counter() - started:.1f} s (migration and list "
              "projection of an older store included)", file=sys.stderr)
        with httpx.Client(base_url=base, timeout=600) as client:
            total = client.get("/api/stories?limit=1").json()["total"]
            calls = [
                ("GET /api/stories?limit=50", "/api/stories?limit=50", args.repeat),
                ("GET /api/stories?limit=50&offset=100", "/api/stories?limit=50&offset=100",
                 args.repeat),
                ("GET /api/stories?limit=50&sort=articles", "/api/stories?limit=50&sort=articles",
                 args.repeat),
                ("GET /api/stories?limit=50&q=police", "/api/stories?limit=50&q=police",
                 args.repeat),
                ("GET /api/search?q=police&limit=50", "/api/search?q=police&limit=50",
                 args.repeat),
                ("baseline: unpaged /api/stories (b2e9154)", "/bench/unpaged-stories",
                 args.baseline_repeat),
            ]
            results = []
            for name, url, repeat in calls:
                times, size = timed(client, url, repeat)
                results.append((name, times, size))
        server.should_exit = True
    paged = statistics.median(results[0][1])
    baseline = statistics.median(results[-1][1])
    print(f"\nStore: {args.db} ({total} stories). Calls over HTTP to uvicorn on 127.0.0.1; "
          f"{args.repeat} timed calls each ({args.baseline_repeat} for the baseline).\n")
    print("| call | median ms | min ms | max ms | response bytes |")
    print("|---|---:|---:|---:|---:|")
    for name, times, size in results:
        print(f"| {name} | {statistics.median(times):.1f} | {min(times):.1f} | "
              f"{max(times):.1f} | {size:,} |")
    print(f"\nBaseline median / paged median: {baseline / paged:.0f}x "
          f"(target: paged median under 100 ms: {'met' if paged < 100 else 'NOT met'}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
