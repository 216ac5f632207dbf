"""Cue and source of a quotation, read from spaCy's dependency parse.

Contract of :func:`find_attribution`: given a parsed :class:`~spacy.tokens.Doc` (the
``parser`` component), a quotation's character span and which tokens lie inside any
quotation, it returns the :class:`Tag` that attributes the quotation, or ``None``.
Following PARC 3.0 (Pareti 2016), the cue is the narrator's word that introduces the
content and the source is its subject:

1. **Parse**: from the quotation's tokens up their heads (the quotation is the
   complement of the cue: ``X said “…”``, ``“…,” X said``, ``X told Y that “…”``,
   ``X called it “…”``) or down to a cue hanging off the quotation's own verb
   (``“…,” X said`` parsed as parataxis), at most :data:`MAX_HOPS` heads away.
2. **Adjacent tag**: a cue verb right after the quotation in its sentence
   (``“…,” said X``), or the nearest one before it in its first sentence.
3. **Colon frame**: ``Jeremy Lott, author: “…”`` (the cue is the colon).

The source is the cue verb's nominal subject (``nsubj``), never its object: in
``Trump told CNN's Dana Bash`` the source is Trump and Dana Bash the addressee. A
verb without a subject inherits it from the verb it is conjoined to or that its
participle depends on (``…, saying “…”``); a relative ``who`` stands for the noun it
modifies; ``according to X`` and ``quoted X as saying`` name the source as an
object; a passive without ``by`` (``it was said``) has none. The mention is the
name without titles or appositives (``Sen. Ben Sasse`` -> ``Ben Sasse``;
``Grassley, Republican of Iowa,`` -> ``Grassley``), a pronoun, or a description
(``a friend of the actress``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from newsweave.quotes.cues import (
    CUE_NOUNS,
    CUE_PHRASALS,
    CUE_VERBS,
    PARTIAL_VERBS,
    SOURCE_OBJECT_VERBS,
    STANCE_VERBS,
)
from newsweave.quotes.mention import MentionKind, chars, entity_of, mention_of, strip_titles

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["MAX_HOPS", "MentionKind", "Tag", "find_attribution", "is_cue"]

MAX_HOPS = 4
_TRAILING_VERBS = frozenset({"say", "write", "tweet", "tell", "ask"})
_COLON_VERBS = frozenset(
    "says said states stated writes wrote reads read notes noted adds added".split())
_PERSON_NOUNS = frozenset(
    """woman man person girl boy child mother father wife husband friend neighbour neighbor
    witness officer official resident worker employee student teacher spokesman
    spokeswoman spokesperson""".split())
_PAREN_TOKENS = 6
_ADVERBIAL_TOKENS = 7
_FIRST_PERSON = re.compile(r"\b(?:I|I['’]m|me|my|we|our|us)\b")
_ADVERBIAL_MARKS = frozenset(
    "before after when while as because until since although though once if".split())
_TAG_LINE_TOKENS = 20  # a line longer than this is narration, not a bare tag
_SUBJ = ("nsubj", "csubj")
_INHERIT = ("conj", "xcomp", "advcl", "acl", "pcomp", "dep", "prep")


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


def _stance(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    return lemma in STANCE_VERBS and lemma not in CUE_VERBS


def _strength(tok: Token, how: str) -> float:
    lemma = tok.lemma_.lower()
    base = 0.6 if lemma in STANCE_VERBS and lemma not in CUE_VERBS else 1.0
    return base * {"parse": 1.0, "according": 1.0, "adjacent": 0.85, "colon": 0.8}[how]


def find_attribution(
    doc: Doc, start: int, end: int, inside: Sequence[bool]
) -> Tag | None:
    """The tag of the quotation ``doc.text[start:end]`` (see the module contract).

    ``inside[i]`` is true for tokens inside any quotation (they are never cues).
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    cue = _cue_by_parse(span, inside)
    if cue is None or (cue.i < span.start and not any(t.head.i == cue.i for t in span)):
        # “…,” Woodward wrote, “…”: a tag right after the quotation is its own, unless a
        # verb before it governs the words directly ("X chanted, “…”, witnesses
        # reported": relayed words belong to the innermost speaker).
        cue = _parenthetical(doc, span, inside) or cue
    how: Literal["parse", "adjacent", "colon", "according"] = "parse"
    if cue is None or _stance(cue):
        near = _cue_adjacent(doc, span, inside)
        if near is not None or cue is None:
            cue, how = near, "adjacent"
    if cue is None:
        return _next_line_tag(doc, span, inside) or _colon_frame(doc, span, inside) or \
            _preceding_frame(doc, span, inside)
    if cue.lower_ == "according":
        how = "according"
    source = _source_token(cue)
    if source is None and cue.i >= span.end and how == "parse":
        source = _phrase_before(doc, cue, inside)  # '…,” general manager A. J. Smith said'
    if source is None and how == "parse":
        # "… are accused of acting “…” …, the report said": the verb governing the words
        # names no source (a passive); a reporting verb above it does.
        higher = _cue_above(cue, inside) if any(
            c.dep_ == "auxpass" for c in cue.children) and cue.lemma_.lower() != "call" else None
        if higher is not None:
            cue, source = higher
    if source is not None and inside[source.i]:
        # The parser took a word of the quotation as the subject ("…, " the head of the
        # service, Massoud Dalman, told …): the source is the narrator's phrase before
        # the cue.
        source = _phrase_before(doc, cue, inside)
    mention, kind = mention_of(doc, source) if source is not None else (None, None)
    if kind == "description":
        mention, kind = _name_at_verb(doc, cue, inside, mention, kind)
    addressee = _addressee(doc, cue)
    return Tag(
        (cue.idx, cue.idx + len(cue.text)), mention, kind, how, _strength(cue, how),
        addressee, cue.lemma_.lower() in PARTIAL_VERBS,
    )


