"""What attributes a quotation (:class:`Tag`) and which words are cues.

A cue is a reporting verb of the lexicon (:mod:`newsweave.quotes.cues`), a phrasal
frame (``blurt out``) or ``according to``; stance verbs (``couldn't see``) are weaker
cues that yield to a speech verb. :func:`strength` is how sure a cue is by the way it
was found (the parse, adjacency, a colon frame).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from newsweave.quotes.cues import CUE_NOUNS, CUE_PHRASALS, CUE_VERBS, PARTIAL_VERBS, STANCE_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from newsweave.quotes.mention import MentionKind

__all__ = ["Tag", "cue_noun", "is_cue", "stance", "strength"]


@dataclass(frozen=True, slots=True)
class Tag:
    """What attributes a quotation: the cue, the source mention and how it was found."""

    cue: tuple[int, int]
    source: tuple[int, int] | None
    kind: MentionKind | None
    how: Literal["parse", "adjacent", "colon", "according"]
    strength: float
    """How sure the cue is (1.0 a speech verb governing the quotation; less for stance
    verbs, adjacency or a colon)."""
    addressee: tuple[int, int] | None = None
    partial_verb: bool = False


def is_cue(tok: Token) -> bool:
    """A reporting verb (or phrasal verb) of the lexicon, or "according (to)"."""
    if tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children)
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        if lemma in CUE_VERBS or lemma in STANCE_VERBS or lemma in PARTIAL_VERBS:
            return True
        return any(f"{lemma}:{c.lower_}" in CUE_PHRASALS for c in tok.children
                   if c.dep_ == "prt")
    return False


def stance(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    return lemma in STANCE_VERBS and lemma not in CUE_VERBS


def strength(tok: Token, how: str) -> float:
    lemma = tok.lemma_.lower()
    base = 0.6 if lemma in STANCE_VERBS and lemma not in CUE_VERBS else 1.0
    return base * {"parse": 1.0, "according": 1.0, "adjacent": 0.85, "colon": 0.8}[how]


def cue_noun(tok: Token) -> bool:
    """A noun of the frame lexicon ("in a statement", "his comments")."""
    return tok.pos_ == "NOUN" and (tok.lemma_.lower() in CUE_NOUNS or tok.lower_ in CUE_NOUNS)
