"""Who a source mention is: names, pronouns and descriptions resolved within one article.

:class:`ArticleEntities` builds the article's people and organisations from its NER
mentions outside quotations: a short name joins the most recent full name it
starts or ends (``Williams`` -> ``Jumaane Williams`` when he is the Williams last
named, even if another Williams came earlier); titles and possessives are stripped.
Each person gets a grammatical gender when the article or the name tells it: a
title (``Mr``, ``Mrs``), a gendered role noun next to the name (``actress``,
``sister of``), the pronouns of sentences where that person is the only one named,
else the first name's gender from the ``gender-guesser`` name list.

:meth:`ArticleEntities.resolve_pronoun` follows centering/attribution practice: the
candidates are people named (outside quotations) in the pronoun's sentence and the
three before it, and the speakers of recent quotations; a candidate of the other
gender is excluded; the speaker of the previous quotation, then a grammatical
subject, then the most recent mention is preferred. The confidence is the score
margin over the runner-up; no candidate gives no speaker.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsweave.entities import TITLE_WORDS, clean_name, name_key
from newsweave.model import EntityMention
from newsweave.quotes.candidates import TokensAt, nickname_joined, unrecognised_speakers
from newsweave.quotes.cues import CUE_VERBS
from newsweave.quotes.namematch import acronym_of, same_person
from newsweave.quotes.names import (
    DOCUMENT_NOUNS,
    FEMALE_WORDS,
    KIN_NOUNS,
    MALE_WORDS,
    ORG_NAME_WORDS,
    ORG_NOUNS,
    PERSON_ROLES,
    WORD,
    Gender,
    NameList,
    first_name_gender,
    name_list,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["ArticleEntities", "Entity", "name_list"]

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


_NEWS_NOUNS = frozenset("daily paper newspaper tabloid weekly broadsheet".split())
_AGE = re.compile(r"\d+-year-old")
_AGE_BEFORE = re.compile(r"\b\d{1,3}-year-old\s+$")
_AGE_AFTER = re.compile(r",\s*\d{1,3}\s*,")
_OWNED = re.compile(r"(?:['’]s)?\s+(\w+)")
_GENERIC_ORGS = frozenset("company firm group daily paper newspaper".split())
LISTENER_VERBS = frozenset(
    "tell inform notify brief assure reassure warn ask thank urge advise remind".split())
_PLURAL_NOUNS = frozenset("police people staff crew personnel authorities".split())
_NAME_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss"})


class ArticleEntities:
    """People and organisations of one article and the resolution of source mentions."""

    def __init__(
        self, text: str, mentions: Sequence[EntityMention], inside: Sequence[bool],
        doc: Doc, detector: NameList | None = None,
    ) -> None:
        self.text = text
        self.doc = doc
        self.inside = inside
        self.detector = detector or name_list()
        self.entities: list[Entity] = []
        # (position, entity, is-subject) for every mention outside quotations.
        self.mentions: list[tuple[int, Entity, bool]] = []
        self.sents = list(doc.sents)
        self.sent_starts = [s.start_char for s in self.sents]
        by_key: dict[str, Entity] = {}
        # Positions of mentions that are the listener of a speech act ("told NBC").
        self.listeners: set[int] = set()
        tok_at = TokensAt(doc)
        found = nickname_joined(
            text, [*mentions, *unrecognised_speakers(tok_at, inside, mentions)], self.detector)
        for m in sorted(found, key=lambda m: m.start):
            if m.type not in ("PERSON", "ORG", "GPE", "NORP", "FAC"):
                continue
            titled = m.text.split(" ", 1)[0].strip(".").casefold() in TITLE_WORDS
            # Ages are for people: "25-year-old Guzel" (tagged ORG), "Hiller, 43,".
            aged = bool(_AGE_BEFORE.search(text, max(0, m.start - 20), m.start)) or \
                bool(_AGE_AFTER.match(text, m.end))
            type_ = "PERSON" if titled or aged or self._first_name(m.text) else m.type
            if type_ == "PERSON" and ORG_NAME_WORDS & {w.casefold() for w in m.text.split()}:
                type_ = "ORG"  # "Russian Network RT" tagged PERSON: no person is a network
            tok0 = tok_at.get(m.start)
            if type_ == "PERSON" and " " not in m.text and tok0 is not None and \
                    tok0.tag_ == "NNPS":
                type_ = "NORP"  # "Greeks", "Democrats": a group, never one person
            name = clean_name(m.text, "PERSON" if type_ == "PERSON" else m.type)
            if not name:
                continue
            ent = self._link(name, type_, by_key)
            ent.positions.append(m.start)
            tok = tok_at.get(m.start)
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            head = span.root if span is not None and len(span) else tok
            modifier = head is not None and head.dep_ == "compound" and \
                head.head.pos_ == "NOUN"  # "Oscar producer Laurence Mark": not a speaker
            # Organisations speak through their documents: "A statement from Waitrose said".
            walk = ("compound", "flat", "appos") if type_ == "PERSON" else (
                "compound", "flat", "appos", "pobj", "prep")
            while head is not None and head.dep_ in walk and head.head.i != head.i:
                head = head.head
            subject = head is not None and head.dep_ in ("nsubj", "nsubjpass")
            if head is not None and _listener(head):
                self.listeners.add(m.start)
            if not _inside_span(inside, doc, m.start) and not modifier:
                self.mentions.append((m.start, ent, subject))
            self._vote_context(ent, m)
        for ent in self.entities:
            if ent.type == "PERSON":
                g = first_name_gender(ent.name, self.detector)
                if g is not None:
                    ent.votes[g] += 3
        self._surname_mentions(tok_at, {i for m in found for i in range(m.start, m.end)})
        self._vote_pronouns()
        self.positions = [p for p, _, _ in self.mentions]
        self.narr_cum: list[int] = []
        count = 0
        for sent in doc.sents:
            count += any(not inside[t.i] and not t.is_punct and not t.is_space for t in sent)
            self.narr_cum.append(count)

    def _surname_mentions(self, tok_at: TokensAt, taken: set[int]) -> None:
        """A surname alone that the recogniser left untyped (``Page avoided the camera``)
        is a mention of the one person of the article with that surname (string-match
        coreference: one sense per discourse), so that a later ``she said`` finds her."""
        surnames: dict[str, list[Entity]] = {}
        for ent in self.entities:
            parts = ent.key.split(" ")
            if ent.type == "PERSON" and len(parts) > 1:
                surnames.setdefault(parts[-1], []).append(ent)
        added = False
        for tok in tok_at.untyped_proper_nouns():
            if tok.idx in taken or \
                    self.inside[tok.i] or tok.dep_ not in _NAME_ROLES or \
                    not tok.text[:1].isupper():
                continue
            if tok.i > 0 and self.doc[tok.i - 1].pos_ in ("PROPN", "DET"):
                continue  # part of a longer name or a description
            people = surnames.get(name_key(tok.text), [])
            if len(people) != 1:
                continue
            self.mentions.append((tok.idx, people[0], tok.dep_ in ("nsubj", "nsubjpass")))
            people[0].positions.append(tok.idx)
            added = True
        if added:
            self.mentions.sort(key=lambda m: m[0])
            for ent in self.entities:
                ent.positions.sort()

    def _first_name(self, text: str) -> bool:
        """``Angela Merkel`` typed ORG by the recogniser: a known first name says person."""
        words = text.split()
        return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and \
            self.detector.guess(words[0]) is not None

    def _link(self, name: str, type_: str, by_key: dict[str, Entity]) -> Entity:
        key = name_key(name)
        found = by_key.get(key)
        tokens = key.split(" ")
        if found is None and len(tokens) == 1:
            # A surname or first name: the most recent full name it ends or starts.
            for ent in reversed(self.entities):
                parts = ent.key.split(" ")
                if len(parts) > 1 and key in (parts[0], parts[-1]) and (
                        ent.type == "PERSON" or type_ == "PERSON"):
                    found = ent
                    break
        if found is None and len(tokens) > 1:
            single = by_key.get(tokens[-1])
            if single is not None and single.type == "PERSON" and " " not in single.key:
                found = single
                found.name, found.key = name, key
        if found is None and type_ != "PERSON":
            # "LAPD" = "Los Angeles Police Department", in either order.
            found = next((e for e in reversed(self.entities) if e.type != "PERSON"
                          and acronym_of(name, e.name)), None)
        if found is None and len(tokens) > 1 and type_ == "PERSON":
            # "Fred LaRue" = "Frederick C. LaRue", "W. Mark Felt" = "William Mark Felt".
            found = next((e for e in reversed(self.entities) if e.type == "PERSON"
                          and same_person(tokens, e.key.split(" "))), None)
        if found is None:
            found = Entity(name, type_, key)
            self.entities.append(found)
        elif (len(name.split()), len(name)) > (len(found.name.split()), len(found.name)):
            found.name, found.key = name, key  # the fullest form names the person
        if type_ == "PERSON":
            found.type = "PERSON"
        by_key[key] = found
        return found

    def _vote_context(self, ent: Entity, m: EntityMention) -> None:
        after = self.text[m.end:m.end + 70]
        role_words = self._lead_words(m.start)
        app = re.match(r",\s+(?:the|a|an|his|her|its)\s+([^,.;:()\n]{0,60})", after)
        if app:
            role_words += [w.casefold() for w in WORD.findall(app.group(1))]
        for w in role_words:
            if w in FEMALE_WORDS - {"her", "hers", "she", "herself"}:
                ent.votes["f"] += 2
            elif w in MALE_WORDS - {"he", "him", "his", "himself"}:
                ent.votes["m"] += 2
            if len(w) > 2 and w not in ("the", "and", "former", "who"):
                ent.titles.add(w)

    def _lead_words(self, start: int) -> list[str]:
        """The role words right before a name: "Police Commissioner X", "the actress's
        rep X", "His sister, X" (a role in apposition); not the verbs or other words
        of the narration before it ("the source said, and Stefanski")."""
        span = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None or not len(span):
            return []
        i = span[0].i - 1
        if i >= 0 and self.doc[i].text == ",":
            i -= 1
        out: list[str] = []
        while i >= 0 and len(out) < 3:
            t = self.doc[i]
            if t.pos_ not in ("NOUN", "PROPN", "ADJ") and not (
                    t.pos_ in ("DET", "PRON") and t.dep_ in ("det", "poss")):
                break
            out.append(t.lower_.strip("."))
            i -= 1
        return out

    def _vote_pronouns(self) -> None:
        """The first gendered pronoun after the only person a sentence names votes (one
        before the name is someone else's: "His sister, Mahnefah Gray, said")."""
        by_sent: dict[int, dict[int, int]] = {}
        for pos, ent, _ in self.mentions:
            if ent.type == "PERSON":
                by_sent.setdefault(self._sent(pos), {}).setdefault(id(ent), pos)
        ids = {id(e): e for e in self.entities}
        for sent in self.doc.sents:
            people = by_sent.get(self._sent(sent.start_char), {})
            if len(people) != 1:
                continue
            key, first = next(iter(people.items()))
            ent = ids[key]
            for t in sent:
                if t.idx < first:
                    continue
                if t.lower_ in ("he", "him", "his", "himself"):
                    ent.votes["m"] += 1
                    break
                if t.lower_ in ("she", "her", "hers", "herself"):
                    ent.votes["f"] += 1
                    break

    def _sent(self, pos: int) -> int:
        return bisect.bisect_right(self.sent_starts, pos) - 1

    def _narr(self, pos: int) -> int:
        """Index of ``pos``'s sentence among the narrator's sentences: the lines of a
        long quotation do not push its speaker out of reach of a later "he said"."""
        return self.narr_cum[max(0, self._sent(pos))]

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

    def _chain(
        self, pos: int, pronoun: str, recent: Sequence[tuple[int, Entity]], depth: int
    ) -> tuple[Entity | None, float] | None:
        """Centering's "continue": when the previous sentence names nobody and its subject
        is the same pronoun, this pronoun means what that one meant."""
        here = self._sent(pos)
        if here == 0 or depth >= 3 or pronoun not in ("he", "she"):
            return None
        prev = self.sents[here - 1] if here - 1 < len(self.sents) else None
        if prev is None:
            return None
        i = bisect.bisect_left(self.positions, pos) - 1
        if i >= 0 and self._sent(self.positions[i]) >= here - 1:
            return None  # someone is named in the previous sentence or this one
        for t in prev:
            if t.dep_ == "nsubj" and t.lower_ == pronoun:
                ent, conf = self.resolve_pronoun(t.idx, pronoun, recent, depth + 1)
                return (ent, conf * 0.95) if ent is not None else None
        return None

    def resolve_pronoun(
        self, pos: int, pronoun: str, recent: Sequence[tuple[int, Entity]], depth: int = 0
    ) -> tuple[Entity | None, float]:
        """The person ``he``/``she`` at ``pos`` refers to (see the module docstring).

        ``recent`` are ``(position, entity)`` of earlier quotations' speakers (named or
        described).
        """
        gender: Gender = "m" if pronoun in ("he", "him") else "f" if pronoun in (
            "she", "her") else None
        here = self._narr(pos)
        chained = self._chain(pos, pronoun, recent, depth)
        if chained is not None:
            return chained
        scores: dict[int, tuple[float, Entity]] = {}

        def offer(ent: Entity, score: float) -> None:
            if ent.type not in ("PERSON", "DESC") or (ent.plural and gender is not None):
                return
            g = ent.gender
            if gender is not None and g is not None and g != gender:
                return
            if g is None:
                score -= 0.2 if ent.type == "PERSON" else 0.6
            old = scores.get(id(ent))
            scores[id(ent)] = (score + (old[0] if old else 0.0) * 0.25, ent) if old is None \
                or score > old[0] else (old[0] + score * 0.25, ent)

        i = bisect.bisect_left(self.positions, pos) - 1
        while i >= 0:
            p, ent, subject = self.mentions[i]
            back = here - self._narr(p)
            if back > 3:
                break
            offer(ent, (1.5 if subject else 0.5) - 0.6 * back)
            i -= 1
        for rank, (p, ent) in enumerate(reversed([r for r in recent if r[0] < pos])):
            back = here - self._narr(p)
            if back > 4:
                break
            offer(ent, (1.2 if rank == 0 else 0.6) - 0.3 * back)
        if not scores:
            found = self._subject_description(pos, recent)
            return found if found[0] is not None else self._protagonist(pos, gender)
        ranked = sorted(scores.values(), key=lambda t: -t[0])
        best = ranked[0]
        margin = best[0] - ranked[1][0] if len(ranked) > 1 else 2.0
        return best[1], min(1.0, 0.55 + 0.25 * margin)

    def _protagonist(self, pos: int, gender: Gender) -> tuple[Entity | None, float]:
        """Nobody of that gender named lately: the article's most mentioned person of
        that gender so far (the story's subject stays salient over long quotations)."""
        if gender is None:
            return None, 0.0
        counts: dict[int, tuple[int, Entity]] = {}
        for p, ent, _ in self.mentions:
            if p >= pos:
                break
            if ent.type == "PERSON" and ent.gender == gender:
                counts[id(ent)] = (counts.get(id(ent), (0, ent))[0] + 1, ent)
        if not counts:
            return None, 0.0
        ranked = sorted(counts.values(), key=lambda t: -t[0])
        if len(ranked) > 1 and ranked[1][0] * 2 > ranked[0][0]:
            return None, 0.0  # no clear protagonist
        return ranked[0][1], 0.5

    def _subject_description(
        self, pos: int, recent: Sequence[tuple[int, Entity]]
    ) -> tuple[Entity | None, float]:
        """"The Greek prime minister has denounced what he called …": with nobody named
        before, the pronoun stands for its sentence's described subject."""
        span = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is None or not len(span):
            return None, 0.0
        sent = span[0].sent
        for t in sent:
            if t.idx >= pos:
                break
            if t.dep_ == "nsubj" and t.pos_ == "NOUN":
                lo = t.left_edge.idx
                ent, conf = self.resolve_description(lo, t.idx + len(t.text), ())
                if ent is not None:
                    return ent, conf * 0.9
        return None, 0.0

    def resolve_group(
        self, pos: int, recent: Sequence[tuple[int, Entity]], pronoun: str = "they"
    ) -> tuple[Entity | None, float]:
        """``it``/``they``: the organisation or group that spoke last, else the
        organisation last named as a subject (within two sentences). ``it`` never
        stands for a described person ("a police spokeswoman")."""
        here = self._narr(pos)
        for p, ent in reversed([r for r in recent if r[0] < pos]):
            if here - self._narr(p) > 3:
                break
            if ent.type == "DESC" and pronoun == "it":
                head = WORD.findall(ent.name.casefold())[-1:] or [""]
                if head[0] not in ORG_NOUNS | DOCUMENT_NOUNS:
                    continue
            if ent.type != "PERSON":
                return ent, 0.7
        i = bisect.bisect_left(self.positions, pos) - 1
        while i >= 0:
            p, ent, subject = self.mentions[i]
            if here - self._narr(p) > 2:
                break
            if ent.type == "ORG" and subject:
                return ent, 0.6
            i -= 1
        return self._plural_subject(pos) if pronoun == "they" else (None, 0.0)

    def _plural_subject(self, pos: int) -> tuple[Entity | None, float]:
        """``they`` after a narrator sentence whose subject is a plural noun phrase: "The
        protesters, however, struggle …⏎“…,” they chanted": that group, described."""
        here = self._sent(pos)
        for k in range(here - 1, max(-1, here - 3), -1):  # an earlier sentence
            sent = self.sents[k]
            for t in sent:
                if t.idx >= pos:
                    break
                if t.dep_ == "nsubj" and t.tag_ == "NNS" and not self.inside[t.i] and \
                        t.head.dep_ == "ROOT":
                    return self.describe(t.left_edge.idx, t.idx + len(t.text)), 0.55
        return None, 0.0

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
            # "“…,” a statement reads" after "A Kraft representative confirmed …"
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
        # "Centre-left daily Eleftherotypia warned …" then "the paper said": the name
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
        ("The NCAA report", "Kraft's statement")."""
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
        sentences, counting names used as modifiers ("A Kraft representative")."""
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


def _listener(head: Token) -> bool:
    """The addressee of a speech act: the object of "tell"-type verbs ("told NBC"),
    "said to X", "in an interview with X"."""
    gov = head.head
    if head.dep_ in ("dobj", "dative") and gov.lemma_.lower() in LISTENER_VERBS:
        return True
    if head.dep_ == "pobj" and gov.lower_ in ("to", "with"):
        verb = gov.head
        return verb.lemma_.lower() in CUE_VERBS or verb.lemma_.lower() in ("interview", "talk")
    return False


def _inside_span(inside: Sequence[bool], doc: Doc, char: int) -> bool:
    tok = doc.char_span(char, char + 1, alignment_mode="expand")
    return tok is not None and len(tok) > 0 and bool(inside[tok[0].i])
