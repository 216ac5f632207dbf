"""Described sources: ``the commissioner``, ``the actress``, ``the company``, ``the statement``.

:meth:`DescriptionResolver.resolve_description` names the entity a definite
description stands for: a person whose title or appositive has the description's
head noun, a generic person noun like a pronoun of its gender, an organisation
noun or a document noun to the organisation last named (or that owns it).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from newsweave.quotes.entity import Entity
from newsweave.quotes.names import (
    DOCUMENT_NOUNS,
    FEMALE_WORDS,
    KIN_NOUNS,
    MALE_WORDS,
    ORG_NOUNS,
    PERSON_ROLES,
    WORD,
    Gender,
)
from newsweave.quotes.pronouns import PronounResolver

__all__ = ["DescriptionResolver"]

_NEWS_NOUNS = frozenset("daily paper newspaper tabloid weekly broadsheet".split())
_AGE = re.compile(r"\d+-year-old")
_OWNED = re.compile(r"(?:['’]s)?\s+(\w+)")
_GENERIC_ORGS = frozenset("company firm group daily paper newspaper".split())


class DescriptionResolver(PronounResolver):
    """Description resolution over an :class:`~newsweave.quotes.entity.EntityIndex`."""

    def resolve_description(
        self, start: int, end: int, recent: Sequence[tuple[int, Entity]]
    ) -> tuple[Entity | None, float]:
        """A definite description -> the named entity it stands for: a person whose
        title or appositive has the description's head noun (``the commissioner`` ->
        ``Police Commissioner Charles Ramsey``), a generic person noun (``the
        actress``) like a pronoun of its gender, an organisation noun (``the
        company``) to the organisation last named."""
        words = [w.casefold() for w in WORD.findall(self.text[start:end])]
        if len(words) == 2 and words[0] in ("a", "an") and words[1] in DOCUMENT_NOUNS:
            # "“…,” a statement reads" after "A Nordmark representative confirmed …"
            return self._recent_org(start, 2)
        if len(words) < 2 or words[0] not in ("the", "this"):
            return None, 0.0
        head = words[-1].rstrip("'’s") if words[-1].endswith(("'s", "’s")) else words[-1]
        span = self.doc.char_span(start, end, alignment_mode="expand")
        root = span.root.lower_ if span is not None and len(span) else head
        for p, ent in reversed(recent):
            # "the source said" after "a source with knowledge of ... said": the
            # description that introduced the source (an anaphor, not a new source).
            if p < start and ent.type == "DESC" and ent.head == root:
                return ent, 0.8
        people = [e for e in self.entities if e.type == "PERSON" and head in e.titles]
        if people:
            before = [e for e in people if e.positions and e.positions[0] < start]
            pick = max(before, key=lambda e: max(p for p in e.positions if p < start)) \
                if before else min(people, key=lambda e: e.positions[0])
            return pick, 0.8 if len(people) == 1 else 0.65
        if head in DOCUMENT_NOUNS:  # "the statement said": the organisation last named
            return self._describe_document(head, start)
        if head in ORG_NOUNS:
            return self._describe_org(head, start)
        return self._describe_role(head, words, start, recent)

    def _describe_role(
        self, head: str, words: list[str], start: int, recent: Sequence[tuple[int, Entity]]
    ) -> tuple[Entity | None, float]:
        """``the actress`` like a pronoun of its gender (a person noun, kin, an age)."""
        possessive = any(w.endswith(("'s", "’s")) for w in words[:-1])
        if (head in PERSON_ROLES or (head in KIN_NOUNS and not possessive)
                or _AGE.fullmatch(head)) and len(words) <= 3:
            # "the actress", "the young widow", "the 29-year-old" (not "the victim's
            # mother": a new person)
            gender: Gender = "f" if head in FEMALE_WORDS else "m" if head in MALE_WORDS else None
            pron = "she" if gender == "f" else "he" if gender == "m" else "they"
            found, conf = self.resolve_pronoun(start, pron, recent)
            if found is not None and found.type == "PERSON":
                return found, conf * 0.9
        return None, 0.0

    def _describe_document(self, head: str, start: int) -> tuple[Entity | None, float]:
        """``the statement said``: the organisation that owns it or was last named."""
        owner = self._owner_of(head, start)  # "The NCAA report says …, the report said"
        if owner is not None:
            return owner, 0.7
        i = bisect.bisect_left(self.positions, start) - 1
        while i >= 0:
            p, ent, _ = self.mentions[i]
            if self._narr(start) - self._narr(p) > 4:
                break
            if ent.type == "ORG" and p not in self.listeners:
                return ent, 0.6
            i -= 1
        return self._recent_org(start, 2)

    def _describe_org(self, head: str, start: int) -> tuple[Entity | None, float]:
        """``the company`` -> the organisation last named with that noun."""
        # "Centre-right daily Nordposten warned …" then "the paper said": the name
        # written with that role word (whatever type the recogniser gave it).
        titled = [e for e in self.entities if e.type != "PERSON" and (
            head in e.titles or (head in _NEWS_NOUNS and e.titles & _NEWS_NOUNS))
            and any(p < start for p in e.positions)]
        if titled:
            return max(titled, key=lambda e: max(p for p in e.positions if p < start)), 0.75
        i = bisect.bisect_left(self.positions, start) - 1
        while i >= 0:
            p, ent, _ = self.mentions[i]
            if self._narr(start) - self._narr(p) > 4:
                break
            if ent.type == "ORG" and p not in self.listeners and (
                    head in ent.key.split() or head in _GENERIC_ORGS):
                return ent, 0.7
            i -= 1
        if head in _GENERIC_ORGS:
            return self._salient_org(start)
        return None, 0.0

    def _owner_of(self, noun: str, pos: int) -> Entity | None:
        """The organisation last written as the owner of ``noun`` before ``pos``
        ("The NCAA report", "Nordmark's statement")."""
        best: tuple[int, Entity] | None = None
        for ent in self.entities:
            if ent.type != "ORG":
                continue
            for p in ent.positions:
                if p >= pos or (best is not None and p <= best[0]):
                    continue
                m = _OWNED.match(self.text, p + len(ent.name) if self.text.startswith(
                    ent.name, p) else self.text.find(" ", p))
                if m is not None and m.group(1).casefold() == noun:
                    best = (p, ent)
        return best[1] if best is not None else None

    def _recent_org(self, pos: int, within: int) -> tuple[Entity | None, float]:
        """The organisation written last before ``pos``, within ``within`` narrator
        sentences, counting names used as modifiers ("A Nordmark representative")."""
        best: tuple[int, Entity] | None = None
        for ent in self.entities:
            if ent.type != "ORG":
                continue
            for p in ent.positions:
                if p < pos and p not in self.listeners and (best is None or p > best[0]) \
                        and self._narr(pos) - self._narr(p) <= within:
                    best = (p, ent)
        return (best[1], 0.55) if best is not None else (None, 0.0)

    def _salient_org(self, pos: int) -> tuple[Entity | None, float]:
        """"the company said" with no organisation named lately: the organisation the
        article has named most so far (first named on a tie), never one that was only
        a listener ("told NBC Philadelphia")."""
        best: tuple[int, int, Entity] | None = None
        for ent in self.entities:
            before = [p for p in ent.positions if p < pos]
            if ent.type != "ORG" or not before or all(p in self.listeners for p in before):
                continue
            cand = (len(before), -before[0], ent)
            if best is None or cand[:2] > best[:2]:
                best = cand
        return (best[2], 0.5) if best is not None else (None, 0.0)
