"""Speed and memory of the whole pipeline at real scale (issue 19; on demand, prints tables).

Sections (``--only`` picks some; every ratio is measured against its peer in the same run,
``--repeat`` times, and the spread is printed):

``ratio``    ``pipeline.analyze`` on N dated ECB+ articles vs bare embedding of every text it
             embeds (same encoder, models loaded once, back to back): wall and CPU ratio.
``ingest``   ``newsweave ingest one.txt --db`` on a store of ~100k articles made by
             replicating a real analysed store (ECB+, dated) with ids and dates shifted and
             every cache kept valid: CLI wall time and peak RSS, next to the time to load the
             models in a separate process, and the in-process update time with models loaded.
``weave``    one story's ``weave_story`` at 100 / 200 / 400 real articles: CPU seconds and
             peak RSS growth, each in its own process.
``wire``     issue 19's wire story at 2,000-5,000 copies (benchmarks/bench_wire.py)
``bad``      issue 19's bad input (benchmarks/bench_bad.py: wire story, long article,
             store of many tiny articles).
``memory``   peak RSS of a one-shot ``analyze`` (no ``--db``) at growing corpus sizes, this
             code and ``--peer`` on the same corpora.

Data: ``../shared/data/ecbplus`` (read in place). ECB+ has no dates: article ``k`` of
topic ``t`` is dated 2020-01-01 + 40 t days (+ 20 for the topic's second event) + k mod 3,
so stories are a few days long and topics 40 days apart. Stores and corpora are made
under ``--work`` (default /tmp/nw-bench19), never in the repository.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_pipeline.py --only ratio --articles 250
    PYTHONPATH=src .venv/bin/python benchmarks/bench_pipeline.py --only ingest --copies 130
    PYTHONPATH=src .venv/bin/python benchmarks/bench_pipeline.py --only weave --sizes 100,200,400
        [--peer /path/to/old/src --peer-work /tmp/nw-bench19-old]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import inspect
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ECB = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus-topics-1-35.jsonl"
SEEDS = ROOT.parent / "shared" / "seeds"


# -- data ------------------------------------------------------------------------------------

def dated_ecb(out: Path, n: int | None = None, *, copies: int = 1) -> Path:
    """ECB+ as JSON Lines with dates (module docstring); ``copies`` > 1 repeats the corpus
    with ids suffixed and dates shifted by 3 years per copy (distinct articles)."""
    rows = [json.loads(line) for line in ECB.read_text(encoding="utf-8").splitlines()]
    seen: dict[str, int] = {}
    lines = []
    for c in range(copies):
        for r in rows:
            k = seen.setdefault(f"{c}/{r['story']}", 0)
            seen[f"{c}/{r['story']}"] = k + 1
            plus = 20 if str(r["story"]).endswith("plus") else 0
            day = dt.date(2020, 1, 1) + dt.timedelta(days=40 * int(r["topic"]) + plus + k % 3
                                                     + 1095 * c)
            rid = r["id"] if c == 0 else f"{r['id']}~c{c}"
            # No outlet in ECB+: the URL's host when known, else each article its own source.
            host = str(r.get("url") or "").split("/")[2:3]
            lines.append(json.dumps({"id": rid, "date": day.isoformat(), "title": r["title"],
                                     "text": r["text"], "source": host[0] if host else None,
                                     "url": r.get("url") or None}))
    if n is not None:
        lines = lines[:n]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _spread(values: Sequence[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{statistics.median(values):.2f} [{min(values):.2f}-{max(values):.2f}]"


def _timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    c, w = _cpu(), time.perf_counter()
    out = fn()
    return time.perf_counter() - w, _cpu() - c, out


# -- ratio: analyze vs bare embedding ---------------------------------------------------------

def ratio(work: Path, n: int, repeat: int) -> None:
    from newsweave import pipeline
    from newsweave.ingest import expand_paths, iter_inputs
    from newsweave.model import Rejection
    from newsweave.nlp import Models
    from newsweave.sentences import split_many
    from newsweave.store import Store

    corpus = dated_ecb(work / f"ecb-dated-{n}.jsonl", n)
    models = Models()
    models.splitter, models.ner, models.parser, models.embedder.encode(["warm up"])
    arts = [a for a in iter_inputs(expand_paths([str(corpus)])) if not isinstance(a, Rejection)]
    split = split_many(arts, models.splitter)
    texts = [s.text for own in split for s in own] + embedded_articles(arts)
    print(f"\nanalyze vs bare embedding: {len(arts)} dated ECB+ articles, "
          f"{len(texts)} texts embedded; torch threads {_torch_threads()}")
    print("| run | analyze wall s | embed wall s | wall ratio | analyze CPU s | embed CPU s"
          " | CPU ratio |")
    print("|---|---|---|---|---|---|---|")
    walls, cpus = [], []
    for i in range(repeat):
        bw, bc, _ = _timed(lambda: models.embedder.encode(texts))
        with Store.open() as store:
            aw, ac, _ = _timed(lambda: pipeline.analyze([str(corpus)], store, models))
        walls.append(aw / bw)
        cpus.append(ac / bc)
        print(f"| {i + 1} | {aw:.1f} | {bw:.1f} | {aw / bw:.2f} | {ac:.1f} | {bc:.1f} | "
              f"{ac / bc:.2f} |")
    print(f"wall ratio {_spread(walls)}, CPU ratio {_spread(cpus)} (median [min-max])")


def embedded_articles(arts: Sequence[Any]) -> list[str]:
    """The per-article texts the pipeline embeds besides sentences (none once the clustering
    vector is built from sentence vectors)."""
    try:
        from newsweave.features import embedded_texts  # type: ignore[attr-defined]
    except ImportError:  # before issue 19: title + text of every article
        return [f"{a.title or ''}\n{a.text}".strip() or " " for a in arts]
    return list(embedded_texts(arts))


def _torch_threads() -> int:
    import torch

    return int(torch.get_num_threads())


# -- ingest one article into a 100k store ------------------------------------------------------

def base_store(work: Path) -> Path:
    """A real analysed store: all 772 ECB+ articles, dated (made once, then reused)."""
    from newsweave import pipeline
    from newsweave.nlp import Models
    from newsweave.store import Store

    path = work / "ecb772-dated.db"
    if not path.exists():
        corpus = dated_ecb(work / "ecb-dated-772.jsonl")
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        with Store.open(tmp) as store:
            pipeline.analyze([str(corpus)], store, Models())
        tmp.rename(path)
    return path


def ingest_one(work: Path, copies: int, repeat: int) -> None:
    from bench_replicate import replicate

    base = base_store(work)
    big = work / f"ecb-x{copies}.db"
    if not big.exists():
        t = time.perf_counter()
        n = replicate(base, big, copies)
        print(f"built {big} ({n} articles) in {time.perf_counter() - t:.0f} s")
    import sqlite3

    with sqlite3.connect(big) as conn:  # articles not stored yet (an earlier run added some)
        have = {r[0] for r in conn.execute("SELECT id FROM articles")}
    inputs = [p for p in sorted(SEEDS.glob("*.txt")) + sorted(
        (ROOT / "demo" / "corpus").rglob("*.txt")) if p.stem not in have][:repeat]
    load = _model_load_seconds()
    print(f"\ningest one article into {big.name} (model loading alone: {load[0]:.1f} s wall,"
          f" {load[1]:.1f} CPU s)")
    print("| article | CLI wall s | CLI CPU s | CLI CPU - model load CPU s | peak RSS MiB |"
          " articles after |")
    print("|---|---|---|---|---|---|")
    for path in inputs:
        wall, rss, cpu = _cli_usage(["ingest", str(path), "--db", str(big), "--quiet"], _env())
        print(f"| {path.name} | {wall:.1f} | {cpu:.1f} | {cpu - load[1]:.1f} | {rss / 1024:.0f}"
              f" | {_count(big)} |", flush=True)


def update_in_process(work: Path, copies: int, repeat: int, db: Path | None = None) -> None:
    """Ingest + update of one article into the replicated store, in this process with the
    models already loaded (what a web upload costs): wall and CPU seconds. A no-op update
    runs first (it is timed too: the first update after a replica is built checks every
    story once). ``db``: the store to use (default: the ``--copies`` replica); run it with
    another checkout's ``src`` on PYTHONPATH, on its own copy of the replica, for a peer."""
    from newsweave import pipeline
    from newsweave.nlp import Models
    from newsweave.store import Store

    big = db or work / f"ecb-x{copies}.db"
    if not big.exists():
        raise SystemExit(f"{big} is missing: run --only ingest --copies {copies} first")
    models = Models()
    models.splitter, models.ner, models.parser, models.embedder.encode(["warm up"])
    import datasketch  # noqa: F401  (imported once per process: not the update's cost)

    print(f"\ningest + update of one article into {big.name}, models loaded")
    print("| article | wall s | CPU s | articles after |")
    print("|---|---|---|---|")
    with Store.open(big) as store:
        have = set(store.article_ids())
        wall, cpu, _ = _timed(lambda s=store: pipeline.update(s, models))  # type: ignore[misc]
    print(f"| (no-op update first) | {wall:.2f} | {cpu:.2f} | {_count(big)} |", flush=True)
    fresh = [p for p in sorted((ROOT / "demo" / "corpus").rglob("*.txt")) + sorted(
        SEEDS.glob("*.txt")) if p.stem not in have][:repeat]
    for path in fresh:
        with Store.open(big) as store:
            wall, cpu, _ = _timed(lambda p=path, s=store: (  # type: ignore[misc]
                pipeline.ingest([str(p)], s, models.splitter), pipeline.update(s, models)))
        print(f"| {path.name} | {wall:.2f} | {cpu:.2f} | {_count(big)} |", flush=True)


