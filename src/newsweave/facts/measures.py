"""Structured claims: what a number in a claim measures, of whom, and when.

A :class:`Measure` is one value of a claim with the structure needed to decide
whether two sources give *different values for the same attribute of the same
referent at the same time* (docs/gold-facts.md):

* ``number``: value, asserted interval and kind (:mod:`newsweave.facts.numbers`);
* ``noun``: the noun it counts or measures ("people", "point", "magnitude"),
  found in the dependency parse: the head of a ``nummod``/``compound``; for a
  number that stands alone ("the toll rose to 15", "put the magnitude at 6.1")
  the subject or object of the verb it attaches to;
* ``predicate``: the verb or adjective it is a value of ("killed", "injured",
  "scored"), light verbs (be, have, say, put, reach...) left out;
* ``qualifiers``: modifiers that narrow the attribute ("first-half points",
  "additional troops", "career points"), and ``attribute``: the comparison key
  built from kind, currency, unit, noun and predicate classes (deaths, injured,
  arrested, magnitude, age, score, money in one currency...);
* ``referent``: the names the value belongs to (the subject of the predicate,
  a possessor, "for Drake", the person an age is apposed to);
* ``anchors``: other time expressions of the claim ("in 1987", "last year"),
  which tell the 1987 quake from this one;
* ``change``/``correction``: the value is stated as a development ("rose to",
  "up from", "later", "now") or as a correction ("corrected", "not ... as
  earlier reported").

Claims are parsed after :func:`~newsweave.facts.numbers.repair` (detokenised
"1, 500" and "6. 1" mislead the parser); spans map back to the article text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from newsweave.facts.lexicon import (
    CHANGE,
    CLASS_OF,
    CONVERSION,
    CORRECTION,
    CUMULATIVE_WORDS,
    LATER,
    LIGHT,
    NOUN_CLASS,
    ONGOING,
    PARTIAL,
    PLAY_WINDOWS,
    QUANTITY_HEADS,
    REFERENCE_YEAR,
    RELATIVE_TIME,
    THING,
    TIME_WORDS,
    UNITS,
    UNKNOWN,
    WINDOWS,
)
from newsweave.facts.measure_roles import (
    _attribute,
    _conjoined_people,
    _irrealis,
    _lemma,
    _places,
    _record_owner,
    _referent,
)
from newsweave.facts.numbers import Number, find_numbers, repair
from newsweave.facts.parses import ClaimParses
from newsweave.model import Claim

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = ["UNKNOWN", "Measure", "has_number", "measures_of"]



@dataclass(frozen=True, slots=True)
class Measure:
    """One structured value of a claim (see the module doc); ``start``/``end`` index the article."""

    claim: int
    start: int
    end: int
    number: Number
    attribute: str
    noun: str | None
    predicate: str | None
    qualifiers: frozenset[str]
    referent: frozenset[str]
    anchors: frozenset[str]
    change: bool = False
    correction: bool = False
    negated: bool = False
    direct: bool = True
    """True when the parse ties the number to its noun or predicate directly."""
    factor: float = 1.0
    """Multiplier to the attribute's base unit (miles to km, minutes to seconds)."""
    places: frozenset[str] = frozenset()
    """Places the predicate or noun is located at ("in Thessaloniki", "streets of Athens")."""
    owned: bool = False
    """The value is a property of a thing or person (a calibre, a magnitude, an age, "the
    2005 film"), not of an event: no predicate is needed to tell what it measures."""

    @property
    def surface(self) -> str:
        return self.number.surface


_DIGIT_OR_WORD = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dozens|"
    r"hundreds|thousands|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b",
    re.I,
)


def has_number(text: str) -> bool:
    """Cheap test: could ``text`` hold a value worth parsing."""
    return _DIGIT_OR_WORD.search(text) is not None


