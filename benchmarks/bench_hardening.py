"""Peak memory and time of hostile inputs (gzip bombs and friends): issue 16.

Each case is a small file that expands to a lot (the cases of issue 16's
report, rebuilt here):

* ``lines-bomb``: a ~4 KB ``.jsonl.gz`` of 2 million ``{}`` lines;
* ``newline-bomb``: a ``.jsonl.gz`` of 1 GiB of newlines;
* ``utf16-bomb``: a ~600 KB ``.jsonl.gz`` with a UTF-16 BOM, ~1.2 GB of UTF-16 lines;
* ``long-line``: a ``.jsonl.gz`` whose one line is 1 GiB of JSON string;
* ``csv-bomb``: a ``.csv`` field of 1 GiB (gzip is not read for .csv; plain file, 1 GiB);
* ``big-txt``: a 50 MB ``.txt``;
* ``stdin-bomb``: 1 GiB of text, gzip-compressed, on standard input.

Each case runs in a fresh Python process that imports newsweave from
``--src`` and reads the file the way ``pipeline.ingest`` does (streaming
``iter_inputs``: articles consumed, rejections and warnings kept), then
reports its peak RSS (``ru_maxrss``), CPU time (user + system: the machine
may be shared, so wall time is shown but not compared) and wall time. The ``empty`` row is the
same process reading one small valid file: the interpreter and imports. The
peer is the code before issue 16 (``--baseline-src``, e.g. a checkout of
``b2e9154``), run on the same files in the same run, each process capped at
``--cap-mb`` of address space and ``--timeout`` seconds so a bomb cannot take
the machine down (a capped or timed-out run is reported as such).

With ``--cli``, each case also runs through the whole ``newsweave ingest CASE
--db NEW.db`` command (models, store, analysis): its peak RSS includes the
language models, so compare each row with the ``empty`` row (one small valid
article, the same models).

Run: ``.venv/bin/python benchmarks/bench_hardening.py [--baseline-src /tmp/old/src] [--cli]``.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

GIB = 1024**3
CHILD = r"""
import json, resource, sys, time
t = time.perf_counter()
from newsweave.ingest import iter_inputs
kept, n_articles = [], 0
stdin = open(sys.argv[2], "rb") if len(sys.argv) > 2 else None
try:
    for item in iter_inputs([sys.argv[1]], stdin=stdin):
        if type(item).__name__ == "Article":
            n_articles += 1
        else:
            kept.append(item)
    outcome = "ok"
except MemoryError:
    outcome = "MemoryError"
except Exception as exc:
    outcome = type(exc).__name__
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"rss_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime,
                  "seconds": time.perf_counter() - t, "articles": n_articles,
                  "rejected": len(kept), "outcome": outcome,
                  "first": kept[0].reason[:90] if kept else ""}))
"""


def _gzip_stream(path: Path, chunks: Iterator[bytes]) -> None:
    """Write a gzip file from ``chunks`` without holding the whole payload."""
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9) as gz:
        for chunk in chunks:
            gz.write(chunk)


def _repeat(block: bytes, total: int) -> Iterator[bytes]:
    reps = max(1, (16 * 1024 * 1024) // len(block))
    big = block * reps
    written = 0
    while written < total:
        take = big[: total - written]
        yield take
        written += len(take)


def make_cases(folder: Path) -> dict[str, tuple[Path, Path | None]]:
    """Case name -> (input path or "-", stdin file or None)."""
    cases: dict[str, tuple[Path, Path | None]] = {}
    lines = folder / "lines-bomb.jsonl.gz"
    _gzip_stream(lines, _repeat(b"{}\n", 2_000_000 * 3))
    cases["lines-bomb"] = (lines, None)
    newline = folder / "newline-bomb.jsonl.gz"
    _gzip_stream(newline, _repeat(b"\n", GIB))
    cases["newline-bomb"] = (newline, None)
    utf16 = folder / "utf16-bomb.jsonl.gz"
    record = (json.dumps({"text": "The port strike entered its second day. " * 40}) + "\n")
    _gzip_stream(utf16, iter([codecs.BOM_UTF16_LE, *_repeat(record.encode("utf-16-le"),
                                                              int(1.2 * GIB))]))
    cases["utf16-bomb"] = (utf16, None)
    long_line = folder / "long-line.jsonl.gz"
    _gzip_stream(long_line, iter([b'{"text": "', *_repeat(b"a", GIB), b'"}\n']))
    cases["long-line"] = (long_line, None)
    csv_file = folder / "csv-bomb.csv"
    with open(csv_file, "wb") as fh:
        fh.write(b'id,text\n1,"')
        for chunk in _repeat(b"a", GIB):
            fh.write(chunk)
        fh.write(b'"\n')
    cases["csv-bomb"] = (csv_file, None)
    txt = folder / "big-txt.txt"
    txt.write_bytes(b"date 2024-01-01 " + b"The strike went on. " * (50 * 1024 * 1024 // 20))
    cases["big-txt"] = (txt, None)
    stdin = folder / "stdin-bomb.gz"
    _gzip_stream(stdin, _repeat(b"All quiet at the port today. ", GIB))
    cases["stdin-bomb"] = (Path("-"), stdin)
    empty = folder / "empty-case.txt"
    empty.write_text("date 2024-01-01 The strike at the port of Halden ended on Friday after "
                     "a new wage deal.", encoding="utf-8")
    cases["empty"] = (empty, None)
    return cases


def _proc_usage(pid: int) -> tuple[float, float]:
    """(peak RSS in MB, CPU seconds) of a running process, from /proc (Linux)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0.0
    hwm = next((int(line.split()[1]) for line in status.splitlines()
                if line.startswith("VmHWM:")), 0)
    ticks = os.sysconf("SC_CLK_TCK")
    return hwm / 1024, (int(fields[11]) + int(fields[12])) / ticks


