"""Where a story index keeps its state, and how a story's state grows.

:class:`StoryIndexState` is the storage protocol of :class:`newsweave.clustering.StoryIndex`:
:class:`MemoryStoryState` implements it in dictionaries here, the store in SQL
(:mod:`newsweave.store.story_index`). :func:`new_state` and :func:`absorb` are
the only ways a story's summed features change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from newsweave.index_state import ClusterParams, DocFrequencies, StorylineState, StoryState
from newsweave.model import ArticleFeatures

__all__ = ["MemoryStoryState", "StoryIndexState", "absorb", "new_state"]

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

    def split(self, kept: StoryState, parts: Sequence[tuple[StoryState, Sequence[str]]]) -> None:
        """Story ``kept.key`` was split (:mod:`newsweave.story_split`): its saved state
        becomes ``kept``; each part's articles (ids) move to the new story of its state,
        saved too. Document frequencies do not change."""

    # Storylines (newsweave.storylines): placement state and story -> storyline.

    def storyline_rows(self) -> Iterable[tuple[str, NDArray[np.float64]]]: ...

    def storyline_states(self, keys: Sequence[str]) -> Mapping[str, StorylineState]: ...

    def storyline_of(self, story_keys: Sequence[str]) -> dict[str, str]: ...

    def save_storyline(self, state: StorylineState, new_story: str | None) -> None:
        """Write ``state``; ``new_story`` is a story just placed in it (else ``None``)."""

    def merge_storyline(self, absorbed: str, survivor: str) -> None:
        """Storyline ``absorbed`` merged into ``survivor`` (whose state is saved next): move
        its stories to ``survivor``, drop it, and keep ``absorbed`` as an alias."""

    def storyline_aliases(self) -> dict[str, str]:
        """Key of every merged-away storyline -> key of the storyline it now is."""


class MemoryStoryState:
    """A :class:`StoryIndexState` in dictionaries (batch runs, evaluation, tests)."""

    def __init__(self, params: ClusterParams | None = None) -> None:
        self._params = params or ClusterParams()
        self._states: dict[str, StoryState] = {}
        self._assignments: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}  # story -> articles, join order
        self._undated: list[str] = []
        self._df = DocFrequencies()
        self._lines: dict[str, StorylineState] = {}
        self._line_of: dict[str, str] = {}
        self._aliases: dict[str, str] = {}
        # Reverse maps (storyline -> its stories, -> its aliases): a merge touches only those.
        self._stories_of: dict[str, list[str]] = {}
        self._aliases_of: dict[str, list[str]] = {}

    @property
    def params(self) -> ClusterParams:
        return self._params

    def story_of(self, article_id: str) -> str | None:
        return self._assignments.get(article_id)

    def assignments(self) -> dict[str, str]:
        return dict(self._assignments)

    def members(self, story_key: str) -> list[str]:
        return list(self._members.get(story_key, ()))

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
        self._members.setdefault(state.key, []).append(features.article_id)
        if features.date is None:
            self._undated.append(features.article_id)

    def atomic(self) -> AbstractContextManager[object]:
        return nullcontext()

    def split(self, kept: StoryState, parts: Sequence[tuple[StoryState, Sequence[str]]]) -> None:
        self._states[kept.key] = kept
        gone: set[str] = set()
        for state, ids in parts:
            self._states[state.key] = state
            self._members[state.key] = list(ids)
            gone.update(ids)
            for article in ids:
                self._assignments[article] = state.key
        self._members[kept.key] = [a for a in self._members[kept.key] if a not in gone]

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
            self._stories_of.setdefault(state.key, []).append(new_story)

    def merge_storyline(self, absorbed: str, survivor: str) -> None:
        moved = self._stories_of.pop(absorbed, [])
        for story in moved:
            self._line_of[story] = survivor
        self._stories_of.setdefault(survivor, []).extend(moved)
        self._lines.pop(absorbed, None)
        renamed = [*self._aliases_of.pop(absorbed, []), absorbed]
        for alias in renamed:
            self._aliases[alias] = survivor
        self._aliases_of.setdefault(survivor, []).extend(renamed)

    def storyline_aliases(self) -> dict[str, str]:
        return dict(self._aliases)
