"""Per-article analysis in the store: find stale articles, annotate them, store the results.

:func:`analyse` asks the store which articles lack a current result, cuts them
into batches in publication order, has an executor run
:func:`newsweave.annotate.annotate` on each, and writes each batch's results
(sentences, sentence embeddings, mentions / quotes / times, clustering
features) in one transaction, as the batches come back. The loaders read them
back for the cross-article stages.

Each result is cached per article and stage, tagged with the version of the
code that made it, so a re-run (or an incremental ingest) only analyses
articles that are new or whose cached result is stale. An article whose
analysis failed (:func:`~newsweave.annotate.annotate` contains it) is stored
with its empty analysis under the version ``FAILED_VERSION``, which is never
current: the stories can be woven without it, and the next run tries again. An article's text never
changes under the same id (the store rejects that), so the article id plus the
stage version is a sufficient cache key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from newsweave import codec
from newsweave.embed import DIMENSION, MODEL_NAME
from newsweave.errors import AnalysisError
from newsweave.facts.stored_parses import PARSES_STAGE, parses_version
from newsweave.failures import FailureLog
from newsweave.model import Article, ArticleAnalysis, ArticleFeatures
from newsweave.nlp import Models
from newsweave.progress import NoProgress, Progress, Ticker, note
from newsweave.settings import DEFAULT_BATCH
from newsweave.store import Store

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from newsweave.executor import Executor

__all__ = ["ANALYSIS_STAGE", "ANALYSIS_VERSION", "EMBEDDING_STAGE", "EMBEDDING_VERSION",
           "FEATURES_STAGE", "FEATURES_VERSION", "ArticleAnalysis", "Models", "analyse",
           "batches", "load_analyses", "load_embeddings", "load_features"]

# Bump a version when the stage's output changes, so stale cached results are redone.
EMBEDDING_STAGE, EMBEDDING_VERSION = "sentence_embeddings", f"{MODEL_NAME}/1"
# 2: TIMEX3 time expressions; 3: quotes carry cue, speaker entity, kind and confidence.
ANALYSIS_STAGE, ANALYSIS_VERSION = "article_analysis", "3"
FAILED_VERSION = "failed"  # an empty analysis stored for a failed article; never current
FEATURES_STAGE, FEATURES_VERSION = "cluster_features", f"{MODEL_NAME}/1"
STAGES = ((ANALYSIS_STAGE, ANALYSIS_VERSION), (EMBEDDING_STAGE, EMBEDDING_VERSION),
          (FEATURES_STAGE, FEATURES_VERSION))
T = TypeVar("T")


def batches(items: Sequence[T], size: int = DEFAULT_BATCH) -> list[list[T]]:
    """Consecutive batches of at most ``size`` items (articles), in the given order.

    Every executor gets the same batches for the same stale articles, so the
    encoder sees the same texts together and returns the same vectors.
    """
    if size < 1:
        raise ValueError(f"batch size must be at least 1, got {size}.")
    return [list(items[i: i + size]) for i in range(0, len(items), size)]


def analyse(
    store: Store,
    executor: Executor,
    *,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    failures: FailureLog | None = None,
) -> int:
    """Annotate every stored article whose results are missing or stale; return how many.

    Each batch's results are stored in one transaction when the executor returns
    them: a run that fails keeps every stored batch and nothing of a failed one.
    Article texts are read from the store one batch at a time. Articles whose
    analysis failed are recorded in ``failures`` (see the module docstring).
    """
    progress = progress or NoProgress()
    stale = store.stale_articles(STAGES)
    if not stale:
        return 0
    progress.start("Analysing articles", total=len(stale))

    def texts() -> Iterator[list[Article]]:
        todo = batches(stale, batch_size)
        for k, ids in enumerate(todo, 1):
            # A batch's sentences are encoded together before its first article is done.
            note(progress, f"encoding sentences (batch {k} of {len(todo)})…")
            yield store.articles(ids)  # in publication order, like ``stale``

    log = failures if failures is not None else FailureLog()
    ticks = Ticker(progress)  # per article where the executor can tell, else per batch
    for found in executor.annotate(texts(), on_article=ticks.tick):
        save(store, found)
        for a in found:
            if a.failure is not None:
                log.add_reason("article", a.article_id, ANALYSIS_STAGE, a.failure)
        ticks.settle(len(found))
    progress.finish()
    if failures is None and len(log):
        raise AnalysisError(log.items)
    return len(stale)


def save(store: Store, analyses: Sequence[ArticleAnalysis]) -> None:
    """Write annotate's results for stored articles, all or nothing."""
    with store.transaction():
        store.put_sentences({a.article_id: a.sentences for a in analyses})
        store.put_article_analysis(EMBEDDING_STAGE, EMBEDDING_VERSION, {
            a.article_id: _to_blob(a.embeddings) for a in analyses if a.embeddings is not None})
        store.put_article_analysis(FEATURES_STAGE, FEATURES_VERSION, {
            a.article_id: _features_blob(a.features) for a in analyses if a.features is not None})
        for version, failed in ((ANALYSIS_VERSION, False), (FAILED_VERSION, True)):
            store.put_article_analysis(ANALYSIS_STAGE, version, {
                a.article_id: codec.dumps({"article_id": a.article_id, "mentions": a.mentions,
                                           "quotes": a.quotes, "times": a.times})
                for a in analyses if (a.failure is not None) == failed})
        # Not one of STAGES: a store analysed without them stays current (the weave then
        # parses these texts itself), and they are written with every new analysis.
        store.put_article_analysis(PARSES_STAGE, parses_version(), {
            a.article_id: a.parses for a in analyses if a.parses is not None})
        store.put_analysis_rows(analyses)  # the same records as plain tables (docs/store.md)


