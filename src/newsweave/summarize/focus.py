"""A focus question for query-focused summaries ("What did China refuse?").

The question is embedded with the same sentence model as the articles; a
candidate's *relevance* is its cosine with the question, scaled by the best
cosine in the story (so the most relevant sentence has relevance 1 whatever
the absolute level of the model's cosines), floored at 0. The summariser
multiplies each candidate's gain by ``relevance ** focus_weight``: sentences
far from the question need much more content to be chosen, none is banned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from newsweave.embed import Embedder

__all__ = ["Focus", "make_focus", "relevance"]


@dataclass(frozen=True, slots=True, eq=False)
class Focus:
    """A focus question and its sentence embedding (one row, any scale)."""

    text: str
    vector: NDArray[np.float32]


def make_focus(text: str, embedder: Embedder) -> Focus:
    """Embed ``text`` with ``embedder``; raises ``ValueError`` for a blank question."""
    if not text.strip():
        raise ValueError("The focus question is empty: give a question or leave --focus out.")
    return Focus(" ".join(text.split()), np.asarray(embedder.encode([text])[0], dtype=np.float32))


def relevance(unit_rows: NDArray[np.float32], focus: Focus) -> NDArray[np.float32]:
    """Each row's cosine with the question divided by the best row's, in ``[0, 1]``.

    ``unit_rows`` are unit sentence embeddings. All zeros when no row has a
    positive cosine (the question then steers nothing).
    """
    norm = float(np.linalg.norm(focus.vector))
    if unit_rows.shape[0] == 0 or norm == 0.0:
        return np.zeros(unit_rows.shape[0], dtype=np.float32)
    cos = np.clip(unit_rows @ (focus.vector / norm), 0.0, 1.0).astype(np.float32)
    best = float(cos.max())
    if best <= 0.0:
        return np.zeros_like(cos)
    out: NDArray[np.float32] = cos / best
    return out