def _cue_by_parse(span: Span, inside: Sequence[bool]) -> Token | None:
    lo, hi = span.start, span.end
    best: tuple[int, int, Token] | None = None
    for tok in span:
        h, hops = tok, 0
        while h.head.i != h.i and hops < MAX_HOPS:
            h, hops = h.head, hops + 1
            if lo <= h.i < hi:
                continue
            if inside[h.i]:
                break
            frame = [c for c in h.children if c.lower_ == "according" and is_cue(c)
                     and not inside[c.i]]
            if frame and not is_cue(h):  # "According to X, the actor was chosen “…”"
                cand = (hops + 1, abs(frame[0].i - tok.i), frame[0])
                if best is None or cand[:2] < best[:2]:
                    best = cand
                break
            if is_cue(h):
                # A stance verb ("couldn't see “…”") yields to a speech verb above it.
                cand = (hops + (MAX_HOPS if _stance(h) else 0), abs(h.i - tok.i), h)
                if best is None or cand[:2] < best[:2]:
                    best = cand
                if not _stance(h):
                    break
        # "“…,” X said" parsed with said under the quotation's verb.
        for c in tok.children:
            if not (lo <= c.i < hi) and not inside[c.i] and is_cue(c) and c.dep_ in (
                    "parataxis", "advcl", "ccomp", "conj", "dep", "prep", "xcomp"):
                cand = (1, abs(c.i - tok.i), c)
                if best is None or cand[:2] < best[:2]:
                    best = cand
    return best[2] if best else None


def _parenthetical(doc: Doc, span: Span, inside: Sequence[bool]) -> Token | None:
    """A reporting tag right after the quotation's closing mark and comma, on its line:
    ``“…,” Woodward wrote, “…”``, ``“…,” said Mr. Mark.``: a speech verb within
    :data:`_PAREN_TOKENS` tokens, with its subject there and no content of its own."""
    i = span.end
    while i < len(doc) and (inside[i] or doc[i].is_punct or doc[i].is_space) and \
            "\n" not in doc[i].text:
        if inside[i] and not (doc[i].is_punct or doc[i].is_space):
            return None
        i += 1
    for k in range(i, min(len(doc), i + _PAREN_TOKENS)):
        tok = doc[k]
        if inside[k] or "\n" in tok.text or (tok.is_punct and tok.text != "."):
            return None
        if tok.lemma_.lower() in CUE_VERBS and tok.pos_ == "VERB":
            src = _source_token(tok)
            if src is None or _adverbial(tok) or _adverbial(tok.head) or \
                    not i <= src.i < k + _PAREN_TOKENS or any(
                    c.dep_ in ("ccomp", "xcomp") and c.i > tok.i and not _adverbial(c)
                    for c in tok.children):  # "…,” X said he would …" reports that clause
                return None
            return tok
    return None


