"""Sort a story's claims into consensus, single-source and conflicts (see the package doc)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from newsweave.claims import Specifics, specifics, split_claims
from newsweave.facts.conflicts import disagreement, extra_quantity
from newsweave.facts.similarity import claim_similarity, claim_vectors, lexical_cosine
from newsweave.model import Article, Claim, Conflict, FactGroup, StoryInput

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "VERBATIM",
    "FactComparison",
    "FactParams",
    "compare_facts",
    "find_copies",
    "source_keys",
]

VERBATIM = 0.8


@dataclass(frozen=True, slots=True)
class FactParams:
    """Parameters of the fact comparison (defaults chosen on the seeds and demo gold).

    ``threshold``: minimum alignment score for two claims to be the same fact;
    ``conflict_threshold``: minimum score for two disagreeing claims to be one fact
    told two ways (a conflict) rather than two facts; ``linkage``: groups merge only
    when their mean cross score reaches ``linkage * threshold``;
    ``lexical_weight``, ``name_penalty``, ``name_bonus``: see
    :mod:`newsweave.facts.similarity`; ``copy_share``: the share of an article's
    claims that must be near-verbatim (:data:`VERBATIM`) in an earlier article for
    it to count as a copy of that article (:func:`find_copies`), used when the
    story's ``duplicate_of`` is unknown (``None``).
    """

    threshold: float = 0.36
    conflict_threshold: float = 0.42
    linkage: float = 0.85
    lexical_weight: float = 0.5
    name_penalty: float = 0.75
    name_bonus: float = 0.0
    copy_share: float = 0.5


@dataclass(frozen=True, slots=True)
class FactComparison:
    """The three disjoint classes of a story's claims."""

    consensus: tuple[FactGroup, ...] = ()
    single_source: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


