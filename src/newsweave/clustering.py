"""STORY CLUSTERING stage: online, time-aware grouping of articles into stories.

Articles are taken in publication order (date, then id; undated last). Each
joins the best existing story or starts a new one (its *seed*: the story key
is the seed article's id). A story is compared through

* the cosine of the article embedding with the story's embedding centroid,
* the TF-IDF cosine of content words with the story's summed word vector,
* the TF-IDF cosine of *specifics* (names and numbers) likewise,
* the TF-IDF cosine of the *lead* terms (title + first sentence) likewise,

mixed as ``w_embedding * e + w_words * w + w_specifics * s + w_lead * l`` and multiplied by
a time decay ``0.5 ** (max(0, gap - grace_days) / half_life_days)``, where
``gap`` is the distance in days from the story's latest article. A story more
than ``cold_days`` away is *cold* and not compared at all. IDF comes from the
articles seen so far (document frequencies grow as articles arrive), so the
same sequence of articles always gives the same stories: batch clustering is
exactly one-by-one adding (:func:`cluster` is a loop over
:meth:`StoryClusterer.add`).

To stay fast on large stores only the ``top_k`` stories nearest by embedding
are scored in full. Undated articles are compared with every story without
decay and listed in :attr:`StoryClusterer.undated`. An article of at most one
sentence joins its best story whenever that story scores at least
``min_match`` rather than seeding a story of its own.

Parameters were chosen on ECB+ (see docs/clustering.md).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from newsweave.embed import DIMENSION
from newsweave.features import ArticleFeatures, article_features
from newsweave.storylines import StorylineParams, Storylines

__all__ = [
    "ArticleFeatures",
    "ClusterParams",
    "Decision",
    "DocFrequencies",
    "StoryClusterer",
    "StoryMatrix",
    "StoryState",
    "article_features",
    "choose_story",
    "cluster",
    "cluster_with_storylines",
    "publication_order",
]

METHOD = "online-embed-tfidf"
NO_DATE = -1


@dataclass(frozen=True, slots=True)
class ClusterParams:
    """Story clustering parameters (defaults chosen on ECB+, checked on the demo corpus).

    ``threshold``: minimum decayed score to join a story. ``w_*``: weights of
    the four similarities. ``grace_days``/``half_life_days``: time decay;
    ``cold_days``: a story this far from an article is not compared.
    ``top_k``: stories scored in full after the embedding pre-selection.
    ``min_match``: score at which a one-sentence or empty article joins a story
    instead of seeding one. ``max_terms``: terms kept per story vector.
    """

    threshold: float = 0.225
    w_embedding: float = 0.1
    w_words: float = 0.2
    w_specifics: float = 0.3
    grace_days: float = 10.0
    half_life_days: float = 14.0
    cold_days: int = 30
    top_k: int = 8
    min_match: float = 0.1
    max_terms: int = 200
    w_lead: float = 0.4


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


@dataclass(slots=True)
class StoryState:
    """A story as clustering sees it: sums of its articles' features."""

    key: str
    size: int
    emb_sum: NDArray[np.float64]
    words: dict[str, float]
    specifics: dict[str, float]
    first_date: dt.date | None
    last_date: dt.date | None
    lead: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class DocFrequencies:
    """Document frequencies of words and specifics over the articles seen so far."""

    n_docs: int = 0
    words: Counter[str] = field(default_factory=Counter)
    specifics: Counter[str] = field(default_factory=Counter)
    lead: Counter[str] = field(default_factory=Counter)

    def add(self, features: ArticleFeatures) -> None:
        self.n_docs += 1
        self.words.update(features.words.keys())
        self.specifics.update(features.specifics.keys())
        self.lead.update(features.lead.keys())


def publication_order(features: Iterable[ArticleFeatures]) -> list[ArticleFeatures]:
    """Dated articles by (date, id), then undated ones by id."""
    return sorted(features, key=lambda f: (f.date is None, f.date or dt.date.min, f.article_id))


def _ordinal(date: dt.date | None) -> int:
    return date.toordinal() if date is not None else NO_DATE


def tfidf_cosine(query: Mapping[str, float], story: Mapping[str, float],
                 df: Mapping[str, int], n_docs: int) -> float:
    """Cosine of two term-weight vectors after multiplying both by smoothed IDF."""
    if not query or not story:
        return 0.0

    def idf(term: str) -> float:
        return math.log((1 + n_docs) / (1 + df.get(term, 0))) + 1.0

    q = {t: v * idf(t) for t, v in query.items()}
    qn = math.sqrt(sum(v * v for v in q.values()))
    sn = math.sqrt(sum((v * idf(t)) ** 2 for t, v in story.items()))
    if qn == 0 or sn == 0:
        return 0.0
    dot = sum(v * story[t] * idf(t) for t, v in q.items() if t in story)
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
    states: Mapping[str, StoryState] | None,
    load: object,
    df: DocFrequencies,
    params: ClusterParams,
    norms: NDArray[np.float64] | None = None,
    detail: list[Decision] | None = None,
) -> tuple[str | None, float]:
    """The story ``features`` joins (``None``: start a new one) and its score.

    ``keys``/``emb_sums``/``last`` describe the candidate stories (already
    filtered by :func:`candidate_mask`); ``norms`` are the row norms of
    ``emb_sums`` when the caller keeps them (computed here otherwise). The full
    state of the ``top_k`` pre-selected ones comes from ``states`` or, if
    ``None``, from ``load`` (a callable ``list[str] -> dict[str, StoryState]``).
    When ``detail`` is given, the :class:`Decision` (with the best story's score
    parts) is appended to it.
    """
    if not keys:
        if detail is not None:
            detail.append(Decision(features.article_id, None, None, 0.0, params.threshold, {}))
        return None, 0.0
    if norms is None:
        norms = np.linalg.norm(emb_sums, axis=1)
    norms = np.where(norms == 0, 1.0, norms)
    emb = (emb_sums @ features.embedding.astype(np.float64)) / norms
    key_arr = np.asarray(keys)
    picked = np.lexsort((key_arr, -emb))[: params.top_k]
    wanted = [keys[i] for i in picked]
    full = states if states is not None else load(wanted)  # type: ignore[operator]
    best: tuple[float, str, dict[str, float]] | None = None
    for i in picked:
        state = full[keys[i]]
        parts = {
            "embedding": float(emb[i]),
            "words": tfidf_cosine(features.words, state.words, df.words, df.n_docs),
            "specifics": tfidf_cosine(features.specifics, state.specifics, df.specifics,
                                      df.n_docs),
            "lead": tfidf_cosine(features.lead, state.lead, df.lead, df.n_docs),
            "decay": decay(features, int(last[i]), params),
        }
        score = (params.w_embedding * parts["embedding"] + params.w_words * parts["words"]
                 + params.w_specifics * parts["specifics"] + params.w_lead * parts["lead"]
                 ) * parts["decay"]
        if best is None or score > best[0] or (score == best[0] and state.key < best[1]):
            best = (score, state.key, parts)
    assert best is not None
    score, key, parts = best
    limit = params.min_match if features.n_sentences <= 1 else params.threshold
    chosen = key if score >= limit else None
    if detail is not None:
        detail.append(Decision(features.article_id, chosen, key, score, limit, parts))
    return chosen, score


