"""Line frames: tags that are not in the quotation's own sentence.

* :func:`next_line_tag`: a quotation closing its line, then a line that is only a tag
  (``“…dead.”⏎Roesler said.``).
* :func:`preceding_frame`: a quotation opening a line after a narrator sentence that
  introduces it (``Williams agreed.⏎“…”``, ``X was quoted as saying:⏎“…”``), or after
  a sentence about one named person (first-person quotation, weak evidence).
* :func:`colon_frame`: ``Jeremy Lott, author: “…”`` (the cue is the colon).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsweave.quotes.mention import chars, entity_of, mention_of, strip_titles
from newsweave.quotes.subject import addressee, adverbial, name_at_verb, source_token
from newsweave.quotes.tag import Tag, cue_noun, is_cue, strength

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["colon_frame", "next_line_tag", "preceding_frame"]

_TRAILING_VERBS = frozenset({"say", "write", "tweet", "tell", "ask"})
_COLON_VERBS = frozenset(
    "says said states stated writes wrote reads read notes noted adds added".split())
_ADVERBIAL_TOKENS = 7
_FIRST_PERSON = re.compile(r"\b(?:I|I['’]m|me|my|we|our|us)\b")
_TAG_LINE_TOKENS = 20  # a line longer than this is narration, not a bare tag


def next_line_tag(doc: Doc, span: Span, inside: Sequence[bool]) -> Tag | None:
    """A quotation that closes its line, followed by a line that is only a tag:
    ``“…dead.”⏎Roesler said.``, ``“…Not today!”⏎Okafor, a critic of the housing plan, said
    before Moreau arrived.`` The cue verb has no content of its own (no clausal
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
                c.dep_ in own and not adverbial(c) for c in tok.children):
            # not "Felt never said it.", "X said he would ..."; "said before Moreau
            # appeared" is an adverbial clause (often parsed as ccomp), not content
            src = source_token(tok)
            if src is None or src.i < toks[0].i or src.i > toks[-1].i:
                return None
            mention, kind = mention_of(doc, src)
            return Tag((tok.idx, tok.idx + len(tok.text)), mention, kind, "adjacent",
                       strength(tok, "adjacent"), addressee(doc, tok))
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


def _end_of_line_before(doc: Doc, span: Span, inside: Sequence[bool]) -> int | None:
    """The last token of the narrator's line before a quotation that opens its line
    (after at most a short adverbial), or ``None``."""
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
    return i


def preceding_frame(doc: Doc, span: Span, inside: Sequence[bool]) -> Tag | None:
    """A quotation opening a line right after a narrator sentence that introduces it:
    ``Williams agreed.⏎“…”``, ``Hefner was reported as saying:⏎“…”``, ``Jackson
    released a statement.⏎“…”``. The sentence's cue verb (or the verb of a cue noun)
    gives the source."""
    i = _end_of_line_before(doc, span, inside)
    if i is None:
        return None
    # The narrator's line before the quotation (its sentence may have been split at a
    # quotation inside it: "… through what's called “safe harbour” training:").
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
        src = source_token(verb)
        if src is None:
            continue
        mention, kind = mention_of(doc, src)
        if kind == "description":
            mention, kind = name_at_verb(doc, verb, inside, mention, kind)
        # "Williams agreed:" and "…, he said." (the same speaker goes on) are surer than
        # another reporting verb in the sentence before.
        sure = doc[i].text == ":" or (verb.lemma_.lower() == "say" and doc[i].text == ".")
        return Tag((tok.idx, tok.idx + len(tok.text)), mention, kind, "colon",
                   0.75 if sure else 0.65)
    if doc[i].text == ":" and i > lo:
        # "…, such as the outspoken Dr Lena Varga:⏎“…”": the name closing the line.
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


def colon_frame(doc: Doc, span: Span, inside: Sequence[bool]) -> Tag | None:
    """``Jeremy Lott, author: “…”`` -> the phrase before the colon is the source."""
    i = span.start - 1
    while i >= 0 and doc[i].is_punct and doc[i].text != ":" and doc[i].text in "\"“'‘`":
        i -= 1
    if i < 1 or doc[i].text != ":" or inside[i - 1]:
        return None
    sent_start = doc[i].sent.start
    colon = doc[i]
    if doc[i - 1].lower_ in _COLON_VERBS and i - 1 > sent_start:
        # "The league's travel policy states: “…”" (the verb tagged as a noun):
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
               strength(colon, "colon"))