def run_case(src: Path, path: Path, stdin: Path | None, cap_mb: int, timeout: float,
             *, cli_db: Path | None = None) -> dict[str, object]:
    """Run one case in a child process; a run over ``timeout`` is killed and reported with
    the peak memory and CPU time it had reached. With ``cli_db``, the child is the
    ``newsweave ingest`` command into that store."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap_mb * 1024 * 1024, cap_mb * 1024 * 1024))

    env = {**os.environ, "PYTHONPATH": str(src), "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_OFFLINE": "1"}
    if cli_db is not None:
        args = [sys.executable, "-c", "from newsweave.cli import main; main()", "ingest",
                str(path), "--db", str(cli_db), "-q"]
        stdin_file = open(stdin, "rb") if stdin else subprocess.DEVNULL  # noqa: SIM115
    else:
        args = [sys.executable, "-c", CHILD, str(path)] + ([str(stdin)] if stdin else [])
        stdin_file = subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, preexec_fn=limit, stdin=stdin_file)
    peak, cpu = 0.0, 0.0
    while proc.poll() is None:
        rss, cpu = _proc_usage(proc.pid)
        peak = max(peak, rss)
        if time.perf_counter() - start > timeout:
            proc.kill()
            proc.wait()
            return {"outcome": f"stopped after {timeout:.0f} s, still reading",
                    "rss_mb": peak, "cpu": cpu, "seconds": time.perf_counter() - start}
        time.sleep(0.2)
    out, err = proc.communicate()
    if cli_db is not None:
        last = (err.strip().splitlines() or [""])[-1][:90]
        return {"outcome": f"exit {proc.returncode}", "rss_mb": peak, "cpu": cpu,
                "seconds": time.perf_counter() - start, "first": last}
    if proc.returncode != 0 or not out.strip():
        tail = (err.strip().splitlines() or ["?"])[-1][:60]
        return {"outcome": f"crashed ({tail})", "rss_mb": peak, "cpu": cpu,
                "seconds": time.perf_counter() - start}
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def _row(name: str, size: int, r: dict[str, object]) -> str:
    rss = f"{r['rss_mb']:.0f}" if "rss_mb" in r else "—"
    cpu = f"{float(str(r['cpu'])):.1f}" if "cpu" in r else "—"
    what = r.get("first") or r.get("outcome")
    if r.get("outcome") == "ok" and "articles" in r:
        what = f"{r['articles']} art., {r['rejected']} rej.: {r.get('first', '')}"
    return (f"| {name} | {size / 1024:,.0f} KB | {rss} | {cpu} | {float(str(r['seconds'])):.1f}"
            f" | {what} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = Path(__file__).resolve().parents[1] / "src"
    parser.add_argument("--src", type=Path, default=here, help="newsweave source to measure")
    parser.add_argument("--baseline-src", type=Path, help="the code before issue 16")
    parser.add_argument("--cap-mb", type=int, default=3000, help="address-space cap per run")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per run")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case (min RSS, median t)")
    parser.add_argument("--cli", action="store_true", help="also run `newsweave ingest`")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nw-bombs-") as tmp:
        cases = make_cases(Path(tmp))
        trees = [("newsweave", args.src)]
        if args.baseline_src:
            trees.append(("before issue 16", args.baseline_src))
        for label, src in trees:
            print(f"\n{label} ({src}):\n")
            print("| case | input size | peak RSS MB | CPU s | wall s | outcome |")
            print("|---|---:|---:|---:|---:|---|")
            for name, (path, stdin) in cases.items():
                size = (stdin or path).stat().st_size
                runs = [run_case(src, path, stdin, args.cap_mb, args.timeout)
                        for _ in range(args.repeat)]
                best = min(runs, key=lambda r: float(str(r.get("rss_mb", 1e9))))
                print(_row(name, size, best), flush=True)
        if args.cli:
            print(f"\n`newsweave ingest CASE --db NEW.db` ({args.src}):\n")
            print("| case | input size | peak RSS MB | CPU s | wall s | outcome |")
            print("|---|---:|---:|---:|---:|---|")
            for name, (path, stdin) in cases.items():
                size = (stdin or path).stat().st_size
                db = Path(tmp) / f"{name}.db"
                r = run_case(args.src, path, stdin, args.cap_mb, args.timeout, cli_db=db)
                print(_row(name, size, r), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
