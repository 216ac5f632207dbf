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

Failures are contained per article (issue 16): an article whose quotes or time
expressions raise gets an empty analysis with ``failure`` set (its sentences,
embeddings and features are kept); if a batched model call raises, the batch is
annotated article by article, and an article that still fails gets empty
results (no sentences, a zero vector) with ``failure`` set. The others are
annotated as usual.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np

from newsweave.embed import DIMENSION, embed_sentences
from newsweave.entities import mentions_from_doc
from newsweave.facts.stored_parses import parse_texts, texts_to_parse
from newsweave.failures import describe
from newsweave.features import article_features
from newsweave.model import (
    Article,
    ArticleAnalysis,
    ArticleFeatures,
    EntityMention,
    Quote,
    Sentence,
    TimeExpression,
)
from newsweave.nlp import Models
from newsweave.quotes import article_quotes
from newsweave.sentences import split_many
from newsweave.temporal import find_time_expressions

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["SMALL_BATCH", "annotate"]

# A batch of at most this many articles (one ingested file, a web upload) embeds on one
# torch thread: its matrices are too small for a second thread to help, and that thread's
# spinning cost the CLI's one-article ingest ~1.7 CPU-s of 2.7 (issue 19, session 9).
# The vectors are the same bit for bit (tests/test_annotate_threads.py).
SMALL_BATCH = 4


@contextmanager
def _one_torch_thread(articles: int, models: Models) -> Iterator[None]:
    """torch on one thread for a small batch, restored after (only when torch is in use
    and the models were not given a thread count of their own)."""
    torch = sys.modules.get("torch")
    if torch is None or models.threads is not None or articles > SMALL_BATCH:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def annotate(articles: Sequence[Article], models: Models, *,
             on_article: Callable[[int], None] | None = None) -> list[ArticleAnalysis]:
    """One :class:`ArticleAnalysis` per article of ``articles``, in the same order
    (failures contained per article: see the module docstring). ``on_article(1)`` is
    called as each article is done (progress; it never changes the results)."""
    if not articles:
        return []
    try:
        return _annotate(articles, models, on_article)
    except Exception as exc:  # a batched model call failed on some article: find it
        if len(articles) == 1:
            return [_failed(articles[0], exc)]
        return [found for article in articles for found in annotate([article], models)]


def _failed(article: Article, exc: Exception) -> ArticleAnalysis:
    """Empty results for an article that could not be annotated at all."""
    zero = np.zeros(DIMENSION, dtype=np.float32)
    features = ArticleFeatures(article_id=article.id, date=article.date, embedding=zero,
                               entities=frozenset(), words={}, specifics={}, n_sentences=0)
    return ArticleAnalysis(article.id, (), (), (), sentences=(),
                           embeddings=np.zeros((0, DIMENSION), dtype=np.float32),
                           features=features, failure=describe(exc))


_Found = tuple[tuple[EntityMention, ...], tuple[Quote, ...], tuple[TimeExpression, ...],
               bytes | None]


def _annotate(articles: Sequence[Article], models: Models,
              on_article: Callable[[int], None] | None = None) -> list[ArticleAnalysis]:
    split = split_many(articles, models.splitter)
    sentences = {a.id: s for a, s in zip(articles, split, strict=True)}
    ner = models.ner
    # The parse runs in a second thread while the encoder embeds (issue 19): torch and
    # spaCy's matrix code release the GIL, so both cores work. Neither result depends on
    # the other, and each runs exactly as it would alone. Models given one thread (a Dask
    # worker of one thread: one core of a shared machine) parse in this thread instead.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsweave-parse") as pool:
        parsed = pool.submit(_parse, articles, split, ner) if models.threads != 1 else None
        embedder = models.embedder  # loaded first (it imports torch)
        with _one_torch_thread(len(articles), models):
            embeddings = embed_sentences(sentences, embedder)
            features = article_features(articles, sentences, embedder)
        found_all = parsed.result() if parsed is not None else _parse(articles, split, ner)
    out: list[ArticleAnalysis] = []
    for article, own, found, feats in zip(articles, split, found_all, features, strict=True):
        if isinstance(found, Exception):  # one article's failure (see the module docstring)
            out.append(ArticleAnalysis(article.id, (), (), (), sentences=own,
                                       embeddings=embeddings[article.id], features=feats,
                                       failure=describe(found)))
            continue
        mentions, quotes, times, parses = found
        out.append(ArticleAnalysis(
            article_id=article.id,
            mentions=mentions,
            quotes=quotes,
            times=times,
            sentences=own,
            embeddings=embeddings[article.id],
            features=feats,
            parses=parses,
        ))
        if on_article is not None:
            on_article(1)
    return out


def _parse(articles: Sequence[Article], split: Sequence[tuple[Sentence, ...]],
           ner: Language) -> list[_Found | Exception]:
    """Mentions, quotes, time expressions and the fact comparison's stored parses of each
    article, or the exception that one article raised. One parse (NER + dependency parser)
    gives the mentions and the quote attribution; the texts the comparison will parse
    (:mod:`newsweave.facts.stored_parses`) are parsed alone, in one batch for all the
    articles. A failure of a batched parse itself is raised."""
    found: list[tuple[tuple[EntityMention, ...], tuple[Quote, ...],
                      tuple[TimeExpression, ...], list[str] | None] | Exception] = []
    docs = ner.pipe((a.text for a in articles), batch_size=16)
    for article, own, doc in zip(articles, split, docs, strict=True):
        try:
            mentions = mentions_from_doc(article, doc)
            found.append((mentions, article_quotes(article, doc, mentions, own),
                          find_time_expressions(article, own), _texts(article, own)))
        except Exception as exc:  # contained per article by the caller
            found.append(exc)
    texts = [f[3] for f in found if not isinstance(f, Exception) and f[3] is not None]
    packed = iter(parse_texts(ner, texts))
    return [f if isinstance(f, Exception) else
            (f[0], f[1], f[2], next(packed) if f[3] is not None else None) for f in found]


def _texts(article: Article, own: Sequence[Sentence]) -> list[str] | None:
    """The texts to parse for the comparison, or ``None`` when choosing them fails (the
    weave then parses what it needs itself: a stored parse is an optimisation only)."""
    try:
        return texts_to_parse(article, own)
    except Exception:  # the weave parses these texts itself (and reports what fails)
        return None
