"""Concept weights and budgeted greedy selection (the summary's content choice).

A *concept* is a bigram of lowercased, lightly stemmed words
(:func:`newsweave.align.content_tokens`' stemmer) that is not made of two
stopwords: "dockwork union", "3,400 member", "rate 4.5". A concept's weight
is the number of independent articles (copies count once) that contain it,
and concepts found in fewer than ``min_concept_sources`` of them weigh
nothing: the document-frequency concepts of Gillick and Favre (2009), the
best systems of TAC 2008-2009.

Selection maximises the total weight of covered concepts (each counted once,
a monotone submodular function, so repeated content earns nothing) under the
budget, greedily: each step takes the sentence with the best

    gain = (weight of its not yet covered concepts)
           * (1 + lead_weight / sqrt(1 + position in its article))
           * (1 - quote_penalty * share of its words inside quotation marks)
           * (1 + support_weight * share of the other sources stating it)
           * (1 - anaphora_penalty, if it opens with a pronoun or connective)
           * relevance ** focus_weight        (only with a focus question)

divided by ``words ** cost_exponent`` when the budget counts words (Lin and
Bilmes, 2010). A sentence whose embedding cosine to one already chosen reaches
``max_overlap``, or that a chosen one states (attribution), is never taken, nor
one that would overflow the budget (a shorter one may still fit). Selection
stops when no candidate adds any weight.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsweave.align import (
    STOPWORDS,
    stem,  # the same light suffix strip, so "talks"/"talk" meet
)
from newsweave.claims import fold_quotes
from newsweave.model import Sentence
from newsweave.summarize.params import SummaryBudget, SummaryParams

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "Concept",
    "concept_weights",
    "concepts",
    "count_words",
    "is_anaphoric",
    "quoted_share",
    "select",
]

Concept = tuple[str, str]

# Concept tokens: hyphenated words split ("military-to-military" -> 3 words), so
# rewordings around a compound still share bigrams; numbers stay whole ("3,400").
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+|[.,]\d+)*")
# A sentence opening with one of these leans on the sentence before it.
_ANAPHORIC = frozenset(
    "it its this that these those he she they him her his them their and but so also".split()
)
_OPENERS = "“”\"‘’' "
_APOSTROPHE_TAIL = re.compile(r"['’](?:s|d|ll|re|ve|m|t)$")


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return stem(word)  # cached: a story repeats its words in every article


def count_words(text: str) -> int:
    """Words as the budget (and ROUGE's ``-l``) counts them: whitespace-separated tokens."""
    return len(text.split())


def quoted_share(text: str) -> float:
    """The share of a sentence's words inside double quotation marks (curly or straight)."""
    total = count_words(text)
    if total == 0:
        return 0.0
    inside = sum(count_words(part) for part in fold_quotes(text).split('"')[1::2])
    return inside / total


def concepts(text: str) -> frozenset[Concept]:
    """The concepts (stemmed word bigrams, not both stopwords) of ``text``."""
    words = [_stem(_APOSTROPHE_TAIL.sub("", m.group())) for m in _TOKEN.finditer(text.lower())]
    return frozenset(
        (a, b) for a, b in itertools.pairwise(words)
        if not (a in STOPWORDS and b in STOPWORDS)
    )


def is_anaphoric(text: str) -> bool:
    """True when the sentence opens with a pronoun or connective ("It", "They", "But")."""
    first = _TOKEN.match(text.lstrip(_OPENERS).lower())
    return first is not None and _APOSTROPHE_TAIL.sub("", first.group()) in _ANAPHORIC


def concept_weights(
    sentence_concepts: Sequence[frozenset[Concept]],
    source_of: Sequence[str],
    *,
    min_sources: int,
    known: Iterable[Concept] = (),
) -> dict[Concept, float]:
    """Weight of each concept: the number of distinct sources whose sentences hold it.

    ``source_of[i]`` is the source key of sentence ``i`` (an article, copies
    mapped to their original). When the sentences come from at least
    ``min_sources`` sources, concepts held by fewer are left out (weight 0);
    a story with fewer sources keeps every concept. ``known`` concepts
    (already reported before an update summary's date) are left out too.
    """
    held: dict[Concept, set[str]] = {}
    for found, source in zip(sentence_concepts, source_of, strict=True):
        for c in found:
            held.setdefault(c, set()).add(source)
    floor = min(min_sources, len(set(source_of))) or 1
    skip = set(known)
    return {c: float(len(s)) for c, s in held.items() if c not in skip and len(s) >= floor}


def select(
    candidates: Sequence[int],
    sentences: Sequence[Sentence],
    sentence_concepts: Sequence[frozenset[Concept]],
    weights: Mapping[Concept, float],
    cosine: NDArray[np.float32],
    budget: SummaryBudget,
    params: SummaryParams,
    *,
    support: Mapping[int, float] | None = None,
    same: Mapping[int, frozenset[int]] | None = None,
    relevance: Mapping[int, float] | None = None,
    quoted: Mapping[int, float] | None = None,
) -> list[int]:
    """Greedy budgeted concept coverage (module docstring); indices in the order chosen.

    ``support[i]`` (default 0) is the share of the story's *other* independent
    sources that state sentence ``i``; it multiplies the gain by
    ``1 + support_weight * support[i]``. ``same[i]`` are the sentences that
    state what ``i`` states (attribution): a candidate that a chosen sentence
    states, or that states a chosen one, is never taken. ``relevance[i]`` (in
    ``[0, 1]``, only with a focus question) multiplies the gain by
    ``relevance[i] ** focus_weight``. ``cosine`` is indexed by position in
    ``candidates`` (a candidates x candidates matrix). ``quoted[i]`` is the share
    of ``i``'s words inside quotation marks (default: :func:`quoted_share` of its
    text; the caller may pass more, e.g. when another source quotes what ``i``
    says without marks).
    """
    support = support or {}
    same = same or {}
    row = {i: k for k, i in enumerate(candidates)}
    prior = {
        i: (1.0 + params.lead_weight / math.sqrt(1.0 + sentences[i].index))
        * max(0.0, 1.0 - params.quote_penalty * (
            quoted[i] if quoted is not None else quoted_share(sentences[i].text)))
        * (1.0 + params.support_weight * support.get(i, 0.0))
        * (1.0 - params.anaphora_penalty if is_anaphoric(sentences[i].text) else 1.0)
        * (relevance[i] ** params.focus_weight if relevance is not None else 1.0)
        for i in candidates
    }
    words = {i: count_words(sentences[i].text) for i in candidates}
    position = {i: k for k, i in enumerate(candidates)}
    covered: set[Concept] = set()
    chosen: list[int] = []
    used = 0

    def gain(i: int) -> float:
        value = sum(weights.get(c, 0.0) for c in sentence_concepts[i] - covered) * prior[i]
        return value / max(1, words[i]) ** params.cost_exponent if budget.words else value

    def allowed(i: int) -> bool:
        # Once a candidate is not allowed it never is again (the summary only grows).
        if budget.words is not None and used + words[i] > budget.words:
            return False
        if chosen and float(np.max(cosine[row[i], [row[j] for j in chosen]])) >= (
            params.max_overlap
        ):
            return False
        return not any(j in same.get(i, ()) or i in same.get(j, ()) for j in chosen)

    # Lazy greedy (Minoux 1978): a gain only shrinks as concepts get covered, so a stale
    # gain is an upper bound and only the top of the heap needs recomputing. Ties go to
    # the earlier candidate, as in the plain greedy.
    heap = [(-gain(i), position[i], i) for i in candidates]
    heapq.heapify(heap)
    while heap and (budget.sentences is None or len(chosen) < budget.sentences):
        _, pos, i = heapq.heappop(heap)
        if not allowed(i):
            continue
        fresh = gain(i)
        if fresh <= 0.0:
            continue
        if heap and (-fresh, pos) > heap[0][:2]:
            heapq.heappush(heap, (-fresh, pos, i))
            continue
        chosen.append(i)
        covered |= sentence_concepts[i]
        used += words[i]
    return chosen
