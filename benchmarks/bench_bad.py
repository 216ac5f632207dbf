"""Issue 19, "Bad input": the three pathological inputs, each run in its own process
(``bench_pipeline.py --only bad``; prints one table).

``wire``   one story of N near-identical articles (a syndicated wire story): one real ECB+
           article, copy ``k`` with its own outlet line and source, dates over 3 days,
           written as JSON Lines and run through the one-shot ``newsweave analyze --json``
           (ingest, analysis, dedup, clustering, weave, report: the real path, no shortcut).
``long``   one article of S sentences: real ECB+ sentences concatenated (every article's
           lines in corpus order, cycled), one JSON Lines record, through ``newsweave
           analyze --json``.
``tiny``   a store of many tiny articles: K one-sentence articles (a real ECB+ sentence
           each, >= 10 words) analysed into a store, then replicated ``copies`` times by SQL
           (``bench_replicate.replicate``: new ids, dates shifted, every cache valid); then
           ``newsweave report --db`` and ``newsweave ingest one.txt --db`` on it.

Every row: the case, its size, "completed" or the last line of the error, CPU seconds and
peak RSS of the process (``os.wait4``, interpreter start and model loading included). The
issue's bound: <= 2 GiB for the one-shot runs; store operations well under it. Corpora and
stores go under ``--work``, never into the repository (the ECB+ text is read in place).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ECB = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus-topics-1-35.jsonl"
BOUND_MIB = 2048
OUTLETS = ("Wire Service", "Daily Ledger", "Evening Post", "Morning Star", "City Courier",
           "Valley Times", "Harbor Gazette", "Capital Record")


def _rows() -> list[dict[str, str]]:
    return [json.loads(line) for line in ECB.read_text(encoding="utf-8").splitlines()]


def wire_corpus(out: Path, n: int) -> Path:
    """N copies of one real ECB+ article (the first with >= 12 lines), each with its own
    outlet line ("By <Outlet> staff, edition k") and source, dated over three days."""
    art = next(r for r in _rows() if r["text"].count("\n") >= 11)
    lines: list[str] = []
    for k in range(n):
        outlet = f"{OUTLETS[k % len(OUTLETS)]} {k // len(OUTLETS)}"
        day = dt.date(2021, 3, 1) + dt.timedelta(days=k % 3)
        lines.append(json.dumps({
            "id": f"wire-{k}", "date": day.isoformat(), "title": art["title"],
            "text": f"By {outlet} staff, edition {k}.\n{art['text']}",
            "source": f"outlet{k}.example", "url": None}))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def long_corpus(out: Path, sentences: int) -> Path:
    """One record whose text is ``sentences`` real ECB+ lines (one sentence each, mostly)."""
    pool = [s for r in _rows() for s in r["text"].splitlines() if len(s.split()) >= 5]
    text = "\n".join(pool[i % len(pool)] for i in range(sentences))
    out.write_text(json.dumps({"id": "long-1", "date": "2021-03-01", "title": "One long article",
                               "text": text, "source": "long.example"}) + "\n",
                   encoding="utf-8")
    return out


def tiny_corpus(out: Path, k: int) -> Path:
    """K one-sentence articles (a real ECB+ sentence of 10-30 words each), one day apart by
    topic so that they fall into many small stories."""
    rows = _rows()
    lines: list[str] = []
    for r in rows:
        for s in r["text"].splitlines():
            if 10 <= len(s.split()) <= 30 and len(lines) < k:
                day = dt.date(2021, 1, 1) + dt.timedelta(days=int(r["topic"]) * 5 + len(lines) % 3)
                lines.append(json.dumps({"id": f"tiny-{len(lines)}", "date": day.isoformat(),
                                         "title": None, "text": s,
                                         "source": f"src{len(lines) % 50}.example"}))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def ints(text: str) -> list[int]:
    """``"250,1000"`` -> ``[250, 1000]`` (empty: none)."""
    return [int(s) for s in text.split(",") if s]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    return env


def run_cli(args: Sequence[str], log: Path) -> tuple[str, float, float, float]:
    """Outcome ("completed" or the last stderr line), wall s, CPU s, peak RSS MiB of one
    ``newsweave`` CLI run in its own process."""
    code = ("import sys; from newsweave.cli import main;"
            " sys.argv=['newsweave', *sys.argv[1:]]; main()")
    t = time.perf_counter()
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-c", code, *args], env=_env(),
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    rc = os.waitstatus_to_exitcode(status)
    tail = [ln for ln in log.read_text(errors="replace").splitlines() if ln.strip()][-1:]
    outcome = "completed" if rc in (0, 3) else f"exit {rc}: {' '.join(tail)[:160]}"
    return outcome, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _row(case: str, size: str, res: tuple[str, float, float, float], extra: str = "") -> None:
    outcome, wall, cpu, rss = res
    within = "yes" if rss <= BOUND_MIB else "NO"
    print(f"| {case} | {size} | {outcome} | {cpu:.1f} | {wall:.0f} | {rss:.0f} | {within} |"
          f" {extra} |", flush=True)


def _stories(report: Path) -> str:
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    stories = data.get("stories", [])
    sizes = sorted((len(s.get("articles", [])) for s in stories), reverse=True)
    return f"{len(stories)} stories, largest {sizes[0] if sizes else 0} articles"


def tiny_store(work: Path, k: int, copies: int) -> Path:
    """The replicated tiny-article store (built once, then reused)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_replicate import replicate

    base = work / f"tiny-{k}.db"
    if not base.exists():
        corpus = tiny_corpus(work / f"tiny-{k}.jsonl", k)
        res = run_cli(["ingest", str(corpus), "--db", str(base), "--quiet"],
                      work / "tiny-base.log")
        if res[0] != "completed":
            raise SystemExit(f"building {base} failed: {res[0]}")
        _row("tiny (base store)", f"{k} articles ingested", res)
    big = work / f"tiny-{k}-x{copies}.db"
    if not big.exists():
        t = time.perf_counter()
        n = replicate(base, big, copies)
        print(f"| tiny (replica built by SQL) | {n} articles | completed | | "
              f"{time.perf_counter() - t:.0f} | | | {big.stat().st_size >> 20} MiB on disk |",
              flush=True)
    return big


