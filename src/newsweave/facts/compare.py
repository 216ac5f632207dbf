"""Sort a story's claims into consensus, updates, conflicts and single-source claims.

See the package doc and docs/facts.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from newsweave.claims import split_claims
from newsweave.facts import pairs
from newsweave.facts.conflicts import quote_conflict, topic_of
from newsweave.facts.consensus import consensus_groups
from newsweave.facts.grouping import aligned_groups
from newsweave.facts.measures import has_number, measures_of
from newsweave.facts.occasions import GAME_ATTRIBUTES, Occasions
from newsweave.facts.pairs import DenseScores, PairScores, SparseScores
from newsweave.facts.parses import ClaimParses
from newsweave.facts.referents import canonical_referents, resolve_pronouns
from newsweave.facts.similarity import (
    ClaimScores,
    claim_similarity,
    claim_vectors,
    lexical_cosine,
)
from newsweave.facts.values import RUNNING_TOTALS, Finding, compare_values
from newsweave.model import (
    Article,
    Claim,
    Conflict,
    FactGroup,
    StoryInput,
    Update,
    by_publication,
)

if TYPE_CHECKING:

    from numpy.typing import NDArray
    from spacy.language import Language

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
    """Parameters of the fact comparison (docs/facts.md says how each was chosen).

    ``threshold``: minimum alignment score (:mod:`newsweave.facts.similarity`) for
    two claims to be candidates for one fact; ``entailment``: minimum mutual
    entailment score (:mod:`newsweave.facts.entail`) for consensus;
    ``linkage``: topical alignment groups (:mod:`newsweave.facts.grouping`) merge
    only when their mean cross score reaches ``linkage * threshold``;
    ``lexical_weight``, ``name_penalty``, ``name_bonus``: the alignment score;
    ``copy_share``: see :func:`find_copies`; ``min_confidence``: conflicts,
    updates and consensus groups below it are not reported (their claims count
    as single-source); ``max_partners`` and ``min_value_similarity``: candidate
    generation for value comparison (:func:`~newsweave.facts.values.compare_values`).
    """

    threshold: float = 0.36
    conflict_threshold: float = 0.42
    linkage: float = 0.85
    lexical_weight: float = 0.5
    name_penalty: float = 0.75
    name_bonus: float = 0.0
    copy_share: float = 0.5
    entailment: float = 0.62
    min_confidence: float = 0.5
    max_partners: int = 3
    min_value_similarity: float = 0.2


@dataclass(frozen=True, slots=True)
class FactComparison:
    """The disjoint classes of a story's claims (an update's or conflict's claims are in
    no other class)."""

    consensus: tuple[FactGroup, ...] = ()
    single_source: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    updates: tuple[Update, ...] = ()
    aligned: tuple[FactGroup, ...] = ()
    """Claims of several articles about the same thing (:mod:`newsweave.facts.grouping`):
    what summaries cite as "stated by"; looser than consensus and not reported."""


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
    nlp: Language | None = None,
) -> FactComparison:
    """Compare the claims of one story's articles.

    ``story.sentences[a.id]`` are an article's sentences and
    ``story.embeddings[a.id]`` their unit MiniLM vectors, one row per sentence
    in the same order. ``story.duplicate_of`` marks copies of the same wire
    story; when unknown (``None``) they are found by :func:`find_copies`.
    ``nlp`` is a spaCy pipeline with a dependency parser (and NER) used to read
    the values of claims that hold numbers; when ``None`` one is loaded
    (``load_spacy(parser=True)``, about a second). Every non-boilerplate claim
    ends up in exactly one class, except a copy's claims that repeat its
    original near-verbatim (the original's telling stands for both); the output
    depends only on the inputs (ordered by publication date, then text position).
    Raises ``ValueError`` when an article's embeddings do not match its sentences.
    """
    articles, sentences_by_id, embeddings_by_id = story.articles, story.sentences, story.embeddings
    duplicate_of = story.duplicate_of
    ordered = sorted(articles, key=lambda a: by_publication(a.date, a.id))
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
    vectors = np.vstack(rows)
    sim = _pair_scores(texts, vectors, params)
    if duplicate_of is None:
        duplicate_of = find_copies(ordered, pool, sim, params.copy_share)
    keys = source_keys(articles, duplicate_of)
    repeated = _repetitions(pool, sim, duplicate_of)
    if len(set(keys.values())) < 2:  # one source: nothing to agree or disagree with
        return FactComparison(single_source=tuple(
            c for k, c in enumerate(pool) if k not in repeated))
    numeric = [i for i, t in enumerate(texts) if has_number(t)]
    if nlp is None:  # values and consensus both read the parse
        from newsweave.nlp import load_spacy

        nlp = load_spacy(ner=True, parser=True)
    parses = ClaimParses(nlp)  # each distinct text parsed once, in batches
    parses.add_stored(a.parses for a in story.analyses.values() if a.parses is not None)
    measures = measures_of(pool, numeric, parses) if numeric else []
    measures = canonical_referents(resolve_pronouns(measures, pool), pool)
    published = {a.id: a.date for a in articles}
    occasions = Occasions(articles, sentences_by_id, pool, parses)  # two occasions: apart
    findings = [f for f in compare_values(measures, pool, sim, keys, published,
                                          max_partners=params.max_partners,
                                          min_similarity=params.min_value_similarity)
                if f.confidence >= params.min_confidence and occasions.apart(
                    f.old.claim, f.new.claim, running=f.old.attribute in RUNNING_TOTALS,
                    values=True, game=topic_of(f.old.attribute) in GAME_ATTRIBUTES,
                    score=topic_of(f.old.attribute) == "score") is None]
    conflicts, updates = _conflicts_and_updates(findings, pool)
    conflicts += _quote_conflicts(pool, sim, keys, params)
    taken = {(c.article_id, c.start) for x in conflicts for c in x.claims}
    taken |= {(c.article_id, c.start) for u in updates for c in (u.old, u.new)}
    consensus, grouped = consensus_groups(pool, sim, keys, params, taken, parses, published,
                                    occasions)
    single = [c for k, c in enumerate(pool) if k not in grouped and k not in repeated
              and (c.article_id, c.start) not in taken]

    def position(c: Claim) -> tuple[int, int]:
        return order[c.article_id], c.start

    n_sources = {id(g): len({keys[a] for a in g.sources}) for g in consensus}
    consensus.sort(key=lambda g: (-n_sources[id(g)], position(g.claims[0])))
    conflicts.sort(key=lambda x: (-x.confidence, position(x.claims[0])))
    updates.sort(key=lambda u: (-u.confidence, position(u.old)))
    single.sort(key=position)
    aligned = tuple(FactGroup(pool[g[0]].text, tuple(pool[k] for k in g))
                    for g in aligned_groups(pool, sim, threshold=params.threshold,
                                            linkage=params.linkage))
    return FactComparison(tuple(consensus), tuple(single), tuple(conflicts), tuple(updates),
                          aligned)


def _pair_scores(texts: Sequence[str], vectors: NDArray[np.float32],
                 params: FactParams) -> PairScores:
    """Square matrices for a small story, the best pairs only for a large one
    (:mod:`newsweave.facts.pairs`; same comparison, memory linear in the claims)."""
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    if len(texts) <= pairs.DENSE_CLAIMS:
        lexical = lexical_cosine(texts)
        sim = claim_similarity(texts, vectors, lexical_weight=params.lexical_weight,
                               name_penalty=params.name_penalty, name_bonus=params.name_bonus,
                               lexical=lexical)
        return DenseScores(sim, lexical, unit)
    scorer = ClaimScores(texts, vectors, lexical_weight=params.lexical_weight,
                         name_penalty=params.name_penalty, name_bonus=params.name_bonus)
    return SparseScores(scorer, unit, floor=min(params.threshold, params.conflict_threshold))


def _repetitions(pool: Sequence[Claim], sim: PairScores,
                 duplicate_of: Mapping[str, str]) -> set[int]:
    """Claims of a copy that repeat a claim of its original near-verbatim: not a telling."""
    where: dict[str, list[int]] = {}
    for k, c in enumerate(pool):
        where.setdefault(c.article_id, []).append(k)
    out: set[int] = set()
    for copy, original in duplicate_of.items():
        theirs = where.get(original, [])
        mine = where.get(copy, [])
        if not theirs or not mine:
            continue
        best = sim.lexical_block(mine, theirs).max(axis=1)
        out.update(k for k, b in zip(mine, best.tolist(), strict=True) if b >= VERBATIM)
    return out


def _conflicts_and_updates(
    findings: Sequence[Finding], pool: Sequence[Claim]
) -> tuple[list[Conflict], list[Update]]:
    conflicts: list[Conflict] = []
    updates: list[Update] = []
    for f in findings:
        a, b = pool[f.old.claim], pool[f.new.claim]
        topic = topic_of(f.old.attribute)
        if f.kind == "update":
            updates.append(Update(topic, a, b, f.old.surface, f.new.surface, f.confidence,
                                  f.correction))
        else:
            conflicts.append(Conflict(topic, (a, b), f"{f.old.surface} vs {f.new.surface}",
                                      f.confidence, (f.old.surface, f.new.surface)))
    return conflicts, updates


def _quote_conflicts(pool: Sequence[Claim], sim: PairScores, keys: Mapping[str, str],
                     params: FactParams) -> list[Conflict]:
    """Aligned claims of two sources quoting one statement with another polarity or figure."""
    out: list[Conflict] = []
    quoting = {i for i, c in enumerate(pool) if '"' in c.text or "“" in c.text}
    for i, j, score in sim.pairs(params.threshold):
        if i in quoting and j in quoting:
            a, b = pool[i], pool[j]
            if keys[a.article_id] == keys[b.article_id]:
                continue
            found = quote_conflict(a.text, b.text)
            if found is not None:
                conf = round(min(1.0, 0.5 + score), 3)
                if conf >= params.min_confidence:
                    out.append(Conflict("quoted words", (a, b),
                                        f"“{found[0]}” vs “{found[1]}”", conf, found))
    return out


def find_copies(
    ordered: Sequence[Article],
    pool: Sequence[Claim],
    lexical: NDArray[np.float32] | PairScores,
    share: float,
) -> dict[str, str]:
    """Copy id -> canonical id: articles that repeat an earlier article near-verbatim.

    ``ordered`` is in publication order and ``pool`` its articles' claims in that
    order; an article is a copy of the earliest article in which at least
    ``share`` of its claims have a partner with lexical cosine >= :data:`VERBATIM`
    (an exact or lightly edited copy of one wire story). ``lexical``: the claims'
    lexical cosine matrix, or their :class:`~newsweave.facts.pairs.PairScores`.
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
            block = (lexical[np.ix_(own, other)] if isinstance(lexical, np.ndarray)
                     else lexical.lexical_block(own, other))
            matched = (block >= VERBATIM).any(axis=1).mean()
            if matched >= share:
                copies[article.id] = earlier.id
                break
    return copies
