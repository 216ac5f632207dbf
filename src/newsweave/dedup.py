"""Exact and near-duplicate detection: which articles are copies of an earlier one.

Definitions (see ``docs/dedup.md`` for how the numbers were chosen):

* **Normalised tokens** (:func:`normalised_tokens`): NFKC, case-folded runs of
  letters and digits. Punctuation, quote style, case and spacing are ignored.
* **Exact duplicate**: the same normalised tokens (:func:`exact_key`, a SHA-256
  of them), so a copy that only differs in punctuation, curly quotes, case or
  line wrapping is exact (``similarity`` 1.0). This is looser than
  ``Article.content_hash``, which any character change alters; equal
  ``content_hash`` always implies an equal exact key.
* **Near duplicate**: Jaccard similarity of the sets of word 5-gram shingles of
  the normalised tokens at or above ``threshold`` (default
  :data:`DEFAULT_THRESHOLD` = 0.5). Candidates come from MinHash LSH (128
  permutations, datasketch's ``affine32`` scheme); every candidate is then
  verified with the *exact* Jaccard of the shingle sets, so LSH false
  positives never become duplicates and ``similarity`` is the exact Jaccard.

Groups are stars, never chains: ``duplicate_of`` always names a canonical
article (one that is not itself a duplicate) — the earliest by (date, id) when
articles are added in publication order, which :func:`find_duplicates` ensures.
A new article prefers the closest *canonical* article among its verified
matches; when it only matches a member of a group (a copy of a copy), it joins
that group, and ``similarity`` is then its Jaccard with the canonical article
itself, which may be lower than the threshold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from newsweave.model import Article, DuplicateMatch

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "DEFAULT_THRESHOLD",
    "Candidate",
    "DedupConfig",
    "DuplicateIndex",
    "Fingerprint",
    "choose_match",
    "exact_key",
    "find_duplicates",
    "fingerprint",
    "jaccard",
    "normalised_tokens",
    "publication_order",
    "shingle_hashes",
]

DEFAULT_THRESHOLD = 0.5
_TOKEN = re.compile(r"[^\W_]+")
_U64 = np.uint64
_MASK32 = 0xFFFFFFFF
_POLY = _U64(0x100000001B3)  # FNV-1a 64-bit prime, as the rolling multiplier
_CHUNK = 4096  # shingles per block when computing a signature (bounds memory)


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Parameters of a duplicate index; a stored index remembers them.

    ``bands`` x ``rows`` is the LSH banding. It is derived from ``threshold``:
    the most selective banding (largest ``rows``) that still makes a pair at
    exactly the threshold a candidate with probability >= 0.95
    (``1 - (1 - t**rows)**bands``). For 0.5 that is 42 bands of 3 rows
    (0.996); pairs at Jaccard 0.2 are candidates with probability 0.29 and are
    then rejected by exact verification.
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
        rows = 1
        for r in range(self.num_perm // 2, 0, -1):
            if 1.0 - (1.0 - self.threshold**r) ** (self.num_perm // r) >= 0.95:
                rows = r
                break
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "bands", self.num_perm // rows)

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


def normalised_tokens(text: str) -> list[str]:
    """NFKC, case-folded letter/digit runs of ``text`` (punctuation and spacing dropped)."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def exact_key(tokens: Sequence[str]) -> str:
    """SHA-256 (hex) of the normalised tokens joined by single spaces."""
    return hashlib.sha256(" ".join(tokens).encode("utf-8")).hexdigest()


def _fmix64(h: NDArray[np.uint64]) -> NDArray[np.uint64]:
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> _U64(33))


def _fmix32(h: NDArray[np.uint32]) -> NDArray[np.uint32]:
    # MurmurHash3's finaliser: the same pre-mix datasketch's affine32 scheme applies.
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def shingle_hashes(tokens: Sequence[str], size: int = 5) -> NDArray[np.uint32]:
    """Sorted, unique 32-bit hashes of the word ``size``-grams of ``tokens``.

    Each token is hashed once (CRC-32), and each window of ``size`` token hashes
    is combined by a rolling polynomial and mixed (MurmurHash3 ``fmix64``) in
    numpy, instead of hashing every shingle's bytes. A text with fewer than
    ``size`` tokens has one shingle (all its tokens); an empty one has none.
    """
    if not tokens:
        return np.zeros(0, dtype=np.uint32)
    th = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in tokens), _U64, len(tokens))
    k = min(size, len(tokens))
    n = len(tokens) - k + 1
    with np.errstate(over="ignore"):
        h = np.zeros(n, dtype=_U64)
        for j in range(k):
            h = h * _POLY + th[j : j + n] + _U64(1)
        h = _fmix64(h)
    return np.unique((h >> _U64(32)).astype(np.uint32))


