"""Sentence alignment between two articles: which sentence of one rewords which of the other.

Two signals are combined, because each fails alone on reworded news copy:

* **Embedding cosine** of the all-MiniLM-L6-v2 sentence vectors (L2-normalised,
  so cosine is a dot product). It sees paraphrase ("keep working on" /
  "continue to work on") but also scores two *different* sentences on the same
  topic highly (two Blinken statements about Taiwan reach 0.6-0.7).
* **Lexical overlap**: Jaccard similarity of the sets of *content tokens*
  (:func:`content_tokens`: lowercased words, stopwords dropped, a light suffix
  strip so "communications"/"communication" and "said"/"says" do not count as
  different). It anchors the alignment on shared names, numbers and rare words.

The combined score (:func:`similarity_matrix`) is::

    sim = (1 - w) * max(cos, 0) + w * jaccard        (w = lexical_weight, default 0.4)

so a pair passes the default threshold 0.55 with, e.g., cosine 0.70 and
Jaccard 0.33, or cosine 0.92 and no shared content word at all.
:func:`align_sentences` keeps a one-to-one assignment (Hungarian algorithm,
``scipy.optimize.linear_sum_assignment``, over the scores at or above the
threshold) and returns the pairs with ``sim >= threshold``.

How the defaults were chosen (on the two seeds, see ``docs/dedup.md``): the
06-20 seed rewords the 06-19 wire text. Its three reworded sentences score
0.75 ("It's absolutely vital that we have those kinds of communications,
Blinken said." / "It is absolutely vital that we have these kinds of
communications," he said.), 0.66 ("keep working on" / "continue to work on")
and 0.59 (the lead). The best *wrong* partner of any other 06-20 sentence
scores at most 0.49, although embeddings alone rate "Blinken also met Wang Yi,
a senior Chinese diplomat." against the Yang Tao sentence at cosine 0.75: the
lexical term is what separates them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from newsweave.model import AlignedPair, Sentence

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "DEFAULT_LEXICAL_WEIGHT",
    "DEFAULT_THRESHOLD",
    "STOPWORDS",
    "SentencePool",
    "align_sentences",
    "assign_pairs",
    "content_tokens",
    "lexical_similarity",
    "similarity_matrix",
]

DEFAULT_LEXICAL_WEIGHT = 0.4
DEFAULT_THRESHOLD = 0.55

# English function words plus reporting verbs ("said", "told"): every news
# sentence has them, so they say nothing about whether two sentences match.
_STOPWORD_TEXT = """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your
    yours yourself yourselves also s t d ll m re ve y don didn doesn isn wasn aren weren
    wouldn shouldn couldn hasn haven hadn mr mrs ms said say says saying told tell tells
    according added adding
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_APOSTROPHE_TAIL = re.compile(r"['’](?:s|d|ll|re|ve|m|t)$")