def _prune(terms: dict[str, float], limit: int) -> dict[str, float]:
    if len(terms) <= limit:
        return terms
    kept = sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return dict(kept)


def new_state(features: ArticleFeatures) -> StoryState:
    """The state of a story seeded by ``features``."""
    return StoryState(
        key=features.article_id, size=1,
        emb_sum=features.embedding.astype(np.float64),
        words=dict(features.words), specifics=dict(features.specifics),
        first_date=features.date, last_date=features.date, lead=dict(features.lead),
    )


def absorb(state: StoryState, features: ArticleFeatures, params: ClusterParams) -> None:
    """Add an article's features to a story's sums (in place)."""
    state.size += 1
    state.emb_sum = state.emb_sum + features.embedding.astype(np.float64)
    for target, source in ((state.words, features.words), (state.specifics, features.specifics),
                           (state.lead, features.lead)):
        for term, weight in source.items():
            target[term] = target.get(term, 0.0) + weight
    state.words = _prune(state.words, params.max_terms)
    state.specifics = _prune(state.specifics, params.max_terms)
    state.lead = _prune(state.lead, params.max_terms)
    if features.date is not None:
        state.first_date = min(filter(None, (state.first_date, features.date)))
        state.last_date = max(filter(None, (state.last_date, features.date)))


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

    def choose(self, features: ArticleFeatures, states: Mapping[str, StoryState] | None,
               load: object, df: DocFrequencies, params: ClusterParams,
               detail: list[Decision] | None = None) -> tuple[str | None, float]:
        """:func:`choose_story` over the stories that are warm for ``features``."""
        n = len(self.keys)
        idx = np.flatnonzero(candidate_mask(features, self.last[:n], params))
        return choose_story(features, [self.keys[i] for i in idx], self.emb[idx],
                            self.last[idx], states, load, df, params, self.norms[idx], detail)


class StoryClusterer:
    """In-memory online story clustering; feed articles with :meth:`add` in publication order.

    ``assignments`` maps every added article id to its story key (the seed's
    id); ``undated`` lists articles clustered without time decay;
    ``storylines.of_story`` maps each story key to its storyline key
    (:mod:`newsweave.storylines`).
    """

    def __init__(self, params: ClusterParams | None = None,
                 storyline_params: StorylineParams | None = None) -> None:
        self.params = params or ClusterParams()
        self.storylines = Storylines(storyline_params)
        self.decisions: list[Decision] | None = None  # set to a list to record them
        self.df = DocFrequencies()
        self.states: dict[str, StoryState] = {}
        self.assignments: dict[str, str] = {}
        self.undated: list[str] = []
        self.matrix = StoryMatrix()

    def add(self, features: ArticleFeatures) -> str:
        """Assign one article to a story and return the story key."""
        if features.article_id in self.assignments:
            return self.assignments[features.article_id]
        if features.date is None:
            self.undated.append(features.article_id)
        self.df.add(features)
        key, _ = self.matrix.choose(features, self.states, None, self.df, self.params,
                                    self.decisions)
        if key is None:
            state = new_state(features)
            self.states[state.key] = state
        else:
            state = self.states[key]
            absorb(state, features, self.params)
        self.matrix.put(state.key, state.emb_sum, _ordinal(state.last_date))
        self.assignments[features.article_id] = state.key
        self.storylines.observe(features, state.key, self.df)
        return state.key


def cluster(features: Sequence[ArticleFeatures],
            params: ClusterParams | None = None) -> dict[str, str]:
    """Cluster a batch: article id -> story key (seed article id).

    Exactly :meth:`StoryClusterer.add` over the articles in publication order.
    """
    return cluster_with_storylines(features, params)[0]


def cluster_with_storylines(
    features: Sequence[ArticleFeatures], params: ClusterParams | None = None,
    storyline_params: StorylineParams | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """Cluster a batch into stories and storylines: (article id -> story key,
    article id -> storyline key)."""
    clusterer = StoryClusterer(params, storyline_params)
    for f in publication_order(features):
        clusterer.add(f)
    lines = clusterer.storylines.of_story
    return clusterer.assignments, {a: lines[k] for a, k in clusterer.assignments.items()}
