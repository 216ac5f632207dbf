"""ENTITIES stage: named-entity mentions per article and their story-level resolution.

Per article, :func:`extract_mentions` runs spaCy's NER (``load_spacy(ner=True)``)
and keeps named entities only (numbers, dates and times are other stages' work).
Two of spaCy's known slips are repaired on the spot, from the surrounding text:

* a mention followed by a person appositive or relative clause
  (``Nikki Haley, the former UN ambassador``, ``Blinken, who ...``) or preceded by
  a personal title (``President``, ``press secretary``) is typed ``PERSON``;
* ``State`` in ``Secretary of State`` is part of a title, not an organisation.

Per story, :func:`resolve_entities` merges the mentions of all articles into
:class:`StoryEntity` records: titles and possessives are stripped
(``President Xi`` -> ``Xi``, ``Blinkens’`` -> ``Blinken``), a one-word person name
joins the full name it starts or ends (``Blinken`` -> ``Antony Blinken``,
``Xi`` -> ``Xi Jinping``), and the type is the majority over all mentions.
:func:`resolve_speaker` maps a short or titled name to the canonical one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsweave.errors import ModelUnavailableError
from newsweave.model import Article, EntityMention, StoryEntity
from newsweave.sentences import find_dateline

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "NAMED_TYPES",
    "SpeakerResolver",
    "clean_name",
    "extract_mentions",
    "extract_mentions_batch",
    "mentions_from_doc",
    "name_key",
    "resolve_entities",
    "resolve_speaker",
]

# spaCy labels that name something; DATE, TIME, MONEY, CARDINAL, ... are left out.
NAMED_TYPES = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
# Tie-break for the majority type: a name that is as often PERSON as GPE is a person
# (spaCy's usual slip on surnames, e.g. "Blinken" tagged GPE).
_TYPE_PRIORITY = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT")

# Words that can precede a person's name as a title; stripped from PERSON names.
TITLE_WORDS = frozenset(
    """president vice secretary minister prime premier chancellor mr mrs ms miss mx dr
    prof professor sen senator rep representative gov governor gen general lt col adm
    admiral sgt capt captain judge justice king queen prince princess pope sir dame lord
    lady ambassador chairman chairwoman spokesman spokeswoman spokesperson mayor deputy
    foreign defence defense finance interior chief commissioner director coach cardinal
    rev reverend father sheikh emir former ada da gm ceo det detective officer inspector supt
    superintendent constable sheriff sergeant corporal private coach insp cpl const cmdr
    msgr sr br fr maj cdr pvt pte atty hon amb dci commr""".split()
)
# Lowercase role nouns that mark a person when they follow a name as an appositive
# ("Nikki Haley, the former UN ambassador") or precede it ("press secretary X").
ROLE_NOUNS = frozenset(
    """ambassador secretary president minister senator governor candidate spokesman
    spokeswoman spokesperson director chairman chairwoman adviser advisor diplomat
    official leader mayor lawmaker judge envoy ceo founder actor actress author
    executive economist analyst professor coach manager striker player captain
    chancellor premier commissioner chief prosecutor attorney congressman congresswoman
    representative activist researcher scientist spokesperson negotiator owner""".split()
)
_ROLE_ALT = "|".join(sorted(ROLE_NOUNS))
_PERSON_AFTER = re.compile(
    r",?\s+who\b|,\s+(?:the|a|an|his|her)\s+(?:[\w.’'-]+\s+){0,4}?"
    rf"(?:{_ROLE_ALT})\b"
)
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:President|Mr|Mrs|Ms|Dr|Sen|Senator|Rep|Gov|Governor|Gen|Minister|Premier|"
    r"Chancellor|Ambassador|Mayor|Judge|Justice|Professor|Prof|Coach|Officer|Detective|Det|"
    rf"Inspector|Sgt|Sergeant|Lt|Capt|Captain|Rev)\.?|\b(?:{_ROLE_ALT}))\s+$"
    # "A lecturer in chemistry at the University of Leeds, Amara Okafor,"
    rf"|\b(?:a|an|the)\s+(?:[\w.'’-]+\s+){{0,3}}(?:{_ROLE_ALT})\b[^,.;:()]{{0,50}},\s+$"
)
# Labels a context cue may turn into PERSON (NORP stays: "Republicans, who ..." is a group).
_RETYPABLE = frozenset({"ORG", "GPE", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"})
_TITLE_OF = re.compile(r"\bSecretary\s+of\s+$")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_CONTEXT = 90  # characters of context read around a mention for the type repairs


def name_key(name: str) -> str:
    """Comparison key of a cleaned name: casefolded, apostrophes unified, spaces collapsed."""
    return " ".join(name.translate(_APOSTROPHES).casefold().split())


def clean_name(text: str, type_: str | None = None) -> str:
    """Return the bare name in a mention: no leading "the", possessive or (for PERSON) title.

    ``"The White House"`` -> ``"White House"``; ``"Blinken’s"`` -> ``"Blinken"``;
    ``"Blinkens’"`` -> ``"Blinkens"`` (the plural-possessive slip is handled by the
    resolution, which knows whether ``Blinken`` exists); ``"Secretary of State Antony
    Blinken"`` -> ``"Antony Blinken"`` when ``type_`` is ``"PERSON"``. Returns ``""``
    when nothing with a letter is left.
    """
    name = " ".join(text.split())
    name = _LEADING_THE.sub("", name)
    if name.endswith(("'s", "’s")):
        name = name[:-2]
    name = name.rstrip("'’ ,;:")
    if type_ == "PERSON":
        tokens = name.split(" ")
        i = 0
        while i < len(tokens) - 1:
            word = tokens[i].strip(".").casefold()
            if word in TITLE_WORDS:
                i += 1
            elif word == "of" and i > 0 and i + 2 < len(tokens):
                i += 2  # "Secretary of State ..."
            else:
                break
        name = " ".join(tokens[i:])
    return name if _HAS_LETTER.search(name) else ""


def _plural_possessive(text: str) -> bool:
    """``Blinkens’``: a name written with a stray plural ``s`` before the apostrophe."""
    stripped = text.rstrip()
    return stripped.endswith(("s'", "s’"))


def extract_mentions(article: Article, nlp: Language) -> tuple[EntityMention, ...]:
    """Named-entity mentions of ``article`` (spans into ``article.text``), in text order.

    ``nlp`` must have the ``ner`` component (``load_spacy(ner=True)``). See the module
    docstring for the type repairs applied.
    """
    _require_ner(nlp)
    return mentions_from_doc(article, nlp(article.text))


def extract_mentions_batch(
    articles: Sequence[Article], nlp: Language, *, batch_size: int = 16, n_process: int = 1
) -> tuple[tuple[EntityMention, ...], ...]:
    """:func:`extract_mentions` for many articles at once through ``nlp.pipe``.

    Returns one tuple per article, in the order of ``articles``; the result is the
    same as calling :func:`extract_mentions` on each.
    """
    _require_ner(nlp)
    docs = nlp.pipe((a.text for a in articles), batch_size=batch_size, n_process=n_process)
    return tuple(mentions_from_doc(a, d) for a, d in zip(articles, docs, strict=True))


def _require_ner(nlp: Language) -> None:
    if "ner" not in nlp.pipe_names:
        raise ModelUnavailableError(
            "The spaCy pipeline has no 'ner' component: load it with "
            "newsweave.nlp.load_spacy(ner=True)."
        )


def mentions_from_doc(article: Article, doc: Doc) -> tuple[EntityMention, ...]:
    """:func:`extract_mentions` from an already processed ``doc`` of ``article.text``."""
    text = article.text
    out: list[EntityMention] = []
    # A wire dateline names a place ("PHOENIX (AP) _"): whatever the tagger says.
    dateline = find_dateline(text)
    place = (dateline.start, dateline.start + len(dateline.place)) if dateline else (-1, -1)
    for ent in doc.ents:
        label = ent.label_
        if label not in NAMED_TYPES:
            continue
        start, end = ent.start_char, ent.end_char
        if label == "PERSON":
            # "Having Jackman hosting the show": a verb or function word glued to the
            # front of a name by the recogniser is not part of it.
            toks = list(ent)
            while len(toks) > 1 and toks[0].pos_ in _NOT_NAME_POS:
                toks = toks[1:]
            start = toks[0].idx
            possessive = end < len(text) and text[end] in "'’"
            if len(toks) == 1 and toks[0].pos_ == "NOUN" and not possessive:
                continue  # "Filmmaker said": a common noun, not a name ("Blinkens’" is one)
        # Keep "the" out of the span: "the White House" names "White House".
        lead = _LEADING_THE.match(text, start, end)
        if lead and lead.end() < end:
            start = lead.end()
        # "Blinkens’": keep the apostrophe so the resolution sees the possessive.
        if end < len(text) and text[end] in "'’" and text[end - 1] == "s":
            end += 1
        before = text[max(0, start - _CONTEXT) : start]
        if label == "ORG" and _TITLE_OF.search(before) and " " not in text[start:end]:
            continue  # "Secretary of State": a title, not the organisation "State"
        if label in _RETYPABLE and _looks_like_person(text, start, end, before):
            label = "PERSON"
        if not _HAS_LETTER.search(text[start:end]):
            continue
        if place[0] <= start and end <= place[1]:
            label = "GPE"
        if label == "PERSON":
            start = _with_first_name(text, start, before)
        out.append(EntityMention(article.id, start, end, text[start:end], label))
    return tuple(out)


_NOT_NAME_POS = frozenset({"VERB", "AUX", "ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART"})
_BEFORE_WORD = re.compile(r"(?<![\w.’'-])([A-Z][a-z]+) $")


def _with_first_name(text: str, start: int, before: str) -> int:
    """``chief executive Anders Holm`` recognised as ``Holm``: a capitalised word right
    before a person's name that the first-name list knows is part of the name."""
    m = _BEFORE_WORD.search(before)
    if m is None or m.group(1).casefold() in TITLE_WORDS:
        return start
    from newsweave.quotes.names import name_list  # lazy: quotes imports this module

    if name_list().guess(m.group(1)) is None:
        return start
    return start - len(before) + m.start(1)