def load_embeddings(store: Store, ids: Sequence[str]) -> dict[str, NDArray[np.float32]]:
    """Stored sentence embeddings per article (rows in sentence order)."""
    cached = store.article_analysis(EMBEDDING_STAGE, EMBEDDING_VERSION, ids)
    return {aid: _from_blob(blob) for aid, blob in cached.items()}


def load_analyses(store: Store, ids: Sequence[str]) -> dict[str, ArticleAnalysis]:
    """Stored mentions, quotes and time expressions per article (the empty analysis of an
    article whose analysis failed, when it has no current one), with the fact
    comparison's stored parses when the store holds them under today's model."""
    cached = store.article_analysis(ANALYSIS_STAGE, ANALYSIS_VERSION, ids)
    missing = [aid for aid in ids if aid not in cached]
    if missing:
        cached.update(store.article_analysis(ANALYSIS_STAGE, FAILED_VERSION, missing))
    parses = store.article_analysis(PARSES_STAGE, parses_version(), ids)
    return {aid: _with_parses(codec.loads(ArticleAnalysis, blob), parses.get(aid))
            for aid, blob in cached.items()}


def _with_parses(analysis: ArticleAnalysis, parses: bytes | None) -> ArticleAnalysis:
    return analysis if parses is None else dataclasses.replace(analysis, parses=parses)


def load_features(store: Store, ids: Sequence[str]) -> list[ArticleFeatures]:
    """Stored clustering features of ``ids`` (those that have them), in the order of ``ids``."""
    cached = store.article_analysis(FEATURES_STAGE, FEATURES_VERSION, ids)
    return [_features_from_blob(aid, cached[aid]) for aid in ids if aid in cached]


def _to_blob(matrix: NDArray[np.float32]) -> bytes:
    return np.ascontiguousarray(matrix, dtype="<f4").tobytes()


def _from_blob(blob: bytes) -> NDArray[np.float32]:
    return np.frombuffer(blob, dtype="<f4").reshape(-1, DIMENSION).astype(np.float32)


def _features_blob(f: ArticleFeatures) -> bytes:
    # JSON keeps the term dicts' order (their sums are order-sensitive), then the raw vector.
    head = json.dumps({"date": f.date.isoformat() if f.date else None,
                       "entities": sorted(f.entities), "words": f.words,
                       "specifics": f.specifics, "lead": f.lead,
                       "n_sentences": f.n_sentences}, ensure_ascii=False, separators=(",", ":"))
    return head.encode() + b"\0" + _to_blob(f.embedding)


def _features_from_blob(article_id: str, blob: bytes) -> ArticleFeatures:
    head, _, vector = blob.partition(b"\0")
    data = json.loads(head)
    return ArticleFeatures(
        article_id=article_id,
        date=dt.date.fromisoformat(data["date"]) if data["date"] else None,
        embedding=np.frombuffer(vector, dtype="<f4").astype(np.float32),
        entities=frozenset(data["entities"]), words=data["words"],
        specifics=data["specifics"], n_sentences=int(data["n_sentences"]), lead=data["lead"])
