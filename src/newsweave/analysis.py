"""Per-article analysis: sentence embeddings, entity mentions, quotes, time expressions.

Each result is cached in the store per article and stage, tagged with the
version of the code that made it, so a re-run (or an incremental ingest) only
analyses articles that are new or whose cached result is stale. An article's
text never changes under the same id (the store rejects that), so the article
id plus the stage version is a sufficient cache key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsweave import codec
from newsweave.embed import DIMENSION, MODEL_NAME
from newsweave.entities import extract_mentions_batch
from newsweave.model import Article, ArticleAnalysis, Sentence
from newsweave.quotes import extract_quotes
from newsweave.rewrites import embed_sentences
from newsweave.store import Store
from newsweave.temporal import find_time_expressions

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from spacy.language import Language

    from newsweave.embed import Embedder

# Bump a version when the stage's output changes, so stale cached results are redone.
EMBEDDING_STAGE, EMBEDDING_VERSION = "sentence_embeddings", f"{MODEL_NAME}/1"
ANALYSIS_STAGE, ANALYSIS_VERSION = "article_analysis", "1"

__all__ = ["ANALYSIS_STAGE", "ANALYSIS_VERSION", "ArticleAnalysis", "Models",
           "analyse_articles", "sentence_embeddings"]


class Models:
    """The NLP models, each loaded on first use and then shared by every stage.

    Pass already loaded models in (tests do, to load them once per session).
    """

    def __init__(
        self,
        *,
        splitter: Language | None = None,
        ner: Language | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self._splitter = splitter
        self._ner = ner
        self._embedder = embedder

    @property
    def splitter(self) -> Language:
        """spaCy without NER: sentence boundaries only (fast)."""
        if self._splitter is None:
            from newsweave.nlp import load_spacy

            self._splitter = load_spacy(ner=False)
        return self._splitter

    @property
    def ner(self) -> Language:
        """spaCy with its entity recogniser."""
        if self._ner is None:
            from newsweave.nlp import load_spacy

            self._ner = load_spacy(ner=True)
        return self._ner

    @property
    def embedder(self) -> Embedder:
        """The offline MiniLM sentence embedder."""
        if self._embedder is None:
            from newsweave.embed import load_embedder

            self._embedder = load_embedder()
        return self._embedder


def _to_blob(matrix: NDArray[np.float32]) -> bytes:
    return np.ascontiguousarray(matrix, dtype="<f4").tobytes()


def _from_blob(blob: bytes) -> NDArray[np.float32]:
    return np.frombuffer(blob, dtype="<f4").reshape(-1, DIMENSION).astype(np.float32)


def sentence_embeddings(
    store: Store,
    articles: Sequence[Article],
    sentences_by_id: Mapping[str, Sequence[Sentence]],
    embedder: Embedder,
) -> dict[str, NDArray[np.float32]]:
    """Unit-norm sentence embeddings per article (rows in sentence order), cached in ``store``.

    Only articles without a cached matrix are embedded, all in one batch.
    """
    ids = [a.id for a in articles]
    cached = store.article_analysis(EMBEDDING_STAGE, EMBEDDING_VERSION, ids)
    out = {aid: _from_blob(blob) for aid, blob in cached.items()}
    fresh = embed_sentences({aid: sentences_by_id[aid] for aid in ids if aid not in out},
                            embedder)
    if fresh and not store.read_only:
        store.put_article_analysis(EMBEDDING_STAGE, EMBEDDING_VERSION,
                                   {aid: _to_blob(m) for aid, m in fresh.items()})
    out.update(fresh)
    return out


def analyse_articles(
    store: Store,
    articles: Sequence[Article],
    sentences_by_id: Mapping[str, Sequence[Sentence]],
    ner: Language,
) -> dict[str, ArticleAnalysis]:
    """Entity mentions, quotes (with speakers) and resolved time expressions per article.

    Cached in ``store``; only articles without a current cached result are analysed.
    """
    ids = [a.id for a in articles]
    cached = store.article_analysis(ANALYSIS_STAGE, ANALYSIS_VERSION, ids)
    out = {aid: codec.loads(ArticleAnalysis, blob) for aid, blob in cached.items()}
    todo = [a for a in articles if a.id not in out]
    fresh: dict[str, ArticleAnalysis] = {}
    for article, mentions in zip(todo, extract_mentions_batch(todo, ner), strict=True):
        sentences = sentences_by_id[article.id]
        fresh[article.id] = ArticleAnalysis(
            article_id=article.id,
            mentions=mentions,
            quotes=extract_quotes(article, sentences, mentions),
            times=find_time_expressions(article, sentences),
        )
    if fresh and not store.read_only:
        store.put_article_analysis(ANALYSIS_STAGE, ANALYSIS_VERSION,
                                   {aid: codec.dumps(a) for aid, a in fresh.items()})
    out.update(fresh)
    return out