def _looks_like_person(text: str, start: int, end: int, before: str) -> bool:
    """Context says person: a role appositive / "who" after, or a personal title before."""
    words = text[start:end].split()
    if not all(w[:1].isupper() for w in words) or len(words) > 4:
        return False
    if _PERSON_AFTER.match(text, end, min(len(text), end + _CONTEXT)):
        return True
    return bool(_PERSON_BEFORE.search(before))


@dataclass
class _Group:
    """Mentions sharing one cleaned name while resolution runs (local, never shared)."""

    key: str
    names: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    surfaces: dict[str, None] = field(default_factory=dict)
    articles: dict[str, None] = field(default_factory=dict)
    first: tuple[int, int] = (0, 0)
    plural_possessive: bool = True

    @property
    def count(self) -> int:
        return sum(self.types.values())

    @property
    def tokens(self) -> list[str]:
        return self.key.split(" ")

    def majority_type(self) -> str:
        return _majority(self.types)

    def absorb(self, other: _Group) -> None:
        self.names.update(other.names)
        self.types.update(other.types)
        self.surfaces.update(other.surfaces)
        self.articles.update(other.articles)
        self.first = min(self.first, other.first)


def _majority(types: Counter[str]) -> str:
    def rank(label: str) -> tuple[int, int]:
        prio = _TYPE_PRIORITY.index(label) if label in _TYPE_PRIORITY else len(_TYPE_PRIORITY)
        return (-types[label], prio)

    return min(types, key=rank)


