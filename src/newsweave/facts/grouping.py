"""Topical alignment of a story's claims (for attributing summary sentences, not consensus).

:func:`aligned_groups` merges claims of different articles greedily, best pair
first, at or above an alignment score (:mod:`newsweave.facts.similarity`),
holding at most one claim per article, and merges two groups only when the mean
score of their cross pairs reaches ``linkage * threshold`` (so a chain of loosely
related claims does not snowball). Such a group says "these claims are about the
same thing", which is what the summary needs to cite every article telling a
sentence; it is *not* consensus, which needs mutual entailment
(:mod:`newsweave.facts.entail`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsweave.facts.pairs import DenseScores, PairScores
from newsweave.model import Claim

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["aligned_groups"]


def aligned_groups(
    pool: Sequence[Claim], sim: NDArray[np.float32] | PairScores, *, threshold: float,
    linkage: float,
) -> list[list[int]]:
    """Indices of ``pool`` grouped by alignment (module doc); groups of two or more only.

    ``sim``: the claims' score matrix, or their :class:`~newsweave.facts.pairs.PairScores`
    (a large story's best pairs)."""
    if isinstance(sim, np.ndarray):
        sim = DenseScores(sim, sim, np.zeros((len(pool), 1), dtype=np.float32))
    n = len(pool)
    parent = list(range(n))
    members: list[list[int]] = [[i] for i in range(n)]
    articles: list[set[str]] = [{c.article_id} for c in pool]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    edges = sorted(((score, i, j) for i, j, score in sim.pairs(threshold)),
                   key=lambda e: (-e[0], e[1], e[2]))
    for _, i, j in edges:
        ri, rj = find(i), find(j)
        if ri == rj or articles[ri] & articles[rj]:
            continue
        a, b = members[ri], members[rj]
        if float(sim.block(a, b).mean()) < linkage * threshold:
            continue
        ri, rj = min(ri, rj), max(ri, rj)
        parent[rj] = ri
        articles[ri] |= articles[rj]
        members[ri] = sorted(members[ri] + members[rj])
    return sorted((members[r] for r in range(n) if find(r) == r and len(members[r]) > 1),
                  key=lambda m: m[0])