def jaccard(a: NDArray[np.uint32], b: NDArray[np.uint32]) -> float:
    """Exact Jaccard similarity of two sorted unique hash arrays (0.0 if both are empty)."""
    if a.size == 0 and b.size == 0:
        return 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


@dataclass(frozen=True, slots=True, eq=False)
class Fingerprint:
    """What dedup keeps of an article: exact key, shingle hashes, MinHash, LSH band keys."""

    exact_key: str
    shingles: NDArray[np.uint32]
    signature: NDArray[np.uint32]
    band_keys: NDArray[np.int64]


class MinHasher:
    """Computes datasketch-compatible MinHash signatures and LSH band keys for a config.

    Signatures equal ``datasketch.MinHash(num_perm, seed, scheme="affine32",
    hashfunc=int)`` updated with the shingle hashes (tested), computed in one
    vectorised pass.
    """

    def __init__(self, config: DedupConfig) -> None:
        from datasketch import MinHash

        self.config = config
        perms = MinHash(num_perm=config.num_perm, seed=config.seed, scheme="affine32").permutations
        self._a = np.asarray(perms[0], dtype=np.uint32)[None, :]
        self._b = np.asarray(perms[1], dtype=np.uint32)[None, :]
        # Per-band salts so equal values in different bands give different keys.
        self._salt = _fmix64(np.arange(1, config.bands + 1, dtype=_U64))

    def signature(self, shingles: NDArray[np.uint32]) -> NDArray[np.uint32]:
        sig = np.full(self.config.num_perm, _MASK32, dtype=np.uint32)
        mixed = _fmix32(shingles.astype(np.uint32))
        for start in range(0, mixed.size, _CHUNK):
            block = mixed[start : start + _CHUNK, None] * self._a + self._b
            np.minimum(sig, block.min(axis=0), out=sig)
        return sig

    def band_keys(self, signature: NDArray[np.uint32]) -> NDArray[np.int64]:
        """One signed 64-bit key per band (band number folded in), stable across runs."""
        c = self.config
        bands = signature[: c.bands * c.rows].reshape(c.bands, c.rows).astype(_U64)
        with np.errstate(over="ignore"):
            h = self._salt.copy()
            for j in range(c.rows):
                h = _fmix64(h ^ bands[:, j])
        return h.view(np.int64)

    def fingerprint(self, text: str) -> Fingerprint | None:
        """The article's fingerprint, or ``None`` if it has no word at all."""
        tokens = normalised_tokens(text)
        if not tokens:
            return None
        shingles = shingle_hashes(tokens, self.config.shingle_size)
        signature = self.signature(shingles)
        return Fingerprint(exact_key(tokens), shingles, signature, self.band_keys(signature))


def fingerprint(text: str, config: DedupConfig | None = None) -> Fingerprint | None:
    """Convenience: :meth:`MinHasher.fingerprint` with a fresh hasher."""
    return MinHasher(config or DedupConfig()).fingerprint(text)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored article that shares an LSH band with the new one."""

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
    earliest stored); failing that, the new article joins the group of the
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
    """LSH buckets: band key -> stored document numbers, in compact numpy arrays.

    Recent inserts sit in a dict; they are merged into one sorted key array
    (looked up with ``searchsorted``) when the dict outgrows an eighth of it.
    At 100,000 documents x 42 bands this takes ~50 MB, where datasketch's
    ``MinHashLSH`` (a Python set per bucket) was measured at ~1.2 GB for 32 bands.
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


class DuplicateIndex:
    """In-memory duplicate index: exact-key dict + MinHash LSH with exact verification.

    :meth:`add` articles in publication order; each is compared with the
    articles added before it. Exact copies are answered from the dict and not
    banded (their earlier twin already represents them).
    """

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        self._hasher = MinHasher(self.config)
        self._bands = _BandTable()
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
            article.id, fp.shingles, candidates, self.config.threshold,
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
    """Articles sorted by (date, id), undated ones last: the order canonicals are chosen in."""
    return sorted(articles, key=lambda a: (a.date is None, a.date or dt.date.min, a.id))


def find_duplicates(
    articles: Sequence[Article], *, threshold: float = DEFAULT_THRESHOLD
) -> dict[str, DuplicateMatch]:
    """Duplicate matches of ``articles``, by article id (absent: not a duplicate).

    The articles are put in publication order first, so ``duplicate_of`` is the
    earliest copy; the result equals adding them one by one to a
    :class:`DuplicateIndex` in that order. Repeated ids are indexed once.
    """
    index = DuplicateIndex(DedupConfig(threshold=threshold))
    out: dict[str, DuplicateMatch] = {}
    for article in publication_order(articles):
        if article.id in index:
            continue
        match = index.add(article)
        if match is not None:
            out[article.id] = match
    return out
