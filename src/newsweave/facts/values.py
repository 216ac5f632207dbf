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
2. **Which thing.** When an article gives two values of one attribute at one time
   (several players' points, this quake's and an earlier quake's deaths), its values
   are compared only when both sides name whose or where they are
   (:func:`~newsweave.facts.referents.identified`); values of things a story has several
   of ("a 7-yard pass", "an 11-yard pass") are not compared; values at a place only
   one article names are of another event (:func:`~newsweave.facts.referents.local_places`).
3. **Same thing.** A candidate pair is dropped when the predicates differ
   ("killed" / "injured"), the qualifiers narrow the attribute differently
   ("first-half points" / "points", "prior arrests"), the referents are
   disjoint names ("Carter" / "McDermott"), the time anchors differ ("in 1987"
   on one side only, or two different years or weekdays), one is negated, or a
   claim holds two different values for the attribute (then no single value is
   its value: "three of the seven bullets"), one is irrealis ("seeking a 10-year
   contract"), the values are more than :data:`RATIO` apart (a game and a career), or
   a pronoun's person is unknown.
4. **Different values.** The asserted intervals do not overlap (rounding and
   bounds are in the intervals: "about 40" / "42" and "more than 10" / "12"
   agree; units are converted: "58 km" / "36 miles" agree).
5. **Update or conflict.** A pair is an *update* (old -> new) when one claim
   states a change or a later count ("rose to", "up from", "now", "so far") or a
   correction, or when it is a running total (deaths, injured, arrested, missing,
   evacuated) and the later report (by publication date; the higher count when the
   dates are equal or unknown: a toll only rises while it is counted) gives the
   higher value; otherwise it is a *conflict* (a later report with a lower toll).
   Ages a year or two apart are of different times unless both reports are dated
   within a month of each other.
6. **Confidence** in ``[0, 1]``: how sure the pair is about one thing
   (:func:`confidence`): claim alignment, both predicates present and equal,
   shared referent names, equal time anchors, a parse that ties the number
   to its noun directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsweave.facts.lexicon import MONTHS, other_days
from newsweave.facts.measures import UNKNOWN, Measure
from newsweave.facts.referents import identified, local_places, referents_agree, shared_surnames
from newsweave.model import Claim

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from newsweave.facts.numbers import Number
    from newsweave.facts.pairs import PairScores

__all__ = ["RUNNING_TOTALS", "Finding", "compare_values", "confidence", "identified",
           "local_places", "plural", "referents_agree", "shared_surnames", "why_different"]

RATIO = 10.0
"""Two sources' values of one thing differ by less than this factor (a misprint or an
estimate, not a game against a career); converted units are exempt."""
_NOT_RATIO = frozenset({"magnitude", "temperature", "age", "score"})
AGE_SLACK = 2
"""Ages this close differ by the time between reports unless both dates are known and close."""
RUNNING_TOTALS = frozenset(
    {"people:dead", "people:injured", "people:arrested", "people:missing", "people:evacuated"}
)
_PARTIAL_QUALIFIERS = frozenset(
    "first second third fourth final last half quarter period inning additional more other "
    "another remaining new extra further total career season overall previous earlier "
    "combined average per each prior cumulative irrealis part window straight consecutive "
    "unanswered".split()
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


def _covered(a: frozenset[str], b: frozenset[str]) -> bool:
    """Every name of ``a`` has a name of ``b`` that contains it or that it contains."""
    return all(any(set(x.split()) <= set(y.split()) or set(y.split()) <= set(x.split())
                   for y in b) for x in a if x != UNKNOWN) and UNKNOWN not in a | b


def _narrowing(m: Measure) -> frozenset[str]:
    """The qualifiers that narrow an attribute to a part, a window or another total."""
    return frozenset(q for q in m.qualifiers
                     if q in _PARTIAL_QUALIFIERS or q.startswith("window:"))


def _named(referent: frozenset[str]) -> bool:
    """Whether a referent set holds a name (not only "he" or a description)."""
    return any(x != UNKNOWN and not x.startswith("~") for x in referent)


def why_different(a: Measure, b: Measure, ambiguous: frozenset[str] = frozenset()) -> str | None:
    """Why ``a`` and ``b`` are not values of one thing (a short reason), else ``None``
    (``ambiguous``: surnames of two people of the story, :func:`shared_surnames`)."""
    if a.number.kind != b.number.kind or a.negated != b.negated:
        return "kind or negation"
    pa, pb = _predicate_class(a.predicate), _predicate_class(b.predicate)
    if pa and pb and pa != pb:
        return f"predicate {pa} / {pb}"
    if "irrealis" in a.qualifiers | b.qualifiers:
        return "irrealis"  # "seeking a 10-year contract" / "asking for eight years": not facts
    if _narrowing(a) != _narrowing(b):
        return "qualifiers"
    return (_why_other_referent(a, b, ambiguous)
            or _why_unspecified(a, b, bool(pa), bool(pb)) or _why_other_time(a, b))


def _why_other_referent(a: Measure, b: Measure, ambiguous: frozenset[str]) -> str | None:
    """Why ``a`` and ``b`` are of different referents or places, else ``None``."""
    if not referents_agree(a.referent, b.referent, ambiguous):
        return "referent"
    if a.attribute.startswith("score") and not (
            _covered(a.referent, b.referent) and _covered(b.referent, a.referent)):
        return "teams"  # a score is of two teams: both sides must name the same ones
    if a.places and b.places and not referents_agree(a.places, b.places):
        return "place"  # "20,000 in Athens" / "50,000 in Thessaloniki"
    return None


def _why_unspecified(a: Measure, b: Measure, pa: bool, pb: bool) -> str | None:
    """Why the claims do not say enough of what ``a`` and ``b`` count (``pa``, ``pb``:
    whether each has a predicate class), else ``None``."""
    if a.attribute.startswith("count:") and not (pa or pb):
        return "no predicate"  # "had two touchdowns" / "had four touchdowns receiving"
    if a.attribute.startswith(("count:", "money:", "percent:")) and not (pa and pb) and (
            not (a.referent and b.referent) or UNKNOWN in a.referent | b.referent):
        return "predicate missing"  # "had 11 points" / "scored 14": only for one named player
    if UNKNOWN in a.referent | b.referent and not (a.owned and b.owned) and \
            a.attribute.startswith(("count:", "money:", "percent:", "distance:", "duration:")):
        return "whose"  # "he had 269 yards": which player is not said in the claim
    if a.attribute == "age" and not (_named(a.referent) and _named(b.referent)):
        return "age of whom"  # "a 36-year-old climber" / "a 32-year-old climber": who?
    if a.attribute.startswith("year:") and not (_named(a.referent) and _named(b.referent)):
        return "year of what"  # a biography is full of years: both must name of what
    if a.attribute.startswith("year:") and not (a.owned and b.owned) and not (pa and pb):
        return "year of which event"  # "began a career in 1950" / "ended her career in 1957"
    return None


def _why_other_time(a: Measure, b: Measure) -> str | None:
    """Why ``a`` and ``b`` are values of different times or scales, else ``None``."""
    years_a, years_b = _when(a), _when(b)
    if years_a != years_b:
        # "the 1987 quake", "in February", "last year's Oscars" is not this one; two
        # years are two times
        return "year anchor"
    small, large = sorted((abs(a.number.value), abs(b.number.value)))
    if a.attribute not in _NOT_RATIO and a.factor == b.factor and small > 0 \
            and large > RATIO * small:
        return "order of magnitude"  # "20 points" / "2,282 points": a game and a career
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
                if x < y and not measures[x].number.agrees(measures[y].number) and (
                        measures[x].referent == measures[y].referent
                        or referents_agree(measures[x].referent, measures[y].referent)):
                    out.update((x, y))  # one referent, two values ("Carter 14, VanDeest 13": fine)
    return out


def plural(measures: Sequence[Measure], claims: Sequence[Claim]) -> set[tuple[str, str]]:
    """``(article id, attribute)`` of the attributes an article gives two different values
    for, or values of two different named referents or places, at one time (subsets such
    as "three of the seven", irrealis values, and values of another year aside): several
    players' points, this quake's and an earlier quake's deaths, one pass of 7 yards and
    another of 11. There the attribute alone does not say which thing a value is of."""
    by_key: dict[tuple[str, str], list[Measure]] = {}
    for m in measures:
        if not m.qualifiers & {"subset", "irrealis"} and not m.attribute.startswith("year:"):
            by_key.setdefault((claims[m.claim].article_id, m.attribute), []).append(m)
    return {key for key, ms in by_key.items()
            if any(_when(x) == _when(y) and (
                _disagree(x, y) or (x.referent and y.referent and not referents_agree(
                    x.referent, y.referent)) or (x.places and y.places and not referents_agree(
                        x.places, y.places))) for n, x in enumerate(ms) for y in ms[n + 1 :])}


def _when(m: Measure) -> frozenset[str]:
    """The anchors that place a value at another time: years, months, "last year"."""
    return frozenset(x for x in m.anchors if x.isdigit() or x in MONTHS or " " in x)


CONVERTED_SLACK = 0.1
"""Values in two unit systems agree within this share: a conversion is rounded ("a
10-metre dhow" / "a 30-foot dhow", 9.1 m)."""


def _disagree(a: Measure, b: Measure) -> bool:
    if a.factor != b.factor:
        lo_a, hi_a = a.number.low * a.factor, a.number.high * a.factor
        lo_b, hi_b = b.number.low * b.factor, b.number.high * b.factor
        slack = CONVERTED_SLACK * max(abs(lo_a), abs(lo_b))
        return hi_a + slack < lo_b or hi_b + slack < lo_a
    if a.number.value == b.number.value and a.number.kind in {"quantity", "money", "percent"} \
            and (a.number.low != a.number.high or b.number.low != b.number.high):
        return False  # "nearly 300" / "more than 300": vague figures around one number
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
    several = plural(measures, claims)
    recurring = {attribute for _, attribute in several}
    ambiguous = shared_surnames(claims)
    local = local_places(measures, claims)
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
                    ma, mb = measures[pair[0]], measures[pair[1]]
                    if ((claims[ma.claim].article_id, key) in several or (
                            claims[mb.claim].article_id, key) in several) and not identified(
                                ma, mb, ambiguous):
                        continue  # which of the article's values is this one?
                    if (ma.places | mb.places) & local:
                        continue  # "a quake in eastern China": no other report is there
                    if key in recurring and ma.owned and mb.owned and key.startswith(
                            ("distance:", "duration:", "weight:", "area:", "speed:")):
                        continue  # "a 7-yard pass" / "an 11-yard pass": the story has several
                    found = _finding(ma, mb, claims, sim, published, ambiguous)
                    if found is not None:
                        out.append(found)
    out.sort(key=lambda f: (f.old.claim, f.old.start, f.new.claim, f.new.start))
    return out


def _can_follow(old: Number, new: Number) -> bool:
    """Whether ``new`` can be a later state of ``old``: a win-loss record or a score only
    grows (no fewer wins, losses or points); other values may move either way."""
    if old.kind in {"record", "score"} and old.kind == new.kind:
        return new.value >= old.value and new.high >= old.high
    return True


def _finding(a: Measure, b: Measure, claims: Sequence[Claim], sim: float,
             published: Mapping[str, dt.date | None],
             ambiguous: frozenset[str] = frozenset()) -> Finding | None:
    if why_different(a, b, ambiguous) is not None or not _disagree(a, b):
        return None
    ca, cb = claims[a.claim], claims[b.claim]
    if a.attribute not in RUNNING_TOTALS and other_days(
            ca.text, cb.text, published.get(ca.article_id), published.get(cb.article_id)):
        return None  # "fell 2% today" in reports of two dates: two days' values
    conf = confidence(a, b, sim)
    da, db = published.get(claims[a.claim].article_id), published.get(claims[b.claim].article_id)
    if a.attribute == "age" and abs(a.number.value - b.number.value) <= AGE_SLACK and not (
            da is not None and db is not None and abs((da - db).days) <= 31):
        return None  # "Orozco, 27" at his arrest, "29" at his trial: an age is of a time
    if a.correction or b.correction:
        old, new = (b, a) if a.correction and not b.correction else (a, b)
        return Finding("update", old, new, conf, correction=True)
    if a.change != b.change and a.attribute != "age":
        old, new = (b, a) if a.change else (a, b)
        if not _can_follow(old.number, new.number):
            return Finding("conflict", a, b, conf)  # "rose to 9-5" after "(10-5)": not later
        return Finding("update", old, new, conf)
    if da is not None and db is not None and da != db:
        old, new = (a, b) if da < db else (b, a)
        if (a.attribute in RUNNING_TOTALS or "ongoing" in a.qualifiers & b.qualifiers) and \
                new.number.low >= old.number.low:
            return Finding("update", old, new, conf)
    elif a.attribute in RUNNING_TOTALS or "ongoing" in a.qualifiers & b.qualifiers:
        # A toll only rises while it is counted: with a report of unknown date, or two of
        # the same day, the lower count is the earlier one ("three killed" on the first
        # day, "10" the next; "12 injured" at noon, "18" in the evening).
        old, new = (a, b) if a.number.high <= b.number.low else (b, a)
        return Finding("update", old, new, round(conf * 0.9, 3))
    return Finding("conflict", a, b, conf)
