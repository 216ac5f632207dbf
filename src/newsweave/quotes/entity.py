"""An article's people and organisations, and where they are mentioned.

:class:`Entity` is one person, organisation or described source of an article;
:class:`EntityIndex` holds the article's entities and their mentions outside
quotations (built by :class:`newsweave.quotes.resolve.ArticleEntities`) with the
sentence arithmetic the resolvers share (narrator sentences: the lines of a long
quotation do not count) and the look-ups by position.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsweave.entities import clean_name, name_key
from newsweave.quotes.names import FEMALE_WORDS, MALE_WORDS, WORD, Gender, NameList

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["Entity", "EntityIndex"]

_PLURAL_NOUNS = frozenset("police people staff crew personnel authorities".split())


@dataclass
class Entity:
    """A person or organisation of one article (ids are stable: type and name key)."""

    name: str
    type: str
    key: str
    positions: list[int] = field(default_factory=list)
    votes: dict[str, int] = field(default_factory=lambda: {"m": 0, "f": 0})
    titles: set[str] = field(default_factory=set)
    """Role words written next to the name ("Police Commissioner X", "X, the comedian")."""
    head: str = ""
    """The head noun of a description ("source" of "a source with knowledge of ...")."""
    plural: bool = False
    """A described group ("the officers", "police"): never the referent of he/she."""

    @property
    def id(self) -> str:
        kind = {"PERSON": "person", "DESC": "description"}.get(self.type, "organisation")
        return f"{kind}:{self.key}"

    @property
    def gender(self) -> Gender:
        m, f = self.votes["m"], self.votes["f"]
        return "m" if m > f else "f" if f > m else None


class EntityIndex:
    """The entities of one article and their mentions (filled by the subclass)."""

    text: str
    doc: Doc
    inside: Sequence[bool]
    detector: NameList
    entities: list[Entity]
    mentions: list[tuple[int, Entity, bool]]
    """(position, entity, is-subject) for every mention outside quotations."""
    sents: list[Span]
    sent_starts: list[int]
    listeners: set[int]
    """Positions of mentions that are the listener of a speech act ("told NBC")."""
    positions: list[int]
    narr_cum: list[int]

    def _sent(self, pos: int) -> int:
        return bisect.bisect_right(self.sent_starts, pos) - 1

    def _narr(self, pos: int) -> int:
        """Index of ``pos``'s sentence among the narrator's sentences: the lines of a
        long quotation do not push its speaker out of reach of a later "he said"."""
        return self.narr_cum[max(0, self._sent(pos))]

    def narr_index(self, pos: int) -> int:
        """Index of ``pos``'s sentence among the narrator's sentences (public form)."""
        return self._narr(pos)

    def sentence_end(self, pos: int) -> int:
        """The character offset where ``pos``'s sentence ends."""
        k = max(0, self._sent(pos))
        return self.sents[k].end_char if k < len(self.sents) else len(self.text)

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity of a name mention at ``[start, end)`` (by position, else by name)."""
        i = bisect.bisect_left(self.positions, start)
        if i < len(self.mentions) and self.mentions[i][0] < end:
            return self.mentions[i][1]
        name = clean_name(self.text[start:end], "PERSON")
        key = name_key(name)
        for ent in reversed(self.entities):
            parts = ent.key.split(" ")
            if ent.key == key or (" " not in key and key in (parts[0], parts[-1])):
                return ent
        return None

    def describe(self, start: int, end: int) -> Entity:
        """A source the article only describes ("a police spokeswoman"), as an entity."""
        desc = " ".join(self.text[start:end].split())
        ent = Entity(desc, "DESC", name_key(desc))
        span = self.doc.char_span(start, end, alignment_mode="expand")
        root = span.root if span is not None and len(span) else None
        head = root.lower_ if root is not None else (WORD.findall(desc.casefold())[-1:] or [""])[0]
        if head in FEMALE_WORDS:
            ent.votes["f"] += 2
        elif head in MALE_WORDS:
            ent.votes["m"] += 2
        # Number agreement: "the officers", "police", "witnesses" are never "he"/"she".
        ent.head = head
        ent.plural = head in _PLURAL_NOUNS or (root is not None and root.tag_ in ("NNS", "NNPS"))
        return ent
