"""``newsweave eval clustering --cv``: cross-validated story and storyline clustering on ECB+.

Systems, each choosing its own parameters on the training folds
(:mod:`newsweave.evaluation.cross_validation`):

- **newsweave**: the online clusterer with its hand-set weights, choosing the
  join threshold among :data:`THRESHOLDS`;
- **newsweave learned**: the same clusterer with the logistic article-to-story
  scorer trained on the training folds and its join probability chosen there
  (:mod:`newsweave.evaluation.story_model_training`);
- **HDBSCAN** over the same article embeddings, choosing ``min_cluster_size``;
- **TF-IDF average-link** (cosine, scikit-learn), choosing the distance threshold;
- **storylines** (second level, scored against ECB+ topics), choosing the
  storyline threshold.

Features (embeddings included) are computed once for all articles; each fold is
then clustered alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from newsweave.evaluation.clustering import GoldCorpus, load_gold_corpus
from newsweave.evaluation.cross_validation import (
    CrossValidation,
    CVScores,
    cross_validate_grid,
    topic_folds,
    topic_of,
)
from newsweave.ingest.datelines import infer_dateline
from newsweave.model import Article

if TYPE_CHECKING:
    from spacy.language import Language

    from newsweave.clustering import ClusterParams
    from newsweave.embed import Embedder
    from newsweave.features import ArticleFeatures

THRESHOLDS = (0.2, 0.2125, 0.225, 0.2375, 0.25, 0.2625, 0.275)
HDBSCAN_SIZES = (2, 3, 5)
TFIDF_DISTANCES = tuple(round(x, 3) for x in np.arange(0.5, 0.96, 0.025))


def with_datelines(articles: Sequence[Article], today: dt.date) -> tuple[Article, ...]:
    """``articles`` with undated ones dated from their dateline, as ingest does."""
    out = []
    for a in articles:
        if a.date is None:
            found = infer_dateline(a.title, a.text, today=today)
            if found is not None:
                a = dataclasses.replace(a, date=found.date, date_inferred=True)
        out.append(a)
    return tuple(out)


def train_clustering_model(data: Path, params: ClusterParams | None = None, *, k: int = 5,
                           embedder: Embedder | None = None,
                           nlp: Language | None = None) -> str:
    """Train the learned scorer on all of ``data`` (ECB+; each of the ``k`` topic folds a
    collection of its own) and return it as JSON text (the shipped model file)."""
    from newsweave.clustering import ClusterParams
    from newsweave.evaluation.story_model_training import train_story_model

    corpus = load_gold_corpus(data)
    if embedder is None:
        from newsweave.embed import load_embedder

        embedder = load_embedder()
    if nlp is None:
        from newsweave.nlp import load_spacy

        nlp = load_spacy(ner=False)
    folds = topic_folds(corpus.gold, k)
    note = (f"Trained on {corpus.name} ({len(corpus.articles)} articles, "
            f"{len(set(corpus.gold.values()))} gold stories, {k} topic folds) by "
            "`newsweave eval clustering DATA --train-model FILE`; cross-validated scores "
            "in docs/clustering.md.")
    model = train_story_model(corpus_features(corpus, embedder, nlp), corpus.gold, folds,
                              params or ClusterParams(), note=note)
    return model.to_json()


def corpus_features(corpus: GoldCorpus, embedder: Embedder,
                    nlp: Language) -> list[ArticleFeatures]:
    """Clustering features of every article, as the pipeline computes them."""
    from newsweave.features import article_features
    from newsweave.sentences import split_many

    sentences = split_many(corpus.articles, nlp)
    by_id = {a.id: s for a, s in zip(corpus.articles, sentences, strict=True)}
    return article_features(corpus.articles, by_id, embedder, None)


def newsweave_cv(features: Sequence[ArticleFeatures], gold: dict[str, str],
                 folds: Sequence[frozenset[str]], base: ClusterParams) -> CVScores:
    """The online clusterer, choosing its threshold on the training folds."""
    from newsweave.clustering import cluster

    by_id = {f.article_id: f for f in features}
    candidates = [(f"t={t}", dataclasses.replace(base, threshold=t)) for t in THRESHOLDS]
    return cross_validate_grid(
        "newsweave (online)", candidates,
        lambda ids, params: cluster([by_id[i] for i in ids], params), gold, folds)


def storylines_cv(features: Sequence[ArticleFeatures], gold: dict[str, str],
                  folds: Sequence[frozenset[str]], base: ClusterParams,
                  merges: Sequence[float | None] | None = None,
                  system: str = "newsweave storylines vs topics") -> CVScores:
    """Storylines over newsweave's stories, scored against ECB+ topics; each fold's
    stories are clustered once, then every (placement, merge) threshold pair runs
    over them (``merges``: the merge thresholds to choose among, default
    :data:`~newsweave.storylines.STORYLINE_MERGE_THRESHOLDS`; ``(None,)``: placement
    only)."""
    from newsweave.clustering import cluster, storylines_over
    from newsweave.storylines import (
        STORYLINE_MERGE_THRESHOLDS,
        STORYLINE_THRESHOLDS,
        StorylineParams,
    )

    by_id = {f.article_id: f for f in features}
    topics = {aid: topic_of(label) for aid, label in gold.items()}
    stories: dict[tuple[str, ...], dict[str, str]] = {}
    default = StorylineParams()
    candidates = [(f"t={t} m={m}", dataclasses.replace(default, threshold=t, merge_threshold=m))
                  for m in (STORYLINE_MERGE_THRESHOLDS if merges is None else merges)
                  for t in STORYLINE_THRESHOLDS]

    def run(ids: Sequence[str], sl: StorylineParams) -> dict[str, str]:
        key = tuple(ids)
        if key not in stories:
            stories[key] = cluster([by_id[i] for i in ids], base)
        return storylines_over([by_id[i] for i in ids], stories[key], sl)

    return cross_validate_grid(system, candidates, run, topics, folds)


def hdbscan_cv(features: Sequence[ArticleFeatures], gold: dict[str, str],
               folds: Sequence[frozenset[str]]) -> CVScores:
    """HDBSCAN on the same embeddings (noise points are singletons)."""
    import hdbscan

    vectors = {f.article_id: f.embedding for f in features}

    def run(ids: Sequence[str], size: int) -> dict[str, str]:
        labels = hdbscan.HDBSCAN(min_cluster_size=size).fit_predict(
            np.stack([vectors[i] for i in ids]))
        return {i: (f"c{lab}" if lab >= 0 else f"noise-{i}")
                for i, lab in zip(ids, labels, strict=True)}

    return cross_validate_grid("HDBSCAN (embeddings)", [(f"min={s}", s) for s in HDBSCAN_SIZES],
                               run, gold, folds)


def tfidf_cv(articles: Sequence[Article], gold: dict[str, str],
             folds: Sequence[frozenset[str]]) -> CVScores:
    """TF-IDF (sublinear, English stop words) average-link agglomerative clustering."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = {a.id: f"{a.title or ''}\n{a.text}".strip() for a in articles}

    def run(ids: Sequence[str], distance: float) -> dict[str, str]:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [texts[i] for i in ids])
        labels = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average",
            distance_threshold=distance).fit_predict(matrix.toarray())
        return {i: f"c{lab}" for i, lab in zip(ids, labels, strict=True)}

    return cross_validate_grid("TF-IDF average-link", [(f"d={d}", d) for d in TFIDF_DISTANCES],
                               run, gold, folds)


