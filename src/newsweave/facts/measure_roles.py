"""The roles of a value in its claim's parse: whose it is, what it counts, where.

Split out of :mod:`newsweave.facts.measures` (which builds a
:class:`~newsweave.facts.measures.Measure` from these): the referent names of a value
(:func:`_referent`, :func:`_record_owner`), its attribute key (:func:`_attribute`), its
places, and the lemma and name readings of tokens. Names keep their leading underscore:
they are the measures module's internals, imported only by it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from newsweave.facts.lexicon import (
    CLASS_OF,
    CLASSES,
    INTENT_VERBS,
    IRREALIS,
    MODALS,
    NOUN_CLASS,
    PARTIAL_SCORES,
    PEOPLE,
    PERSONAL,
    RECURRING,
    UNKNOWN,
)
from newsweave.facts.numbers import Number

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_NAME_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "pobj", "dobj", "appos", "agent"})


def _lemma(t: Token) -> str:
    word = t.lemma_.lower() if t.pos_ != "PROPN" else t.lower_
    return {"people": "people", "men": "man", "women": "woman", "children": "child"}.get(
        t.lower_, word)


def _name(t: Token) -> set[str]:
    """The proper name headed by ``t`` (with its compounds), as one lower-cased phrase."""
    if t.pos_ != "PROPN" and t.ent_type_ not in {"PERSON", "ORG", "GPE", "NORP", "FAC"}:
        return set()
    words = [c for c in t.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < t.i]
    words.append(t)
    for c in t.children:  # "Bank of Marevia"
        if c.dep_ == "prep" and c.lower_ == "of":
            words += [p for p in c.subtree if p.pos_ == "PROPN"]
    phrase = " ".join(w.lower_ for w in words
                      if w.lower_.replace("'", "").replace("’", "").isalpha() and len(w.lower_) > 1)
    return {phrase} if phrase else set()


def _record_owner(doc: Doc, first: Token, noun: Token | None,
                  predicate: Token | None) -> set[str]:
    """The team a win-loss record is of: the name the parenthesis follows ("Indianapolis
    (10-5)"), the owner of "record"/"season" ("Indianapolis' record rose to 9-5"), the
    receiver or subject of the verb ("gave the Colts a 9-5 season", "the Colts stand at
    10-5"); empty when no name says whose."""
    before = doc[first.i - 1] if first.i > 0 else None
    if before is not None and before.text == "(" and before.i > 0:
        return _name(doc[before.i - 1])
    names: set[str] = set()
    if noun is not None:
        names |= {x for c in noun.children if c.dep_ in {"poss", "nmod", "compound"}
                  and not _likeness(doc, c) for x in _name(c)}
    if not names and predicate is not None:
        for dep in ("dative", "nsubj", "nsubjpass"):
            for c in predicate.children:
                if c.dep_ == dep and not names:
                    names |= _name(c)
    return names


def _likeness(doc: Doc, t: Token) -> bool:
    """Whether ``t`` is the name of a likeness ("a Chiefs-like 2-14 mark"), not an owner."""
    rest = [x.lower_ for x in doc[t.i + 1 : t.i + 3]]
    return rest == ["-", "like"] or rest[:1] == ["like"]


def _places(noun: Token | None, predicate: Token | None) -> set[str]:
    """Names of places in the prepositional phrases of the noun or predicate."""
    out: set[str] = set()
    for head in (noun, predicate):
        if head is None:
            continue
        for c in head.children:
            if c.dep_ in {"prep", "advmod", "npadvmod", "agent"}:
                out |= {t.lower_ for t in c.subtree if t.is_alpha and (
                    t.ent_type_ in {"GPE", "LOC", "FAC"}
                    or (t.pos_ == "PROPN" and not t.ent_type_))}
    if predicate is not None and predicate.dep_ == "relcl" and any(
            c.lower_ == "where" for c in predicate.children):
        out |= _name(predicate.head)  # "Salonika, where 50,000 people marched"
    return out


def _conjoined_people(noun: Token) -> bool:
    """Whether ``noun`` is one of conjoined counts of people ("two women and one man")."""
    others = [c for c in noun.children if c.dep_ == "conj"]
    if noun.dep_ == "conj":
        others.append(noun.head)
    return _lemma(noun) in PEOPLE and any(_lemma(o) in PEOPLE for o in others)


def _irrealis(predicate: Token) -> bool:
    """Whether the predicate is wanted, proposed or conditional rather than stated as done."""
    cur = predicate
    for _ in range(3):  # "would propose an amendment to restore six routes": via the noun
        lemma = cur.lemma_.lower()
        if (cur.pos_ == "VERB" and lemma in IRREALIS and not (
                lemma in INTENT_VERBS and cur.i == predicate.i)) or any(
                c.dep_ == "aux" and c.lower_ in MODALS for c in cur.children):
            return True
        if cur.head.i == cur.i or (cur.head.pos_ == "VERB" and cur.dep_ in {"ccomp", "conj"}):
            break  # "cops say he aimed": the saying frames, it does not make it unreal
        cur = cur.head
    return False


def _referent(noun: Token | None, predicate: Token | None, root: Token,
              age_of: Token | None, event: bool, score: bool = False) -> set[str]:
    """Names the value belongs to; with ``event`` (a year) also the nouns of the event."""
    if age_of is not None:  # "the 36-year-old climber": a description, not a name
        return _name(age_of) or {f"~{_lemma(age_of)}"}
    names: set[str] = set()
    if score and predicate is not None:  # "Creighton beat Drake 65-53": both teams
        for c in predicate.children:
            if c.dep_ in {"nsubj", "dobj", "nsubjpass"}:
                target = c.head.head if c.lower_ in {"which", "who", "that"} else c
                names |= _name(target) or {UNKNOWN}
        return names
    if event:
        # "the 2004 Harbour Civic Award" / "received the Lindqvist Prize in 1999" /
        # "the clinic, destroyed by Hurricane Katrina in 2005": the year is of that thing.
        if noun is not None:
            names |= _name(noun) or {NOUN_CLASS.get(_lemma(noun), _lemma(noun))}
            for c in noun.children:  # "the 2009 cable film, The Quiet Life of Ada Brooks"
                if c.dep_ == "appos":
                    names |= _name(c)
            return names
        if predicate is not None:
            for c in predicate.children:
                if c.dep_ in {"dobj", "nsubjpass", "nsubj"} and c.pos_ in {"NOUN", "PROPN"}:
                    names |= _name(c) or {_lemma(c)}
                if c.dep_ == "prep":  # "appeared in a spread for Playboy"
                    names |= {x for p in c.subtree if p.pos_ == "PROPN" for x in _name(p)}
    for head in (noun, root, noun.head if noun is not None and noun.dep_ in {
            "compound", "amod", "nmod"} else None):
        if head is None:
            continue
        for c in head.children:
            if c.dep_ == "poss":
                names |= _name(c)
            if c.dep_ == "relcl":  # "the four-year deal that Torii Hunter got"
                for k in c.children:
                    if k.dep_ in {"nsubj", "nsubjpass"} and k.lower_ not in {"who", "which",
                                                                              "that"}:
                        names |= _name(k)
            if c.dep_ == "prep" and c.lower_ in {"for", "by"}:
                for p in c.children:
                    if p.dep_ == "pobj":
                        names |= _name(p)
    verb = predicate
    for _ in range(3):  # "Reyes complemented Mensah by scoring 12 points": Reyes's
        if verb is None:
            break
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "agent"}]
        subjects += [k for a in verb.children if a.dep_ in {"aux", "auxpass"}
                     for k in a.children if k.dep_ in {"nsubj", "nsubjpass"}]  # "He had ..."
        for c in subjects:
            target = c if c.dep_ != "agent" else next(
                (p for p in c.children if p.dep_ == "pobj"), c)
            if target.lower_ in {"who", "which", "that"} and verb.dep_ == "relcl":
                target = verb.head  # "the Chiefs, who had 352 yards rushing"
            if target.pos_ == "PRON" and target.lower_ in PERSONAL:
                names.add(UNKNOWN)  # "he scored 11": someone, but who is not said here
            if target.pos_ in {"NOUN", "NUM"} and target not in (noun, root) and (
                    target.pos_ == "NUM" or any(
                        k.dep_ in {"nummod", "quantmod"} for k in target.children)):
                names.add(f"~{_lemma(target)}")  # "six quarterbacks threw for 250 yards"
            elif target.pos_ in {"NOUN", "VERB"} and target.is_title and not list(
                    target.children) and target.dep_ == "nsubj":
                names.add(target.lower_)  # "Manning threw for 364 yards" (tagged a gerund)
            names |= _name(target)
            for p in target.children:
                if p.dep_ == "poss":
                    names |= _name(p)
        if subjects or verb.dep_ not in {"advcl", "pcomp", "xcomp", "conj", "pobj", "acl"}:
            break
        verb = verb.head if verb.head.pos_ in {"VERB", "AUX"} else verb.head.head
    return names


