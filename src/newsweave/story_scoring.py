"""How an article is scored against the stories of an online story index.

The score of an article against a story mixes four similarities (embedding
cosine with the story centroid; TF-IDF cosines of content words, specifics and
lead terms with the story's summed vectors, IDF from the articles seen so far)
with the hand-set weights of :class:`~newsweave.index_state.ClusterParams`,
times a time decay. :func:`choose_story` scores the ``top_k`` stories nearest by
embedding and decides join or new; :class:`StoryMatrix` keeps every story's
embedding sum in memory so that the pre-selection is one matrix product.
See :mod:`newsweave.clustering` for the algorithm as a whole.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from newsweave.embed import DIMENSION
from newsweave.index_state import NO_DATE, ClusterParams, DocFrequencies, StoryState
from newsweave.model import ArticleFeatures
from newsweave.story_model import StoryModel, pair_features

__all__ = ["Decision", "Idf", "LoadStates", "StoryMatrix", "candidate_mask", "choose_story",
           "decay", "tfidf_cosine"]

LoadStates = Callable[[Sequence[str]], Mapping[str, StoryState]]


@dataclass(frozen=True, slots=True)
class Decision:
    """Why an article joined a story or started one: the best-scoring story
    (``best``), its ``score`` against ``limit``, and the score's ``parts``
    (each similarity and the time decay); ``joined`` is ``None`` for a new story."""

    article_id: str
    joined: str | None
    best: str | None
    score: float
    limit: float
    parts: dict[str, float]


class Idf(dict[str, float]):
    """Smoothed IDF ``ln((1 + n) / (1 + df)) + 1`` of terms: ``idf[term]``, each computed
    once (one article's scoring reads the same terms in several stories) and then a
    plain dictionary lookup."""

    __slots__ = ("_df", "_n")

    def __init__(self, df: Mapping[str, int], n_docs: int) -> None:
        super().__init__()
        self._df, self._n = df, n_docs

    def __missing__(self, term: str) -> float:
        value = math.log((1 + self._n) / (1 + self._df.get(term, 0))) + 1.0
        self[term] = value
        return value


def tfidf_cosine(query: Mapping[str, float], story: Mapping[str, float],
                 df: Mapping[str, int], n_docs: int, idf: Idf | None = None) -> float:
    """Cosine of two term-weight vectors after multiplying both by smoothed IDF
    (``idf``: an :class:`Idf` of the same ``df``/``n_docs`` to reuse across calls)."""
    if not query or not story:
        return 0.0
    if idf is None:
        idf = Idf(df, n_docs)

    q = {t: v * idf[t] for t, v in query.items()}
    qn = math.sqrt(sum(v * v for v in q.values()))
    sn = math.sqrt(sum((v * idf[t]) ** 2 for t, v in story.items()))
    if qn == 0 or sn == 0:
        return 0.0
    dot = sum(v * story[t] * idf[t] for t, v in q.items() if t in story)
    return dot / (qn * sn)


def decay(features: ArticleFeatures, last_ordinal: int, params: ClusterParams) -> float:
    """Time decay of a story for ``features`` (1.0 when either has no date)."""
    if features.date is None or last_ordinal == NO_DATE:
        return 1.0
    gap = abs(features.date.toordinal() - last_ordinal)
    return float(0.5 ** (max(0.0, gap - params.grace_days) / params.half_life_days))


def candidate_mask(features: ArticleFeatures, last: NDArray[np.int64],
                   params: ClusterParams) -> NDArray[np.bool_]:
    """Stories an article is compared with: every story if it is undated, else the warm ones."""
    if features.date is None:
        return np.ones(len(last), dtype=bool)
    day = features.date.toordinal()
    return (last == NO_DATE) | (np.abs(last - day) <= params.cold_days)  # type: ignore[no-any-return]


def choose_story(
    features: ArticleFeatures,
    keys: Sequence[str],
    emb_sums: NDArray[np.float64],
    last: NDArray[np.int64],
    load: LoadStates,
    df: DocFrequencies,
    params: ClusterParams,
    norms: NDArray[np.float64] | None = None,
    detail: list[Decision] | None = None,
    model: StoryModel | None = None,
    seen: list[tuple[str, dict[str, float]]] | None = None,
) -> tuple[str | None, float]:
    """The story ``features`` joins (``None``: start a new one) and its score.

    ``keys``/``emb_sums``/``last`` describe the candidate stories (already
    filtered by :func:`candidate_mask`); ``norms`` are the row norms of
    ``emb_sums`` when the caller keeps them (computed here otherwise). The full
    state of the ``top_k`` pre-selected ones comes from ``load`` (story keys ->
    their states), so only those are read from a stored index. When ``detail``
    is given, the :class:`Decision` (with the best story's score parts) is
    appended to it. With a learned ``model`` the score is its probability times
    the decay, against the model's own thresholds; ``seen`` (for training)
    receives every scored story's key and pair features.
    """
    if not keys:
        if detail is not None:
            limit = params.threshold if model is None else model.threshold
            detail.append(Decision(features.article_id, None, None, 0.0, limit, {}))
        return None, 0.0
    if norms is None:
        norms = np.linalg.norm(emb_sums, axis=1)
    norms = np.where(norms == 0, 1.0, norms)
    emb = (emb_sums @ features.embedding.astype(np.float64)) / norms
    key_arr = np.asarray(keys)
    picked = np.lexsort((key_arr, -emb))[: params.top_k]
    wanted = [keys[i] for i in picked]
    full = load(wanted)
    idf_words, idf_specifics = Idf(df.words, df.n_docs), Idf(df.specifics, df.n_docs)
    idf_lead = Idf(df.lead, df.n_docs)
    best: tuple[float, str, dict[str, float]] | None = None
    for i in picked:
        state = full[keys[i]]
        parts = {
            "embedding": float(emb[i]),
            "words": tfidf_cosine(features.words, state.words, df.words, df.n_docs, idf_words),
            "specifics": tfidf_cosine(features.specifics, state.specifics, df.specifics,
                                      df.n_docs, idf_specifics),
            "lead": tfidf_cosine(features.lead, state.lead, df.lead, df.n_docs, idf_lead),
            "decay": decay(features, int(last[i]), params),
        }
        if model is not None or seen is not None:
            values = pair_features(features, state, parts, df)
            if seen is not None:
                seen.append((state.key, values))
        if model is None:
            score = (params.w_embedding * parts["embedding"] + params.w_words * parts["words"]
                     + params.w_specifics * parts["specifics"] + params.w_lead * parts["lead"]
                     ) * parts["decay"]
        else:
            score = model.probability(values) * parts["decay"]
            parts = {**{f: values[f] for f in model.features}, "decay": parts["decay"]}
        if best is None or score > best[0] or (score == best[0] and state.key < best[1]):
            best = (score, state.key, parts)
    assert best is not None
    score, key, parts = best
    thin = features.n_sentences <= 1
    if model is None:
        limit = params.min_match if thin else params.threshold
    else:
        limit = model.min_match if thin else model.threshold
    chosen = key if score >= limit else None
    if detail is not None:
        detail.append(Decision(features.article_id, chosen, key, score, limit, parts))
    return chosen, score


class StoryMatrix:
    """Embedding sums, row norms and last-article day of every story, as growing arrays.

    The pre-selection of :func:`choose_story` is one matrix product over the
    warm rows of this matrix; keeping it in memory (instead of re-reading story
    rows) is what keeps adding an article fast on a large store.
    """

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.row: dict[str, int] = {}
        self.emb = np.zeros((16, DIMENSION), dtype=np.float64)
        self.norms = np.zeros(16, dtype=np.float64)
        self.last = np.zeros(16, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.keys)

    def put(self, key: str, emb_sum: NDArray[np.float64], last_ordinal: int) -> None:
        """Insert or update the row of story ``key``."""
        row = self.row.get(key)
        if row is None:
            row = len(self.keys)
            if row == len(self.emb):
                grow = max(16, row)
                self.emb = np.concatenate([self.emb, np.zeros((grow, self.emb.shape[1]))])
                self.norms = np.concatenate([self.norms, np.zeros(grow)])
                self.last = np.concatenate([self.last, np.zeros(grow, dtype=np.int64)])
            self.keys.append(key)
            self.row[key] = row
        self.emb[row] = emb_sum
        self.norms[row] = float(np.linalg.norm(emb_sum))
        self.last[row] = last_ordinal

    def put_rows(self, rows: Iterable[tuple[str, NDArray[np.float64], int]]) -> None:
        """:meth:`put` of every row of a new matrix at once (loading a store's stories:
        one allocation, no per-row growth); the same arrays and norms bit for bit."""
        if self.keys:
            for key, emb_sum, last in rows:
                self.put(key, emb_sum, last)
            return
        found = list(rows)
        n = len(found)
        self.keys = [r[0] for r in found]
        self.row = {key: i for i, key in enumerate(self.keys)}
        self.emb = np.zeros((max(16, n), self.emb.shape[1]), dtype=np.float64)
        self.norms = np.zeros(max(16, n), dtype=np.float64)
        self.last = np.zeros(max(16, n), dtype=np.int64)
        for i, (_, emb_sum, last) in enumerate(found):
            self.emb[i] = emb_sum
            self.last[i] = last
            # np.linalg.norm of a 1-D float vector is sqrt(x.dot(x)), on the same array as
            # put computes it: the same value, without norm's per-call checks.
            self.norms[i] = float(np.sqrt(emb_sum.dot(emb_sum)))

    def choose(self, features: ArticleFeatures, load: LoadStates, df: DocFrequencies,
               params: ClusterParams, detail: list[Decision] | None = None,
               model: StoryModel | None = None,
               seen: list[tuple[str, dict[str, float]]] | None = None,
               ) -> tuple[str | None, float]:
        """:func:`choose_story` over the stories that are warm for ``features``."""
        n = len(self.keys)
        idx = np.flatnonzero(candidate_mask(features, self.last[:n], params))
        return choose_story(features, [self.keys[i] for i in idx], self.emb[idx],
                            self.last[idx], load, df, params, self.norms[idx], detail,
                            model, seen)
