"""How alike two claims are: embeddings + lexical overlap + shared names.

The alignment score of claims ``i`` and ``j`` (of different articles) is::

    score = (1 - w) * max(cosine, 0) + w * tfidf_cosine          (w = lexical_weight)

``cosine`` is between the claims' MiniLM vectors (the mean of the unit sentence
vectors a claim overlaps, re-normalised), ``tfidf_cosine`` between their content
tokens (:func:`newsweave.align.content_tokens`) weighted by inverse document
frequency over the story's claims, so a rare shared word ("stabilize",
"military") counts more than a common one ("China").

Entity overlap enters twice, because embeddings rate two statements by two
different people about the same topic as near-identical:

* when both claims carry multi-word proper names and neither shares a word of
  the other's names ("Yang Tao said ..." / "Blinken also met Wang Yi ..."), the
  score is multiplied by ``name_penalty``;
* when they share capitalised names, ``name_bonus`` times the Jaccard
  similarity of their name sets is added (capped at 1).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

from newsweave.align import content_tokens
from newsweave.model import Claim, Sentence

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["claim_similarity", "claim_vectors", "lexical_cosine", "names_of"]

_WORD = re.compile(r"[^\W\d_]+")
_NAME_PHRASE = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?\b")
# Sentence-initial or generic capitalised words that are not names.
_GENERIC = frozenset(
    "The A An In On At But And Or So Yet He She It They We I You His Her Its Their Our This "
    "That These Those There Still After Before When While As If However Meanwhile Some Many "
    "Most No Not Now Then During Mr Mrs Ms Dr Several Both Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday January February March April May June July August September "
    "October November December".split()
)


def claim_vectors(
    claims: Sequence[Claim], sentences: Sequence[Sentence], embeddings: NDArray[np.floating]
) -> NDArray[np.float32]:
    """One unit vector per claim: the mean of the vectors of the sentences it overlaps.

    ``embeddings[k]`` embeds ``sentences[k]`` (sentence order). A clause gets its
    sentence's vector; a claim joined from two sentences gets their mean.
    """
    vecs = np.asarray(embeddings, dtype=np.float32)
    if vecs.ndim != 2 or vecs.shape[0] != len(sentences):
        raise ValueError(
            f"need one embedding row per sentence: {len(sentences)} sentences, "
            f"array of shape {vecs.shape}"
        )
    starts = [s.start for s in sentences]
    out = np.zeros((len(claims), vecs.shape[1]), dtype=np.float32)
    for n, claim in enumerate(claims):
        k = max(bisect.bisect_right(starts, claim.start) - 1, 0)
        rows = []
        while k < len(sentences) and sentences[k].start < claim.end:
            if sentences[k].end > claim.start:
                rows.append(k)
            k += 1
        mean = vecs[rows or [min(k, len(sentences) - 1)]].mean(axis=0)
        norm = float(np.linalg.norm(mean))
        out[n] = mean / norm if norm > 0 else mean
    return out


def claim_similarity(
    texts: Sequence[str],
    vectors: NDArray[np.floating],
    *,
    lexical_weight: float,
    name_penalty: float,
    name_bonus: float,
    lexical: NDArray[np.float32] | None = None,
) -> NDArray[np.float32]:
    """Square matrix of alignment scores between ``texts`` (module docstring), in ``[0, 1]``.

    ``lexical`` is :func:`lexical_cosine` of ``texts`` when the caller has it already.
    """
    n = len(texts)
    vecs = np.asarray(vectors, dtype=np.float32)
    if vecs.shape[0] != n:
        raise ValueError(f"need one vector per claim: {n} claims, {vecs.shape[0]} vectors")
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    scorer = ClaimScores(texts, vecs, lexical_weight=lexical_weight, name_penalty=name_penalty,
                         name_bonus=name_bonus)
    everything = slice(None)
    return scorer.block(everything, everything, lexical=lexical)


Index: TypeAlias = "slice | Sequence[int] | NDArray[np.intp]"


class ClaimScores:
    """The alignment score of any block of pairs of a story's claims (module docstring).

    Everything per claim (unit vector, IDF-weighted content tokens, names) is prepared
    once; :meth:`block` then scores ``rows`` x ``cols`` with the same operations as the
    whole matrix, so a story too large for a square matrix is scored block by block
    (:class:`SparseSimilarity`). On the whole range it is :func:`claim_similarity`.
    """

    def __init__(self, texts: Sequence[str], vectors: NDArray[np.floating], *,
                 lexical_weight: float, name_penalty: float, name_bonus: float) -> None:
        vecs = np.asarray(vectors, dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        self.unit = np.divide(vecs, norms, out=np.zeros_like(vecs), where=norms > 0)
        self.weight, self.penalty, self.bonus = lexical_weight, name_penalty, name_bonus
        self._lexical = _lexical_units(texts)
        self._phrases = _incidence([_name_words(t) for t in texts])
        self._words = _incidence([set(_WORD.findall(t)) for t in texts], self._phrases.vocab)
        self._names = _incidence([names_of(t) for t in texts])
        self._pair_sums: _PairSums | None = None

    def __len__(self) -> int:
        return int(self.unit.shape[0])

    def lexical(self, rows: Index, cols: Index) -> NDArray[np.float32]:
        """:func:`lexical_cosine` of the ``rows`` x ``cols`` block."""
        out: NDArray[np.float32] = (
            self._lexical[rows] @ self._lexical[cols].T).toarray().astype(np.float32)
        return out

    def block(self, rows: Index, cols: Index, *,
              lexical: NDArray[np.float32] | None = None) -> NDArray[np.float32]:
        """The scores of ``rows`` x ``cols`` (``lexical``: their lexical cosines, if known)."""
        phrases, words, names = self._phrases, self._words, self._names
        if (not isinstance(rows, slice) and not isinstance(cols, slice)
                and len(rows) * len(cols) <= _SMALL):
            # A few pairs (group linkage, value pairs): the same sums in plain Python, without
            # the fixed cost of slicing sparse matrices.
            small = self._small()
            lexical, cross, back, shared = small.block(list(rows), list(cols))
        else:
            if lexical is None:
                lexical = self.lexical(rows, cols)
            # Pairwise name tests as sparse products, so a story of thousands of claims
            # stays fast.
            cross = (phrases.matrix[rows] @ words.matrix[cols].T).toarray()
            back = (phrases.matrix[cols] @ words.matrix[rows].T).toarray().T
            shared = (names.matrix[rows] @ names.matrix[cols].T).toarray().astype(np.float32)
        cosine = np.clip(self.unit[rows] @ self.unit[cols].T, 0.0, 1.0)
        sim = (1.0 - self.weight) * cosine + self.weight * lexical
        has_row, has_col = phrases.sizes[rows] > 0, phrases.sizes[cols] > 0
        disjoint = has_row[:, None] & has_col[None, :] & (cross == 0) & (back == 0)
        sim = np.where(disjoint, sim * self.penalty, sim)
        union = names.sizes[rows][:, None] + names.sizes[cols][None, :] - shared
        jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
        sim = sim + self.bonus * jaccard
        out: NDArray[np.float32] = np.clip(sim, 0.0, 1.0).astype(np.float32)
        return out

    def _small(self) -> _PairSums:
        if self._pair_sums is None:
            self._pair_sums = _PairSums(self._lexical, self._phrases, self._words, self._names)
        return self._pair_sums


_SMALL = 1024  # blocks of at most this many pairs are summed in Python


class _PairSums:
    """Per-claim rows of the sparse matrices as Python dicts and sets, so a few pairs are
    scored without slicing the matrices. Sums run in float32, in the order of the sparse
    product (the first claim's stored columns), so they equal its entries bit for bit."""

    def __init__(self, lexical: Any, phrases: _Incidence, words: _Incidence,
                 names: _Incidence) -> None:
        def rows(matrix: Any) -> list[tuple[list[int], list[np.float32]]]:
            csr = matrix.tocsr()
            return [(csr.indices[a:b].tolist(), [np.float32(v) for v in csr.data[a:b]])
                    for a, b in zip(csr.indptr[:-1].tolist(), csr.indptr[1:].tolist(),
                                    strict=True)]

        self.lexical = rows(lexical)
        self.lexical_of = [dict(zip(cols, vals, strict=True)) for cols, vals in self.lexical]
        self.phrases = [frozenset(cols) for cols, _ in rows(phrases.matrix)]
        self.words = [frozenset(cols) for cols, _ in rows(words.matrix)]
        self.names = [frozenset(cols) for cols, _ in rows(names.matrix)]

    def block(self, rows: list[int], cols: list[int]) -> tuple[NDArray[np.float32], ...]:
        shape = (len(rows), len(cols))
        lexical = np.zeros(shape, dtype=np.float32)
        cross = np.zeros(shape, dtype=np.float32)
        back = np.zeros(shape, dtype=np.float32)
        shared = np.zeros(shape, dtype=np.float32)
        for r, i in enumerate(rows):
            keys, values = self.lexical[i]
            for c, j in enumerate(cols):
                other = self.lexical_of[j]
                total = np.float32(0.0)
                for k, v in zip(keys, values, strict=True):
                    w = other.get(k)
                    if w is not None:
                        total = np.float32(total + np.float32(v * w))
                lexical[r, c] = total
                cross[r, c] = len(self.phrases[i] & self.words[j])
                back[r, c] = len(self.phrases[j] & self.words[i])
                shared[r, c] = len(self.names[i] & self.names[j])
        return lexical, cross, back, shared


def names_of(text: str) -> frozenset[str]:
    """Capitalised words that are likely names (sentence-initial function words left out)."""
    return frozenset(n.replace("’", "'") for n in _NAME.findall(text) if n not in _GENERIC)


@dataclass(frozen=True, slots=True)
class _Incidence:
    matrix: Any  # scipy.sparse.csr_matrix, rows = sets, columns = vocabulary
    sizes: NDArray[np.float32]
    vocab: dict[str, int]


def _incidence(sets: Sequence[Iterable[str]], vocab: dict[str, int] | None = None) -> _Incidence:
    """Binary (set x word) matrix; with ``vocab`` given, words outside it are ignored."""
    from scipy.sparse import csr_matrix

    grow = vocab is None
    vocab = {} if vocab is None else vocab
    rows: list[int] = []
    cols: list[int] = []
    for i, items in enumerate(sets):
        # Sorted, not set order: the column order decides the float32 sums' rounding, and
        # set order changes with the interpreter's hash seed (and so across Dask workers).
        for word in sorted(set(items)):
            if word not in vocab:
                if not grow:
                    continue
                vocab[word] = len(vocab)
            rows.append(i)
            cols.append(vocab[word])
    data = np.ones(len(rows), dtype=np.float32)
    matrix = csr_matrix((data, (rows, cols)), shape=(len(sets), max(len(vocab), 1)))
    sizes = np.asarray(matrix.sum(axis=1), dtype=np.float32).ravel()
    return _Incidence(matrix, sizes, vocab)


def lexical_cosine(texts: Sequence[str]) -> NDArray[np.float32]:
    """Cosine of IDF-weighted content-token sets; IDF over ``texts`` themselves."""
    unit = _lexical_units(texts)
    out: NDArray[np.float32] = (unit @ unit.T).toarray().astype(np.float32)
    return out


def _lexical_units(texts: Sequence[str]) -> Any:
    """Unit-length IDF-weighted content-token rows of ``texts`` (scipy CSR)."""
    sets = _incidence([content_tokens(t.replace("-", " ")) for t in texts])
    df = np.asarray(sets.matrix.sum(axis=0), dtype=np.float32).ravel()
    idf = np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
    weighted = sets.matrix.multiply(idf[None, :]).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1), dtype=np.float32))
    inverse = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return weighted.multiply(inverse).tocsr()


def _name_words(text: str) -> set[str]:
    """Words of multi-word proper names ("Yang Tao", "Western Hemisphere")."""
    found: set[str] = set()
    for match in _NAME_PHRASE.finditer(text):
        parts = match.group().split()
        if parts[0] in _GENERIC:
            parts = parts[1:]
        if len(parts) >= 2:
            found.update(parts)
    return found
