"""Consensus: groups of claims of two or more sources that state the same thing.

Split out of :mod:`newsweave.facts.compare` (which calls :func:`consensus_groups`);
the rules are in docs/facts.md ("Consensus").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from newsweave.facts.entail import (
    ClaimTraits,
    content_of,
    events_agree,
    idf_of,
    mutual_entailment,
    traits,
)
from newsweave.facts.lexicon import other_days
from newsweave.model import Claim, FactGroup

if TYPE_CHECKING:
    import datetime as dt

    from newsweave.facts.compare import FactParams
    from newsweave.facts.occasions import Occasions
    from newsweave.facts.pairs import PairScores
    from newsweave.facts.parses import ClaimParses

__all__ = ["consensus_groups"]


def consensus_groups(
    pool: Sequence[Claim],
    sim: PairScores,
    keys: Mapping[str, str],
    params: FactParams,
    taken: set[tuple[str, int]],
    parses: ClaimParses | None = None,
    published: Mapping[str, dt.date | None] | None = None,
    occasions: Occasions | None = None,
) -> tuple[list[FactGroup], set[int]]:
    """Groups of claims of two or more sources that pairwise entail each other.

    Candidate pairs are aligned claims (score at or above ``params.threshold``)
    of different sources; best first, two groups merge when every cross pair
    entails both ways (:func:`~newsweave.facts.entail.mutual_entailment` at or
    above ``params.entailment``, and with ``nlp`` the same main events,
    :func:`~newsweave.facts.entail.events_agree`) and no article would be in a
    group twice. Claims of conflicts and updates (``taken``) stay out, and so do two
    claims anchored on their reports' days when ``published`` dates them on different
    days (:func:`~newsweave.facts.lexicon.other_days`), or of two occasions
    (:meth:`~newsweave.facts.occasions.Occasions.apart`).
    """
    free = {k for k, c in enumerate(pool) if (c.article_id, c.start) not in taken}
    days = published or {}
    cand = [(score, i, j) for i, j, score in sim.pairs(params.threshold)
            if i in free and j in free and keys[pool[i].article_id] != keys[pool[j].article_id]
            and not other_days(pool[i].text, pool[j].text, days.get(pool[i].article_id),
                               days.get(pool[j].article_id))  # two days' "today"
            and (occasions is None or occasions.apart(i, j) is None)]
    if not cand:
        return [], set()
    involved = sorted({i for _, i, _ in cand} | {j for _, _, j in cand})
    # Traits once per involved claim (the costly part); of the others only their words,
    # for the document frequencies.
    feats: dict[int, ClaimTraits] = {k: traits(pool[k].text) for k in involved}
    idf = idf_of([feats[k].tokens if k in feats else content_of(c.text)
                  for k, c in enumerate(pool)]) if len(involved) else {}
    scores: dict[tuple[int, int], float] = {}
    entails: dict[tuple[int, int], float] = {}

    def entailment(i: int, j: int) -> float:
        key = (min(i, j), max(i, j))
        if key not in entails:
            entails[key] = mutual_entailment(feats[key[0]], feats[key[1]], sim.cosine(i, j), idf)
        return entails[key]

    if parses is not None:
        # The claims of candidate pairs that entail each other are the ones the events
        # check reads: parse them in one batch (cheaper than one call each; same parses),
        # without entities (the check reads none: half the CPU, same lemmas and arcs).
        parses.prefetch((pool[k].text for _, i, j in cand
                         if entailment(i, j) >= params.entailment for k in (i, j)),
                        entities=False)

    def score(i: int, j: int) -> float:
        key = (min(i, j), max(i, j))
        if key not in scores:
            if keys[pool[i].article_id] == keys[pool[j].article_id]:
                scores[key] = 1.0  # a copy restates its original: no evidence either way
            else:
                scores[key] = entailment(i, j)
                if scores[key] >= params.entailment and parses is not None and not events_agree(
                        parses(pool[key[0]].text, entities=False),
                        parses(pool[key[1]].text, entities=False)):
                    scores[key] = 0.0  # one of them states another event as well
        return scores[key]

    members = _merge(cand, involved, pool, lambda x, y: score(x, y) >= params.entailment)
    groups: list[FactGroup] = []
    grouped: set[int] = set()
    for ms in members:
        if len({keys[pool[k].article_id] for k in ms}) < 2:
            continue
        pair_scores = [score(x, y) for n, x in enumerate(ms) for y in ms[n + 1 :]
                       if keys[pool[x].article_id] != keys[pool[y].article_id]]
        # 0.5 at the entailment threshold, 1.0 when the weakest pair is 0.2 above it.
        conf = round(min(1.0, max(0.0, 0.5 + 2.5 * (min(pair_scores) - params.entailment))),
                     3) if pair_scores else 0.0
        if conf < params.min_confidence:
            continue
        within = sim.block(ms, ms)
        best = max(range(len(ms)),
                   key=lambda r: (sum(float(v) for v in within[r]), -ms[r]))
        best = ms[best]
        groups.append(FactGroup(pool[best].text, tuple(pool[k] for k in ms), conf))
        grouped.update(ms)
    return groups, grouped


def _merge(cand: Sequence[tuple[float, int, int]], involved: Sequence[int],
           pool: Sequence[Claim], entails: Callable[[int, int], bool]) -> list[list[int]]:
    """Union of the candidate pairs ``cand``, best first: two groups merge when no article
    would be in the merged group twice and ``entails`` holds for every cross pair."""
    parent: dict[int, int] = {k: k for k in involved}
    members: dict[int, list[int]] = {k: [k] for k in involved}
    for _, i, j in sorted(cand, key=lambda e: (-e[0], e[1], e[2])):
        ri, rj = parent[i], parent[j]
        if ri == rj:
            continue
        a, b = members[ri], members[rj]
        if {pool[x].article_id for x in a} & {pool[y].article_id for y in b}:
            continue
        if all(entails(x, y) for x in a for y in b):
            for y in b:
                parent[y] = ri
            members[ri] = sorted(a + b)
            del members[rj]
    return list(members.values())
