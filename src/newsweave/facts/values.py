"""Conflicts and updates: two sources giving different values for the same thing.

:func:`compare_values` takes the story's :class:`~newsweave.facts.measures.Measure`
records and returns :class:`Finding` records, each a pair of measures of two
different sources. Only structured values are compared, never text fragments:

1. **Blocking.** Measures are bucketed by ``attribute`` (deaths, injured,
   magnitude, age, score, money in one currency, a count of one noun with one
   predicate...); only measures of one bucket and two sources are candidates,
   and each measure keeps at most ``max_partners`` per other article, the ones
   whose claims are most alike (so a box score of 100 numbers costs
   ``O(n * max_partners)`` comparisons, not ``O(n^2)``).
2. **Same thing.** A candidate pair is dropped when the predicates differ
   ("killed" / "injured"), the qualifiers narrow the attribute differently
   ("first-half points" / "points", "prior arrests"), the referents are
   disjoint names ("Carter" / "McDermott"), the time anchors differ ("in 1987"
   on one side only, or two different years or weekdays), one is negated, or a
   claim holds two different values for the attribute (then no single value is
   its value: "three of the seven bullets").
3. **Different values.** The asserted intervals do not overlap (rounding and
   bounds are in the intervals: "about 40" / "42" and "more than 10" / "12"
   agree; units are converted: "58 km" / "36 miles" agree).
4. **Update or conflict.** A pair is an *update* (old -> new) when one claim
   states a change or a later count ("rose to", "up from", "now", "so far") or a
   correction, or when the articles have different publication dates and a
   running total (deaths, injured, arrested, missing, evacuated) grows with
   publication time; otherwise it is a *conflict*.
5. **Confidence** in ``[0, 1]``: how sure the pair is about one thing
   (:func:`confidence`): claim alignment, both predicates present and equal,
   shared referent names, equal time anchors, a parse that ties the number
   to its noun directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsweave.facts.measures import UNKNOWN, Measure
from newsweave.model import Claim

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from newsweave.facts.pairs import PairScores

__all__ = ["RUNNING_TOTALS", "Finding", "compare_values", "confidence", "referents_agree",
           "why_different"]

RUNNING_TOTALS = frozenset(
    {"people:dead", "people:injured", "people:arrested", "people:missing", "people:evacuated"}
)
_PARTIAL_QUALIFIERS = frozenset(
    "first second third fourth final last half quarter period inning additional more other "
    "another remaining new extra further total career season overall previous earlier "
    "combined average per each prior cumulative irrealis part".split()
)
_SAME_PREDICATE = {
    "kill": "dead", "die": "dead", "perish": "dead", "claim": "dead", "slay": "dead",
    "injure": "injured", "wound": "injured", "hurt": "injured", "hospitalize": "injured",
    "arrest": "arrested", "detain": "arrested", "apprehend": "arrested", "seize": "arrested",
    "fire": "fire", "hit": "hit", "strike": "hit", "enter": "hit",
    "pay": "price", "cost": "price", "worth": "price", "sell": "price", "buy": "price",
    "fetch": "price", "value": "price", "valued": "price", "priced": "price", "spend": "price",
    "charge": "price", "agree": "price", "sign": "price", "complete": "price", "close": "price",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """A pair of measures of two sources that give different values for one attribute.

    ``kind`` is ``"conflict"`` or ``"update"``; for an update ``old``/``new`` are in
    time order, for a conflict in story order. ``correction`` marks an update that
    corrects the earlier report.
    """

    kind: str
    old: Measure
    new: Measure
    confidence: float
    correction: bool = False


def _predicate_class(p: str | None) -> str | None:
    return None if p is None else _SAME_PREDICATE.get(p, p)


def referents_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two referent sets can name one thing: either is empty, or a name of one
    has all its words in a name of the other ("Gray" / "Kimani Gray"; not "Hurricane
    George" / "Hurricane Katrina"). :data:`UNKNOWN` ("he") agrees with nothing named.
    """
    if not a or not b:
        return True
    if UNKNOWN in a or UNKNOWN in b:
        return False  # "he" and "he" may be two players
    return any(set(x.split()) <= set(y.split()) or set(y.split()) <= set(x.split())
               for x in a for y in b)


