"""The claim-pair scores a story's fact comparison reads: dense when small, sparse when large.

The comparison needs (a) every pair of claims scoring at least the alignment
threshold (candidates for consensus, topical groups and quote conflicts), (b)
the score or lexical cosine of particular pairs and blocks (value comparison,
group linkage, copies), and (c) the embedding cosine of particular pairs
(entailment). :class:`DenseScores` answers from square matrices, which is what
small stories use (up to :data:`DENSE_CLAIMS` claims: the exact matrices of
:func:`~newsweave.facts.similarity.claim_similarity`). :class:`SparseScores`
scores the story block by block and keeps, for each claim, only its
:data:`TOP_K` best partners at or above the threshold: memory grows with
``claims x TOP_K`` instead of ``claims ** 2``, and everything else is computed
for the pairs asked for. Both give the same comparison on stories where no claim
has more than ``TOP_K`` partners above the threshold (tested on real stories);
block products may differ from the whole matrix in the last bit of a float32.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

from newsweave.facts.similarity import ClaimScores

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["DENSE_CLAIMS", "MAX_CLAIMS", "TOP_K", "DenseScores", "PairScores", "SparseScores"]

DENSE_CLAIMS = 1500
"""Stories with at most this many claims are compared with square matrices (~9 MiB each)."""
TOP_K = 64
"""Partners kept per claim (best first) in a large story."""
MAX_CLAIMS = 200_000
"""Above this many claims a story's comparison is refused with a clear message: its
block scoring (quadratic time, linear memory) would take hours."""
_BLOCK = 256  # rows scored at once: 256 x claims float32 scratch


class PairScores(Protocol):
    """Scores of a story's claim pairs (see the module docstring)."""

    def pairs(self, minimum: float) -> list[tuple[int, int, float]]:
        """Pairs ``(i, j, score)`` with ``i < j`` and ``score >= minimum``, by ``(i, j)``."""
        ...

    def __getitem__(self, pair: tuple[int, int]) -> float: ...

    def block(self, rows: Sequence[int], cols: Sequence[int]) -> NDArray[np.float32]: ...

    def lexical_block(self, rows: Sequence[int], cols: Sequence[int]) -> NDArray[np.float32]: ...

    def cosine(self, i: int, j: int) -> float:
        """Embedding cosine of claims ``i`` and ``j`` (unclipped)."""
        ...

    def prefetch(self, claims: Sequence[int]) -> None:
        """Score every pair among ``claims`` now (they will be asked for one by one)."""
        ...


class DenseScores:
    """:class:`PairScores` over the square matrices of a small story."""

    def __init__(self, sim: NDArray[np.float32], lexical: NDArray[np.float32],
                 unit: NDArray[np.float32]) -> None:
        self.sim, self.lexical, self.unit = sim, lexical, unit
        self._cosine: NDArray[np.float32] | None = None

    def pairs(self, minimum: float) -> list[tuple[int, int, float]]:
        found = np.argwhere(np.triu(self.sim, k=1) >= minimum)
        return [(int(i), int(j), float(self.sim[i, j])) for i, j in found]

    def __getitem__(self, pair: tuple[int, int]) -> float:
        return float(self.sim[pair])

    def block(self, rows: Sequence[int], cols: Sequence[int]) -> NDArray[np.float32]:
        out: NDArray[np.float32] = self.sim[np.ix_(rows, cols)]
        return out

    def lexical_block(self, rows: Sequence[int], cols: Sequence[int]) -> NDArray[np.float32]:
        out: NDArray[np.float32] = self.lexical[np.ix_(rows, cols)]
        return out

    def cosine(self, i: int, j: int) -> float:
        if self._cosine is None:
            self._cosine = self.unit @ self.unit.T
        return float(self._cosine[i, j])

    def prefetch(self, claims: Sequence[int]) -> None:
        return None


class SparseScores:
    """:class:`PairScores` of a large story: each claim's ``top_k`` best partners at or
    above ``floor``, found block by block; other pairs are scored when asked for."""

    def __init__(self, scorer: ClaimScores, unit: NDArray[np.float32], *, floor: float,
                 top_k: int = TOP_K) -> None:
        n = len(scorer)
        if n > MAX_CLAIMS:
            raise ValueError(
                f"The story has {n:,} claims; fact comparison is limited to {MAX_CLAIMS:,} "
                "claims per story (newsweave.facts.pairs.MAX_CLAIMS): split the story or "
                "remove copies of one wire text.")
        self.scorer, self.unit, self.floor = scorer, unit, floor
        self._edges: dict[tuple[int, int], float] = {}
        self._fetched: dict[int, int] = {}
        self._fetched_block: NDArray[np.float32] = np.zeros((0, 0), dtype=np.float32)
        everything = slice(None)
        for lo in range(0, n, _BLOCK):
            hi = min(lo + _BLOCK, n)
            scores = scorer.block(slice(lo, hi), everything)
            scores[np.arange(hi - lo), np.arange(lo, hi)] = -1.0  # not its own partner
            for r in range(hi - lo):
                row = scores[r]
                keep = np.flatnonzero(row >= floor)
                if len(keep) > top_k:
                    keep = keep[np.lexsort((keep, -row[keep]))[:top_k]]
                i = lo + r
                for j in keep.tolist():
                    key = (i, j) if i < j else (j, i)
                    if key not in self._edges or i < j:  # the lower row's score wins
                        self._edges[key] = float(row[j])

    def pairs(self, minimum: float) -> list[tuple[int, int, float]]:
        if minimum < self.floor:
            raise ValueError(f"pairs below {self.floor} were not kept (asked for {minimum}).")
        return sorted((i, j, s) for (i, j), s in self._edges.items() if s >= minimum)

    def __getitem__(self, pair: tuple[int, int]) -> float:
        i, j = pair
        if i in self._fetched and j in self._fetched:
            return float(self._fetched_block[self._fetched[i], self._fetched[j]])
        key = (i, j) if i < j else (j, i)
        if key in self._edges:
            return self._edges[key]
        return float(self.scorer.block([i], [j])[0, 0])

    def block(self, rows: Sequence[int], cols: Sequence[int]) -> NDArray[np.float32]:
        return self.scorer.block(list(rows), list(cols))

    def lexical_block(self, rows: Sequence[int], cols: Sequence[int]) -> NDArray[np.float32]:
        return self.scorer.lexical(list(rows), list(cols))

    def cosine(self, i: int, j: int) -> float:
        return float(self.unit[i] @ self.unit[j])

    def prefetch(self, claims: Sequence[int]) -> None:
        wanted = sorted(set(claims))
        self._fetched = {c: k for k, c in enumerate(wanted)}
        self._fetched_block = np.zeros((len(wanted), len(wanted)), dtype=np.float32)
        for lo in range(0, len(wanted), _BLOCK):  # bounded scratch memory
            self._fetched_block[lo: lo + _BLOCK] = self.scorer.block(wanted[lo: lo + _BLOCK],
                                                                     wanted)
