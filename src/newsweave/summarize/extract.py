"""Extractive, attributed summary of one story (the algorithm is in the package docstring)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from newsweave.align import similarity_matrix
from newsweave.claims import fold_quotes, is_boilerplate
from newsweave.facts import FactComparison, source_keys
from newsweave.model import Article, Evidence, Sentence, StoryInput, SummarySentence
from newsweave.summarize.params import SummaryBudget, SummaryParams
from newsweave.summarize.select import concept_weights, concepts, count_words, select

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_PARAMS",
    "MAX_WORDS",
    "MIN_WORDS",
    "summarize",
]

MIN_WORDS = 6
MAX_WORDS = 60
_OPENING_QUOTES = "“\"‘'"
DEFAULT_BUDGET = SummaryBudget()
DEFAULT_PARAMS = SummaryParams()


@dataclass(frozen=True, slots=True)
class _Pool:
    """Every sentence of the story with its unit embedding and pairwise scores."""

    sentences: tuple[Sentence, ...]
    unit: NDArray[np.float32]
    cosine: NDArray[np.float32]
    sim: NDArray[np.float32]


def _build_pool(
    articles: Sequence[Article],
    sentences_by_id: Mapping[str, Sequence[Sentence]],
    embeddings_by_id: Mapping[str, NDArray[np.floating]],
) -> _Pool | None:
    pool: list[Sentence] = []
    rows: list[NDArray[np.float32]] = []
    for article in articles:
        own = list(sentences_by_id.get(article.id, ()))
        if not own:
            continue
        if article.id not in embeddings_by_id:
            raise ValueError(f"Article {article.id!r} has sentences but no embeddings.")
        vecs = np.asarray(embeddings_by_id[article.id], dtype=np.float32)
        if vecs.ndim != 2 or vecs.shape[0] != len(own):
            raise ValueError(
                f"Article {article.id!r}: {len(own)} sentences but embeddings of shape "
                f"{vecs.shape}; pass one row per sentence, in sentence order."
            )
        pool.extend(own)
        rows.append(vecs)
    if not pool:
        return None
    mat = np.vstack(rows)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    unit = np.divide(mat, norms, out=np.zeros_like(mat), where=norms > 0)
    cosine = np.clip(unit @ unit.T, 0.0, 1.0).astype(np.float32)
    texts = [s.text for s in pool]
    sim = similarity_matrix(texts, texts, unit, unit)
    return _Pool(tuple(pool), unit, cosine, sim)


def summarize(
    story: StoryInput,
    *,
    budget: SummaryBudget = DEFAULT_BUDGET,
    facts: FactComparison | None = None,
    since: dt.date | None = None,
    params: SummaryParams = DEFAULT_PARAMS,
) -> tuple[SummarySentence, ...]:
    """Summarise one story; ``()`` when no sentence qualifies.

    ``story.sentences[article_id]`` are an article's sentences in text order and
    ``story.embeddings[article_id]`` their sentence embeddings (one row each,
    e.g. :meth:`newsweave.embed.Embedder.encode`). ``facts`` (the comparison
    stage's output for the same articles) adds the articles of a consensus fact
    whose claim lies inside a sentence to that sentence's sources.
    ``story.duplicate_of`` (copy id -> canonical id) keeps copies out of the
    candidates and out of the source count, though a copy is still listed as
    a source of what it states. ``since`` makes an update summary (package
    docstring). Every returned sentence is a verbatim sentence of an article,
    its ``sources`` are every article stating it (earliest first) and
    ``evidence`` gives the span in each. Deterministic. Raises ``ValueError``
    for embeddings that do not match the sentences.
    """
    articles = story.articles
    pool = _build_pool(articles, story.sentences, story.embeddings)
    if pool is None:
        return ()
    dup = story.duplicate_of or {}
    by_id = {a.id: a for a in articles}
    stated = _stated_by(pool, facts, params, known=set(by_id))

    def dated_before(article_id: str) -> bool:
        date = by_id[article_id].date
        return since is not None and date is not None and date < since

    def is_new(article_id: str) -> bool:
        date = by_id[article_id].date
        return since is None or (date is not None and date >= since)

    candidates = [
        i
        for i, s in enumerate(pool.sentences)
        if s.article_id not in dup
        and is_new(s.article_id)
        and _eligible(s.text)
        and not any(dated_before(a) for a in stated[i])
    ]
    if not candidates:
        return ()
    keys = source_keys(articles, dup)
    canonical = [i for i, s in enumerate(pool.sentences) if s.article_id not in dup]
    found = [concepts(s.text) for s in pool.sentences]
    known = {c for i in canonical if dated_before(pool.sentences[i].article_id) for c in found[i]}
    fresh = [i for i in canonical if is_new(pool.sentences[i].article_id)]
    weights = concept_weights(
        [found[i] for i in fresh],
        [keys[pool.sentences[i].article_id] for i in fresh],
        min_sources=params.min_sources,
        known=known,
        below_weight=params.single_source_weight,
    )
    n_sources = len({keys[pool.sentences[i].article_id] for i in fresh})
    support = {
        i: (len({keys[a] for a in stated[i]}) - 1) / max(1, n_sources - 1) for i in candidates
    }
    chosen = select(
        candidates,
        pool.sentences,
        found,
        weights,
        pool.cosine,
        budget,
        params,
        support=support,
        same=_same_statements(pool, stated),
    )
    order = _story_order(pool, chosen, stated, by_id)
    return tuple(_render(pool, i, stated[i], by_id) for i in order)


def _eligible(text: str) -> bool:
    """A self-contained statement: not boilerplate, a question or a fragment; sane length."""
    stripped = text.strip()
    if not stripped or is_boilerplate(stripped) or stripped.endswith("?"):
        return False
    first = stripped[0]
    if not (first.isupper() or first.isdigit() or first in _OPENING_QUOTES):
        return False
    if fold_quotes(stripped).count('"') % 2:
        return False  # part of a quotation that spans sentences: not self-contained
    return MIN_WORDS <= count_words(stripped) <= MAX_WORDS


def _stated_by(
    pool: _Pool, facts: FactComparison | None, params: SummaryParams, *, known: set[str]
) -> list[dict[str, Evidence]]:
    """For each sentence, the articles stating it and the span where each does.

    Always its own article and every article with a near-verbatim copy of it
    (score at least ``verbatim_threshold``: syndicated and lightly edited
    copies). Then, with ``facts``, every article of a consensus group with a
    claim inside the sentence, provided that article's sentence holding its
    claim has an embedding cosine of at least ``fact_min_cosine`` with this
    one (the fact alignment works on clauses and can group two different
    statements of one speaker); evidence: that article's claim. Without
    ``facts``, every article whose best sentence scores at least
    ``attribution_threshold`` against it.
    """
    floor = params.verbatim_threshold if facts is not None else params.attribution_threshold
    out: list[dict[str, Evidence]] = []
    for i, s in enumerate(pool.sentences):
        best: dict[str, tuple[float, Sentence]] = {}
        for j in np.nonzero(pool.sim[i] >= floor)[0].tolist():
            other = pool.sentences[j]
            if other.article_id == s.article_id:
                continue
            score = float(pool.sim[i, j])
            if other.article_id not in best or score > best[other.article_id][0]:
                best[other.article_id] = (score, other)
        found = {s.article_id: Evidence(s.article_id, s.start, s.end)}
        found.update({a: Evidence(a, t.start, t.end) for a, (_, t) in best.items()})
        out.append(found)
    if facts is None:
        return out
    where: dict[str, list[int]] = {}
    for i, s in enumerate(pool.sentences):
        where.setdefault(s.article_id, []).append(i)
    def holder(article_id: str, start: int) -> int | None:
        for j in where.get(article_id, ()):
            if pool.sentences[j].start <= start < pool.sentences[j].end:
                return j
        return None

    for group in facts.consensus:
        holders = [(c, holder(c.article_id, c.start)) for c in group.claims]
        for claim, at in holders:
            if at is None or claim.end > pool.sentences[at].end:
                continue
            for c, peer in holders:
                if c.article_id in known and peer is not None and (
                    float(pool.cosine[at, peer]) >= params.fact_min_cosine
                ):
                    out[at].setdefault(c.article_id, Evidence(c.article_id, c.start, c.end))
    return out


def _same_statements(
    pool: _Pool, stated: Sequence[Mapping[str, Evidence]]
) -> dict[int, frozenset[int]]:
    """For each sentence, the other sentences holding its evidence spans (rewordings)."""
    by_article: dict[str, list[int]] = {}
    for i, s in enumerate(pool.sentences):
        by_article.setdefault(s.article_id, []).append(i)
    out: dict[int, frozenset[int]] = {}
    for i, evidence in enumerate(stated):
        hits = {
            j
            for ev in evidence.values()
            for j in by_article.get(ev.article_id, ())
            if j != i and pool.sentences[j].start < ev.end and ev.start < pool.sentences[j].end
        }
        out[i] = frozenset(hits)
    return out


def _story_order(
    pool: _Pool,
    chosen: Sequence[int],
    stated: Sequence[Mapping[str, Evidence]],
    by_id: Mapping[str, Article],
) -> list[int]:
    """Story order: by the earliest date any source states it, then relative position."""
    n_in: dict[str, int] = {}
    for s in pool.sentences:
        n_in[s.article_id] = n_in.get(s.article_id, 0) + 1

    def key(i: int) -> tuple[dt.date, float, int]:
        known = [d for a in stated[i] if (d := by_id[a].date) is not None]
        first = min(known) if known else dt.date.max
        s = pool.sentences[i]
        return first, s.index / n_in[s.article_id], i

    return sorted(chosen, key=key)


def _render(
    pool: _Pool, i: int, stated: Mapping[str, Evidence], by_id: Mapping[str, Article]
) -> SummarySentence:
    ordered = sorted(stated, key=lambda a: (by_id[a].date or dt.date.max, a))
    return SummarySentence(
        text=pool.sentences[i].text,
        sources=tuple(ordered),
        evidence=tuple(stated[a] for a in ordered),
    )