def _attribute(n: Number, noun: str | None, predicate: str | None, qualifiers: Iterable[str],
               unit: tuple[str, float] | None, age: bool, thing: str | None) -> str | None:
    """The comparison key of a measure, or None when it says too little to compare."""
    if n.kind == "record":  # a team's win-loss record ("Indianapolis (10-5)")
        return "record"
    if n.kind == "score":  # "a 15-2 run", "a 45-36 lead" are not the final score
        if noun in PARTIAL_SCORES:
            return None  # a lead or a run is the score at some moment of the game
        return f"score:{noun}" if noun else "score"
    if age:
        return "age"
    if n.kind == "year":  # "the 2005 film": the film's year; "released in 2005": the release's
        if noun in RECURRING:
            return None  # "the 2005 season", "the 2008-09 season": one of many
        what = NOUN_CLASS.get(noun or "", noun) if noun else predicate
        return f"year:{what}" if what else None
    classes = {CLASS_OF.get(w) for w in (noun, predicate, *qualifiers) if w} - {None}
    if n.kind == "money":
        return f"money:{n.currency}"
    if n.kind == "percent":
        thing = noun or predicate
        return f"percent:{thing}" if thing else None
    if "temperature" in (noun, thing) or (unit is not None and unit[0] == "temperature"):
        return "temperature"
    if unit is not None:
        return f"{unit[0]}:{thing or predicate}" if thing or predicate else None
    if "magnitude" in classes and (noun in CLASSES["magnitude"].split()):
        return "magnitude"
    for cls in ("dead", "injured", "arrested", "missing", "evacuated", "crowd"):
        if cls in classes and (noun is None or noun in PEOPLE or CLASS_OF.get(noun) == cls):
            return f"people:{cls}"
    if noun is None:
        return None
    if noun in PEOPLE:
        return f"people:{predicate}" if predicate else None
    return f"count:{noun}"
