"""Extractive, attributed summary of one story (the algorithm is in the package docstring)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from newsweave.align import SentencePool
from newsweave.claims import fold_quotes, is_boilerplate
from newsweave.facts import FactComparison
from newsweave.model import Article, Evidence, Sentence, StoryInput, SummarySentence
from newsweave.summarize.focus import Focus, relevance
from newsweave.summarize.params import SummaryBudget, SummaryParams
from newsweave.summarize.select import (
    concept_weights,
    concepts,
    count_words,
    quoted_share,
    select,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["DEFAULT_BUDGET", "DEFAULT_PARAMS", "MAX_WORDS", "MIN_WORDS", "summarize"]

MIN_WORDS = 6
MAX_WORDS = 60
_OPENING_QUOTES = "“\"‘'"
# A complete sentence ends with a full stop or an exclamation mark, possibly inside
# closing quotes or brackets; a colon, a comma, an ellipsis or nothing marks a fragment
# (a headline, a cut-off line, a sentence introducing a quote).
_COMPLETE = re.compile(r"[.!][”’\"')\]]*$")
_BLOCK = 256  # candidate rows scored at once against the whole story (bounded memory)
DEFAULT_BUDGET = SummaryBudget()
DEFAULT_PARAMS = SummaryParams()


@dataclass(frozen=True, slots=True)
class _Pool:
    """Every sentence of the story with its unit embedding."""

    sentences: tuple[Sentence, ...]
    unit: NDArray[np.float32]


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
    return _Pool(tuple(pool), unit)


def summarize(
    story: StoryInput,
    *,
    budget: SummaryBudget = DEFAULT_BUDGET,
    facts: FactComparison | None = None,
    since: dt.date | None = None,
    params: SummaryParams = DEFAULT_PARAMS,
    focus: Focus | None = None,
) -> tuple[SummarySentence, ...]:
    """Summarise one story; ``()`` when no sentence qualifies.

    ``story.sentences[article_id]`` are an article's sentences in text order and
    ``story.embeddings[article_id]`` their sentence embeddings (one row each,
    e.g. :meth:`newsweave.embed.Embedder.encode`). ``facts`` (the comparison
    stage's output for the same articles) adds the articles of a consensus fact
    whose claim lies inside a sentence to that sentence's sources.
    ``story.duplicate_of`` (copy id -> canonical id) keeps copies out of the
    candidates and out of the source count, though a copy is still listed as
    a source of what it states. ``since`` makes an update summary and ``focus``
    a query-focused one (package docstring). Every returned sentence is a
    verbatim, complete sentence of an article, its ``sources`` are every
    article stating it (earliest first) and ``evidence`` gives the span in
    each. Deterministic. Raises ``ValueError`` for embeddings that do not
    match the sentences.
    """
    articles = story.articles
    pool = _build_pool(articles, story.sentences, story.embeddings)
    if pool is None:
        return ()
    dup = dict(story.duplicate_of or {})
    by_id = {a.id: a for a in articles}

    def dated_before(article_id: str) -> bool:
        date = by_id[article_id].date
        return since is not None and date is not None and date < since

    def is_new(article_id: str) -> bool:
        date = by_id[article_id].date
        return since is None or (date is not None and date >= since)

    sents = pool.sentences
    found = [concepts(s.text) for s in sents]
    canonical = [i for i, s in enumerate(sents) if s.article_id not in dup]
    known = {c for i in canonical if dated_before(sents[i].article_id) for c in found[i]}
    fresh = [i for i in canonical if is_new(sents[i].article_id)]
    weights = concept_weights([found[i] for i in fresh], [sents[i].article_id for i in fresh],
                              min_sources=params.min_concept_sources, known=known)
    eligible = [i for i in fresh if _eligible(sents[i].text)]
    candidates = _shortlist(eligible, sents, found, weights, params)
    if not candidates:
        return ()
    stated = _stated_by(pool, candidates, facts, params, known=set(by_id))
    candidates = [i for i in candidates if not any(dated_before(a) for a in stated[i])]
    same = _same_statements(pool, candidates, stated)
    candidates = _first_tellings(candidates, sents, same, by_id)
    if not candidates:
        return ()
    source_of = _source_keys(articles, dup, params.min_outlets)
    n_sources = len({source_of[sents[i].article_id] for i in fresh})
    support = {i: (len({source_of[a] for a in stated[i]}) - 1) / max(1, n_sources - 1)
               for i in candidates}
    rel = None
    if focus is not None and params.focus_weight > 0:
        scores = relevance(pool.unit[candidates], focus)
        if float(scores.max(initial=0.0)) > 0.0:
            rel = {i: float(r) for i, r in zip(candidates, scores, strict=True)}
    cand_unit = pool.unit[candidates]
    quoted = {i: max(quoted_share(by_id[ev.article_id].text[ev.start:ev.end])
                     for ev in stated[i].values()) for i in candidates}
    chosen = select(candidates, sents, found, weights,
                    np.clip(cand_unit @ cand_unit.T, 0.0, 1.0), budget, params,
                    support=support, same=same, relevance=rel, quoted=quoted)
    order = _story_order(pool, chosen, stated, by_id)
    return tuple(_render(pool, i, stated[i], by_id) for i in order)


def _eligible(text: str) -> bool:
    """A complete, self-contained statement: not boilerplate, a question or a fragment."""
    stripped = text.strip()
    if not stripped or is_boilerplate(stripped) or not _COMPLETE.search(stripped):
        return False
    first = stripped[0]
    if not (first.isupper() or first.isdigit() or first in _OPENING_QUOTES):
        return False
    if fold_quotes(stripped).count('"') % 2:
        return False  # part of a quotation that spans sentences: not self-contained
    return MIN_WORDS <= count_words(stripped) <= MAX_WORDS


def _shortlist(
    eligible: list[int], sents: Sequence[Sentence], found: Sequence[frozenset[tuple[str, str]]],
    weights: Mapping[tuple[str, str], float], params: SummaryParams,
) -> list[int]:
    """The candidates worth scoring: all of them, or in a very large story the
    ``max_candidates`` with the most concept weight per word (the greedy would not
    reach the others), in their original order."""
    if len(eligible) <= params.max_candidates:
        return eligible

    def value(i: int) -> float:
        mass = sum(weights.get(c, 0.0) for c in found[i])
        return float(mass / max(1, count_words(sents[i].text)) ** params.cost_exponent)

    best = sorted(eligible, key=lambda i: (-value(i), i))[: params.max_candidates]
    return sorted(best)


def _source_keys(
    articles: Sequence[Article], duplicate_of: Mapping[str, str], min_outlets: int
) -> dict[str, str]:
    """Independent sources: outlets when the story has ``min_outlets`` or more, else
    articles (an article without an outlet is its own source); a copy is its original's."""
    outlets = {a.source.strip().casefold() for a in articles
               if a.source and a.id not in duplicate_of}
    by_outlet = len(outlets) >= min_outlets
    keys = {a.id: (a.source.strip().casefold() if by_outlet and a.source else f"id:{a.id}")
            for a in articles}
    for copy, original in duplicate_of.items():
        if copy in keys and original in keys:
            keys[copy] = keys[original]
    return keys


def _stated_by(
    pool: _Pool, candidates: Sequence[int], facts: FactComparison | None,
    params: SummaryParams, *, known: set[str],
) -> dict[int, dict[str, Evidence]]:
    """For each candidate, the articles stating it and the span where each does.

    Always its own article and every article with a near-verbatim copy of it
    (score at least ``verbatim_threshold``: syndicated and lightly edited
    copies). Then, with ``facts``, every article of an aligned group with a
    claim inside the sentence, provided that article's sentence holding its
    claim has an embedding cosine of at least ``fact_min_cosine`` with this
    one (the fact alignment works on clauses and can group two different
    statements of one speaker); evidence: that article's claim. Without
    ``facts``, every article whose best sentence scores at least
    ``attribution_threshold`` against it.
    """
    sents = pool.sentences
    floor = params.verbatim_threshold if facts is not None else params.attribution_threshold
    # Candidates first, so their rows are one slice of the pool.
    order = [*candidates, *sorted(set(range(len(sents))) - set(candidates))]
    scorer = SentencePool([sents[j].text for j in order], pool.unit[order])
    out: dict[int, dict[str, Evidence]] = {}
    for lo in range(0, len(candidates), _BLOCK):
        block = scorer.scores(slice(lo, min(lo + _BLOCK, len(candidates))), slice(0, len(order)))
        for r, k in enumerate(range(lo, min(lo + _BLOCK, len(candidates)))):
            s = sents[order[k]]
            best: dict[str, tuple[float, Sentence]] = {}
            for col in np.nonzero(block[r] >= floor)[0].tolist():
                other = sents[order[col]]
                score = float(block[r, col])
                if other.article_id != s.article_id and (
                        other.article_id not in best or score > best[other.article_id][0]):
                    best[other.article_id] = (score, other)
            found = {s.article_id: Evidence(s.article_id, s.start, s.end)}
            found.update({a: Evidence(a, t.start, t.end) for a, (_, t) in best.items()})
            out[order[k]] = found
    if facts is not None:
        _add_fact_sources(pool, out, facts, params, known)
    return out


def _add_fact_sources(
    pool: _Pool, out: dict[int, dict[str, Evidence]], facts: FactComparison,
    params: SummaryParams, known: set[str],
) -> None:
    where: dict[str, list[int]] = {}
    for i, s in enumerate(pool.sentences):
        where.setdefault(s.article_id, []).append(i)

    def holder(article_id: str, start: int) -> int | None:
        for j in where.get(article_id, ()):
            if pool.sentences[j].start <= start < pool.sentences[j].end:
                return j
        return None

    for group in facts.aligned or facts.consensus:
        holders = [(c, holder(c.article_id, c.start)) for c in group.claims]
        for claim, at in holders:
            if at is None or at not in out or claim.end > pool.sentences[at].end:
                continue
            for c, peer in holders:
                if c.article_id in known and peer is not None and (
                    float(pool.unit[at] @ pool.unit[peer]) >= params.fact_min_cosine
                ):
                    out[at].setdefault(c.article_id, Evidence(c.article_id, c.start, c.end))


def _same_statements(
    pool: _Pool, candidates: Sequence[int], stated: Mapping[int, Mapping[str, Evidence]]
) -> dict[int, frozenset[int]]:
    """For each candidate, the other candidates holding its evidence spans (rewordings)."""
    by_article: dict[str, list[int]] = {}
    for i in candidates:
        by_article.setdefault(pool.sentences[i].article_id, []).append(i)
    out: dict[int, frozenset[int]] = {}
    for i in candidates:
        out[i] = frozenset(
            j
            for ev in stated[i].values()
            for j in by_article.get(ev.article_id, ())
            if j != i and pool.sentences[j].start < ev.end and ev.start < pool.sentences[j].end
        )
    return out


def _first_tellings(
    candidates: Sequence[int], sents: Sequence[Sentence], same: Mapping[int, frozenset[int]],
    by_id: Mapping[str, Article],
) -> list[int]:
    """Candidates without a rewording in an earlier-published article.

    When two candidates state the same thing, the summary quotes the first
    telling (the wire), not a later rewrite's rewording of it; undated and
    same-day tellings all stay (the selection then takes at most one).
    """
    def date(i: int) -> dt.date | None:
        return by_id[sents[i].article_id].date

    keep = []
    for i in candidates:
        mine = date(i)
        peers = same[i] | {j for j in candidates if i in same[j]}
        if mine is None or not any((d := date(j)) is not None and d < mine for j in peers):
            keep.append(i)
    return keep


def _story_order(
    pool: _Pool, chosen: Sequence[int], stated: Mapping[int, Mapping[str, Evidence]],
    by_id: Mapping[str, Article],
) -> list[int]:
    """Story order: by the earliest date any source states it, then relative position."""
    n_in: dict[str, int] = {}
    for s in pool.sentences:
        n_in[s.article_id] = n_in.get(s.article_id, 0) + 1

    def key(i: int) -> tuple[dt.date, float, int]:
        dates = [d for a in stated[i] if (d := by_id[a].date) is not None]
        first = min(dates) if dates else dt.date.max
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

