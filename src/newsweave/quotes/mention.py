"""The source mention a cue's subject token stands for: a name, a pronoun or a
description (:func:`mention_of`), with titles and appositives left out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from newsweave.entities import TITLE_WORDS
from newsweave.quotes.names import OCCUPATIONS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["MentionKind", "chars", "entity_of", "mention_of", "strip_titles"]

MentionKind = Literal["name", "pronoun", "description"]
_NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_PRONOUNS = frozenset("he she they it we i you who his her their its".split())
_DOCUMENTS = frozenset(
    """policy report statement letter release memo filing website site blog study survey
    poll profile article editorial column bulletin notice document""".split())
# Right-hand modifiers kept in a described source: "a spokesman for the hospital".
_KEEP_PREPS = frozenset({"for", "of", "at", "from", "with", "in", "close"})


def entity_of(doc: Doc, tok: Token) -> Span | None:
    """The named entity holding ``tok``, found from the token's IOB tags (``doc.ents``
    is rebuilt on every access: reading it per token would be quadratic)."""
    if tok.ent_type_ not in _NAME_ENTS:
        return None
    return _ent_span(doc, tok.i)


def _ent_span(doc: Doc, i: int) -> Span:
    from spacy.tokens import Span

    lo, hi = i, i + 1
    while lo > 0 and doc[lo].ent_iob_ == "I":
        lo -= 1
    while hi < len(doc) and doc[hi].ent_iob_ == "I":
        hi += 1
    return Span(doc, lo, hi, label=doc[i].ent_type_)  # labelled: callers test label_


def _people_in(doc: Doc, lo: int, hi: int) -> list[Span]:
    out: list[Span] = []
    i = lo
    while i < hi:
        if doc[i].ent_type_ == "PERSON":
            span = _ent_span(doc, i)
            if span.start >= lo and span.end <= hi:
                out.append(span)
            i = span.end
        else:
            i += 1
    return out


def _person_in_phrase(doc: Doc, tok: Token) -> Span | None:
    """A PERSON entity among the head's compound/left modifiers, nearest the head."""
    if tok.pos_ not in ("PROPN", "NOUN"):
        return None
    lo = tok.left_edge.i

    def attached(e: Span) -> bool:  # a compound or appositive of the head, not "Reid's rep"
        r = e.root
        while r.i != tok.i and r.dep_ in ("compound", "appos", "flat", "nmod", "conj"):
            r = r.head
        return r.i == tok.i

    hi = tok.right_edge.i + 1
    found = [e for e in _people_in(doc, lo, hi) if attached(e)]
    return min(found, key=lambda e: abs(e.root.i - tok.i)) if found else None


def strip_titles(toks: list[Token]) -> list[Token]:
    i = 0
    while i < len(toks) - 1 and (toks[i].lower_.strip(".") in TITLE_WORDS
                                 or toks[i].lower_ in ("the", "'s", "’s")
                                 or (toks[i].lower_ in OCCUPATIONS and len(toks) - i >= 3)
                                 or toks[i].is_punct):
        i += 1
    j = len(toks)
    while j > i + 1 and (toks[j - 1].is_punct or toks[j - 1].lower_ in ("'s", "’s")):
        j -= 1
    return toks[i:j]


def chars(toks: Sequence[Token]) -> tuple[int, int]:
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def mention_of(doc: Doc, tok: Token) -> tuple[tuple[int, int] | None, MentionKind | None]:
    """The source mention headed by ``tok``: a name, a pronoun or a description."""
    if tok.lower_ in _PRONOUNS or tok.pos_ == "PRON":
        return (tok.idx, tok.idx + len(tok.text)), "pronoun"
    ent = entity_of(doc, tok)
    if ent is None or ent.label_ != "PERSON":
        # "Hawks interim coach Dale Morton": the person in the phrase, not the team.
        person = _person_in_phrase(doc, tok)
        ent = person or ent
    if ent is not None:
        toks = strip_titles(list(ent))
        return chars(toks), "name"
    owner = _document_owner(doc, tok)
    if owner is not None:
        return owner, "name"
    if tok.pos_ == "PROPN":
        chain = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        toks = strip_titles([*chain, tok]) if chain else [tok]
        contiguous = [t for t in toks if t.i >= toks[0].i]
        return chars(contiguous), "name"
    named = _appositive_person(doc, tok)
    if named is not None:
        return named, "name"
    left = tok.left_edge.i
    right = tok.i
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ in _KEEP_PREPS:
            right = max(right, c.right_edge.i)
            break
        if c.dep_ in ("punct", "appos", "relcl", "acl"):
            break
    toks = [t for t in doc[left:right + 1] if not t.is_space]
    while toks and toks[0].is_punct:
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if not toks:
        return None, None
    return chars(toks), "description"


def _document_owner(doc: Doc, tok: Token) -> tuple[int, int] | None:
    """``The league's travel policy states``, ``a 1988 Harbour Gazette profile``:
    an organisation's document speaks for the organisation named in its noun phrase."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in _DOCUMENTS:
        return None
    j = tok.i - 1  # the words of its noun phrase before it (the parse may split it)
    while (j >= max(0, tok.i - 6) and doc[j].pos_ in (
            "NOUN", "PROPN", "ADJ", "PART", "DET", "NUM")) or (
            j >= 0 and doc[j].text in ("-", "'s", "’s")):
        org = entity_of(doc, doc[j])
        if org is not None and org.label_ == "ORG":
            return chars(strip_titles(list(org)))
        j -= 1
    return None


def _appositive_person(doc: Doc, tok: Token) -> tuple[int, int] | None:
    """A role noun naming the person after it: ``the singer's rep Nia Castell`` is
    parsed with the name as head; ``the rep, Nia Castell,`` has it as an appositive."""
    for c in tok.children:
        if c.dep_ == "appos":
            ent = entity_of(doc, c)
            if ent is not None and ent.label_ == "PERSON":
                return chars(strip_titles(list(ent)))
    return None