def _covered(a: frozenset[str], b: frozenset[str]) -> bool:
    """Every name of ``a`` has a name of ``b`` that contains it or that it contains."""
    return all(any(set(x.split()) <= set(y.split()) or set(y.split()) <= set(x.split())
                   for y in b) for x in a if x != UNKNOWN) and UNKNOWN not in a | b


def why_different(a: Measure, b: Measure) -> str | None:
    """Why ``a`` and ``b`` are not values of one thing (a short reason), else ``None``."""
    if a.number.kind != b.number.kind or a.negated != b.negated:
        return "kind or negation"
    pa, pb = _predicate_class(a.predicate), _predicate_class(b.predicate)
    if pa and pb and pa != pb:
        return f"predicate {pa} / {pb}"
    if (a.qualifiers & _PARTIAL_QUALIFIERS) != (b.qualifiers & _PARTIAL_QUALIFIERS):
        return "qualifiers"
    if not referents_agree(a.referent, b.referent):
        return "referent"
    if a.attribute.startswith("score") and not (
            _covered(a.referent, b.referent) and _covered(b.referent, a.referent)):
        return "teams"  # a score is of two teams: both sides must name the same ones
    if a.places and b.places and not referents_agree(a.places, b.places):
        return "place"  # "20,000 in Athens" / "50,000 in Thessaloniki"
    if a.attribute.startswith(("count:", "money:", "percent:")) and not (pa and pb) and (
            not (a.referent and b.referent) or UNKNOWN in a.referent | b.referent):
        return "predicate missing"  # "had 11 points" / "scored 14": only for one named player
    if a.attribute == "age" and not (a.referent and b.referent):
        return "age of whom"
    if a.attribute.startswith("year:") and not (a.referent and b.referent):
        return "year of what"  # a biography is full of years: both must say of what
    years_a = {x for x in a.anchors if x.isdigit()}
    years_b = {x for x in b.anchors if x.isdigit()}
    if years_a != years_b:
        return "year anchor"  # "the 1987 quake" is not this one; two years are two times
    days_a, days_b = a.anchors - years_a, b.anchors - years_b
    if days_a and days_b and not days_a & days_b:
        return "day anchor"
    return None


def _ambiguous(measures: Sequence[Measure]) -> set[int]:
    """Indices of measures whose claim gives two different values for their attribute."""
    by_key: dict[tuple[int, str], list[int]] = {}
    for k, m in enumerate(measures):
        if "part" in m.qualifiers:
            continue  # "three of the seven bullets": the seven is the value
        by_key.setdefault((m.claim, m.attribute), []).append(k)
    out: set[int] = set()
    for ks in by_key.values():
        for x in ks:
            for y in ks:
                if x < y and not measures[x].number.agrees(measures[y].number) and \
                        referents_agree(measures[x].referent, measures[y].referent):
                    out.update((x, y))  # one referent, two values ("Carter 14, VanDeest 13": fine)
    return out


def _disagree(a: Measure, b: Measure) -> bool:
    if a.factor != b.factor:
        lo_a, hi_a = a.number.low * a.factor, a.number.high * a.factor
        lo_b, hi_b = b.number.low * b.factor, b.number.high * b.factor
        slack = 0.03 * max(abs(lo_a), abs(lo_b))  # converted units are rounded
        return hi_a + slack < lo_b or hi_b + slack < lo_a
    return not a.number.agrees(b.number)


