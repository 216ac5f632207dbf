"""The pure per-article stage and its storage: batch = one by one, picklable, stored once."""

from __future__ import annotations

import pickle
import threading
from typing import Any

import numpy as np
import pytest

from newsweave.analysis import STAGES, analyse, batches, load_analyses, load_features
from newsweave.annotate import annotate
from newsweave.executor import LocalExecutor
from newsweave.ingest import read_inputs
from newsweave.model import Article
from newsweave.nlp import Models
from newsweave.store import Store
from tests.conftest import DEMO


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    found = read_inputs([str(DEMO / "corpus" / "tidewater-wire")]).articles
    return sorted(found, key=lambda a: a.id)[:6]


def test_batch_equals_one_by_one(articles: list[Article], models: Any) -> None:
    batch = annotate(articles, models)
    assert [a.article_id for a in batch] == [a.id for a in articles]
    for article, together in zip(articles, batch, strict=True):
        (alone,) = annotate([article], models)
        assert together.sentences == alone.sentences and together.sentences
        assert together.mentions == alone.mentions and together.mentions
        assert together.quotes == alone.quotes
        assert together.times == alone.times
        assert together.features is not None and alone.features is not None
        assert together.features.words == alone.features.words
        # Vectors agree up to float noise: the encoder pads each call's texts together.
        assert together.embeddings is not None and alone.embeddings is not None
        assert together.embeddings.shape == (len(together.sentences), 384)
        assert np.allclose(together.embeddings, alone.embeddings, atol=1e-5)
        assert np.allclose(together.features.embedding, alone.features.embedding, atol=1e-5)


def _threads_started(run: Any) -> set[str]:
    """Names of the threads ``run()`` started (each new thread calls the profile hook)."""
    names: set[str] = set()
    threading.setprofile(lambda *_: names.add(threading.current_thread().name))
    try:
        run()
    finally:
        threading.setprofile(None)  # type: ignore[arg-type]
    return names


def test_one_thread_models_parse_in_the_calling_thread(
    articles: list[Article], models: Any
) -> None:
    """A Dask worker of one thread uses one core: no parse thread beside the encoder, and
    the same results as the overlapped default."""
    one = Models(splitter=models.splitter, ner=models.ner, embedder=models.embedder,
                 parser=models.parser, threads=1)
    found: dict[str, Any] = {}
    default = _threads_started(lambda: found.update(default=annotate(articles[:2], models)))
    single = _threads_started(lambda: found.update(single=annotate(articles[:2], one)))
    assert any(n.startswith("newsweave-parse") for n in default), default
    assert not any(n.startswith("newsweave-parse") for n in single), single
    for a, b in zip(found["default"], found["single"], strict=True):
        assert (a.sentences, a.mentions, a.quotes, a.times) == \
            (b.sentences, b.mentions, b.quotes, b.times)
        assert np.array_equal(a.embeddings, b.embeddings)


def test_records_are_picklable_and_models_are_not(articles: list[Article], models: Any) -> None:
    (found,) = annotate(articles[:1], models)
    back = pickle.loads(pickle.dumps(found))
    assert back.quotes == found.quotes and back.sentences == found.sentences
    assert back.embeddings is not None and found.embeddings is not None
    assert np.array_equal(back.embeddings, found.embeddings)
    with pytest.raises(TypeError, match="never pickled"):
        pickle.dumps(models)


def test_analyse_stores_every_result_once(articles: list[Article], models: Any) -> None:
    with Store.open() as store:
        store.add_articles(articles, {})
        assert store.stale_articles(STAGES) == [a.id for a in store.articles()]
        assert analyse(store, LocalExecutor(models), batch_size=4) == len(articles)
        assert store.stale_articles(STAGES) == []
        assert analyse(store, LocalExecutor(models)) == 0  # nothing stale: nothing redone
        direct = {a.article_id: a for a in annotate(store.articles(), models)}
        ids = [a.id for a in store.articles()]
        stored = load_analyses(store, ids)
        for aid in ids:
            assert stored[aid].quotes == direct[aid].quotes
            assert stored[aid].times == direct[aid].times
            assert store.sentences(store.articles([aid])[0]) == direct[aid].sentences
        for f in load_features(store, ids):
            want = direct[f.article_id].features
            assert want is not None and f.words == want.words and f.lead == want.lead
            assert list(f.words) == list(want.words)  # order kept: sums are order-sensitive
            assert f.date == want.date and f.n_sentences == want.n_sentences


def test_batches_are_cut_in_order() -> None:
    assert batches(list(range(5)), 2) == [[0, 1], [2, 3], [4]]
    with pytest.raises(ValueError, match="at least 1"):
        batches([1], 0)
