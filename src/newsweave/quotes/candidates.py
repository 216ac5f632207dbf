"""Name mentions the recogniser missed or split, added before resolution: a proper
noun that is the subject of a speech verb, ``Given "Nickname" Surname``; and the
article's tokens by offset, read from the doc's arrays."""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsweave.entities import TITLE_WORDS
from newsweave.model import EntityMention
from newsweave.quotes.cues import CUE_VERBS
from newsweave.quotes.names import NameList

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["TokensAt", "nickname_joined", "unrecognised_speakers"]

_NICKNAMED = re.compile(
    r"\b([A-Z][a-z]+)\s+[\"“][A-Z][^\"“”\n]{0,30}[\"”]\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")


class TokensAt:
    """Tokens by character offset, and the untyped proper nouns, read from the doc's
    arrays (building every Token object of a long article is what costs)."""

    def __init__(self, doc: Doc) -> None:
        propn = importlib.import_module("spacy.symbols").PROPN  # compiled, no stubs
        self.doc = doc
        arr = doc.to_array(["IDX", "POS", "ENT_TYPE"]).tolist()
        self.index = {row[0]: i for i, row in enumerate(arr)}
        self.propn = [i for i, row in enumerate(arr) if row[1] == propn and row[2] == 0]

    def get(self, char: int) -> Token | None:
        i = self.index.get(char)
        return None if i is None else self.doc[i]

    def untyped_proper_nouns(self) -> list[Token]:
        return [self.doc[i] for i in self.propn]


def unrecognised_speakers(
    tok_at: TokensAt, inside: Sequence[bool], mentions: Sequence[EntityMention]
) -> list[EntityMention]:
    """Proper nouns the recogniser missed that are the subject of a speech verb ("…
    31-year-old Okonjo said she had driven …"): people, so that a later "she said" can
    find them."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    out: list[EntityMention] = []
    doc = tok_at.doc
    for tok in tok_at.untyped_proper_nouns():
        if tok.dep_ != "nsubj" or inside[tok.i] \
                or tok.idx in taken or tok.head.lemma_.lower() not in CUE_VERBS \
                or not tok.text[:1].isupper() or tok.lower_.strip(".") in TITLE_WORDS:
            continue
        first = tok
        while first.i > 0 and doc[first.i - 1].pos_ == "PROPN" and \
                doc[first.i - 1].dep_ == "compound" and not doc[first.i - 1].ent_type_:
            first = doc[first.i - 1]
        if first.i > 0 and doc[first.i - 1].lower_ in ("the", "a", "an", "this", "that"):
            continue  # "the District Attorney said": a description, not a name
        end = tok.idx + len(tok.text)
        out.append(EntityMention("", first.idx, end, doc[first.i:tok.i + 1].text, "PERSON"))
    return out


def nickname_joined(
    text: str, found: list[EntityMention], detector: NameList
) -> list[EntityMention]:
    """``Vincent "The Chin" Gigante``: a given name, a quoted nickname and a surname are
    one person's name (the news convention for nicknames), whatever the recogniser made
    of the pieces (it often takes the nickname for a title)."""
    joined: list[EntityMention] = []
    for m in _NICKNAMED.finditer(text):
        if detector.guess(m.group(1)) is not None:
            joined.append(EntityMention("", m.start(), m.end(),
                                        f"{m.group(1)} {m.group(2)}", "PERSON"))
    if not joined:
        return found
    kept = [f for f in found if not any(f.start < j.end and j.start < f.end for j in joined)]
    return sorted([*kept, *joined], key=lambda m: m.start)