def measures_of(
    claims: Sequence[Claim], indices: Sequence[int], nlp: Language | ClaimParses
) -> list[Measure]:
    """The measures of ``claims[i]`` for each ``i`` in ``indices`` (one batch through ``nlp``).

    ``nlp`` must have a dependency parser (``load_spacy(parser=True)``); the
    named-entity recogniser, when present, sharpens referents. Pass a
    :class:`~newsweave.facts.parses.ClaimParses` to share the parses with other stages.
    """
    parses = nlp if isinstance(nlp, ClaimParses) else ClaimParses(nlp)
    fixed = [(i, *repair(claims[i].text)) for i in indices]
    # A claim whose text holds no number has no measure: it is not parsed.
    found = [(i, text, positions, numbers) for i, text, positions in fixed
             if (numbers := find_numbers(text))]
    out: list[Measure] = []
    for (i, text, positions, numbers), doc in zip(found, parses.docs(t for _, t, _, _ in found),
                                                  strict=True):
        claim = claims[i]
        # "the strongest since 1987": a reference point, not when this happened
        years = {str(int(n.value)) for n in numbers if n.kind == "year"
                 and not REFERENCE_YEAR.search(text[max(0, n.start - 12) : n.start])}
        months = {t.lower_ for t in doc if t.lower_ in TIME_WORDS and (
            t.text[0].isupper() or t.lower_ in {"yesterday", "today"})  # not "to march"
            and not (t.i > 0 and REFERENCE_YEAR.search(doc[t.i - 1].text + " "))}  # "since March"
        months |= {" ".join(m.group().lower().split()) for m in RELATIVE_TIME.finditer(text)}
        previous = None
        for n in numbers:
            converted = previous is not None and CONVERSION.fullmatch(text[previous.end:n.start])
            previous = n
            if converted:
                continue  # "$US1 million ($1.52 million)", "58km (36 miles)": the same value
            m = _measure(i, claim, n, doc, positions, years - {str(int(n.value))}, months)
            if m is not None:
                out.append(m)
    return out