def resolve_entities(
    mentions_by_article: Mapping[str, Sequence[EntityMention]],
) -> tuple[StoryEntity, ...]:
    """Merge the mentions of a story's articles into entities.

    Rules, in order: (1) mentions with the same cleaned name (:func:`clean_name`,
    compared by :func:`name_key`) form a group; (2) a group seen only as a plural
    possessive (``Blinkens’``) joins ``Blinken`` when that name or a full name ending
    or starting with it exists; (3) a one-word group with at least one PERSON
    mention joins the most mentioned multi-word PERSON group whose first or last
    word it is (``Blinken`` -> ``Antony Blinken``, ``Xi`` -> ``Xi Jinping``), and any
    one-word group joins the person whose surname it is (``Holloway``, tagged ORG,
    -> ``Renata Holloway``); (4) the
    type is the majority label over all merged mentions (ties go to PERSON).

    The name is the longest person name (most words, then most frequent) or, for
    other types, the most frequent spelling. ``aliases`` are the other spellings as
    written (first seen first); ``article_ids`` follow the order of the mapping.
    Entities come most-mentioned first.
    """
    groups = _name_groups(mentions_by_article)

    # Person anchors: multi-word groups that are mostly PERSON, indexed by first/last word.
    anchors: dict[str, _Group] = {}
    surnames: dict[str, _Group] = {}
    for g in sorted(groups.values(), key=lambda g: -g.count):
        if len(g.tokens) > 1 and g.majority_type() == "PERSON":
            for token in {g.tokens[0], g.tokens[-1]}:
                anchors.setdefault(token, g)
            surnames.setdefault(g.tokens[-1], g)

    merged_into: dict[str, str] = {}
    for g in list(groups.values()):
        target = _merge_target(g, groups, anchors, surnames)
        if target is not None and target is not g:
            merged_into[g.key] = target.key
    for key, target_key in merged_into.items():
        while target_key in merged_into:  # "Blinkens’" -> "Blinken" -> "Antony Blinken"
            target_key = merged_into[target_key]
        groups[target_key].absorb(groups.pop(key))

    entities = [(g.count, g.first, _to_entity(g)) for g in groups.values()]
    entities.sort(key=lambda t: (-t[0], t[1]))
    return tuple(e for _, _, e in entities)