def _one_shot(corpus: Path) -> tuple[tuple[str, float, float, float], str]:
    """``newsweave analyze CORPUS --json`` in its own process (report and stderr log next to
    the corpus): the run's outcome, wall, CPU and peak RSS, and its stories' sizes."""
    report = corpus.with_suffix(".json")
    report.unlink(missing_ok=True)
    res = run_cli(["analyze", str(corpus), "--json", str(report), "--quiet"],
                  corpus.with_suffix(".log"))
    return res, _stories(report)

def bad(work: Path, wire_sizes: Sequence[int], sentences: Sequence[int], tiny_k: int,
        tiny_copies: Sequence[int]) -> None:
    print("\nbad input (issue 19): each run in its own process; CPU s and peak RSS of that "
          f"process (models included); bound {BOUND_MIB} MiB")
    print("| case | size | outcome | CPU s | wall s | peak RSS MiB | <= 2 GiB | notes |")
    print("|---|---|---|---|---|---|---|---|")
    for n in wire_sizes:
        corpus = wire_corpus(work / f"wire-{n}.jsonl", n)
        _row("wire story, one-shot analyze", f"{n} near-identical articles",
             *_one_shot(corpus))
    for s in sentences:
        corpus = long_corpus(work / f"long-{s}.jsonl", s)
        _row("long article, one-shot analyze", f"{s} sentences, "
             f"{corpus.stat().st_size >> 10} KiB", *_one_shot(corpus))
        _row("long article, spaCy parse alone", f"{s} sentences", *parse_alone(corpus))
    for copies in tiny_copies:
        big = tiny_store(work, tiny_k, copies)
        with sqlite3.connect(big) as conn:
            n = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        res = run_cli(["report", "--db", str(big), "--json", str(work / "tiny-report.json")],
                      work / "tiny-report.log")
        _row("tiny store, report --db", f"{n} articles", res)
        one = work / f"tiny-one-{int(time.time())}.txt"
        one.write_text("Date: 2024-05-01\n\n" + "A regional council voted on Tuesday to "
                       f"extend the night bus service for another year ({one.stem}).\n",
                       encoding="utf-8")
        res = run_cli(["ingest", str(one), "--db", str(big), "--quiet"],
                      work / "tiny-ingest.log")
        _row("tiny store, ingest one article", f"{n} articles", res)


def parse_alone(corpus: Path) -> tuple[tuple[str, float, float, float], str]:
    """The one-doc spaCy parse (NER + parser, as annotate runs it) of the long article in a
    process of its own: where the one-shot run's peak comes from."""
    code = ("import json, resource, sys; from newsweave.nlp import load_spacy;"
            " text = json.loads(open(sys.argv[1]).read())['text'];"
            " nlp = load_spacy(ner=True, parser=True); nlp('warm up.');"
            " base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; doc = nlp(text);"
            " print(len(text), len(doc), base)")
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(corpus)], env=_env(),
                            stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    rc = os.waitstatus_to_exitcode(status)
    chars, tokens, base = [*out.split(), "?", "?", "0"][:3]
    note = (f"{chars} chars, {tokens} tokens; RSS before the parse {int(base) / 1024:.0f} MiB"
            if rc == 0 else "")
    return (("completed" if rc == 0 else f"exit {rc}"), time.perf_counter() - t,
            usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024), note