def _model_load_seconds() -> tuple[float, float]:
    """Wall and CPU seconds of a process that only loads the models, measured like a CLI
    run (``os.wait4``: interpreter start and exit included, ~3 CPU-s that a probe timed
    inside the process leaves out; session 9)."""
    code = ("from newsweave.nlp import Models; m=Models();"
            " m.splitter; m.ner; m.parser; m.embedder.encode(['x'])")
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("loading the models failed")
    return time.perf_counter() - t, usage.ru_utime + usage.ru_stime


def _count(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    return env


# -- weave one story -----------------------------------------------------------------------

def weave(work: Path, sizes: Sequence[int], repeat: int, peer: Path | None = None,
          peer_work: Path | None = None) -> None:
    """``peer``: another checkout's ``src`` (e.g. the commit before issue 19) run on the same
    stories in the same run, with its own copy of the base store under ``peer_work``."""
    base_store(work)
    runs: list[tuple[str, dict[str, str], Path]] = [("this", _env(), work)]
    if peer is not None:
        runs.append(("peer", {**_env(), "PYTHONPATH": str(peer)}, peer_work or work))
    print("\nweave_story on one story of n real articles (each run in its own process)")
    print("| articles | sentences | code | CPU s | peak RSS growth MiB | report digest | load |")
    print("|---|---|---|---|---|---|---|")
    cpu: dict[tuple[str, int], list[float]] = {}
    for n in sizes:
        for _ in range(repeat):
            for name, env, where in runs:
                out = subprocess.run([sys.executable, __file__, "--weave-child", str(n),
                                      "--work", str(where)], capture_output=True, text=True,
                                     env=env, check=False)
                if out.returncode != 0:
                    print(f"| {n} | | {name} | failed: {out.stderr.strip().splitlines()[-1:]} |")
                    continue
                sents, seconds, grow, *digest = json.loads(out.stdout.strip().splitlines()[-1])
                cpu.setdefault((name, n), []).append(seconds)
                print(f"| {n} | {sents} | {name} | {seconds:.1f} | {grow / 1024:.0f} |"
                      f" {''.join(digest)} | {os.getloadavg()[0]:.1f} |", flush=True)
        if ("peer", n) in cpu and ("this", n) in cpu:
            ratios = [a / b for a, b in zip(cpu["this", n], cpu["peer", n], strict=False)]
            print(f"{n} articles: CPU this/peer {_spread(ratios)}")
    for name, _, _ in runs:
        pts = sorted(n for k, n in cpu if k == name)
        for a, b in itertools.pairwise(pts):
            grow = statistics.median(cpu[name, b]) / statistics.median(cpu[name, a])
            print(f"{name}: {a} -> {b} articles: CPU x{grow:.2f} (linear x{b / a:.1f}, "
                  f"n^2 x{(b / a) ** 2:.1f})")


def weave_child(work: Path, n: int) -> None:
    """One weave of an n-article story made of the base store's first n articles."""
    from newsweave import codec
    from newsweave.model import Story
    from newsweave.nlp import load_spacy
    try:
        from newsweave.weaving import story_inputs
    except ImportError:  # a peer checkout older than newsweave.weaving
        from newsweave.pipeline import (  # type: ignore[attr-defined,no-redef]
            _story_inputs as story_inputs,
        )
    from newsweave.store import Store
    from newsweave.weave import WeaveOptions, weave_story

    parser = load_spacy(ner=True, parser=True)
    with Store.open(base_store(work), read_only=True) as store:
        ids = store.article_ids()[:n]
        story = Story(id="s-bench", title="bench", article_ids=tuple(ids), first_date=None,
                      last_date=None, method="bench")
        # Before issue 19 the story inputs took the store's duplicates as an argument.
        extra = (() if len(inspect.signature(story_inputs).parameters) == 2
                 else (tuple(store.duplicates().values()),))
        (inputs,) = list(story_inputs(store, [story], *extra))
        small = Story(id="s-warm", title="warm", article_ids=tuple(ids[:3]), first_date=None,
                      last_date=None, method="bench")
        (warm,) = list(story_inputs(store, [small], *extra))
    weave_story(warm, WeaveOptions(), parser=parser)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    c = _cpu()
    report = weave_story(inputs, WeaveOptions(), parser=parser)
    seconds = _cpu() - c
    grow = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    digest = hashlib.sha256(codec.dumps(report)).hexdigest()[:12]  # same report as the peer's?
    print(json.dumps([sum(len(s) for s in inputs.sentences.values()), seconds, grow, digest]))


# -- memory of one-shot analyze --------------------------------------------------------------

def memory(work: Path, sizes: Sequence[int], peer: Path | None = None) -> None:
    """Peak RSS of one-shot ``newsweave analyze --json`` runs (``sizes`` articles: ECB+ and
    copies of it with new ids and shifted dates), this code and ``peer`` (another
    checkout's ``src``) on the same corpus, each in its own process."""
    print("\none-shot `newsweave analyze --json` peak RSS (no --db)")
    print("| articles | code | wall s | CPU s | peak RSS MiB |")
    print("|---|---|---|---|---|")
    for n in sizes:
        copies = -(-n // 772)
        corpus = dated_ecb(work / f"ecb-dated-{n}.jsonl", n, copies=copies)
        for name, env in (("this", _env()), *((("peer", {**_env(), "PYTHONPATH": str(peer)}),)
                                              if peer is not None else ())):
            out = work / f"report-{name}-{n}.json"
            wall, rss, cpu = _cli_usage(["analyze", str(corpus), "--json", str(out), "--quiet"],
                                        env)
            print(f"| {n} | {name} | {wall:.0f} | {cpu:.0f} | {rss / 1024:.0f} |", flush=True)


def _cli_usage(args: Sequence[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds of one ``newsweave`` CLI run."""
    code = ("import sys; from newsweave.cli import main;"
            " sys.argv=['newsweave', *sys.argv[1:]]; main()")
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        raise SystemExit(f"newsweave {' '.join(args)} failed ({status})")
    return (time.perf_counter() - t, int(usage.ru_maxrss),
            usage.ru_utime + usage.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="ratio,ingest,weave",
                        help="comma-separated sections: ratio, ingest, update, weave, memory,"
                        " bad (bench_bad.py), wire (bench_wire.py)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/nw-bench19"))
    parser.add_argument("--articles", type=int, default=250)
    parser.add_argument("--copies", type=int, default=130, help="replicas of the 772-article store")
    parser.add_argument("--sizes", default="100,200,400")
    parser.add_argument("--db", type=Path, help="update: the replicated store to use")
    parser.add_argument("--memory-sizes", default="772,1544,3088")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peer", type=Path,
                        help="weave, wire: another checkout's src to compare")
    parser.add_argument("--peer-work", type=Path, help="weave: the peer's work directory")
    for flag, default in (("--wire-sizes", "250,1000"), ("--long-sentences", "5000"),
                          ("--tiny", "1000:100")):  # bad (bench_bad.py); --tiny K:copies,...
        parser.add_argument(flag, default=default)
    parser.add_argument("--weave-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).parent))
    if args.weave_child:
        weave_child(args.work, args.weave_child)
        return
    only = set(args.only.split(","))
    if "ratio" in only:
        ratio(args.work, args.articles, args.repeat)
    if "ingest" in only:
        ingest_one(args.work, args.copies, args.repeat)
    if "update" in only:
        update_in_process(args.work, args.copies, args.repeat, args.db)
    if "weave" in only:
        weave(args.work, [int(s) for s in args.sizes.split(",")], args.repeat, args.peer,
              args.peer_work)
    if "memory" in only:
        memory(args.work, [int(s) for s in args.memory_sizes.split(",")], args.peer)
    if "bad" in only:
        from bench_bad import bad, ints

        k, copies = args.tiny.split(":")
        bad(args.work, ints(args.wire_sizes), ints(args.long_sentences), int(k), ints(copies))
    if "wire" in only:  # the wire story past what a one-shot run reaches here (bench_wire.py)
        from bench_bad import ints
        from bench_wire import wire

        wire(args.work, ints(args.wire_sizes), args.peer)


if __name__ == "__main__":
    main()