def confidence(a: Measure, b: Measure, similarity: float) -> float:
    """How sure it is that ``a`` and ``b`` give values of one thing, in ``[0, 1]``.

    ``0.2`` plus: up to ``0.3`` for the claims' alignment score (``similarity``,
    full at 0.5), ``0.2`` when both predicates are present and agree (or both
    values are properties of one kind of thing: a calibre, a magnitude), ``0.1`` for
    a counted noun both name, ``0.1`` for a shared referent name, ``0.1`` when the
    time anchors are equal and non-empty; minus ``0.15`` when the parse does not
    tie a number to its noun directly and ``0.1`` when one side has a time anchor
    the other lacks.
    """
    score = 0.2 + 0.3 * min(1.0, max(similarity, 0.0) / 0.5)
    if (a.predicate and b.predicate) or (a.owned and b.owned):
        score += 0.2
    if a.noun and a.noun == b.noun:
        score += 0.1
    if a.referent and b.referent and referents_agree(a.referent, b.referent):
        score += 0.1
    if a.anchors and a.anchors == b.anchors:
        score += 0.1
    if not (a.direct and b.direct):
        score -= 0.15
    if bool(a.anchors) != bool(b.anchors):
        score -= 0.1
    return round(min(1.0, max(0.0, score)), 3)


def compare_values(
    measures: Sequence[Measure],
    claims: Sequence[Claim],
    similarity: NDArray[np.float32] | PairScores,
    source_of: Mapping[str, str],
    published: Mapping[str, dt.date | None],
    *,
    max_partners: int = 3,
    min_similarity: float = 0.2,
) -> list[Finding]:
    """Conflicts and updates between ``measures`` of different sources (module doc).

    ``claims[m.claim]`` is a measure's claim, ``similarity`` the claims' alignment
    matrix, ``source_of`` article id -> independent-source key, ``published``
    article id -> publication date. Pairs whose claims score below
    ``min_similarity`` are not about the same thing. Deterministic.
    """
    skip = _ambiguous(measures)
    buckets: dict[str, list[int]] = {}
    for k, m in enumerate(measures):
        if k not in skip:
            buckets.setdefault(m.attribute, []).append(k)
    out: list[Finding] = []
    seen: set[tuple[int, int]] = set()
    for key in sorted(buckets):
        members = buckets[key]
        if hasattr(similarity, "prefetch"):  # a large story's pairs: score the bucket at once
            similarity.prefetch([measures[x].claim for x in members])
        for x in members:
            a = measures[x]
            art_a = claims[a.claim].article_id
            partners: dict[str, list[tuple[float, int]]] = {}
            for y in members:
                b = measures[y]
                art_b = claims[b.claim].article_id
                if source_of[art_a] == source_of[art_b]:
                    continue
                partners.setdefault(art_b, []).append((float(similarity[a.claim, b.claim]), y))
            for options in partners.values():
                options.sort(key=lambda t: (-t[0], t[1]))
                for sim, y in options[:max_partners]:
                    pair = (min(x, y), max(x, y))
                    if pair in seen or sim < min_similarity:
                        continue
                    seen.add(pair)
                    found = _finding(measures[pair[0]], measures[pair[1]], claims, sim,
                                     published)
                    if found is not None:
                        out.append(found)
    out.sort(key=lambda f: (f.old.claim, f.old.start, f.new.claim, f.new.start))
    return out


def _finding(a: Measure, b: Measure, claims: Sequence[Claim], sim: float,
             published: Mapping[str, dt.date | None]) -> Finding | None:
    if why_different(a, b) is not None or not _disagree(a, b):
        return None
    conf = confidence(a, b, sim)
    da, db = published.get(claims[a.claim].article_id), published.get(claims[b.claim].article_id)
    if a.correction or b.correction:
        old, new = (b, a) if a.correction and not b.correction else (a, b)
        return Finding("update", old, new, conf, correction=True)
    if a.change != b.change:
        old, new = (b, a) if a.change else (a, b)
        return Finding("update", old, new, conf)
    if da is not None and db is not None and da != db:
        old, new = (a, b) if da < db else (b, a)
        if a.attribute in RUNNING_TOTALS and new.number.low >= old.number.low:
            return Finding("update", old, new, conf)
    return Finding("conflict", a, b, conf)
