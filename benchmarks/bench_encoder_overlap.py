"""What inflates the encoder inside ``annotate`` (issue 19, session 10): the encoder and the
spaCy parse run at once on 2 cores (annotate's parse thread). For one analysis batch of real
ECB+ articles this times, in one process: the encoder alone, the parse alone, and both at
once as annotate runs them, with torch on 1 and on 2 threads; CPU is the process's (all
threads), so the extra CPU of running both at once is what the overlap costs.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_encoder_overlap.py [--articles 50] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _timed(fn: Any) -> tuple[float, float]:
    c, w = _cpu(), time.perf_counter()
    fn()
    return time.perf_counter() - w, _cpu() - c


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/nw-bench19"))
    args = parser.parse_args()
    import torch
    from bench_pipeline import dated_ecb

    from newsweave.annotate import _parse
    from newsweave.embed import embed_sentences
    from newsweave.features import article_features
    from newsweave.ingest import expand_paths, iter_inputs
    from newsweave.model import Rejection
    from newsweave.nlp import Models
    from newsweave.sentences import split_many

    corpus = dated_ecb(args.work / f"ecb-dated-{args.articles}.jsonl", args.articles)
    models = Models()
    models.splitter, models.ner, models.embedder.encode(["warm up"])
    arts = [a for a in iter_inputs(expand_paths([str(corpus)])) if not isinstance(a, Rejection)]
    split = split_many(arts, models.splitter)
    sentences = {a.id: s for a, s in zip(arts, split, strict=True)}

    def embed() -> None:
        embed_sentences(sentences, models.embedder)
        article_features(arts, sentences, models.embedder)

    def parse() -> None:
        _parse(arts, split, models.ner)

    def both() -> None:
        with ThreadPoolExecutor(max_workers=1) as pool:
            parsed = pool.submit(parse)
            embed()
            parsed.result()

    print(f"{len(arts)} ECB+ articles, {sum(map(len, split))} sentences; load "
          f"{os.getloadavg()[0]:.1f}")
    print("| torch threads | run | embed wall / CPU | parse wall / CPU | both wall / CPU |"
          " overlap extra CPU |")
    print("|---|---|---|---|---|---|")
    default = torch.get_num_threads()
    for threads in (default, 1):
        torch.set_num_threads(threads)
        for k in range(args.repeat):
            ew, ec = _timed(embed)
            pw, pc = _timed(parse)
            bw, bc = _timed(both)
            print(f"| {threads} | {k + 1} | {ew:.1f} / {ec:.1f} | {pw:.1f} / {pc:.1f} | "
                  f"{bw:.1f} / {bc:.1f} | {bc - ec - pc:+.1f} ({os.getloadavg()[0]:.1f}) |",
                  flush=True)
    torch.set_num_threads(default)


if __name__ == "__main__":
    main()
