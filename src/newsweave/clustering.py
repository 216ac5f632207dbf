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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from newsweave.embed import DIMENSION
from newsweave.features import article_features
from newsweave.index_state import NO_DATE, ClusterParams, DocFrequencies, StoryState
from newsweave.model import ArticleFeatures
from newsweave.storylines import StorylineParams, Storylines, StorylineState

__all__ = [
    "ArticleFeatures",
    "ClusterParams",
    "Decision",
    "DocFrequencies",
    "MemoryStoryState",
    "StoryClusterer",
    "StoryIndex",
    "StoryIndexState",
    "StoryMatrix",
    "StoryState",
    "article_features",
    "choose_story",
    "cluster",
    "cluster_with_storylines",
    "publication_order",
]

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


def publication_order(features: Iterable[ArticleFeatures]) -> list[ArticleFeatures]:
    """Dated articles by (date, id), then undated ones by id."""
    return sorted(features, key=lambda f: (f.date is None, f.date or dt.date.min, f.article_id))


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
    load: LoadStates,
    df: DocFrequencies,
    params: ClusterParams,
    norms: NDArray[np.float64] | None = None,
    detail: list[Decision] | None = None,
) -> tuple[str | None, float]:
    """The story ``features`` joins (``None``: start a new one) and its score.

    ``keys``/``emb_sums``/``last`` describe the candidate stories (already
    filtered by :func:`candidate_mask`); ``norms`` are the row norms of
    ``emb_sums`` when the caller keeps them (computed here otherwise). The full
    state of the ``top_k`` pre-selected ones comes from ``load`` (story keys ->
    their states), so only those are read from a stored index. When ``detail``
    is given, the :class:`Decision` (with the best story's score parts) is
    appended to it.
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
    full = load(wanted)
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

    def choose(self, features: ArticleFeatures, load: LoadStates, df: DocFrequencies,
               params: ClusterParams, detail: list[Decision] | None = None,
               ) -> tuple[str | None, float]:
        """:func:`choose_story` over the stories that are warm for ``features``."""
        n = len(self.keys)
        idx = np.flatnonzero(candidate_mask(features, self.last[:n], params))
        return choose_story(features, [self.keys[i] for i in idx], self.emb[idx],
                            self.last[idx], load, df, params, self.norms[idx], detail)


class StoryIndexState(Protocol):
    """Where a story index keeps its state: :class:`MemoryStoryState` here, and
    :meth:`newsweave.store.Store.story_index` (SQLite). ``params`` are the
    clustering parameters the index runs with.

    Reads return what has been saved; :meth:`save` records that one article
    joined ``state`` (a new or updated story) and counts the article's terms in
    the document frequencies (``n_docs`` is the new article count). Every save
    inside one :meth:`atomic` block is kept, or none is.
    """

    @property
    def params(self) -> ClusterParams: ...

    def story_of(self, article_id: str) -> str | None: ...

    def assignments(self) -> dict[str, str]: ...

    def members(self, story_key: str) -> list[str]: ...

    def undated(self) -> list[str]: ...

    def story_count(self) -> int: ...

    def frequencies(self) -> DocFrequencies: ...

    def matrix_rows(self) -> Iterable[tuple[str, NDArray[np.float64], int]]: ...

    def states(self, keys: Sequence[str]) -> Mapping[str, StoryState]: ...

    def save(self, features: ArticleFeatures, state: StoryState, n_docs: int) -> None: ...

    def atomic(self) -> AbstractContextManager[object]: ...

    # Storylines (newsweave.storylines): placement state and story -> storyline.

    def storyline_rows(self) -> Iterable[tuple[str, NDArray[np.float64]]]: ...

    def storyline_states(self, keys: Sequence[str]) -> Mapping[str, StorylineState]: ...

    def storyline_of(self, story_keys: Sequence[str]) -> dict[str, str]: ...

    def save_storyline(self, state: StorylineState, new_story: str | None) -> None:
        """Write ``state``; ``new_story`` is a story just placed in it (else ``None``)."""


class MemoryStoryState:
    """A :class:`StoryIndexState` in dictionaries (batch runs, evaluation, tests)."""

    def __init__(self, params: ClusterParams | None = None) -> None:
        self._params = params or ClusterParams()
        self._states: dict[str, StoryState] = {}
        self._assignments: dict[str, str] = {}
        self._undated: list[str] = []
        self._df = DocFrequencies()
        self._lines: dict[str, StorylineState] = {}
        self._line_of: dict[str, str] = {}

    @property
    def params(self) -> ClusterParams:
        return self._params

    def story_of(self, article_id: str) -> str | None:
        return self._assignments.get(article_id)

    def assignments(self) -> dict[str, str]:
        return dict(self._assignments)

    def members(self, story_key: str) -> list[str]:
        return [a for a, k in self._assignments.items() if k == story_key]

    def undated(self) -> list[str]:
        return list(self._undated)

    def story_count(self) -> int:
        return len(self._states)

    def frequencies(self) -> DocFrequencies:
        return self._df.copy()

    def matrix_rows(self) -> Iterator[tuple[str, NDArray[np.float64], int]]:
        for key, state in self._states.items():
            yield key, state.emb_sum, state.last_ordinal

    def states(self, keys: Sequence[str]) -> dict[str, StoryState]:
        return {k: self._states[k] for k in keys}

    def save(self, features: ArticleFeatures, state: StoryState, n_docs: int) -> None:
        self._df.add(features)
        self._states[state.key] = state
        self._assignments[features.article_id] = state.key
        if features.date is None:
            self._undated.append(features.article_id)

    def atomic(self) -> AbstractContextManager[object]:
        return nullcontext()

    def storyline_rows(self) -> Iterator[tuple[str, NDArray[np.float64]]]:
        for key, state in self._lines.items():
            yield key, state.emb_sum

    def storyline_states(self, keys: Sequence[str]) -> dict[str, StorylineState]:
        return {k: self._lines[k] for k in keys if k in self._lines}

    def storyline_of(self, story_keys: Sequence[str]) -> dict[str, str]:
        return {k: self._line_of[k] for k in story_keys if k in self._line_of}

    def save_storyline(self, state: StorylineState, new_story: str | None) -> None:
        self._lines[state.key] = state
        if new_story is not None:
            self._line_of[new_story] = state.key


class StoryIndex:
    """Online story clustering over a :class:`StoryIndexState` (memory or SQLite).

    :meth:`add` one article (or :meth:`add_many`, in publication order); each
    joins the best story or seeds a new one. Document frequencies and the story
    embedding matrix are read from the state once and then kept up to date;
    they are dropped (and re-read) when an :meth:`add` fails. One index object
    should be the only writer of its state while it lives (another writer's
    stories stay unseen until a new index object is made), and a caller that
    rolls back its own enclosing transaction must make a new index object.
    """

    def __init__(self, state: StoryIndexState | None = None,
                 storyline_params: StorylineParams | None = None) -> None:
        self.state: StoryIndexState = state if state is not None else MemoryStoryState()
        self.params = self.state.params
        self.storyline_params = storyline_params or StorylineParams()
        self._df: DocFrequencies | None = None
        self._matrix: StoryMatrix | None = None
        self._lines: Storylines | None = None
        self.decisions: list[Decision] | None = None  # set to a list to record them

    def storyline_of(self, story_keys: Sequence[str]) -> dict[str, str]:
        """Story key -> storyline key for the given (placed) stories."""
        return self.state.storyline_of(story_keys)

    def assignments(self) -> dict[str, str]:
        """Every indexed article id -> its story key."""
        return self.state.assignments()

    def members(self, story_key: str) -> list[str]:
        """Article ids of one story, in the order they joined."""
        return self.state.members(story_key)

    def undated(self) -> list[str]:
        """Articles clustered without a date (hence without time decay)."""
        return self.state.undated()

    def story_count(self) -> int:
        return self.state.story_count()

    @contextmanager
    def _atomic(self) -> Iterator[None]:
        try:
            with self.state.atomic():
                yield
        except BaseException:
            # The in-memory frequencies and matrix may include rolled-back articles.
            self._df = None
            self._matrix = None
            self._lines = None
            raise

    def add_many(self, features: Iterable[ArticleFeatures]) -> dict[str, str]:
        """Add articles in publication order, atomically; article id -> story key."""
        with self._atomic():
            return {f.article_id: self._add(f) for f in publication_order(features)}

    def add(self, features: ArticleFeatures) -> str:
        """Add one article (atomically) and return its story key."""
        with self._atomic():
            return self._add(features)

    def load(self) -> tuple[DocFrequencies, StoryMatrix]:
        """The document frequencies and the story matrix, read from the state on first use."""
        if self._df is None:
            self._df = self.state.frequencies()
        if self._matrix is None:
            self._matrix = StoryMatrix()
            for key, emb_sum, last in self.state.matrix_rows():
                self._matrix.put(key, emb_sum, last)
        return self._df, self._matrix

    def _add(self, features: ArticleFeatures) -> str:
        known = self.state.story_of(features.article_id)
        if known is not None:
            return known
        df, matrix = self.load()
        df.add(features)
        key, _ = matrix.choose(features, self.state.states, df, self.params, self.decisions)
        if key is None:
            state = new_state(features)
        else:
            state = self.state.states([key])[key]
            absorb(state, features, self.params)
        self.state.save(features, state, df.n_docs)
        matrix.put(state.key, state.emb_sum, state.last_ordinal)
        self._place_storyline(features, state.key, df)
        return state.key

    def _storylines(self) -> Storylines:
        if self._lines is None:
            lines = Storylines(self.storyline_params, load=self.state.storyline_states)
            for key, emb_sum in self.state.storyline_rows():
                lines.put_row(key, emb_sum)
            self._lines = lines
        return self._lines

    def _place_storyline(self, features: ArticleFeatures, story_key: str,
                         df: DocFrequencies) -> None:
        lines = self._storylines()
        if story_key not in lines.of_story:
            lines.of_story.update(self.state.storyline_of([story_key]))
        is_new = story_key not in lines.of_story
        line = lines.observe(features, story_key, df)
        self.state.save_storyline(lines.states[line], story_key if is_new else None)


class StoryClusterer:
    """In-memory online story clustering; feed articles with :meth:`add` in publication order.

    ``assignments`` maps every added article id to its story key (the seed's
    id); ``undated`` lists articles clustered without time decay.
    """

    def __init__(self, params: ClusterParams | None = None,
                 storyline_params: StorylineParams | None = None) -> None:
        self.index = StoryIndex(MemoryStoryState(params), storyline_params)
        self.params = self.index.params

    @property
    def assignments(self) -> dict[str, str]:
        return self.index.assignments()

    @property
    def undated(self) -> list[str]:
        return self.index.undated()

    @property
    def decisions(self) -> list[Decision] | None:
        """The recorded decisions (``None`` unless recording: assign a list)."""
        return self.index.decisions

    @decisions.setter
    def decisions(self, value: list[Decision] | None) -> None:
        self.index.decisions = value

    def add(self, features: ArticleFeatures) -> str:
        """Assign one article to a story and return the story key."""
        return self.index.add(features)


def cluster(features: Sequence[ArticleFeatures],
            params: ClusterParams | None = None) -> dict[str, str]:
    """Cluster a batch: article id -> story key (seed article id).

    Exactly :meth:`StoryIndex.add` over the articles in publication order.
    """
    return StoryIndex(MemoryStoryState(params)).add_many(features)


def cluster_with_storylines(
    features: Sequence[ArticleFeatures], params: ClusterParams | None = None,
    storyline_params: StorylineParams | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """Cluster a batch into stories and storylines: (article id -> story key,
    article id -> storyline key)."""
    index = StoryIndex(MemoryStoryState(params), storyline_params)
    stories = index.add_many(features)
    lines = index.storyline_of(sorted(set(stories.values())))
    return stories, {a: lines[k] for a, k in stories.items()}
