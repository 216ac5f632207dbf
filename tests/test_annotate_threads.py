"""A small batch embeds on one torch thread (issue 19): the vectors and features are the
same bit for bit as on torch's default threads. Real demo articles and encoder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from newsweave import annotate as annotating
from newsweave.ingest import expand_paths, iter_inputs
from newsweave.model import Article

DEMO = Path(__file__).resolve().parent.parent / "demo" / "corpus" / "eastgate-dispatch"


def _articles() -> list[Article]:
    items = iter_inputs(expand_paths([str(p) for p in sorted(DEMO.glob("ed-*.txt"))]))
    return [a for a in items if isinstance(a, Article)]


def test_a_small_batch_gives_the_same_vectors_on_one_thread(
    models, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    articles = _articles()
    assert 1 < len(articles) <= annotating.SMALL_BATCH
    threads = torch.get_num_threads()
    seen: list[int] = []
    embed = getattr(annotating, "embed_sentences")  # noqa: B009 (not re-exported)

    def spying(*args: object, **kw: object) -> object:
        seen.append(torch.get_num_threads())
        return embed(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(annotating, "embed_sentences", spying)
    small = annotating.annotate(articles, models)
    monkeypatch.setattr(annotating, "SMALL_BATCH", 0)  # the same batch on default threads
    default = annotating.annotate(articles, models)
    assert seen == [1, threads] and torch.get_num_threads() == threads
    for a, b in zip(small, default, strict=True):
        assert a.embeddings is not None and b.embeddings is not None
        assert a.features is not None and b.features is not None
        assert np.array_equal(a.embeddings, b.embeddings)
        assert np.array_equal(a.features.embedding, b.features.embedding)
        assert a == b or (a.sentences, a.mentions, a.quotes, a.times) == (
            b.sentences, b.mentions, b.quotes, b.times)
