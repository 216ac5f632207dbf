"""ENTITIES stage, per story: the mentions of a story's articles merged into entities,
and a speaker's name as written mapped to its entity (see :mod:`newsweave.entities`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from newsweave.entity_names import (
    _TYPE_PRIORITY,
    NAMED_TYPES,
    _plural_possessive,
    clean_name,
    name_key,
)
from newsweave.model import EntityMention, StoryEntity


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