_BOUNDS = "newsweave.measures.bounds"  # doc.user_data key: the tokens' start and end offsets


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens overlapping ``[start, end)``. Tokens are in order and do not overlap, so
    they are one run, found by bisection (not a scan of the doc per number)."""
    bounds = doc.user_data.get(_BOUNDS)
    if bounds is None:
        bounds = doc.user_data[_BOUNDS] = ([t.idx for t in doc],
                                           [t.idx + len(t.text) for t in doc])
    starts, ends = bounds
    return [doc[k] for k in range(bisect_right(ends, start), bisect_left(starts, end))]


def _measure(
    claim_index: int, claim: Claim, n: Number, doc: Doc, positions: list[int],
    years: set[str], months: set[str],
) -> Measure | None:
    toks = _tokens(doc, *n.core)
    if not toks:
        return None
    inside = {t.i for t in toks}
    root = next((t for t in toks if t.head.i not in inside or t.head.i == t.i), toks[-1])
    noun: Token | None = None
    predicate: Token | None = None
    direct = True
    # The counted noun: "14 points", "6.1-magnitude", "dozens of people", "12 of the victims".
    if root.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "advmod"} \
            and root.head.pos_ in {"NOUN", "PROPN"} and root.head.i != root.i:
        noun = root.head
    for t in toks:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                noun = next((p for p in c.children if p.dep_ == "pobj"), noun)
    if noun is None and root.pos_ == "NOUN" and root.lower_ not in {"dozen", "million"}:
        noun = root
    if noun is not None and (noun.pos_ == "PRON" or noun.lower_ in {"%", "percent", "pct"}
                             or n.surface.lower() in {"twice", "thrice"}):
        noun = None  # "Page married twice": Page is not what is counted
    if noun is not None and noun.dep_ in {"compound", "amod", "nmod"} and noun.i == root.i + 2 \
            and doc[root.i + 1].text == "-" and _lemma(noun) not in UNITS and \
            _lemma(noun) not in {"magnitude", "year"} and n.kind == "quantity":
        return None  # "a three-point play", "a two-man crew": a kind of thing, not a count
    if n.kind == "year" and noun is not None and noun.lower_ in TIME_WORDS:
        return None  # "March 11, 2013": a date line, not the year of an event
    unit = None
    thing: str | None = None  # what a unit measures: "a .38-caliber revolver" -> revolver
    if noun is not None and (_lemma(noun) in UNITS or noun.lower_ in UNITS):
        unit = UNITS.get(_lemma(noun)) or UNITS[noun.lower_]
        if unit[0] == "distance" and re.search(r"\bsq(?:uare|\.)?\b",
                                               doc.text[root.idx : noun.idx], re.I):
            unit = ("area", (unit[1] * 1e3) ** 2)  # "170,000-square-foot": m2, as acres
        if noun.dep_ in {"compound", "amod", "nmod"} and noun.head.pos_ == "NOUN":
            head = _lemma(noun.head)
            thing = THING.get(head) or NOUN_CLASS.get(head, head)
        elif unit[0] == "calibre":
            thing = "gun"  # a calibre is a gun's, whatever the parse attaches it to
    # Age: "Gray, 16," / "the 33-year-old actress" / "aged 34".
    age_of: Token | None = None
    if n.kind == "quantity" and n.figure and 0 < n.value < 120:
        if root.dep_ == "appos" and root.head.pos_ == "PROPN":
            age_of = root.head
        elif noun is not None and noun.lower_ in {"year", "years"} and re.match(
                r"^-?\s*years?-?\s*old", doc.text[root.idx + len(root.text):][:12], re.I):
            age_of = noun
            while age_of.lower_ in {"year", "years", "old", "-"} and age_of.head.i != age_of.i:
                age_of = age_of.head
            if age_of.pos_ not in {"NOUN", "PROPN"}:
                age_of = None
        elif root.head.lower_ in {"aged", "age"}:
            age_of = root.head.head
    # The predicate: an acl verb on the number ("50 injured"), else up the heads.
    start_tok = noun if noun is not None else root
    acl = [c for c in root.children if c.dep_ in {"acl", "amod"} and (
        c.pos_ == "VERB" or c.lemma_.lower() in CLASS_OF)]  # "50 injured", "12 dead"
    if not acl and noun is not None:  # "nine shots fired by the guards"
        acl = [c for c in noun.children if c.dep_ == "acl" and c.pos_ == "VERB" and c.i > noun.i]
    if acl:
        predicate = acl[0]
    else:
        cur = start_tok
        for _ in range(6):
            if cur.head.i == cur.i:
                break
            if cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.pos_ == "NOUN" \
                    and _lemma(cur.head.head) not in QUANTITY_HEADS | CLASS_OF.keys() and \
                    cur.head.head.dep_ != "ROOT":
                break  # "a city of 500,000 people": the size of the city, not of an event
            cur = cur.head
            if cur.pos_ in {"VERB", "AUX"} or cur.lower_ in {"worth", "valued", "priced"} or (
                    cur.pos_ == "ADJ" and cur.dep_ in {"ROOT", "acomp"}):
                predicate = cur
                break
        if noun is not None and noun.dep_ in {"conj", "dep", "appos"}:
            # "Mensah had 14 points, 9 rebounds": a list item belongs to the nearest verb
            # before it; the parser often hangs list items on an earlier verb of the sentence.
            left = [t for t in doc[: root.i] if t.pos_ in {"VERB", "AUX"}]
            if left and (predicate is None or left[-1].i > predicate.i):
                predicate = left[-1]
    change = False
    if predicate is not None and _lemma(predicate) in CHANGE:
        change = True
    if noun is None and predicate is not None and n.surface.lower() not in {"twice", "thrice"}:
        # "the toll rose to 15", "put the tremor's magnitude at 6.3": the measured noun is
        # the verb's subject or object.
        args = sorted((c for c in predicate.children
                       if c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.pos_ == "NOUN"),
                      key=lambda c: c.dep_ != "dobj")  # "lifted its rate to 4.25%": the rate
        if args:
            noun, direct = args[0], False
    pred_lemma = _lemma(predicate) if predicate is not None else None
    if pred_lemma == "take" and predicate is not None and any(
            c.lower_ == "to" and any(p.lemma_ == "street" for p in c.children)
            for c in predicate.children):
        pred_lemma = "march"  # "took to the streets"
    if pred_lemma in LIGHT and predicate is not None:
        # "set off to march", "took part in protests": the verb that says what was done
        action = [c for c in predicate.children
                  if c.dep_ in {"xcomp", "advcl"} and c.pos_ == "VERB" and c.i > predicate.i]
        if action:
            pred_lemma = _lemma(action[0])
    if pred_lemma in LIGHT or pred_lemma in CHANGE or thing is not None:
        pred_lemma = None  # ".38-caliber revolver": a property of the thing, whatever is done
    noun_lemma = _lemma(noun) if noun is not None else None
    if noun_lemma == "time" and pred_lemma in {"shoot", "hit", "strike", "fire"}:
        noun_lemma = "shot"  # "shot eleven times": hits; "fired at him 11 times": shots fired
        pred_lemma = "fire" if pred_lemma == "fire" else "hit"
    times = noun_lemma == "time" or n.surface.lower() in {"twice", "thrice"}
    noun_lemma = NOUN_CLASS.get(noun_lemma or "", noun_lemma)
    qualifiers: set[str] = set()
    spanned = {t.i for t in _tokens(doc, n.start, n.end)}  # bound words are not qualifiers
    if noun is not None:
        for c in noun.children:
            if c.dep_ in {"amod", "compound", "nmod"} and c.i not in spanned and c.pos_ != "PROPN":
                qualifiers.add(_lemma(c))
            elif c.dep_ in {"det", "quantmod"} and c.lower_ in PARTIAL and c.i not in spanned:
                qualifiers.add(c.lower_)  # "another 20,000 people": more, not all of them
    for c in root.children:
        if c.dep_ in {"amod", "advmod", "det", "quantmod"} and c.lower_ in PARTIAL and \
                c.i not in spanned:
            qualifiers.add(c.lower_)
    for t in doc:
        if t.lower_ in {"first", "second", "final", "last", "opening", "closing"} and \
                t.head.lower_ in WINDOWS:
            qualifiers.update({t.lower_, "window"})  # "10 points in the first 7 1/2 minutes"
    referent = _referent(noun, predicate, root, age_of, n.kind == "year", n.kind == "score")
    if n.kind == "record":  # a win-loss record is a team's: the team must be named
        referent = _record_owner(doc, toks[0], noun, predicate)
        if not referent:
            return None
    of_number = any(c.dep_ == "prep" and c.lower_ == "of" and any(
        p.dep_ == "pobj" and any(g.like_num for g in p.subtree) for p in c.children)
        for t in toks for c in t.children)
    if thing is not None and noun is not None:  # "his third career 200-yard game"
        for c in noun.head.children:
            if c.lower_ in PARTIAL and c.i not in spanned and c.i != noun.i:
                qualifiers.add(c.lower_)
    for t in doc:  # "13 homers in 54 games", "in a combined 157 games": a window of play
        if t.like_num and t.head.lower_ in PLAY_WINDOWS and t.head.dep_ == "pobj" and \
                t.head.head.lower_ in {"in", "over", "during", "across", "through"} and \
                t.i not in spanned:
            qualifiers.update({"window", f"window:{t.lower_}"})
    if unit is None and (of_number or any(
            t.lower_ in {"including", "among"} for t in list(root.ancestors)[:3])):
        qualifiers.update({"part", "subset"})  # "three of the seven bullets": a part of seven
    if noun is not None and _conjoined_people(noun):
        qualifiers.add("part")  # "two women and one man died": a part of the count
    clause = predicate
    while clause is not None and clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head  # "During the run, he scored 5 and blocked two shots": both
    if predicate is not None and clause is not None and any(
            c.dep_ == "prep" and c.lower_ in {"during", "in"} and any(
                p.lower_ in {"run", "half", "quarter", "period", "stretch", "spell"}
                for p in c.subtree) for c in (*predicate.children, *clause.children)):
        qualifiers.add("part")  # "five points during a 15-2 run": a part of the game
    if predicate is not None and _irrealis(predicate):
        qualifiers.add("irrealis")  # "sought $9 million to restore six routes": not a fact
    if predicate is not None and any(
            t.lower_ in CUMULATIVE_WORDS and predicate in (t.head, t.head.head) for t in doc):
        qualifiers.add("cumulative")  # "since the shooting, over 50 arrests": a running total
    if n.kind == "quantity" and n.figure and n.value != int(n.value) and n.value < 1000 and (
            unit is None and age_of is None):
        qualifiers.add("average")  # "7.2 rebounds": a count with a fraction is a rate
    if unit is not None and unit[0] == "duration" and noun is not None and any(
            c.lower_ == "of" and any(_lemma(p) in ONGOING or p.lower_ in ONGOING
                                     for p in c.children) for c in noun.children):
        qualifiers.add("ongoing")  # "five days of rioting": it lasts as long as it is told
    if n.kind == "record":  # "the fabulous freshman led Indianapolis (10-5)": not the record's
        qualifiers &= {"irrealis"}
    attribute = _attribute(n, noun_lemma, pred_lemma, qualifiers, unit, age_of is not None,
                           thing)
    if times and pred_lemma and attribute in {None, "count:time"}:
        attribute = f"times:{pred_lemma}"  # "married twice" / "was married three times"
        referent = referent or {x.lower_ for x in (predicate.children if predicate else ())
                                if x.dep_ in {"nsubj", "nsubjpass"} and x.is_title
                                and x.pos_ in {"PROPN", "NOUN"}}
    if attribute is None:
        return None
    if attribute in {"magnitude", "age", "temperature", "record"} or (
            n.kind == "year" and direct and noun):
        pred_lemma = None  # a property of the quake or person, whatever the verb says of it
    owned = thing is not None or attribute in {"magnitude", "temperature", "age", "record"} or (
        n.kind == "year" and direct and noun is not None)
    if thing in THING.values() or attribute in {"magnitude", "temperature"}:
        referent = set()  # ".38-caliber revolver": the gun's, whoever "he" is who pointed it
    negated = predicate is not None and any(c.dep_ == "neg" for c in predicate.children)
    start = positions[n.start] + claim.start
    end = positions[n.end - 1] + 1 + claim.start
    anchors = frozenset(years | {m for m in months if m not in n.surface.lower()})
    if n.kind == "record":  # "the 2008 Chiefs ... a 2-14 record": a year before it, or
        # right after it, is the record's; one in a later clause is of something else
        anchors = frozenset(y for y in years if -1 < doc.text.find(y) < n.start + 1
                            or n.end <= doc.text.find(y) < n.end + 15)
    n = replace(n, surface=claim.text[start - claim.start : end - claim.start])
    return Measure(
        claim=claim_index, start=start, end=end, number=n, attribute=attribute,
        noun=noun_lemma, predicate=pred_lemma,
        qualifiers=frozenset(q for q in qualifiers if q not in {noun_lemma, pred_lemma}),
        referent=frozenset(referent), anchors=anchors,
        change=change or bool(LATER.search(doc.text)),
        correction=bool(CORRECTION.search(doc.text)), negated=negated, direct=direct,
        factor=unit[1] if unit is not None and age_of is None else 1.0, owned=owned,
        places=frozenset(_places(noun, predicate)) if n.kind != "record" else frozenset(),
    )