def evaluate_clustering_cv(
    data: Path,
    params: ClusterParams | None = None,
    *,
    k: int = 5,
    datelines: bool = False,
    embedder: Embedder | None = None,
    nlp: Language | None = None,
    baselines: bool = True,
    learned: bool = True,
) -> CrossValidation:
    """Cross-validate newsweave (stories with the hand-set and the learned scorer, and
    storylines) and the baselines on ECB+.

    ``datelines``: date the articles from their own datelines first, as ingest
    does for undated input (ECB+ carries no publication dates).
    """
    from newsweave.clustering import ClusterParams

    corpus = load_gold_corpus(data)
    if datelines:
        corpus = GoldCorpus(corpus.name, with_datelines(corpus.articles, dt.date.today()),
                            corpus.gold)
    if embedder is None:
        from newsweave.embed import load_embedder

        embedder = load_embedder()
    if nlp is None:
        from newsweave.nlp import load_spacy

        nlp = load_spacy(ner=False)
    params = params or ClusterParams()
    folds = topic_folds(corpus.gold, k)
    features = corpus_features(corpus, embedder, nlp)
    rows = [newsweave_cv(features, corpus.gold, folds, params)]
    if learned:
        from newsweave.evaluation.story_model_training import learned_cv

        rows.append(learned_cv(features, corpus.gold, folds, params))
    if baselines:
        rows += [hdbscan_cv(features, corpus.gold, folds),
                 tfidf_cv(corpus.articles, corpus.gold, folds)]
    rows.append(storylines_cv(features, corpus.gold, folds, params))
    name = corpus.name + (" (dates from datelines)" if datelines else "")
    return CrossValidation(name, len(corpus.articles), len(set(corpus.gold.values())), k,
                           tuple(rows))
