"""PER-ARTICLE stage: everything newsweave finds in one article's own text, in one call.

:func:`annotate` takes a batch of articles and the models and returns one
:class:`~newsweave.model.ArticleAnalysis` per article: sentences, sentence
embeddings, entity mentions, quotes with speakers, resolved time expressions
and the story clustering features. It is pure (no store, no shared state),
takes and returns frozen, picklable records, and batches its model calls
(``nlp.pipe`` for sentences and entities, one encoder call for the batch's
sentences and one for its article texts), so the same batch gives the same
result in any process: the pipeline runs it in the driver or on Dask workers
(:mod:`newsweave.executor`), and :mod:`newsweave.analysis` stores what it returns.

Embeddings depend (in the last bits) on which texts share an encoder call, so
callers that must agree (one process vs. many) cut the same batches
(:func:`newsweave.analysis.batches`).
"""

from __future__ import annotations

from collections.abc import Sequence

from newsweave.embed import embed_sentences
from newsweave.entities import extract_mentions_batch
from newsweave.features import article_features
from newsweave.model import Article, ArticleAnalysis
from newsweave.nlp import Models
from newsweave.quotes import extract_quotes
from newsweave.sentences import split_many
from newsweave.temporal import find_time_expressions

__all__ = ["annotate"]


def annotate(articles: Sequence[Article], models: Models) -> list[ArticleAnalysis]:
    """One :class:`ArticleAnalysis` per article of ``articles``, in the same order."""
    if not articles:
        return []
    split = split_many(articles, models.splitter)
    sentences = {a.id: s for a, s in zip(articles, split, strict=True)}
    embeddings = embed_sentences(sentences, models.embedder)
    features = article_features(articles, sentences, models.embedder)
    mentions = extract_mentions_batch(articles, models.ner)
    out: list[ArticleAnalysis] = []
    for article, own, found, feats in zip(articles, split, mentions, features, strict=True):
        out.append(ArticleAnalysis(
            article_id=article.id,
            mentions=found,
            quotes=extract_quotes(article, own, found),
            times=find_time_expressions(article, own),
            sentences=own,
            embeddings=embeddings[article.id],
            features=feats,
        ))
    return out
