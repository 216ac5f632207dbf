"""Issue 19 item 6, first measurement: the shipped MiniLM exported to fp32 ONNX and run by
onnxruntime, against the same model in torch (sentence-transformers), on the same real ECB+
sentences, 1 and 2 threads each, alternately. Prints wall and CPU seconds (this process,
every thread), their ratios, and how far the vectors move (smallest cosine, largest
absolute difference).

Not a dependency of newsweave: it needs ``pip install onnx onnxruntime`` (both from PyPI).
The export is made from the installed model package with ``torch.onnx.export`` into
``--work`` (never into the repository), so nothing is downloaded.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_onnx.py [--articles 60] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsweave.embed import model_path

ECBPLUS = Path(__file__).resolve().parents[2] / "shared/data/ecbplus/ecbplus-topics-1-35.jsonl"


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _export(model: Any, tokenizer: Any, path: Path) -> None:
    """fp32 export of the transformer (token vectors out; pooling stays in numpy)."""
    import torch

    class Tokens(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    enc = tokenizer(["a short sentence", "and another one"], padding=True, return_tensors="pt")
    torch.onnx.export(Tokens(model).eval(), tuple(enc[n] for n in names), str(path),
                      input_names=names, output_names=["tokens"],
                      dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "tokens"]},
                      opset_version=17, dynamo=False)


def _onnx_encode(session: Any, tokenizer: Any, texts: list[str], max_length: int,
                 batch: int = 32) -> NDArray[np.float32]:
    """Mean-pooled, unit-length vectors in ``texts`` order (batches sorted by length, as
    sentence-transformers does)."""
    order = np.argsort([len(t) for t in texts])
    parts = []
    for i in range(0, len(texts), batch):
        enc = tokenizer([texts[j] for j in order[i:i + batch]], padding=True, truncation=True,
                        max_length=max_length, return_tensors="np")
        feed = {k: enc[k].astype(np.int64)
                for k in ("input_ids", "attention_mask", "token_type_ids")}
        tokens = session.run(None, feed)[0]
        mask = enc["attention_mask"][..., None].astype(np.float32)
        vec = (tokens * mask).sum(1) / np.clip(mask.sum(1), 1e-9, None)
        parts.append(vec / np.linalg.norm(vec, axis=1, keepdims=True))
    stacked = np.concatenate(parts).astype(np.float32)
    out = np.empty_like(stacked)
    out[order] = stacked
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/nw-bench-onnx"))
    args = parser.parse_args()
    try:
        import onnxruntime as ort
        import torch
    except ImportError as exc:
        raise SystemExit(f"{exc}: run `pip install onnx onnxruntime` first") from exc
    if not ECBPLUS.exists():
        raise SystemExit(f"{ECBPLUS} is absent (the ECB+ corpus of ../shared)")
    rows = [json.loads(line) for line in ECBPLUS.read_text("utf-8").splitlines()]
    texts = [s for r in rows[: args.articles]
             for s in re.split(r"(?<=[.!?])\s+", r["text"]) if len(s) > 20]
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(model_path(), device="cpu")  # the shipped package's files
    tokenizer = model.tokenizer
    max_length = int(model.max_seq_length or 256)
    args.work.mkdir(parents=True, exist_ok=True)
    path = args.work / "minilm-fp32.onnx"
    if not path.exists():
        _export(model[0].auto_model, tokenizer, path)
    print(f"{len(texts)} ECB+ sentences from {args.articles} articles; "
          f"load {os.getloadavg()[0]:.1f}")
    print("| threads | run | torch wall / CPU s | onnx wall / CPU s | wall ratio | CPU ratio "
          "| min cosine | max abs diff | load |\n|---|---|---|---|---|---|---|---|---|")
    for threads in (1, 2):
        torch.set_num_threads(threads)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        model.encode(texts[:8])
        _onnx_encode(session, tokenizer, texts[:8], max_length)
        for run in range(1, args.repeat + 1):
            c, w = _cpu(), time.perf_counter()
            ref = model.encode(texts, batch_size=32, normalize_embeddings=True)
            t_wall, t_cpu = time.perf_counter() - w, _cpu() - c
            c, w = _cpu(), time.perf_counter()
            got = _onnx_encode(session, tokenizer, texts, max_length)
            o_wall, o_cpu = time.perf_counter() - w, _cpu() - c
            print(f"| {threads} | {run} | {t_wall:.2f} / {t_cpu:.2f} | {o_wall:.2f} / {o_cpu:.2f} "
                  f"| {t_wall / o_wall:.2f} | {t_cpu / o_cpu:.2f} "
                  f"| {float((ref * got).sum(1).min()):.7f} | {float(np.abs(ref - got).max()):.1e} "
                  f"| {os.getloadavg()[0]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