def _name_groups(
    mentions_by_article: Mapping[str, Sequence[EntityMention]],
) -> dict[str, _Group]:
    """Rule (1) of :func:`resolve_entities`: named mentions grouped by cleaned name key."""
    groups: dict[str, _Group] = {}
    for order, (article_id, mentions) in enumerate(mentions_by_article.items()):
        for m in mentions:
            if m.type not in NAMED_TYPES:
                continue
            name = clean_name(m.text, m.type)
            if not name:
                continue
            key = name_key(name)
            g = groups.get(key)
            if g is None:
                g = groups[key] = _Group(key, first=(order, m.start))
            g.names[name] += 1
            g.types[m.type] += 1
            g.surfaces[" ".join(m.text.split())] = None
            g.articles[article_id] = None
            g.plural_possessive &= _plural_possessive(m.text)
    return groups


def _merge_target(g: _Group, groups: Mapping[str, _Group], anchors: Mapping[str, _Group],
                  surnames: Mapping[str, _Group]) -> _Group | None:
    """Rules (2) and (3) of :func:`resolve_entities`: the group ``g`` joins, if any."""
    target: _Group | None = None
    if g.plural_possessive and g.key.endswith("s"):
        stem = g.key[:-1]
        target = groups.get(stem) or anchors.get(stem)
    if target is None and len(g.tokens) == 1 and g.types["PERSON"] > 0:
        target = anchors.get(g.key)
    if target is None and len(g.tokens) == 1:
        # A person's surname whatever spaCy called it ("Holloway" tagged ORG after
        # "Mayor Renata Holloway"): news style names people by surname alone.
        target = surnames.get(g.key)
        if target is not None:  # its mentions are the person's, whatever their label
            g.types = Counter({"PERSON": g.count})
    return target


def _to_entity(g: _Group) -> StoryEntity:
    type_ = g.majority_type()
    if type_ == "PERSON":
        name = max(g.names, key=lambda n: (len(n.split()), g.names[n]))
    else:
        name = max(g.names, key=lambda n: (g.names[n], len(n)))
    aliases = dict.fromkeys(s for s in (*g.surfaces, *g.names) if s != name)
    return StoryEntity(name, type_, tuple(aliases), tuple(g.articles))


class SpeakerResolver:
    """Maps a name as written (``Blinken``, ``President Xi``, ``Blinkens’``) to an entity.

    Built once per story from :func:`resolve_entities`' output; lookups are O(1).
    """

    def __init__(self, entities: Iterable[StoryEntity]) -> None:
        self._by_key: dict[str, StoryEntity] = {}
        self._by_token: dict[str, StoryEntity] = {}
        for e in entities:  # most-mentioned first: the first claim on a key wins
            for alias in (e.name, *e.aliases):
                for cleaned in (clean_name(alias), clean_name(alias, e.type)):
                    if cleaned:
                        self._by_key.setdefault(name_key(cleaned), e)
            if e.type == "PERSON":
                tokens = name_key(e.name).split(" ")
                if len(tokens) > 1:
                    self._by_token.setdefault(tokens[0], e)
                    self._by_token.setdefault(tokens[-1], e)

    def entity(self, name: str) -> StoryEntity | None:
        """The entity ``name`` refers to, or ``None`` when no entity matches."""
        for cleaned in (clean_name(name), clean_name(name, "PERSON")):
            if not cleaned:
                continue
            key = name_key(cleaned)
            found = self._by_key.get(key)
            if found is None and _plural_possessive(name) and key.endswith("s"):
                found = self._by_key.get(key[:-1]) or self._by_token.get(key[:-1])
            if found is None and " " not in key:
                found = self._by_token.get(key)
            if found is not None:
                return found
        return None

    def canonical(self, name: str) -> str:
        """The entity's canonical name, or ``name`` cleaned of titles when none matches."""
        found = self.entity(name)
        if found is not None:
            return found.name
        return clean_name(name, "PERSON") or " ".join(name.split())


def resolve_speaker(name: str, entities: Sequence[StoryEntity]) -> str:
    """Canonical name for ``name`` among ``entities`` (``Blinken`` -> ``Antony Blinken``).

    A name matching no entity comes back cleaned of titles and possessives. For
    many look-ups build one :class:`SpeakerResolver` instead.
    """
    return SpeakerResolver(entities).canonical(name)