def _cue_above(cue: Token, inside: Sequence[bool]) -> tuple[Token, Token] | None:
    """A speech verb (with a source) up to three heads above ``cue``."""
    h = cue
    for _ in range(3):
        if h.head.i == h.i or inside[h.head.i]:
            return None
        h = h.head
        if is_cue(h) and not _stance(h) and h.lower_ != "according":
            src = _source_token(h)
            if src is not None:
                return h, src
    return None


def _cue_adjacent(doc: Doc, span: Span, inside: Sequence[bool]) -> Token | None:
    """A speech verb right after the quotation (in the narration that follows it on its
    line: ``“Would we?” Colts coach Bruce Arians asked.``), else the nearest one before
    it in its first sentence (no other quotation in between)."""
    i = span.end
    while i < len(doc) and (inside[i] or doc[i].is_punct or doc[i].is_space) and \
            "\n" not in doc[i].text:
        if inside[i] and not (doc[i].is_punct or doc[i].is_space):
            break  # the closing marks and spaces (a thin space before ”) are skipped
        i += 1
    stop = min(len(doc), i + 10)
    for k in range(i, stop):
        if inside[k] or "\n" in doc[k].text_with_ws:
            if doc[k].lemma_.lower() in CUE_VERBS and doc[k].pos_ in ("VERB", "AUX"):
                return doc[k]
            break
        if doc[k].lemma_.lower() in CUE_VERBS and doc[k].pos_ in ("VERB", "AUX"):
            return doc[k]
    first = doc[span.start].sent
    for k in range(span.start - 1, first.start - 1, -1):
        if inside[k]:
            break
        if doc[k].lemma_.lower() in CUE_VERBS and doc[k].pos_ in ("VERB", "AUX"):
            return doc[k]
    return None


def _next_line_tag(doc: Doc, span: Span, inside: Sequence[bool]) -> Tag | None:
    """A quotation that closes its line, followed by a line that is only a tag:
    ``“…dead.”⏎Roesler said.``, ``“…Right now!”⏎Williams, a critic of NYPD policy, said
    before Kelly appeared.`` The cue verb has no content of its own (no clausal
    complement), so what it reports is the quotation before it. Only verbs of saying
    proper: ``Phelps agreed.⏎“…”`` introduces the quotation after it."""
    first = _next_line_start(doc, span)
    if first is None:
        return None
    toks: list[Token] = []
    for tok in doc[first.i:min(len(doc), first.i + _TAG_LINE_TOKENS + 1)]:
        if "\n" in tok.text:
            break
        toks.append(tok)
        if "\n" in tok.whitespace_ or tok.i + 1 == len(doc):
            break
    else:
        return None  # a long line: narration, not a tag
    if not toks or any(inside[t.i] for t in toks) or toks[-1].text not in (".", "!"):
        return None
    for tok in toks:
        lemma = tok.lemma_.lower()
        own = ("ccomp", "xcomp", "csubj", "neg") + (() if lemma == "tell" else ("dobj",))
        if lemma in _TRAILING_VERBS and tok.pos_ in ("VERB", "AUX") and not any(
                c.dep_ in own and not _adverbial(c) for c in tok.children):
            # not "Felt never said it.", "X said he would ..."; "said before Kelly
            # appeared" is an adverbial clause (often parsed as ccomp), not content
            src = _source_token(tok)
            if src is None or src.i < toks[0].i or src.i > toks[-1].i:
                return None
            mention, kind = mention_of(doc, src)
            return Tag((tok.idx, tok.idx + len(tok.text)), mention, kind, "adjacent",
                       _strength(tok, "adjacent"), _addressee(doc, tok))
    return None


