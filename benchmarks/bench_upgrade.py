"""Ingest one article into a large store woven by an older newsweave (issue 19, session 9).

A store woven before a ``WEAVE_VERSION`` bump made the next ``newsweave ingest one.txt``
re-weave every story (each cached report's fingerprint is stale). This benchmark copies a
replicated store (``bench_pipeline.py --only ingest --copies N`` builds one), rewrites every
cached report's fingerprint, listing key and the update mark as an older version (``--as``,
default 2) would have left them (the reports themselves are unchanged), and runs the CLI
``newsweave ingest ARTICLE --db COPY`` with this code and, on its own copy, with ``--peer``
(another checkout's ``src``; stopped after ``--peer-timeout`` seconds: the store keeps every
story it finished). Prints wall / CPU seconds, peak RSS, how many stories each re-wove, and
how many this code left outdated (re-woven when read, or by ``newsweave refresh``).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_upgrade.py --db /tmp/nw-bench19/ecb-x30.db \\
        --peer /tmp/old/src --peer-timeout 900
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "demo" / "corpus" / "eastgate-dispatch" / "ed-2025-09-19-velmora-fault-warning.txt"


def age(db: Path, version: str) -> int:
    """Make ``db`` look woven by ``version``: fingerprints, listing keys and the mark."""
    from newsweave.listing import LISTING_VERSION, listing_key
    from newsweave.outdated import PREFIXES, WOVEN
    from newsweave.pipeline import saved_options
    from newsweave.store import Store
    from newsweave.weave import fingerprint, weave_prefix

    with Store.open(db) as store:
        options = saved_options(store).weave
        prefix = weave_prefix(options, version)
        cached = store.story_fingerprints("story_report")
        old = {sid: fingerprint(h, options, prefix=prefix) for sid, h in store.story_contents()}
        stories = {s.id: s for s in store.stories()}
        with store.transaction() as conn:
            conn.executemany("UPDATE story_analysis SET fingerprint = ? WHERE story_id = ? AND"
                             " stage = 'story_report'", [(old[s], s) for s in cached])
            conn.executemany("UPDATE story_listing SET key = ? WHERE story_id = ?",
                             [(listing_key(stories[s], old[s]), s) for s in cached])
            conn.execute("DELETE FROM update_state WHERE key = ?", (PREFIXES,))
            conn.execute("INSERT OR REPLACE INTO update_state(key, value) VALUES (?, ?)",
                         (WOVEN, f"{fingerprint({}, options, prefix=prefix)}|{LISTING_VERSION}"))
    return len(cached)


def fingerprints(db: Path) -> dict[str, str]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT story_id, fingerprint FROM story_analysis"
                                 " WHERE stage = 'story_report'"))


def run_cli(src: Path, db: Path, article: Path,
            timeout: float | None) -> tuple[float, float, int, bool]:
    """Wall s, CPU s, peak RSS KiB and whether it finished (else stopped at ``timeout``)."""
    env = dict(os.environ, PYTHONPATH=str(src), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    code = ("import sys; from newsweave.cli import main;"
            " sys.argv=['newsweave', *sys.argv[1:]]; main()")
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, "ingest", str(article), "--db", str(db),
                             "--quiet"], env=env, start_new_session=True)
    finished = True
    while True:
        pid, _, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if timeout is not None and time.perf_counter() - t > timeout:
            os.killpg(proc.pid, signal.SIGTERM)
            finished = False
            _, _, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(1)
    return (time.perf_counter() - t, usage.ru_utime + usage.ru_stime, int(usage.ru_maxrss),
            finished)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a replicated, woven store")
    parser.add_argument("--work", type=Path, default=Path("/tmp/nw-bench19-upgrade"))
    parser.add_argument("--as", dest="version", default="2", help="the older WEAVE_VERSION")
    parser.add_argument("--article", type=Path, default=ARTICLE)
    parser.add_argument("--peer", type=Path, help="another checkout's src to compare")
    parser.add_argument("--peer-timeout", type=float, default=900.0)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    runs = [("this", ROOT / "src", None)]
    if args.peer:
        runs.append(("peer", args.peer, args.peer_timeout))
    print(f"ingest {args.article.name} into {args.db.name}, woven as WEAVE_VERSION {args.version}")
    print("| code | wall s | CPU s | peak RSS MiB | finished | stories re-woven | outdated left |")
    print("|---|---:|---:|---:|---|---:|---:|")
    for name, src, timeout in runs:
        copy = args.work / f"upgrade-{name}.db"
        shutil.copy(args.db, copy)
        n = age(copy, args.version)
        before = fingerprints(copy)
        wall, cpu, rss, finished = run_cli(src, copy, args.article, timeout)
        after = fingerprints(copy)
        rewoven = sum(1 for k, v in after.items() if before.get(k) != v)
        from newsweave.refresh import outdated_ids
        from newsweave.store import Store

        with Store.open(copy, read_only=True) as store:
            left = len(outdated_ids(store))
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {rss / 1024:.0f} | "
              f"{'yes' if finished else f'no (stopped at {timeout:.0f} s)'} | {rewoven} of {n} |"
              f" {left} |", flush=True)


if __name__ == "__main__":
    main()
