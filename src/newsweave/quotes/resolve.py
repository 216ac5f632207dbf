"""Who a source mention is: names, pronouns and descriptions resolved within one article.

:class:`ArticleEntities` builds the article's people and organisations from its NER
mentions outside quotations: a short name joins the most recent full name it
starts or ends (``Williams`` -> ``Jumaane Williams`` when he is the Williams last
named, even if another Williams came earlier); titles and possessives are stripped.
Each person gets a grammatical gender when the article or the name tells it: a
title (``Mr``, ``Mrs``), a gendered role noun next to the name (``actress``,
``sister of``), the pronouns of sentences where that person is the only one named,
else the first name's gender from the ``gender-guesser`` name list.

Sources are resolved by the parent classes: pronouns in
:mod:`newsweave.quotes.pronouns`, descriptions in :mod:`newsweave.quotes.descriptions`;
:class:`~newsweave.quotes.entity.Entity` and the position look-ups are in
:mod:`newsweave.quotes.entity`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsweave.entities import TITLE_WORDS, clean_name, name_key
from newsweave.model import EntityMention
from newsweave.quotes.candidates import TokensAt, nickname_joined, unrecognised_speakers
from newsweave.quotes.cues import CUE_VERBS
from newsweave.quotes.descriptions import DescriptionResolver
from newsweave.quotes.entity import Entity
from newsweave.quotes.namematch import acronym_of, same_person
from newsweave.quotes.names import (
    FEMALE_WORDS,
    MALE_WORDS,
    OCCUPATIONS,
    ORG_NAME_WORDS,
    WORD,
    NameList,
    first_name_gender,
    name_list,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["ArticleEntities", "Entity", "name_list"]

_AGE_BEFORE = re.compile(r"\b\d{1,3}-year-old\s+$")
_AGE_AFTER = re.compile(r",\s*\d{1,3}\s*,")
LISTENER_VERBS = frozenset(
    "tell inform notify brief assure reassure warn ask thank urge advise remind".split())
_NAME_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss"})


class ArticleEntities(DescriptionResolver):
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
            # Ages are for people: "31-year-old Okonjo" (tagged ORG), "Hiller, 43,".
            aged = bool(_AGE_BEFORE.search(text, max(0, m.start - 20), m.start)) or \
                bool(_AGE_AFTER.match(text, m.end))
            type_ = "PERSON" if titled or aged or self._first_name(m.text) else m.type
            if type_ == "PERSON" and ORG_NAME_WORDS & {w.casefold() for w in m.text.split()}:
                type_ = "ORG"  # "Russian Network RT" tagged PERSON: no person is a network
            # "Greeks", "The Democrats": a group, never one person (the plural proper noun
            # is the mention's last word; "The" may open it).
            last = doc.char_span(m.start, m.end, alignment_mode="expand")
            if type_ == "PERSON" and " " not in clean_name(m.text) and last is not None and \
                    len(last) and last[-1].tag_ == "NNPS":
                type_ = "NORP"
            name = clean_name(m.text, "PERSON" if type_ == "PERSON" else m.type)
            role = _occupation(name) if type_ == "PERSON" else None
            if role is not None:
                name = name.split(" ", 1)[1] if " " in name else ""
            if not name:
                continue
            ent = self._link(name, type_, by_key, m.start)
            if role is not None:
                ent.titles.add(role)
            ent.positions.append(m.start)
            tok = tok_at.get(m.start)
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            head = span.root if span is not None and len(span) else tok
            modifier = head is not None and head.dep_ == "compound" and \
                head.head.pos_ == "NOUN"  # "Oscar producer Laurence Mark": not a speaker
            # Organisations speak through their documents: "A statement from Nordmark said".
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
            person = people[0] if len(people) == 1 else \
                self._bearer(people, tok.idx) if people else None
            if person is None:
                continue
            self.mentions.append((tok.idx, person, tok.dep_ in ("nsubj", "nsubjpass")))
            person.positions.append(tok.idx)
            added = True
        if added:
            self.mentions.sort(key=lambda m: m[0])
            for ent in self.entities:
                ent.positions.sort()

    def _same_surname(self, key: str, pos: int) -> Entity | None:
        """A bare surname shared by several people of the article (a father and his son)
        is the one of them named in this sentence or the one before, the latest first
        (``His son, T.J. Dunn, ... "...," Dunn said``); ``None`` when no bearer was named
        that close, so the article-wide link holds."""
        here = self._sent(pos)
        near = [e for e in self.entities if e.type == "PERSON" and e.positions
                and " " in e.key and e.key.split(" ")[-1] == key
                and here - self._sent(e.positions[-1]) <= 1]
        bearers = {id(e) for e in self.entities if e.type == "PERSON"
                   and " " in e.key and e.key.split(" ")[-1] == key}
        if not near or len(bearers) < 2:
            return None
        return max(near, key=lambda e: e.positions[-1])

    def _bearer(self, people: list[Entity], pos: int) -> Entity | None:
        """Which of several people with one surname a bare surname at ``pos`` names: the
        one named just before (:meth:`_same_surname`), else the one mentioned most so
        far when that is clear (the story's subject, not the relative quoted once)."""
        near = self._same_surname(people[0].key.split(" ")[-1], pos)
        if near is not None:
            return near
        counts = sorted(((sum(p < pos for p in e.positions), e) for e in people),
                        key=lambda t: -t[0])
        return counts[0][1] if counts[0][0] > counts[1][0] else None

    def _first_name(self, text: str) -> bool:
        """``Angela Merkel`` typed ORG by the recogniser: a known first name says person."""
        words = text.split()
        return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and \
            self.detector.guess(words[0]) is not None

    def _link(self, name: str, type_: str, by_key: dict[str, Entity], pos: int) -> Entity:
        key = name_key(name)
        found = by_key.get(key)
        tokens = key.split(" ")
        if len(tokens) == 1 and type_ in ("PERSON", "ORG"):  # "Dunn" tagged ORG too
            near = self._same_surname(key, pos)
            if near is not None:  # a local reading: the article-wide link stays as it was
                near.type = "PERSON"
                return near
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
        of the narration before it ("the source said, and Okafor")."""
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


def _occupation(name: str) -> str | None:
    """The occupational title that opens a person name of three or more words
    ("Filmmaker Anthony Minghella"), or that is the whole "name" ("Filmmaker")."""
    words = name.split(" ")
    first = words[0].casefold()
    return first if first in OCCUPATIONS and len(words) != 2 else None


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