def _next_line_start(doc: Doc, span: Span) -> Token | None:
    """The first token of the line after ``span`` when only closing marks and final
    punctuation follow ``span`` on its line (read token by token: ``doc.text`` would
    rebuild the whole text on every call)."""
    rest: list[str] = []
    for tok in doc[span.end:]:
        cut = tok.text_with_ws.find("\n")
        if cut < 0:
            if tok.text.strip(" \t\"”’'.,!?…"):
                return None  # words after the quotation on its line
            rest.append(tok.text_with_ws)
            continue
        rest.append(tok.text_with_ws[:cut])
        if "".join(rest).strip(" \t\"”’'.,!?…"):
            return None
        eol = tok.idx + cut
        if eol + 1 < tok.idx + len(tok.text):
            return tok  # a blank line: the token holding the line breaks
        return doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return None


def _name_at_verb(
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


def _adverbial(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in _ADVERBIAL_MARKS for c in clause.children)


def _preceding_frame(doc: Doc, span: Span, inside: Sequence[bool]) -> Tag | None:
    """A quotation opening a line right after a narrator sentence that introduces it:
    ``Williams agreed.⏎“…”``, ``Hefner was reported as saying:⏎“…”``, ``Jackson
    released a statement.⏎“…”``. The sentence's cue verb (or the verb of a cue noun)
    gives the source."""
    i = span.start - 1
    while i >= 0 and doc[i].is_punct and "\n" not in doc[i].text_with_ws:
        i -= 1  # the opening mark
    k = i  # a short adverbial may open the line: "Later in the afternoon, “…”"
    while k >= 0 and not (doc[k].is_space and "\n" in doc[k].text) and \
            "\n" not in doc[k].whitespace_:
        if doc[k].pos_ in ("VERB", "AUX") or inside[k] or i - k >= _ADVERBIAL_TOKENS:
            return None
        k -= 1
    i = k
    if i >= 0 and doc[i].is_space and "\n" in doc[i].text:
        i -= 1  # the line break (a token of its own)
    elif i < 0 or "\n" not in doc[i].whitespace_:
        return None
    if i < 0 or inside[i]:
        return None
    # The narrator's line before the quotation (its sentence may have been split at a
    # quotation inside it: "… through what's called “active shooter” training:").
    lo = i
    while lo > 0 and "\n" not in doc[lo - 1].text_with_ws:
        lo -= 1
    line = doc[lo:i + 1]
    if doc[i].text != ":" and any(inside[k] for k in range(lo, i + 1)):
        return None
    for tok in line:
        verb = tok if is_cue(tok) else tok.head if (
            cue_noun(tok) and tok.dep_ in ("dobj", "nsubj") and tok.head.pos_ == "VERB") else None
        if verb is None or tok.lower_ == "according":
            continue
        src = _source_token(verb)
        if src is None:
            continue
        mention, kind = mention_of(doc, src)
        if kind == "description":
            mention, kind = _name_at_verb(doc, verb, inside, mention, kind)
        # "Williams agreed:" and "…, he said." (the same speaker goes on) are surer than
        # another reporting verb in the sentence before.
        sure = doc[i].text == ":" or (verb.lemma_.lower() == "say" and doc[i].text == ".")
        return Tag((tok.idx, tok.idx + len(tok.text)), mention, kind, "colon",
                   0.75 if sure else 0.65)
    if doc[i].text == ":" and i > lo:
        # "…, such as the prophetic Dr Azm Al Homoud:⏎“…”": the name closing the line.
        ent = entity_of(doc, doc[i - 1])
        if ent is not None and ent.label_ == "PERSON":
            return Tag((doc[i].idx, doc[i].idx + 1), chars(strip_titles(list(ent))), "name",
                       "colon", 0.75)
    if doc[i].text == ":" and i - lo <= 5:
        # "His exact words:⏎“…”", "Her statement:": a frame noun's possessor speaks.
        for tok in line:
            owner = [c for c in tok.children if c.dep_ == "poss"] if cue_noun(tok) else []
            if owner:
                mention, kind = mention_of(doc, owner[0])
                return Tag((tok.idx, tok.idx + len(tok.text)), mention, kind, "colon", 0.75)
    return _narrated_subject(doc, span, line)


def _narrated_subject(doc: Doc, span: Span, line: Span) -> Tag | None:
    """A first-person quotation after a narrator sentence about one named person, with
    no reporting verb: ``T.J. Simons, 17, … also heard the blast.⏎“At first I thought it
    was thunder …”``: the person the sentence is about speaks (weak evidence)."""
    if not _FIRST_PERSON.search(span.text):
        return None
    root = next((t for t in line if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")), None)
    if root is None:
        return None
    subj = [c for c in root.children if c.dep_ == "nsubj"]
    ent = entity_of(doc, subj[0]) if subj else None
    if ent is None or ent.label_ != "PERSON":
        return None
    return Tag((root.idx, root.idx + len(root.text)), chars(strip_titles(list(ent))), "name",
               "colon", 0.5)


def _colon_frame(doc: Doc, span: Span, inside: Sequence[bool]) -> Tag | None:
    """``Jeremy Lott, author: “…”`` -> the phrase before the colon is the source."""
    i = span.start - 1
    while i >= 0 and doc[i].is_punct and doc[i].text != ":" and doc[i].text in "\"“'‘`":
        i -= 1
    if i < 1 or doc[i].text != ":" or inside[i - 1]:
        return None
    sent_start = doc[i].sent.start
    colon = doc[i]
    if doc[i - 1].lower_ in _COLON_VERBS and i - 1 > sent_start:
        # "The NFL's substance-abuse policy states: “…”" (the verb tagged as a noun):
        # the verb is the cue, the phrase before it the source.
        colon = doc[i - 1]
        i -= 1
    k = i - 1
    while k > sent_start and doc[k].dep_ not in ("nsubj",) and doc[k].pos_ != "PROPN" \
            and doc[k].pos_ != "NOUN" and doc[k].pos_ != "PRON":
        k -= 1
    # The head of the phrase before the colon: walk up while inside the phrase.
    tok = doc[k]
    while tok.head.i != tok.i and sent_start <= tok.head.i < i and tok.dep_ in (
            "compound", "appos", "amod", "punct", "det", "poss", "flat"):
        tok = tok.head
    if tok.pos_ == "VERB" or any(t.pos_ in ("VERB", "AUX") or t.lower_ in ("with", "of", "to")
                                 for t in doc[sent_start:i]):
        return None  # "… the heart of the matter: “…”" is no source, only "X, author: “…”"
    mention, kind = mention_of(doc, tok)
    return Tag((colon.idx, colon.idx + len(colon.text)), mention, kind, "colon",
               _strength(colon, "colon"))


def _phrase_before(doc: Doc, cue: Token, inside: Sequence[bool]) -> Token | None:
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


def _source_token(cue: Token) -> Token | None:
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
        # "LaRue came to Washington ... and was described in a 1972 Washington Post
        # profile as “…”": the subject of a passive is who is described, never the
        # source; the frame's organisation is, when one is named.
        return _frame_organisation(cue)
    seen = 0
    tok = cue
    while seen < 4:
        agent = [g for c in tok.children if c.dep_ == "agent" for g in c.children
                 if g.dep_ == "pobj"]
        if agent:  # "the man described by The New York Times as “…”"
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
            # "An official downplayed the unrest saying …": the clause's subject speaks.
            tok = tok.head.head
            seen += 1
            continue
        if tok.dep_ in _INHERIT and tok.head.i != tok.i:
            tok = tok.head
            seen += 1
            continue
        break
    # "…,” said ABC Entertainment Group prexy Paul Lee.": the parse found no subject;
    # an inverted tag names the source right after the verb.
    doc = cue.doc
    for k in range(cue.i + 1, min(len(doc), cue.i + 8)):
        if doc[k].is_punct:
            break
        if doc[k].ent_type_ == "PERSON":
            return doc[k]
    return None


def _antecedent(noun: Token, person: bool) -> Token:
    """The noun a relative clause speaks for. "who" is a person: "a distraught elderly
    woman outside the bank, who wept and cried" is attached to "bank" by the parser,
    but the woman cried; climb out of the prepositional phrase to a person noun."""
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


def _addressee(doc: Doc, cue: Token) -> tuple[int, int] | None:
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


def cue_noun(tok: Token) -> bool:
    """A noun of the frame lexicon ("in a statement", "his comments")."""
    return tok.pos_ == "NOUN" and (tok.lemma_.lower() in CUE_NOUNS or tok.lower_ in CUE_NOUNS)
