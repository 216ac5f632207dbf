"""Text fingerprints for duplicate detection: normalised tokens, shingles, MinHash, LSH bands.

Everything here is a pure function of one text (plus fixed parameters), so a
fingerprint can be computed in any process and stored. The duplicate logic
that compares fingerprints lives in :mod:`newsweave.dedup`.

* :func:`normalised_tokens`: NFKC, case-folded runs of letters and digits
  (punctuation, quote style, case and spacing are ignored).
* :func:`shingle_hashes`: the sorted, unique 32-bit hashes of the word
  ``k``-grams of those tokens, computed in numpy (each token is hashed once).
* :class:`MinHasher`: MinHash signatures equal to ``datasketch.MinHash(num_perm,
  seed, scheme="affine32", hashfunc=int)`` updated with the shingle hashes
  (tested against datasketch), in one vectorised pass, and LSH band keys.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from newsweave.index_state import lsh_banding

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "Fingerprint",
    "MinHasher",
    "exact_key",
    "jaccard",
    "lsh_banding",
    "normalised_tokens",
    "shingle_hashes",
]

_TOKEN = re.compile(r"[^\W_]+")
_U64 = np.uint64
_MASK32 = 0xFFFFFFFF
_POLY = _U64(0x100000001B3)  # FNV-1a 64-bit prime, as the rolling multiplier
_CHUNK = 4096  # shingles per block when computing a signature (bounds memory)


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
    """Computes datasketch-compatible MinHash signatures and LSH band keys.

    ``signature`` equals ``datasketch.MinHash(num_perm, seed, scheme="affine32",
    hashfunc=int)`` updated with the shingle hashes (tested), computed in one
    vectorised pass; the permutations are taken from datasketch itself.
    """

    def __init__(
        self, *, num_perm: int, seed: int, shingle_size: int, bands: int, rows: int
    ) -> None:
        from datasketch import MinHash

        if bands * rows > num_perm:
            raise ValueError(f"{bands} bands x {rows} rows exceed {num_perm} permutations.")
        self.num_perm, self.shingle_size = num_perm, shingle_size
        self.bands, self.rows = bands, rows
        perms = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
        self._a = np.asarray(perms[0], dtype=np.uint32)[None, :]
        self._b = np.asarray(perms[1], dtype=np.uint32)[None, :]
        # Per-band salts so equal values in different bands give different keys.
        self._salt = _fmix64(np.arange(1, bands + 1, dtype=_U64))

    def signature(self, shingles: NDArray[np.uint32]) -> NDArray[np.uint32]:
        """The MinHash signature (``num_perm`` uint32 values) of a set of shingle hashes."""
        sig = np.full(self.num_perm, _MASK32, dtype=np.uint32)
        mixed = _fmix32(shingles.astype(np.uint32))
        for start in range(0, mixed.size, _CHUNK):
            # uint32 arithmetic wraps mod 2**32, exactly datasketch's affine32 scheme.
            block = mixed[start : start + _CHUNK, None] * self._a + self._b
            np.minimum(sig, block.min(axis=0), out=sig)
        return sig

    def band_keys(self, signature: NDArray[np.uint32]) -> NDArray[np.int64]:
        """One signed 64-bit key per band (band number folded in), stable across runs."""
        bands = signature[: self.bands * self.rows].reshape(self.bands, self.rows).astype(_U64)
        with np.errstate(over="ignore"):
            h = self._salt.copy()
            for j in range(self.rows):
                h = _fmix64(h ^ bands[:, j])
        return h.view(np.int64)

    def fingerprint(self, text: str) -> Fingerprint | None:
        """The text's fingerprint, or ``None`` if it has no word at all."""
        tokens = normalised_tokens(text)
        if not tokens:
            return None
        shingles = shingle_hashes(tokens, self.shingle_size)
        signature = self.signature(shingles)
        return Fingerprint(exact_key(tokens), shingles, signature, self.band_keys(signature))
