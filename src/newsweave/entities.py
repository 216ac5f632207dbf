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

The names (:data:`NAMED_TYPES`, :func:`clean_name`, :func:`name_key`, the title and role
words) are in :mod:`newsweave.entity_names`, the story-level resolution in
:mod:`newsweave.entity_resolve`; both are re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsweave.entity_names import (
    _HAS_LETTER,
    _LEADING_THE,
    NAMED_TYPES,
    ROLE_NOUNS,
    TITLE_WORDS,
    clean_name,
    name_key,
)
from newsweave.entity_resolve import SpeakerResolver, resolve_entities, resolve_speaker
from newsweave.errors import ModelUnavailableError
from newsweave.model import Article, EntityMention
from newsweave.sentences import find_dateline

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "NAMED_TYPES",
    "ROLE_NOUNS",
    "TITLE_WORDS",
    "SpeakerResolver",
    "clean_name",
    "extract_mentions",
    "extract_mentions_batch",
    "mentions_from_doc",
    "name_key",
    "resolve_entities",
    "resolve_speaker",
]

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
_CONTEXT = 90  # characters of context read around a mention for the type repairs


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
