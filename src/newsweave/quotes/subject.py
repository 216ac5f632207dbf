"""The source of a cue, read from the parse: its subject, never its object.

:func:`source_token` is the cue verb's nominal subject; a verb without one inherits it
from the verb it is conjoined to or that its participle depends on (``…, saying
“…”``); a relative ``who`` stands for the noun it modifies; ``according to X`` and
``quoted X as saying`` name the source as an object; a passive ``by`` agent speaks; a
passive without one (``it was said``) has no source. :func:`addressee` is the
listener (``told X``), :func:`phrase_before` the narrator's words before a trailing
cue, :func:`name_at_verb` a person's name next to the verb that the parser missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsweave.quotes.cues import SOURCE_OBJECT_VERBS
from newsweave.quotes.mention import MentionKind, chars, entity_of, strip_titles

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["addressee", "adverbial", "name_at_verb", "phrase_before", "source_token"]

_PERSON_NOUNS = frozenset(
    """woman man person girl boy child mother father wife husband friend neighbour neighbor
    witness officer official resident worker employee student teacher spokesman
    spokeswoman spokesperson""".split())
_ADVERBIAL_MARKS = frozenset(
    "before after when while as because until since although though once if".split())
_SUBJ = ("nsubj", "csubj")
_INHERIT = ("conj", "xcomp", "advcl", "acl", "pcomp", "dep", "prep")


def name_at_verb(
    doc: Doc, cue: Token, inside: Sequence[bool], mention: tuple[int, int] | None,
    kind: MentionKind | None,
) -> tuple[tuple[int, int] | None, MentionKind | None]:
    """A described "subject" next to a person's name at the verb: the name is the
    subject the parser missed. Before the verb ("One big difference, Yeager said:") or
    right after it in an inverted tag ("One big difference, said Yeager:")."""
    k = cue.i - 1
    while k > cue.sent.start and doc[k].dep_ in ("aux", "advmod", "neg"):
        k -= 1
    for i in (k, cue.i + 1):
        if not 0 <= i < len(doc) or inside[i] or (i > cue.i and doc[i].dep_ != "nsubj"):
            continue  # after the verb only a subject ("told Nixon": the listener)
        ent = entity_of(doc, doc[i])
        if ent is not None and ent.label_ == "PERSON" and \
                (mention is None or not (mention[0] <= doc[i].idx < mention[1])):
            return chars(strip_titles(list(ent))), "name"
    return mention, kind


def adverbial(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in _ADVERBIAL_MARKS for c in clause.children)


def phrase_before(doc: Doc, cue: Token, inside: Sequence[bool]) -> Token | None:
    """The head of the narrator's words between the quotation and a trailing cue."""
    lo = cue.i
    while lo > cue.sent.start and not inside[lo - 1]:
        lo -= 1
    words = [t for t in doc[lo:cue.i] if t.pos_ in ("NOUN", "PRON") or (
        t.pos_ == "PROPN" and t.ent_type_)]
    if not words:
        return None
    people = [t for t in words if t.ent_type_ == "PERSON"]
    if people:
        return people[-1]
    heads = [t for t in words if not (lo <= t.head.i < cue.i) or t.head.i == t.i]
    return (heads or words)[0]


def source_token(cue: Token) -> Token | None:
    if cue.lower_ == "according":
        for c in cue.children:
            if c.lower_ == "to":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                return objs[0] if objs else None
        return None
    lemma = cue.lemma_.lower()
    if lemma in SOURCE_OBJECT_VERBS:
        objs = [c for c in cue.children if c.dep_ == "dobj"]
        if objs:
            return objs[0]
    if any(c.dep_ == "auxpass" for c in cue.children) and not any(
            c.dep_ in ("agent", "nsubjpass") for c in cue.children):
        # "Marlow moved to Boston ... and was described in a 1988 Harbour Gazette
        # profile as “…”": the subject of a passive is who is described, never the
        # source; the frame's organisation is, when one is named.
        return _frame_organisation(cue)
    seen = 0
    tok = cue
    while seen < 4:
        agent = [g for c in tok.children if c.dep_ == "agent" for g in c.children
                 if g.dep_ == "pobj"]
        if agent:  # "the woman described by The Harbour Gazette as “…”"
            return agent[0]
        subj = [c for c in tok.children if c.dep_ in _SUBJ]
        if subj:
            # Two subjects ("One big difference ..., said Yeager"): the name speaks.
            s = next((c for c in subj if c.pos_ in ("PROPN", "PRON")), subj[0])
            if s.lower_ in ("who", "that", "which") and tok.dep_ == "relcl":
                return _antecedent(tok.head, s.lower_ == "who")
            return s
        passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if passive:
            # "Hefner was reported/quoted as saying": the passive subject speaks; "it was
            # said" names no one.
            if (tok is not cue or lemma in SOURCE_OBJECT_VERBS) and passive[0].lower_ != "it":
                return passive[0]
            return None
        if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            if tok.tag_ == "VBN":
                return None  # "a climber, described as “…”": the described, not the describer
            if tok.dep_ == "relcl" or tok.head.dep_ in ("nsubj", "nsubjpass", "ROOT", "appos"):
                return tok.head  # "Students chanting “…”", "X, who said"
            # "A spokesman played down the delays saying …": the clause's subject speaks.
            tok = tok.head.head
            seen += 1
            continue
        if tok.dep_ in _INHERIT and tok.head.i != tok.i:
            tok = tok.head
            seen += 1
            continue
        break
    # "…,” said Northwind Media Group chief Dana Holt.": the parse found no subject;
    # an inverted tag names the source right after the verb.
    doc = cue.doc
    for k in range(cue.i + 1, min(len(doc), cue.i + 8)):
        if doc[k].is_punct:
            break
        if doc[k].ent_type_ == "PERSON":
            return doc[k]
    return None


def _antecedent(noun: Token, person: bool) -> Token:
    """The noun a relative clause speaks for. "who" is a person: "a tired elderly
    man outside the station, who waved and shouted" is attached to "station" by the
    parser, but the man shouted; climb out of the prepositional phrase to a person noun."""
    tok = noun
    while person and tok.dep_ == "pobj" and tok.ent_type_ != "PERSON" and \
            tok.head.dep_ == "prep" and tok.head.head.pos_ in ("NOUN", "PROPN", "PRON"):
        tok = tok.head.head
        if tok.ent_type_ == "PERSON" or tok.lemma_.lower() in _PERSON_NOUNS:
            return tok
    return noun


def _frame_organisation(verb: Token) -> Token | None:
    """The organisation in an "in a <ORG> profile/report/interview" frame of ``verb``."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "by"):
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                for t in obj.subtree:
                    if t.ent_type_ == "ORG":
                        return t
    return None


def addressee(doc: Doc, cue: Token) -> tuple[int, int] | None:
    if cue.lemma_.lower() in SOURCE_OBJECT_VERBS:
        return None
    for c in cue.children:
        if c.dep_ in ("dobj", "dative") and c.pos_ in ("PROPN", "NOUN", "PRON"):
            sub = list(c.subtree)
            return sub[0].idx, sub[-1].idx + len(sub[-1].text)
        if c.dep_ == "prep" and c.lower_ == "to":
            for g in c.children:
                if g.dep_ == "pobj":
                    sub = list(g.subtree)
                    return sub[0].idx, sub[-1].idx + len(sub[-1].text)
    return None