def source_keys(
    articles: Sequence[Article], duplicate_of: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Map each article id to its independent-source key.

    The outlet (``Article.source``, case-folded) when known, else the article's
    own id; a copy (key of ``duplicate_of``) takes its canonical article's key.
    """
    keys = {a.id: (a.source.strip().casefold() if a.source else f"id:{a.id}") for a in articles}
    for copy, canonical in (duplicate_of or {}).items():
        if copy in keys and canonical in keys:
            keys[copy] = keys[canonical]
    return keys


def compare_facts(
    story: StoryInput,
    *,
    params: FactParams = FactParams(),
) -> FactComparison:
    """Compare the claims of one story's articles.

    ``story.sentences[a.id]`` are an article's sentences and
    ``story.embeddings[a.id]`` their unit MiniLM vectors, one row per sentence
    in the same order. ``story.duplicate_of`` marks copies of the same wire
    story; when unknown (``None``) they are found by :func:`find_copies`. Every
    non-boilerplate claim ends up in exactly one class; the output depends only
    on the inputs (ordered by publication date, then text position). Raises
    ``ValueError`` when an article's embeddings do not match its sentences.
    """
    articles, sentences_by_id, embeddings_by_id = story.articles, story.sentences, story.embeddings
    duplicate_of = story.duplicate_of
    ordered = sorted(articles, key=lambda a: (a.date is None, a.date or 0, a.id))
    order = {a.id: i for i, a in enumerate(ordered)}
    pool: list[Claim] = []
    rows: list[NDArray[np.float32]] = []
    for article in ordered:
        sentences = sentences_by_id.get(article.id, ())
        claims = split_claims(article, sentences)
        if not claims:
            continue
        pool.extend(claims)
        rows.append(claim_vectors(claims, sentences, embeddings_by_id[article.id]))
    if not pool:
        return FactComparison()
    texts = [c.text for c in pool]
    lexical = lexical_cosine(texts)
    sim = claim_similarity(
        texts,
        np.vstack(rows),
        lexical_weight=params.lexical_weight,
        name_penalty=params.name_penalty,
        name_bonus=params.name_bonus,
        lexical=lexical,
    )
    if duplicate_of is None:
        duplicate_of = find_copies(ordered, pool, lexical, params.copy_share)
    keys = source_keys(articles, duplicate_of)
    spec = [specifics(c.text) for c in pool]
    consensus: list[FactGroup] = []
    conflicts: list[Conflict] = []
    single: list[Claim] = []
    published = {a.id: a.date for a in articles}

    def same_day(x: Claim, y: Claim) -> bool:
        day = published[x.article_id]
        return day is not None and day == published[y.article_id]

    for members in _group(pool, sim, spec, params, same_day):
        claims_ = tuple(pool[i] for i in members)
        if len({keys[c.article_id] for c in claims_}) < 2:
            single.append(claims_[0])  # the earliest telling; copies confirm nothing
            continue
        found = _disagreement(members, pool, spec, keys, same_day)
        if found is not None:
            conflicts.append(Conflict(found[0], claims_, found[1]))
        else:
            best = max(members, key=lambda i: (float(sim[i, members].sum()), -i))
            consensus.append(FactGroup(pool[best].text, claims_))

    def position(c: Claim) -> tuple[int, int]:
        return order[c.article_id], c.start

    n_sources = {id(g): len({keys[a] for a in g.sources}) for g in consensus}
    consensus.sort(key=lambda g: (-n_sources[id(g)], position(g.claims[0])))
    conflicts.sort(key=lambda g: position(g.claims[0]))
    single.sort(key=position)
    return FactComparison(tuple(consensus), tuple(single), tuple(conflicts))


def find_copies(
    ordered: Sequence[Article],
    pool: Sequence[Claim],
    lexical: NDArray[np.float32],
    share: float,
) -> dict[str, str]:
    """Copy id -> canonical id: articles that repeat an earlier article near-verbatim.

    ``ordered`` is in publication order and ``pool`` its articles' claims in that
    order; an article is a copy of the earliest article in which at least
    ``share`` of its claims have a partner with lexical cosine >= :data:`VERBATIM`
    (an exact or lightly edited copy of one wire story).
    """
    index: dict[str, list[int]] = {}
    for n, claim in enumerate(pool):
        index.setdefault(claim.article_id, []).append(n)
    copies: dict[str, str] = {}
    for k, article in enumerate(ordered):
        own = index.get(article.id)
        if not own:
            continue
        for earlier in ordered[:k]:
            other = index.get(earlier.id)
            if not other or earlier.id in copies:
                continue
            matched = (lexical[np.ix_(own, other)] >= VERBATIM).any(axis=1).mean()
            if matched >= share:
                copies[article.id] = earlier.id
                break
    return copies


def _group(
    pool: Sequence[Claim],
    sim: NDArray[np.float32],
    spec: Sequence[Specifics],
    params: FactParams,
    same_day: Callable[[Claim, Claim], bool],
) -> list[list[int]]:
    """Greedy best-first merging into groups holding at most one claim per article.

    Two groups merge along their best remaining pair only when the mean score of
    all their cross pairs reaches ``params.linkage * params.threshold`` (so a
    chain of loosely related claims does not snowball), no cross pair disagrees
    (:func:`~newsweave.facts.conflicts.disagreement`) while scoring below
    ``params.conflict_threshold`` (two different facts, "0% contained on Friday"
    / "10% contained on Sunday", not a conflict), and the best pair itself does
    not have one side carrying a figure the other lacks
    (:func:`~newsweave.facts.conflicts.extra_quantity`): that figure is not
    confirmed by the other source ("spoke for 35 minutes with Xi" / "met Xi").
    """
    n = len(pool)
    parent = list(range(n))
    members: list[list[int]] = [[i] for i in range(n)]
    articles: list[set[str]] = [{c.article_id} for c in pool]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def compatible(x: int, y: int, edge: bool) -> bool:
        weekdays = same_day(pool[x], pool[y])
        found = disagreement(pool[x], pool[y], spec[x], spec[y], weekdays=weekdays)
        if found is not None:
            return float(sim[x, y]) >= params.conflict_threshold
        return not (edge and extra_quantity(spec[x], spec[y]))

    candidates = np.argwhere(np.triu(sim, k=1) >= params.threshold)
    edges = sorted(
        ((float(sim[i, j]), int(i), int(j)) for i, j in candidates),
        key=lambda e: (-e[0], e[1], e[2]),
    )
    for _, i, j in edges:
        ri, rj = find(i), find(j)
        if ri == rj or articles[ri] & articles[rj]:
            continue
        a, b = members[ri], members[rj]
        if float(sim[np.ix_(a, b)].mean()) < params.linkage * params.threshold:
            continue
        if not all(compatible(x, y, {x, y} == {i, j}) for x in a for y in b):
            continue
        ri, rj = min(ri, rj), max(ri, rj)
        parent[rj] = ri
        articles[ri] |= articles[rj]
        members[ri] = sorted(members[ri] + members[rj])
    return sorted((members[r] for r in range(n) if find(r) == r), key=lambda m: m[0])


def _disagreement(
    members: Sequence[int],
    pool: Sequence[Claim],
    spec: Sequence[Specifics],
    keys: Mapping[str, str],
    same_day: Callable[[Claim, Claim], bool],
) -> tuple[str, str] | None:
    """The first disagreement between members of different sources."""
    for x, i in enumerate(members):
        for j in members[x + 1 :]:
            if keys[pool[i].article_id] != keys[pool[j].article_id]:
                weekdays = same_day(pool[i], pool[j])
                found = disagreement(pool[i], pool[j], spec[i], spec[j], weekdays=weekdays)
                if found is not None:
                    return found
    return None