def stem(word: str) -> str:
    """A deliberately light suffix strip ("lemmas-lite"); never shortens below 3 letters."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


# Cached: one weave asks for the same sentence's tokens in several stages (facts, summary,
# rewrites); the result is an immutable function of the text (issue 19).
@functools.lru_cache(maxsize=65_536)
def content_tokens(text: str) -> frozenset[str]:
    """The set of content tokens of ``text``: lowercased, stopwords dropped, lightly stemmed.

    Contractions and possessives lose their tail ("China's" -> "china",
    "It's" -> "it", a stopword); digits are kept ("35", "2018").
    """
    tokens: set[str] = set()
    for match in _WORD.finditer(text.lower()):
        word = _APOSTROPHE_TAIL.sub("", match.group())
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        tokens.add(stem(word))
    return frozenset(tokens)


def lexical_similarity(a_texts: Sequence[str], b_texts: Sequence[str]) -> NDArray[np.float32]:
    """Jaccard similarity of :func:`content_tokens` sets, shape ``(len(a), len(b))``.

    A pair where either side has no content token scores 0.
    """
    a_sets = [content_tokens(t) for t in a_texts]
    b_sets = [content_tokens(t) for t in b_texts]
    out = np.zeros((len(a_sets), len(b_sets)), dtype=np.float32)
    if not a_sets or not b_sets:
        return out
    vocab: dict[str, int] = {}
    for s in (*a_sets, *b_sets):
        for tok in s:
            vocab.setdefault(tok, len(vocab))
    if not vocab:
        return out
    a_mat = _incidence(a_sets, vocab)
    b_mat = _incidence(b_sets, vocab)
    inter = (a_mat @ b_mat.T).toarray().astype(np.float32)
    a_len = np.asarray([len(s) for s in a_sets], dtype=np.float32)[:, None]
    b_len = np.asarray([len(s) for s in b_sets], dtype=np.float32)[None, :]
    union = a_len + b_len - inter
    np.divide(inter, union, out=out, where=union > 0)
    return out


def _incidence(sets: Sequence[frozenset[str]], vocab: dict[str, int]) -> Any:
    """A binary sparse (rows = sets, columns = vocabulary) matrix, CSR."""
    from scipy.sparse import csr_matrix

    indptr = [0]
    indices: list[int] = []
    for s in sets:
        indices.extend(vocab[t] for t in s)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, indices, indptr), shape=(len(sets), len(vocab)))


def similarity_matrix(
    a_texts: Sequence[str],
    b_texts: Sequence[str],
    a_vecs: NDArray[np.floating],
    b_vecs: NDArray[np.floating],
    *,
    lexical_weight: float = DEFAULT_LEXICAL_WEIGHT,
) -> NDArray[np.float32]:
    """``(1 - w) * max(cosine, 0) + w * jaccard`` for every (a, b) pair, in ``[0, 1]``.

    ``a_vecs``/``b_vecs`` hold one embedding row per text (any scale: rows are
    L2-normalised here; a zero row has cosine 0 with everything).
    Raises ``ValueError`` if a vector count does not match its text count or
    ``lexical_weight`` is outside ``[0, 1]``.
    """
    if not 0.0 <= lexical_weight <= 1.0:
        raise ValueError(f"lexical_weight must be in [0, 1], got {lexical_weight}.")
    a = _normalised(a_vecs, len(a_texts), "a")
    b = _normalised(b_vecs, len(b_texts), "b")
    if a.shape[0] == 0 or b.shape[0] == 0:
        return np.zeros((a.shape[0], b.shape[0]), dtype=np.float32)
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"Embedding sizes differ: {a.shape[1]} vs {b.shape[1]}.")
    cosine = np.clip(a @ b.T, 0.0, 1.0)
    sim = (1.0 - lexical_weight) * cosine
    if lexical_weight > 0.0:
        sim += lexical_weight * lexical_similarity(a_texts, b_texts)
    out: NDArray[np.float32] = np.clip(sim, 0.0, 1.0).astype(np.float32)
    return out


def _normalised(vecs: NDArray[np.floating], n: int, name: str) -> NDArray[np.float32]:
    arr = np.asarray(vecs, dtype=np.float32)
    if n == 0 and arr.size == 0:
        return arr.reshape(0, arr.shape[-1] if arr.ndim == 2 else 0)
    if arr.ndim != 2 or arr.shape[0] != n:
        raise ValueError(
            f"{name}_vecs must have one row per text: expected {n} rows, got shape {arr.shape}."
        )
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    unit: NDArray[np.float32] = np.divide(arr, norms, out=np.zeros_like(arr), where=norms > 0)
    return unit


class SentencePool:
    """Many sentences' unit embeddings and content-token sets, to score blocks of pairs.

    Built once per story, so aligning every pair of its articles reuses one
    tokenisation and one normalisation. ``texts[i]`` goes with ``vecs[i]``.
    :meth:`scores` equals :func:`similarity_matrix` on the same rows.
    """

    def __init__(self, texts: Sequence[str], vecs: NDArray[np.floating]) -> None:
        self.vecs = _normalised(vecs, len(texts), "sentence")
        sets = [content_tokens(t) for t in texts]
        vocab: dict[str, int] = {}
        for tokens in sets:
            for tok in tokens:
                vocab.setdefault(tok, len(vocab))
        self._incidence = _incidence(sets, vocab)
        self._sizes = np.asarray([len(t) for t in sets], dtype=np.float32)

    def __len__(self) -> int:
        return int(self.vecs.shape[0])

    def scores(
        self, rows: slice, cols: slice, *, lexical_weight: float = DEFAULT_LEXICAL_WEIGHT
    ) -> NDArray[np.float32]:
        """The combined score of every (``rows`` sentence, ``cols`` sentence) pair."""
        cosine = np.clip(self.vecs[rows] @ self.vecs[cols].T, 0.0, 1.0)
        inter = (self._incidence[rows] @ self._incidence[cols].T).toarray().astype(np.float32)
        union = self._sizes[rows][:, None] + self._sizes[cols][None, :] - inter
        lexical = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        out: NDArray[np.float32] = np.clip(
            (1.0 - lexical_weight) * cosine + lexical_weight * lexical, 0.0, 1.0
        ).astype(np.float32)
        return out


def align_sentences(
    a: Sequence[Sentence],
    b: Sequence[Sentence],
    a_vecs: NDArray[np.floating],
    b_vecs: NDArray[np.floating],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    lexical_weight: float = DEFAULT_LEXICAL_WEIGHT,
) -> tuple[AlignedPair, ...]:
    """Align sentences of ``a`` one-to-one with sentences of ``b``.

    Returns pairs ``AlignedPair(sentence=a_i.index, other_sentence=b_j.index,
    similarity)`` with ``similarity >= threshold``, ordered by ``a``'s sentence
    index. Each sentence takes part in at most one pair; among the pairs above
    the threshold, the assignment maximises the total similarity (Hungarian
    algorithm). ``a_vecs[i]`` is the embedding of ``a[i]`` (same for ``b``).
    Empty input gives ``()``.
    """
    if not a or not b:
        return ()
    sim = similarity_matrix(
        [s.text for s in a], [s.text for s in b], a_vecs, b_vecs, lexical_weight=lexical_weight
    )
    return assign_pairs(sim, [s.index for s in a], [s.index for s in b], threshold)


def assign_pairs(
    sim: NDArray[np.float32], a_index: Sequence[int], b_index: Sequence[int], threshold: float
) -> tuple[AlignedPair, ...]:
    """The one-to-one pairs of a score matrix with ``sim >= threshold`` (max total score).

    ``a_index[r]``/``b_index[c]`` name row ``r``/column ``c`` in the output
    pairs, which are ordered by ``a_index``.
    """
    from scipy.optimize import linear_sum_assignment

    # Scores below the threshold are worth nothing, so the assignment never
    # trades a good pair for two mediocre ones it would then discard.
    gain = np.where(sim >= threshold, sim, 0.0)
    if not gain.any():
        return ()
    rows, cols = linear_sum_assignment(gain, maximize=True)
    pairs = [
        AlignedPair(a_index[r], b_index[c], round(float(sim[r, c]), 4))
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
        if sim[r, c] >= threshold
    ]
    pairs.sort(key=lambda p: p.sentence)
    return tuple(pairs)
