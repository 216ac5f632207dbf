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

Online use: :class:`DuplicateIndex` (memory) and
:class:`newsweave.store.dedup_index.StoredDuplicateIndex` (SQLite) answer one
article at a time, comparing it only with the LSH candidates among the
articles indexed before it; adding articles one by one in publication order
gives exactly :func:`find_duplicates`' result. An article that arrives later
but is dated earlier than its copy does not take the canonical role over (the
stored answers never change retroactively).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

from newsweave.minhash import (
    Fingerprint,
    MinHasher,
    exact_key,
    jaccard,
    lsh_banding,
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
    "DuplicateIndex",
    "DuplicateIndexLike",
    "Fingerprint",
    "choose_match",
    "exact_key",
    "find_duplicates",
    "jaccard",
    "make_hasher",
    "normalised_tokens",
    "publication_order",
    "shingle_hashes",
]

DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Parameters of duplicate detection; a stored index remembers them.

    ``threshold`` is the minimum exact Jaccard of the 5-gram shingle sets for a
    near duplicate. ``bands`` x ``rows`` (derived, see
    :func:`newsweave.minhash.lsh_banding`) is the LSH banding: the most
    selective one that still makes a pair at exactly the threshold a candidate
    with probability >= 0.95. For 0.5 that is 42 bands of 3 rows (0.996).
    """

    threshold: float = DEFAULT_THRESHOLD
    num_perm: int = 128
    shingle_size: int = 5
    seed: int = 1
    bands: int = field(init=False)
    rows: int = field(init=False)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}.")
        if self.num_perm < 2 or self.shingle_size < 1:
            raise ValueError("num_perm must be >= 2 and shingle_size >= 1.")
        bands, rows = lsh_banding(self.threshold, self.num_perm)
        object.__setattr__(self, "bands", bands)
        object.__setattr__(self, "rows", rows)

    def params(self) -> dict[str, str]:
        """Everything that must match for two indexes to agree (stored with an index)."""
        return {
            "scheme": "newsweave-dedup-1/datasketch-affine32",
            "threshold": repr(self.threshold),
            "num_perm": str(self.num_perm),
            "shingle_size": str(self.shingle_size),
            "seed": str(self.seed),
            "bands": str(self.bands),
            "rows": str(self.rows),
        }


def make_hasher(config: DedupConfig) -> MinHasher:
    """The :class:`~newsweave.minhash.MinHasher` for ``config``."""
    return MinHasher(num_perm=config.num_perm, seed=config.seed,
                     shingle_size=config.shingle_size, bands=config.bands, rows=config.rows)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An indexed article that shares an LSH band with the new one."""

    article_id: str
    canonical: str
    seq: int
    shingles: NDArray[np.uint32]


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


class DuplicateIndexLike(Protocol):
    """What :func:`find_duplicates` needs of an index (memory or SQLite)."""

    @property
    def config(self) -> DedupConfig: ...

    def __contains__(self, article_id: object) -> bool: ...

    def add(self, article: Article) -> DuplicateMatch | None: ...


class DuplicateIndex:
    """In-memory duplicate index: exact-key dict + MinHash LSH with exact verification.

    :meth:`add` articles in publication order; each is compared with the
    articles added before it. Exact copies are answered from the dict and not
    banded (their earlier twin already represents them).
    """

    def __init__(self, config: DedupConfig | None = None) -> None:
        self._config = config or DedupConfig()
        self._hasher = make_hasher(self._config)
        self._bands = _BandTable()
        self._ids: list[str] = []
        self._shingles: list[NDArray[np.uint32]] = []
        self._canonical: list[str] = []
        self._seq: dict[str, int] = {}
        self._exact: dict[str, str] = {}
        self._matches: dict[str, DuplicateMatch] = {}
        self._seen: set[str] = set()

    @property
    def config(self) -> DedupConfig:
        return self._config

    def __len__(self) -> int:
        return len(self._seen)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._seen

    def add(self, article: Article) -> DuplicateMatch | None:
        """Index ``article``; return its match against earlier articles, or ``None``.

        Raises ``ValueError`` if an article with this id was already added.
        An article without any word is never a duplicate (nor a canonical one).
        """
        if article.id in self._seen:
            raise ValueError(f"Article {article.id!r} is already in the duplicate index.")
        self._seen.add(article.id)
        fp = self._hasher.fingerprint(article.text)
        if fp is None:
            return None
        twin = self._exact.get(fp.exact_key)
        if twin is not None:
            earlier = self._matches.get(twin)
            match = (
                DuplicateMatch(article.id, twin, 1.0, "exact")
                if earlier is None
                else DuplicateMatch(article.id, earlier.duplicate_of, earlier.similarity,
                                    earlier.kind)
            )
            self._matches[article.id] = match
            return match
        candidates = [
            Candidate(self._ids[d], self._canonical[d], d, self._shingles[d])
            for d in sorted(self._bands.query(fp.band_keys))
        ]
        found = choose_match(
            article.id, fp.shingles, candidates, self._config.threshold,
            lambda cid: self._shingles[self._seq[cid]],
        )
        doc = len(self._ids)
        self._ids.append(article.id)
        self._shingles.append(fp.shingles)
        self._canonical.append(found.duplicate_of if found else article.id)
        self._seq[article.id] = doc
        self._exact[fp.exact_key] = article.id
        self._bands.add(fp.band_keys, doc)
        if found is not None:
            self._matches[article.id] = found
        return found

    def matches(self) -> dict[str, DuplicateMatch]:
        """Every duplicate found so far, by article id."""
        return dict(self._matches)


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
    index: DuplicateIndexLike | None = None,
) -> tuple[DuplicateMatch, ...]:
    """The duplicate matches among ``articles`` (and against ``index``), in publication order.

    Articles are added in publication order (:func:`publication_order`), so
    ``duplicate_of`` is the earliest copy; the result equals adding them one by
    one to a :class:`DuplicateIndex`. With ``index`` (a :class:`DuplicateIndex`
    or a store-backed ``StoredDuplicateIndex``), articles are added to it and
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
