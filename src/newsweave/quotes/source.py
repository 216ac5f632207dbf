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

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from newsweave.quotes.cues import CUE_VERBS, PARTIAL_VERBS
from newsweave.quotes.frames import colon_frame, next_line_tag, preceding_frame
from newsweave.quotes.mention import MentionKind, mention_of
from newsweave.quotes.subject import addressee, adverbial, name_at_verb, phrase_before, source_token
from newsweave.quotes.tag import Tag, is_cue, stance, strength

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["MAX_HOPS", "MentionKind", "Tag", "find_attribution", "is_cue"]

# The module is split by concern: the tag and cue words (tag.py), the source of a cue
# (subject.py), tags on other lines (frames.py); this module finds the cue.

MAX_HOPS = 4
_PAREN_TOKENS = 6


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
    if cue is not None and cue.i >= span.end:
        # "… and told her, “…,” the paper reported": relayed words belong to the
        # innermost reporting verb, the one that introduces them (PARC nesting).
        cue = _introducing_verb(doc, span, inside) or cue
    how: Literal["parse", "adjacent", "colon", "according"] = "parse"
    if cue is None or stance(cue):
        near = _cue_adjacent(doc, span, inside)
        if near is not None or cue is None:
            cue, how = near, "adjacent"
    if cue is None:
        return next_line_tag(doc, span, inside) or colon_frame(doc, span, inside) or \
            preceding_frame(doc, span, inside)
    if cue.lower_ == "according":
        how = "according"
    source = source_token(cue)
    if source is None and cue.i >= span.end and how == "parse":
        source = phrase_before(doc, cue, inside)  # '…,” head coach R. T. Molina said'
    if source is None and how == "parse":
        # "… are accused of acting “…” …, the report said": the verb governing the words
        # names no source (a passive); a reporting verb above it does.
        higher = _cue_above(cue, inside) if any(
            c.dep_ == "auxpass" for c in cue.children) and cue.lemma_.lower() != "call" else None
        if higher is not None:
            cue, source = higher
    if source is not None and inside[source.i]:
        # The parser took a word of the quotation as the subject ("…, " the head of the
        # agency, Rasa Kovac, told …): the source is the narrator's phrase before
        # the cue.
        source = phrase_before(doc, cue, inside)
    mention, kind = mention_of(doc, source) if source is not None else (None, None)
    if kind == "description":
        mention, kind = name_at_verb(doc, cue, inside, mention, kind)
    listener = addressee(doc, cue)
    return Tag(
        (cue.idx, cue.idx + len(cue.text)), mention, kind, how, strength(cue, how),
        listener, cue.lemma_.lower() in PARTIAL_VERBS,
    )


def _cue_by_parse(span: Span, inside: Sequence[bool]) -> Token | None:
    lo, hi = span.start, span.end
    best: tuple[int, int, Token] | None = None
    for tok in span:
        h, hops = tok, 0
        while h.head.i != h.i and hops < MAX_HOPS:
            below, h, hops = h, h.head, hops + 1
            if lo <= h.i < hi:
                continue
            if inside[h.i]:
                if below.dep_ == "conj" and not (lo <= below.i < hi and below.i != tok.i):
                    continue  # called him “a liar” and a “cheat”: coordinated quotes
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
                cand = (hops + (MAX_HOPS if stance(h) else 0), abs(h.i - tok.i), h)
                if best is None or cand[:2] < best[:2]:
                    best = cand
                if not stance(h):
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
            src = source_token(tok)
            if src is None or adverbial(tok) or adverbial(tok.head) or \
                    not i <= src.i < k + _PAREN_TOKENS or any(
                    c.dep_ in ("ccomp", "xcomp") and c.i > tok.i and not adverbial(c)
                    for c in tok.children):  # "…,” X said he would …" reports that clause
                return None
            return tok
    return None


def _introducing_verb(doc: Doc, span: Span, inside: Sequence[bool]) -> Token | None:
    """A speech verb that opens the quotation: ``told her, “…”``, ``he shouted: “…”``:
    the quotation's opening mark is preceded by a comma or colon, that by the verb and at
    most two words of its object; the verb has its own subject in the narration."""
    i = span.start - 1
    while i >= 0 and inside[i] and doc[i].is_punct:
        i -= 1  # the opening mark
    if i < 1 or inside[i] or doc[i].text not in (",", ":"):
        return None
    for k in range(i - 1, max(-1, i - 4), -1):
        tok = doc[k]
        if inside[k] or tok.is_punct or "\n" in tok.text_with_ws:
            return None
        if tok.lemma_.lower() in CUE_VERBS and tok.pos_ == "VERB" and not stance(tok):
            src = source_token(tok)
            return tok if src is not None and not inside[src.i] else None
        if tok.pos_ not in ("PRON", "NOUN", "PROPN", "DET"):
            return None
    return None


def _cue_above(cue: Token, inside: Sequence[bool]) -> tuple[Token, Token] | None:
    """A speech verb (with a source) up to three heads above ``cue``."""
    h = cue
    for _ in range(3):
        if h.head.i == h.i or inside[h.head.i]:
            return None
        h = h.head
        if is_cue(h) and not stance(h) and h.lower_ != "according":
            src = source_token(h)
            if src is not None:
                return h, src
    return None


def _cue_adjacent(doc: Doc, span: Span, inside: Sequence[bool]) -> Token | None:
    """A speech verb right after the quotation (in the narration that follows it on its
    line: ``“Would we?” Hawks coach Dale Morton asked.``), else the nearest one before
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
