"""Who a speech tag names: :class:`SpeakerFinder` resolves a speaker phrase of one article.

The order of resolution (a named mention, a pronoun or role noun, a definite noun
phrase naming a known organisation, a run of capitalised words) and what never
becomes a speaker are described in :mod:`newsweave.quotes.attribute`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence

from newsweave.entities import ROLE_NOUNS, SpeakerResolver, clean_name, name_key
from newsweave.model import EntityMention
from newsweave.quotes import lexicon as lx

__all__ = ["SpeakerFinder"]

_WORD = re.compile(r"[\w’'.-]+")
_SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")
# Plural or generic people: never one speaker ("officials said", "two people familiar").
_PEOPLE = frozenset(
    """officials people sources experts analysts residents witnesses lawyers traders
    critics scientists investigators volunteers retailers economists observers
    officers members workers families parents speakers customers owners councillors
    lawmakers authorities diplomats others""".split()
)
_COMPANY = frozenset("company firm group business maker manufacturer utility".split())
# Document nouns: the source is their modifier ("agency records" -> the agency).
_DOCUMENTS = frozenset(
    """records figures statement statements report reports data documents filing
    transcript summary estimates count tally""".split()
)

class SpeakerFinder:
    """Resolves speaker phrases of one article against its entity mentions."""

    def __init__(self, text: str, masked: str, mentions: Sequence[EntityMention]) -> None:
        self.text = text
        self.masked = masked
        # Mentions inside quotations do not speak and are not "in focus".
        self.mentions = [
            m for m in mentions if m.type in _SPEAKER_TYPES and masked[m.start] != "#"
        ]
        self.starts = [m.start for m in self.mentions]
        # A name is a person when most of its mentions are, or when it is the first or
        # last word of a multi-word person name ("Fenwick" after "Lucia Fenwick").
        types: dict[str, Counter[str]] = {}
        for m in self.mentions:
            types.setdefault(name_key(clean_name(m.text, m.type)), Counter())[m.type] += 1
        self.person_keys = {k for k, c in types.items() if c["PERSON"] * 2 >= sum(c.values())}
        for k in list(self.person_keys):
            parts = k.split(" ")
            if len(parts) > 1:
                self.person_keys.update((parts[0], parts[-1]))
        from newsweave.entities import resolve_entities  # local: avoids an import cycle

        self.resolver = SpeakerResolver(resolve_entities({"_": self.mentions}))
        # The organisation last named as a speaker: "the company said" refers to it.
        self.last_org: EntityMention | None = None

    def is_person(self, m: EntityMention) -> bool:
        return m.type == "PERSON" or name_key(clean_name(m.text, m.type)) in self.person_keys

    def name(self, m: EntityMention) -> str:
        return self.resolver.canonical(m.text)

    def in_range(self, lo: int, hi: int) -> list[EntityMention]:
        i = bisect.bisect_left(self.starts, lo)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < hi:
            if self.mentions[i].end <= hi:
                out.append(self.mentions[i])
            i += 1
        return out

    def last_before(self, pos: int, person: bool) -> EntityMention | None:
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.end <= pos and self.is_person(m) == person:
                return m
            i -= 1
        return None

    def _result(self, m: EntityMention | None) -> tuple[str | None, tuple[int, int] | None]:
        if m is None:
            return None, None
        if not self.is_person(m):
            self.last_org = m
        return self.name(m), (m.start, m.end)

    def _after_role(self, m: EntityMention, lo: int) -> bool:
        """"chief executive Jonas Whitcombe": a role noun right before makes a person."""
        prev = re.search(r"(\w+)\s+$", self.text[lo:m.start])
        return prev is not None and prev.group(1).casefold() in ROLE_NOUNS

    def phrase(
        self, lo: int, hi: int, *, last: bool = False, source: bool = False,
        first_person: bool = False,
    ) -> tuple[str | None, tuple[int, int] | None]:
        """The speaker named by the phrase ``text[lo:hi]`` (see the module docstring).

        Of several persons the one nearest the verb is taken ("Varanza sporting director
        Ruben Salgado"), or the first with ``first_person`` (a whole clause: "X met Y and
        said"). ``last`` prefers the name nearest the end for any type; ``source`` marks
        an "according to" phrase, where a name may sit anywhere.
        """
        while lo < hi and not self.masked[lo].isalnum():
            lo += 1
        while hi > lo and not self.masked[hi - 1].isalnum():
            hi -= 1
        if lo >= hi:
            return None, None
        found = self.in_range(lo, hi)
        persons = [m for m in found if self.is_person(m) or self._after_role(m, lo)]
        if persons:
            return self._result(persons[0] if first_person or source else persons[-1])
        # Organisations speak as the head of the phrase ("The relief group Open Hands
        # International said"), not from inside it ("Scientists studying ... Velmora").
        heads = found if source or last else [
            m for m in found if not re.search(r"[A-Z]", self.text[lo + 1:m.start])
        ]
        if heads:
            return self._result(heads[-1] if last else heads[0])
        words = _WORD.findall(self.text[lo:hi])
        lower = [w.casefold() for w in words]
        if not words or lower[-1] in _PEOPLE or (len(words) > 1 and lower[-2] in _PEOPLE):
            return None, None
        if len(words) == 1 and lower[0] in lx.PERSON_PRONOUNS:
            # The span is the pronoun itself: the caller resolves it with gender agreement.
            return self._result(self.last_before(lo, person=True))[0], (lo, hi)
        if (len(words) == 1 and lower[0] == "it") or (
            lower[0] == "the" and len(words) == 2 and lower[1] in _COMPANY
        ):
            return self._result(self.last_org or self.last_before(lo, person=False))
        if lower[0] == "the" and len(words) == 2 and lower[1] in lx.ANAPHOR_NOUNS:
            return self._result(self.last_before(lo, person=True))
        if source or (len(words) <= 4 and lower[0] in {"the", "its", "their"}):
            org = self._by_word(lower, lo)
            if org is not None:
                return self._result(org)
        if (all(w[:1].isupper() for w in words) and len(words) <= 4
                and words[0] not in lx.NOT_NAMES
                and not (len(words) == 1 and lower[0].endswith("s"))):
            return " ".join(words), (lo, hi)
        return None, None

    def _by_word(self, lower: list[str], pos: int) -> EntityMention | None:
        """The last organisation whose name holds the phrase's head (or its modifier when
        the head is a document noun: "agency records", "port figures")."""
        content = [w for w in lower if w not in lx.DETERMINERS and w not in lx.PREPOSITIONS
                   and len(w) > 2]
        while content and content[-1] in _DOCUMENTS:
            content.pop()
        if not content:
            return None
        head = content[-1].strip("’'s")
        candidates = [m for m in self.mentions if not self.is_person(m)]
        before = [m for m in candidates if m.end <= pos]
        for pool in (reversed(before), iter(candidates)):
            for m in pool:
                if head in {w.casefold().strip("’'s") for w in m.text.split()}:
                    return m
        return None
