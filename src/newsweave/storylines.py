"""STORYLINES: the second level above stories (one longer-running subject).

A story is one event (a fight, an earthquake, an arrest); a *storyline* links
the stories of one subject (the two Klitschko title defences, a pandemic's
months of news). Storylines are built online from the same article features,
alongside story clustering and in the same publication order:

* when an article **seeds a new story**, the story is placed in the storyline
  whose summed features score best against the article, if that score is at
  least ``threshold``; otherwise the story starts a storyline of its own
  (keyed by the story's key);
* every article (seed or not) adds its features to its story's storyline;
* then that storyline is compared with the other storylines (their summed
  features, same score) and **merged** with the most similar one when they
  score at least ``merge_threshold``: the older storyline keeps its key, the
  younger key becomes an alias of it (:meth:`Storylines.observe` reports the
  merges; stored indexes keep the aliases). Two events of one subject often
  start as two storylines because the first article of the second event says
  little of the first; once each has a few articles their sums meet.

When a story is split (:mod:`newsweave.story_split`), the moved part's articles leave
its storyline's sums and the part starts a storyline of its own, which the merge rule
then joins to its best storyline, if any (:meth:`Storylines.split_off`;
``replace_split_parts=False`` keeps the part in the parent's storyline instead).
``min_names > 0`` vetoes a placement or merge whose names and numbers share less than
that TF-IDF cosine (measured, not adopted: docs/clustering.md, session 8).

The score is ``w_embedding * cos(embedding, storyline centroid) + w_words *
tfidf_cos(words) + w_specifics * tfidf_cos(names and numbers)``: the
background a subject's events share, without the lead block (which tells
events apart) and without time decay (a subject's events can be years apart).
Only the ``top_k`` storylines nearest by embedding are scored in full, so
placing a story (or checking a merge) costs one matrix product and a few
sparse cosines. A story changes storyline only when its whole storyline merges;
the same articles in the same order give the same storylines, so batch and
one-by-one runs agree.

Parameters were chosen by leave-topics-out cross-validation on ECB+ topics
1-35 against the topic labels (docs/clustering.md, "Storylines").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from newsweave.features import ArticleFeatures
from newsweave.index_state import DocFrequencies, StorylineState
from newsweave.story_scoring import Idf, tfidf_cosine

__all__ = ["STORYLINE_MERGE_THRESHOLDS", "STORYLINE_THRESHOLDS", "VETOED", "StorylineParams",
           "StorylineState", "Storylines", "storyline_score"]

# Candidates for cross-validation (newsweave eval clustering --cv).
STORYLINE_THRESHOLDS = (0.15, 0.175, 0.2, 0.225, 0.25, 0.275, 0.3)
STORYLINE_MERGE_THRESHOLDS: tuple[float | None, ...] = (None, 0.25, 0.275, 0.3, 0.325, 0.35,
                                                         0.4)


VETOED = float("-inf")
"""The score of a storyline pair that shares too few names (``min_names``)."""


@dataclass(frozen=True, slots=True)
class StorylineParams:
    """Storyline parameters (see the module docstring); ``merge_threshold=None`` never
    merges. Defaults chosen by cross-validation on ECB+ topics (docs/clustering.md)."""

    threshold: float = 0.275
    w_embedding: float = 0.5
    w_words: float = 0.5
    w_specifics: float = 0.0
    top_k: int = 8
    max_terms: int = 400
    merge_threshold: float | None = 0.3
    merge_top_k: int = 3
    replace_split_parts: bool = True
    min_names: float = 0.0


def storyline_score(features: ArticleFeatures, state: StorylineState, emb_cos: float,
                    df: DocFrequencies, params: StorylineParams,
                    idf: tuple[Idf, Idf] | None = None) -> float:
    """The score of an article against a storyline (``df``: the story index's
    document frequencies; ``idf``: their words and specifics :class:`Idf`, to share)."""
    idf_words, idf_specifics = idf or (Idf(df.words, df.n_docs), Idf(df.specifics, df.n_docs))
    names = 0.0
    if params.w_specifics or params.min_names:
        names = tfidf_cosine(features.specifics, state.specifics, df.specifics, df.n_docs,
                             idf_specifics)
        if names < params.min_names:
            return VETOED
    score = params.w_embedding * emb_cos + params.w_specifics * names
    if params.w_words:
        score += params.w_words * tfidf_cosine(features.words, state.words, df.words,
                                               df.n_docs, idf_words)
    return score


def _add_terms(target: dict[str, float], source: Mapping[str, float], limit: int,
               sign: float = 1.0) -> None:
    for term, weight in source.items():
        target[term] = target.get(term, 0.0) + sign * weight
        if sign < 0 and target[term] <= 1e-9:  # a term only the removed articles had
            del target[term]
    if len(target) > limit:
        kept = sorted(target.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        target.clear()
        target.update(kept)


class Storylines:
    """In-memory storylines; call :meth:`observe` after each article's story is known.

    ``of_story`` maps story key -> storyline key. The state of storylines can
    be loaded lazily (``load``: keys -> states) for a persisted index; then
    ``keys``/``emb`` hold only the embedding sums, like the story matrix.
    ``merges`` lists the merges made since it was last emptied, as
    ``(absorbed key, surviving state)``: a persisted index writes them.
    """

    def __init__(self, params: StorylineParams | None = None,
                 load: Callable[[Sequence[str]], Mapping[str, StorylineState]] | None = None,
                 ) -> None:
        self.params = params or StorylineParams()
        self._load = load
        self.states: dict[str, StorylineState] = {}
        self.of_story: dict[str, str] = {}
        self._stories_of: dict[str, list[str]] = {}  # the reverse of ``of_story``
        self.keys: list[str] = []
        self._row: dict[str, int] = {}
        self.emb = np.zeros((16, 0), dtype=np.float64)
        # Row norms of ``emb``, kept with it: every article compares its storyline with
        # all the others, and recomputing the norms each time would double that cost.
        self.norms = np.zeros(16, dtype=np.float64)
        self.merges: list[tuple[str, StorylineState]] = []

    def _put(self, key: str, emb_sum: NDArray[np.float64]) -> None:
        row = self._row.get(key)
        if self.emb.shape[1] != len(emb_sum):
            self.emb = np.zeros((max(16, len(self.keys)), len(emb_sum)), dtype=np.float64)
            self.norms = np.zeros(len(self.emb), dtype=np.float64)
        if row is None:
            row = len(self.keys)
            if row >= len(self.emb):
                self.emb = np.concatenate([self.emb, np.zeros_like(self.emb)])
                self.norms = np.concatenate([self.norms, np.zeros_like(self.norms)])
            self.keys.append(key)
            self._row[key] = row
        self.emb[row] = emb_sum
        self.norms[row] = float(np.linalg.norm(emb_sum))

    def _drop(self, key: str) -> None:
        """Remove ``key``'s row (the last row takes its place)."""
        row = self._row.pop(key)
        last = len(self.keys) - 1
        if row != last:
            moved = self.keys[last]
            self.keys[row] = moved
            self._row[moved] = row
            self.emb[row] = self.emb[last]
            self.norms[row] = self.norms[last]
        self.keys.pop()
        self.emb[last] = 0.0
        self.norms[last] = 0.0

    def _nearest(self, vector: NDArray[np.float64], exclude: str | None = None,
                 top_k: int | None = None) -> tuple[list[str], NDArray[np.float64]]:
        """The ``top_k`` (default: the parameter) storylines nearest ``vector`` by embedding
        cosine, and all cosines."""
        n = len(self.keys)
        norms = np.where(self.norms[:n] == 0, 1.0, self.norms[:n])
        cos = self.emb[:n] @ vector / norms
        if exclude is not None:
            cos[self._row[exclude]] = -np.inf
        order = np.lexsort((np.asarray(self.keys), -cos))[: top_k or self.params.top_k]
        picked = [self.keys[i] for i in order if exclude is None or self.keys[i] != exclude]
        self._ensure(picked)
        return picked, cos

    def place(self, features: ArticleFeatures, df: DocFrequencies) -> tuple[str | None, float]:
        """The storyline a story seeded by ``features`` joins (``None``: a new one)."""
        if not self.keys:
            return None, 0.0
        picked, cos = self._nearest(features.embedding.astype(np.float64))
        best: tuple[float, str] | None = None
        idf = Idf(df.words, df.n_docs), Idf(df.specifics, df.n_docs)
        for key in picked:
            score = storyline_score(features, self.states[key], float(cos[self._row[key]]), df,
                                    self.params, idf)
            if best is None or score > best[0] or (score == best[0] and key < best[1]):
                best = (score, key)
        assert best is not None
        return (best[1] if best[0] >= self.params.threshold else None), best[0]

    def _ensure(self, keys: Sequence[str]) -> None:
        missing = [k for k in keys if k not in self.states]
        if missing and self._load is not None:
            self.states.update(self._load(missing))

    def remember(self, of_story: Mapping[str, str]) -> None:
        """Record stories already placed (story key -> storyline key, read from storage)."""
        for story, line in of_story.items():
            if story not in self.of_story:
                self.of_story[story] = line
                self._stories_of.setdefault(line, []).append(story)

    def put_row(self, key: str, emb_sum: NDArray[np.float64]) -> None:
        """Register a stored storyline's embedding sum (its state loads on demand)."""
        self._put(key, emb_sum)

    def observe(self, features: ArticleFeatures, story_key: str, df: DocFrequencies) -> str:
        """Record that ``features`` joined (or seeded) ``story_key``; its storyline key
        (after a merge, the surviving storyline's)."""
        line = self.of_story.get(story_key)
        if line is None:
            line, _ = self.place(features, df)
            if line is None:
                line = story_key
                self.states[line] = StorylineState(
                    line, 0, np.zeros(len(features.embedding), dtype=np.float64),
                    created=df.n_docs)
            self.remember({story_key: line})
        self._ensure([line])
        state = self.states[line]
        state.size += 1
        state.emb_sum = state.emb_sum + features.embedding.astype(np.float64)
        _add_terms(state.words, features.words, self.params.max_terms)
        _add_terms(state.specifics, features.specifics, self.params.max_terms)
        self._put(line, state.emb_sum)
        if self.params.merge_threshold is not None:
            line = self._merge(line, df)
        return line

    def split_off(self, line: str, story: str, members: Sequence[ArticleFeatures],
                  df: DocFrequencies) -> str:
        """Re-place ``story``, just split off a story of storyline ``line`` and holding
        ``members``: their features leave ``line``, ``story`` starts a storyline of its
        own (keyed by ``story``, young; the caller then runs :meth:`merge_check` on it,
        which merges it like any storyline: with ``line`` again, with another storyline,
        or with none). The storyline key of ``story`` (with ``replace_split_parts=False``:
        ``line``, whose sums keep the members, as before session 8)."""
        if not self.params.replace_split_parts:
            self.remember({story: line})
            return line
        self._ensure([line])
        parent = self.states[line]
        state = StorylineState(story, 0, np.zeros_like(parent.emb_sum), created=df.n_docs)
        for f in members:
            parent.size -= 1
            parent.emb_sum = parent.emb_sum - f.embedding.astype(np.float64)
            _add_terms(parent.words, f.words, self.params.max_terms, -1.0)
            _add_terms(parent.specifics, f.specifics, self.params.max_terms, -1.0)
            state.size += 1
            state.emb_sum = state.emb_sum + f.embedding.astype(np.float64)
            _add_terms(state.words, f.words, self.params.max_terms)
            _add_terms(state.specifics, f.specifics, self.params.max_terms)
        self._put(line, parent.emb_sum)
        self.states[story] = state
        self._put(story, state.emb_sum)
        self._stories_of[line] = [s for s in self._stories_of.get(line, []) if s != story]
        self.of_story[story] = story
        self._stories_of[story] = [story]
        return story

    def merge_check(self, line: str, df: DocFrequencies) -> str:
        """Merge storyline ``line`` with its most similar other storyline when they score
        at least ``merge_threshold`` (as :meth:`observe` does); the surviving key."""
        if self.params.merge_threshold is None:
            return line
        return self._merge(line, df)

    def merge_score(self, a: StorylineState, b: StorylineState, df: DocFrequencies,
                    idf: tuple[Idf, Idf] | None = None) -> float:
        """The similarity of two storylines (their summed features, same weights as
        placement; ``idf`` as in :func:`storyline_score`)."""
        idf_words, idf_specifics = idf or (Idf(df.words, df.n_docs),
                                           Idf(df.specifics, df.n_docs))
        na, nb = float(np.linalg.norm(a.emb_sum)), float(np.linalg.norm(b.emb_sum))
        cos = float(a.emb_sum @ b.emb_sum) / (na * nb) if na and nb else 0.0
        names = 0.0
        if self.params.w_specifics or self.params.min_names:
            names = tfidf_cosine(a.specifics, b.specifics, df.specifics, df.n_docs,
                                 idf_specifics)
            if names < self.params.min_names:
                return VETOED
        score = self.params.w_embedding * cos + self.params.w_specifics * names
        if self.params.w_words:
            score += self.params.w_words * tfidf_cosine(a.words, b.words, df.words, df.n_docs,
                                                        idf_words)
        return score

    def _merge(self, line: str, df: DocFrequencies) -> str:
        """Merge storyline ``line`` with its most similar other storyline when they score
        at least ``merge_threshold``; the older one survives. The surviving key."""
        if len(self.keys) < 2:
            return line
        state = self.states[line]
        picked, _ = self._nearest(state.emb_sum, exclude=line, top_k=self.params.merge_top_k)
        best: tuple[float, str] | None = None
        idf = Idf(df.words, df.n_docs), Idf(df.specifics, df.n_docs)
        for key in picked:
            score = self.merge_score(state, self.states[key], df, idf)
            if best is None or score > best[0] or (score == best[0] and key < best[1]):
                best = (score, key)
        assert self.params.merge_threshold is not None
        if best is None or best[0] < self.params.merge_threshold:
            return line
        other = self.states[best[1]]
        survivor, absorbed = sorted((state, other), key=lambda st: st.age_key)
        survivor.size += absorbed.size
        survivor.emb_sum = survivor.emb_sum + absorbed.emb_sum
        _add_terms(survivor.words, absorbed.words, self.params.max_terms)
        _add_terms(survivor.specifics, absorbed.specifics, self.params.max_terms)
        self._drop(absorbed.key)
        del self.states[absorbed.key]
        self._put(survivor.key, survivor.emb_sum)
        moved = self._stories_of.pop(absorbed.key, [])
        for story in moved:
            self.of_story[story] = survivor.key
        self._stories_of.setdefault(survivor.key, []).extend(moved)
        self.merges.append((absorbed.key, survivor))
        return survivor.key
