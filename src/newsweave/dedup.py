"""DUPLICATES stage: which articles are exact or near copies of an earlier one.

Definitions (see ``docs/dedup.md`` for how the numbers were chosen and measured):

* **Exact duplicate**: the same normalised tokens
  (:func:`newsweave.minhash.normalised_tokens`: NFKC, case-folded letter/digit
  runs; :func:`~newsweave.minhash.exact_key` is their SHA-256), so a copy that
  only differs in punctuation, quote style, case or line wrapping is exact
  (``similarity`` 1.0). Equal ``Article.content_hash`` implies an equal key.
* **Near duplicate**: Jaccard similarity of the sets of word 5-gram shingles
  of the normalised tokens at or above ``threshold`` (default
  :data:`DEFAULT_THRESHOLD` = 0.5). Candidates come from MinHash LSH (128
  permutations, datasketch's ``affine32`` scheme, 42 bands x 3 rows); every
  candidate is then verified with the *exact* Jaccard of the shingle sets, so
  an LSH false positive never becomes a duplicate and ``similarity`` is the
  exact Jaccard.

Groups are stars, never chains: ``duplicate_of`` always names a canonical
article (one that is not itself a duplicate): the earliest in
:func:`publication_order` (date, then the longer text, then id), since
:func:`find_duplicates` adds articles in that order. A new article
prefers the closest *canonical* article among its verified matches; when it
only matches a member of a group (a copy of a copy), it joins that group and
``similarity`` is its Jaccard with the canonical article itself, which may then
be below the threshold.

Online use: :class:`DuplicateIndex` answers one article at a time, over a
:class:`DedupState` kept in memory (:class:`MemoryDedupState`) or in the
store (:meth:`newsweave.store.Store.duplicate_index`), the same code for
both, comparing it only with the LSH candidates among the articles indexed
before it; adding articles one by one in publication order
gives exactly :func:`find_duplicates`' result. An article that arrives later
but is dated earlier than its copy does not take the canonical role over (the
stored answers never change retroactively).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Protocol

import numpy as np

from newsweave.index_state import (
    DEFAULT_THRESHOLD,
    Candidate,
    DedupConfig,
    DedupEntry,
    IndexedText,
)
from newsweave.minhash import (
    Fingerprint,
    MinHasher,
    exact_key,
    jaccard,
    normalised_tokens,
    shingle_hashes,
)
from newsweave.model import Article, DuplicateMatch

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "DEFAULT_THRESHOLD",
    "Candidate",
    "DedupConfig",
    "DedupState",
    "DuplicateIndex",
    "Fingerprint",
    "MemoryDedupState",
    "choose_match",
    "exact_key",
    "find_duplicates",
    "jaccard",
    "make_hasher",
    "normalised_tokens",
    "publication_order",
    "shingle_hashes",
]


def make_hasher(config: DedupConfig) -> MinHasher:
    """The :class:`~newsweave.minhash.MinHasher` for ``config``."""
    return MinHasher(num_perm=config.num_perm, seed=config.seed,
                     shingle_size=config.shingle_size, bands=config.bands, rows=config.rows)


def choose_match(
    article_id: str,
    shingles: NDArray[np.uint32],
    candidates: Iterable[Candidate],
    threshold: float,
    canonical_shingles: Callable[[str], NDArray[np.uint32]],
) -> DuplicateMatch | None:
    """Verify candidates by exact Jaccard and pick what ``article_id`` duplicates.

    The best verified *canonical* candidate wins (highest Jaccard, then the
    earliest indexed); failing that, the new article joins the group of the
    closest verified member and is scored against that group's canonical
    article. Shared by the in-memory and SQLite indexes so they always agree.
    """
    verified = [(jaccard(shingles, c.shingles), c) for c in candidates]
    verified = [(j, c) for j, c in verified if j >= threshold]
    if not verified:
        return None
    direct = [(j, c) for j, c in verified if c.canonical == c.article_id]
    if direct:
        j, best = max(direct, key=lambda v: (v[0], -v[1].seq))
        return DuplicateMatch(article_id, best.article_id, round(j, 4), "near")
    _, member = max(verified, key=lambda v: (v[0], -v[1].seq))
    sim = jaccard(shingles, canonical_shingles(member.canonical))
    return DuplicateMatch(article_id, member.canonical, round(sim, 4), "near")


class _BandTable:
    """LSH buckets: band key -> indexed document numbers, in compact numpy arrays.

    Recent inserts sit in a dict; they are merged into one sorted key array
    (looked up with ``searchsorted``) when the dict outgrows an eighth of it,
    so memory stays at ~12 bytes per (document, band) instead of a Python set
    per bucket.
    """

    def __init__(self) -> None:
        self._keys = np.zeros(0, dtype=np.int64)
        self._docs = np.zeros(0, dtype=np.int32)
        self._recent: dict[int, list[int]] = {}
        self._recent_count = 0

    def add(self, keys: NDArray[np.int64], doc: int) -> None:
        for key in keys.tolist():
            self._recent.setdefault(key, []).append(doc)
        self._recent_count += len(keys)
        if self._recent_count > max(65_536, self._keys.size // 8):
            self._merge()

    def query(self, keys: NDArray[np.int64]) -> set[int]:
        found: set[int] = set()
        if self._keys.size:
            lo = np.searchsorted(self._keys, keys, side="left")
            hi = np.searchsorted(self._keys, keys, side="right")
            for i in np.flatnonzero(hi > lo).tolist():
                found.update(self._docs[lo[i] : hi[i]].tolist())
        for key in keys.tolist():
            found.update(self._recent.get(key, ()))
        return found

    def _merge(self) -> None:
        new_keys = [k for k, docs in self._recent.items() for _ in docs]
        new_docs = [d for docs in self._recent.values() for d in docs]
        keys = np.concatenate([self._keys, np.asarray(new_keys, dtype=np.int64)])
        docs = np.concatenate([self._docs, np.asarray(new_docs, dtype=np.int32)])
        order = np.argsort(keys, kind="stable")
        self._keys, self._docs = keys[order], docs[order]
        self._recent, self._recent_count = {}, 0


class DedupState(Protocol):
    """Where a duplicate index keeps its entries: :class:`MemoryDedupState` here, and
    :meth:`newsweave.store.Store.duplicate_index` (SQLite).

    ``config`` is the index's :class:`DedupConfig`. :meth:`put` records one
    article's :class:`~newsweave.index_state.DedupEntry`; entries are numbered
    in the order they are put (``Candidate.seq``). Every put inside one
    :meth:`atomic` block is kept, or none is.
    """

    @property
    def config(self) -> DedupConfig: ...

    def __len__(self) -> int: ...

    def __contains__(self, article_id: object) -> bool: ...

    def exact_twin(self, key: str) -> tuple[str, DuplicateMatch | None] | None:
        """The earliest entry with exact key ``key``: its id and its match."""
        ...

    def candidates(self, band_keys: NDArray[np.int64], *,
                   canonical_only: bool = False) -> Sequence[Candidate]:
        """Banded entries sharing at least one of ``band_keys``, by ``seq``
        (``canonical_only``: only those that are their own canonical article)."""
        ...

    def shingles_of(self, article_id: str) -> NDArray[np.uint32]: ...

    def put(self, entry: DedupEntry) -> None: ...

    def matches(self) -> dict[str, DuplicateMatch]: ...

    def clear(self) -> None: ...

    def atomic(self) -> AbstractContextManager[object]: ...


class MemoryDedupState:
    """A :class:`DedupState` in memory: exact-key dict + compact LSH band table."""

    def __init__(self, config: DedupConfig | None = None) -> None:
        self._config = config or DedupConfig()
        self.clear()

    @property
    def config(self) -> DedupConfig:
        return self._config

    def clear(self) -> None:
        self._bands = _BandTable()  # canonical articles
        self._member_bands = _BandTable()  # copies: read only when no canonical verifies
        self._ids: list[str] = []
        self._shingles: list[NDArray[np.uint32]] = []
        self._canonical: list[str] = []
        self._seq: dict[str, int] = {}
        self._exact: dict[str, str] = {}
        self._matches: dict[str, DuplicateMatch] = {}
        self._seen: set[str] = set()

    def __len__(self) -> int:
        return len(self._seen)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._seen

    def exact_twin(self, key: str) -> tuple[str, DuplicateMatch | None] | None:
        twin = self._exact.get(key)
        return None if twin is None else (twin, self._matches.get(twin))

    def candidates(self, band_keys: NDArray[np.int64], *,
                   canonical_only: bool = False) -> list[Candidate]:
        docs = self._bands.query(band_keys)
        if not canonical_only:  # copies are banded apart (issue 19)
            docs |= self._member_bands.query(band_keys)
        return [Candidate(self._ids[d], self._canonical[d], d, self._shingles[d])
                for d in sorted(docs)]

    def shingles_of(self, article_id: str) -> NDArray[np.uint32]:
        return self._shingles[self._seq[article_id]]

    def put(self, entry: DedupEntry) -> None:
        self._seen.add(entry.article_id)
        if entry.match is not None:
            self._matches[entry.article_id] = entry.match
        if entry.text is None:
            return
        doc = len(self._ids)
        self._ids.append(entry.article_id)
        self._shingles.append(entry.text.shingles)
        self._canonical.append(entry.canonical)
        self._seq[entry.article_id] = doc
        self._exact.setdefault(entry.exact_key, entry.article_id)
        bands = self._bands if entry.canonical == entry.article_id else self._member_bands
        bands.add(entry.text.band_keys, doc)

    def matches(self) -> dict[str, DuplicateMatch]:
        return dict(self._matches)

    def atomic(self) -> AbstractContextManager[object]:
        return nullcontext()


class DuplicateIndex:
    """Online duplicate detection over a :class:`DedupState` (memory by default).

    :meth:`add` articles in publication order; each is compared with the
    articles added before it: exact copies through the exact key (they are
    never banded: their earlier twin represents them), near copies through
    MinHash LSH candidates verified by exact Jaccard (:func:`choose_match`).
    ``DuplicateIndex(config)`` keeps its state in memory;
    ``DuplicateIndex(state=store.duplicate_index(config))`` in the store.
    """

    def __init__(self, config: DedupConfig | None = None, *,
                 state: DedupState | None = None) -> None:
        if state is None:
            state = MemoryDedupState(config)
        elif config is not None and config != state.config:
            raise ValueError(f"DuplicateIndex got config {config} but its state was built "
                             f"with {state.config}.")
        self.state = state
        self._hasher = make_hasher(state.config)

    @property
    def config(self) -> DedupConfig:
        return self.state.config

    def __len__(self) -> int:
        return len(self.state)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.state

    def add(self, article: Article) -> DuplicateMatch | None:
        """Index ``article``; return its match against earlier articles, or ``None``.

        Raises ``ValueError`` if an article with this id was already added.
        An article without any word is never a duplicate (nor a canonical one).
        """
        if article.id in self.state:
            raise ValueError(f"Article {article.id!r} is already in the duplicate index.")
        fp = self._hasher.fingerprint(article.text)
        with self.state.atomic():
            if fp is None:
                # Indexed (so it is not re-added) but never matched: no words.
                self.state.put(DedupEntry(article.id, "", article.id, None))
                return None
            twin = self.state.exact_twin(fp.exact_key)
            if twin is not None:
                twin_id, earlier = twin
                match = (DuplicateMatch(article.id, twin_id, 1.0, "exact") if earlier is None
                         else DuplicateMatch(article.id, earlier.duplicate_of,
                                             earlier.similarity, earlier.kind))
                self.state.put(DedupEntry(article.id, fp.exact_key, match.duplicate_of, match))
                return match
            # Canonical candidates first: when one verifies it wins whatever the members
            # say (choose_match), so a copy of a wire story of 5,000 copies reads the one
            # canonical, not every earlier copy (issue 19); members only when none does.
            found = choose_match(article.id, fp.shingles,
                                 self.state.candidates(fp.band_keys, canonical_only=True),
                                 self.config.threshold, self.state.shingles_of)
            if found is None:
                found = choose_match(article.id, fp.shingles,
                                     self.state.candidates(fp.band_keys),
                                     self.config.threshold, self.state.shingles_of)
            self.state.put(DedupEntry(
                article.id, fp.exact_key, found.duplicate_of if found else article.id, found,
                IndexedText(fp.shingles, fp.signature, fp.band_keys)))
            return found

    def add_many(self, articles: Sequence[Article]) -> dict[str, DuplicateMatch]:
        """Add ``articles`` in publication order, atomically; return their matches.

        Ids already indexed are skipped.
        """
        out: dict[str, DuplicateMatch] = {}
        with self.state.atomic():
            for article in publication_order(articles):
                if article.id in self.state:
                    continue
                match = self.add(article)
                if match is not None:
                    out[article.id] = match
        return out

    def matches(self) -> dict[str, DuplicateMatch]:
        """Every duplicate found so far, by article id."""
        return self.state.matches()

    def clear(self) -> None:
        """Empty the index (a stored one keeps its config)."""
        self.state.clear()


def publication_order(articles: Iterable[Article]) -> list[Article]:
    """Articles in the order canonicals are chosen in: by date, undated ones last.

    Articles of the same day (``Article.date`` has no time of day) are ordered
    longest first (by whitespace-separated words), then by id: of two same-day
    versions of a story the fuller one is taken as the original, since copies
    and light edits trim rather than add.
    """
    return sorted(
        articles,
        key=lambda a: (a.date is None, a.date or dt.date.min, -len(a.text.split()), a.id),
    )


def find_duplicates(
    articles: Sequence[Article],
    config: DedupConfig = DedupConfig(),  # frozen, so a shared default is safe
    index: DuplicateIndex | None = None,
) -> tuple[DuplicateMatch, ...]:
    """The duplicate matches among ``articles`` (and against ``index``), in publication order.

    Articles are added in publication order (:func:`publication_order`), so
    ``duplicate_of`` is the earliest copy; the result equals adding them one by
    one to a :class:`DuplicateIndex`. With ``index`` (in memory or over the
    store's state), articles are added to it and
    also matched against what it already holds; ids it already holds are
    skipped (their matches were returned when they were added), as are
    repeated ids. The index's own config is used; passing a different,
    non-default ``config`` with it raises ``ValueError``.
    """
    if index is None:
        index = DuplicateIndex(config)
    elif config != index.config and config != DedupConfig():
        raise ValueError(
            f"find_duplicates got config {config} but the index was built with {index.config}."
        )
    out: list[DuplicateMatch] = []
    for article in publication_order(articles):
        if article.id in index:
            continue
        match = index.add(article)
        if match is not None:
            out.append(match)
    return tuple(out)
