"""Attributed extractive multi-document summaries of one story.

:func:`summarize` picks sentences of the story's articles and returns them as
:class:`SummarySentence` records whose ``sources`` list *every* article that
states the sentence, with the evidence span in each. How:

1. **Candidates**: sentences of the non-duplicate articles that are not
   boilerplate (:func:`newsweave.claims.is_boilerplate`), have
   ``MIN_WORDS..MAX_WORDS`` words, start with a capital or a quote (not a
   fragment) and are not questions.
2. **Attribution**: a sentence is stated by its own article, by every article
   with a sentence scoring at least ``attribution_threshold`` against it
   (:func:`newsweave.align.similarity_matrix`: embedding cosine plus lexical
   overlap; 0.55 is that module's calibrated threshold for "a rewording of"),
   and, when the comparison stage ran (``facts``), by every article of a
   consensus :class:`FactGroup` whose claim lies inside the sentence.
3. **Salience**: ``0.45 * centrality + 0.35 * support + 0.20 * lead``, where
   centrality is the cosine to the story's mean sentence vector, support the
   mean over the *other independent sources* of their best similarity to the
   sentence (a soft count of confirming sources, :func:`newsweave.facts.source_keys`),
   and lead ``1 / sqrt(1 + index)`` (news put the key facts first).
4. **Selection**: maximal marginal relevance, ``salience - redundancy_weight *
   max cosine to the sentences already chosen``; a candidate whose cosine to a
   chosen one reaches ``max_overlap`` is never taken (no repetition). The budget
   is ``max_sentences`` and, if given, ``max_words`` (a sentence that would
   overflow it is skipped; shorter ones may still fit).
5. **Order**: by the date of the earliest article stating the sentence, then by
   relative position in its article, so the summary reads in story order.

``since`` makes an *update summary*: only sentences of articles dated on or
after ``since`` are candidates, and a candidate that any earlier-dated article
already states (attribution rule above) is dropped. Undated articles are neither
new nor old: they are left out of an update summary.

:func:`differences_section` renders "where sources differ" from a
:class:`newsweave.facts.FactComparison`: each conflict, then the most specific
single-source claims.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsweave.align import similarity_matrix
from newsweave.claims import is_boilerplate, specifics
from newsweave.facts import FactComparison, source_keys
from newsweave.model import Article, Claim, Evidence, Sentence, SummarySentence

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["MAX_WORDS", "MIN_WORDS", "differences_section", "summarize"]

MIN_WORDS = 6
MAX_WORDS = 60
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_QUOTE_CHARS = " “”\"‘’'"


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def summarize(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    vectors: Mapping[str, NDArray[np.floating]],
    *,
    facts: FactComparison | None = None,
    max_sentences: int = 5,
    max_words: int | None = None,
    since: dt.date | None = None,
    duplicate_of: Mapping[str, str] | None = None,
    attribution_threshold: float = 0.55,
    redundancy_weight: float = 0.5,
    max_overlap: float = 0.75,
) -> tuple[SummarySentence, ...]:
    """Summarise one story (see the module docstring); ``()`` when nothing qualifies.

    ``sentences[article_id]`` are an article's sentences and ``vectors[article_id]``
    their embeddings (one row per sentence). Raises ``ValueError`` for a
    non-positive budget or mismatched vectors.
    """
    if max_sentences < 1 or (max_words is not None and max_words < 1):
        raise ValueError("The summary budget must be at least one sentence and one word.")
    dup = duplicate_of or {}
    keys = source_keys(articles, dup)
    by_id = {a.id: a for a in articles}
    pool: list[Sentence] = []
    rows: list[NDArray[np.floating]] = []
    for article in articles:
        own = list(sentences.get(article.id, ()))
        if not own:
            continue
        vecs = np.asarray(vectors[article.id], dtype=np.float32)
        if vecs.shape[0] != len(own):
            raise ValueError(
                f"Article {article.id!r}: {len(own)} sentences but {vecs.shape[0]} vectors."
            )
        pool.extend(own)
        rows.append(vecs)
    if not pool:
        return ()
    mat = np.vstack(rows)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    unit = np.divide(mat, norms, out=np.zeros_like(mat), where=norms > 0)
    cosine = np.clip(unit @ unit.T, 0.0, 1.0)
    sim = similarity_matrix([s.text for s in pool], [s.text for s in pool], unit, unit)
    n_in = {a: sum(1 for s in pool if s.article_id == a) for a in by_id}

    fact_sources = _fact_sources(facts, pool)
    stated_by: list[set[int]] = []
    for i, s in enumerate(pool):
        supporters = {j for j in np.nonzero(sim[i] >= attribution_threshold)[0].tolist()}
        supporters = {j for j in supporters if pool[j].article_id != s.article_id}
        supporters.add(i)
        stated_by.append(supporters)

    def is_new(article_id: str) -> bool:
        date = by_id[article_id].date
        return since is None or (date is not None and date >= since)

    def is_old(article_id: str) -> bool:
        date = by_id[article_id].date
        return since is not None and date is not None and date < since

    candidates = [
        i
        for i, s in enumerate(pool)
        if s.article_id not in dup
        and is_new(s.article_id)
        and _eligible(s.text)
        and not any(is_old(pool[j].article_id) for j in stated_by[i])
        and not (fact_sources[i] and any(is_old(a) for a in fact_sources[i]))
    ]
    if not candidates:
        return ()

    independent = sorted({keys[a.id] for a in articles if a.id not in dup})
    centroid = unit[[i for i, s in enumerate(pool) if s.article_id not in dup]].mean(axis=0)
    centroid /= max(float(np.linalg.norm(centroid)), 1e-9)
    salience: dict[int, float] = {}
    for i in candidates:
        own_key = keys[pool[i].article_id]
        others = [k for k in independent if k != own_key]
        support = 0.0
        if others:
            best: dict[str, float] = {}
            for j, s in enumerate(pool):
                k = keys[s.article_id]
                if k != own_key and s.article_id not in dup:
                    best[k] = max(best.get(k, 0.0), float(sim[i, j]))
            support = sum(best.values()) / len(others)
        lead = 1.0 / math.sqrt(1.0 + pool[i].index)
        central = float(np.clip(unit[i] @ centroid, 0.0, 1.0))
        salience[i] = 0.45 * central + 0.35 * support + 0.20 * lead

    chosen = _select(candidates, salience, cosine, pool, max_sentences, max_words,
                     redundancy_weight, max_overlap)

    def order_key(i: int) -> tuple[dt.date, float]:
        dates = [by_id[pool[j].article_id].date for j in stated_by[i]]
        known = [d for d in dates if d is not None]
        first = min(known) if known else dt.date.max
        return first, pool[i].index / max(1, n_in[pool[i].article_id])

    out: list[SummarySentence] = []
    for i in sorted(chosen, key=order_key):
        evidence = {pool[j].article_id: pool[j] for j in sorted(stated_by[i])}
        evidence[pool[i].article_id] = pool[i]
        source_ids = set(evidence) | fact_sources[i]
        ordered = sorted(source_ids, key=lambda a: (by_id[a].date or dt.date.max, a))
        out.append(
            SummarySentence(
                text=pool[i].text,
                sources=tuple(ordered),
                evidence=tuple(
                    Evidence(a, evidence[a].start, evidence[a].end)
                    for a in ordered
                    if a in evidence
                ),
            )
        )
    return tuple(out)


def _eligible(text: str) -> bool:
    stripped = text.strip()
    if not stripped or is_boilerplate(stripped) or stripped.endswith("?"):
        return False
    if not (stripped[0].isupper() or stripped[0] in "“\"‘'" or stripped[0].isdigit()):
        return False
    return MIN_WORDS <= _words(stripped) <= MAX_WORDS


def _fact_sources(facts: FactComparison | None, pool: Sequence[Sentence]) -> list[set[str]]:
    """For each sentence, the articles of a consensus group with a claim inside it."""
    found: list[set[str]] = [set() for _ in pool]
    if facts is None:
        return found
    index: dict[str, list[int]] = {}
    for i, s in enumerate(pool):
        index.setdefault(s.article_id, []).append(i)
    for group in facts.consensus:
        for claim in group.claims:
            for i in index.get(claim.article_id, ()):
                if pool[i].start <= claim.start and claim.end <= pool[i].end:
                    found[i].update(group.sources)
    return found


def _select(
    candidates: Sequence[int],
    salience: Mapping[int, float],
    cosine: NDArray[np.float32],
    pool: Sequence[Sentence],
    max_sentences: int,
    max_words: int | None,
    redundancy_weight: float,
    max_overlap: float,
) -> list[int]:
    chosen: list[int] = []
    used_words = 0
    remaining = sorted(candidates, key=lambda i: (-salience[i], i))
    while remaining and len(chosen) < max_sentences:
        best, best_score = -1, -math.inf
        for i in remaining:
            redundancy = max((float(cosine[i, j]) for j in chosen), default=0.0)
            if redundancy >= max_overlap:
                continue
            if max_words is not None and used_words + _words(pool[i].text) > max_words:
                continue
            score = salience[i] - redundancy_weight * redundancy
            if score > best_score:
                best, best_score = i, score
        if best < 0:
            break
        chosen.append(best)
        used_words += _words(pool[best].text)
        remaining.remove(best)
    return chosen


def _specificity(claim: Claim) -> float:
    """How much checkable detail a claim carries (figures, names, quotes)."""
    spec = specifics(claim.text)
    multiword = len(re.findall(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+\b", claim.text))
    return (
        2.0 * len(spec.quantities)
        + 1.0 * bool(spec.quoted)
        + 0.5 * multiword
        + 0.5 * len(spec.dates)
        + min(_words(claim.text), 30) / 30.0
    )


def differences_section(
    facts: FactComparison, *, max_single_source: int = 5
) -> tuple[SummarySentence, ...]:
    """"Where sources differ": every conflict, then the most specific single-source claims.

    A conflict becomes ``"Sources differ on <topic>: “claim” / “claim”"`` citing
    each claim's article; single-source claims keep their own words and cite their
    one article. Single-source claims are taken round-robin across articles (each
    article's most specific first), at most ``max_single_source``.
    """
    out: list[SummarySentence] = []
    for conflict in facts.conflicts:
        quoted = (c.text.strip(_QUOTE_CHARS) for c in conflict.claims)
        text = f"Sources differ on {conflict.topic}: " + " / ".join(f"“{q}”" for q in quoted)
        out.append(
            SummarySentence(
                text=text,
                sources=tuple(dict.fromkeys(c.article_id for c in conflict.claims)),
                evidence=tuple(Evidence(c.article_id, c.start, c.end) for c in conflict.claims),
            )
        )
    per_article: dict[str, list[Claim]] = {}
    for claim in facts.single_source:
        if _words(claim.text) >= MIN_WORDS:
            per_article.setdefault(claim.article_id, []).append(claim)
    queues = [
        sorted(claims, key=lambda c: (-_specificity(c), c.start))
        for claims in per_article.values()
    ]
    picked: list[Claim] = []
    while len(picked) < max_single_source and any(queues):
        for queue in queues:
            if queue and len(picked) < max_single_source:
                picked.append(queue.pop(0))
    for claim in picked:
        out.append(
            SummarySentence(
                text=claim.text,
                sources=(claim.article_id,),
                evidence=(Evidence(claim.article_id, claim.start, claim.end),),
            )
        )
    return tuple(out)
