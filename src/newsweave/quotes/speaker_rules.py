"""Rule-based speakers of direct quotations: the tag's source resolved in the article.

Contract of :func:`rule_speakers`: for each kept quotation (in text order) with its tag
(:func:`newsweave.quotes.source.find_attribution`), a :class:`Speaker`: a name resolved
to the article's fullest spelling, ``he``/``she`` to the person in focus of that gender,
``the actress``/``the company`` to the named entity they stand for, other descriptions
(``a friend of the actress``, ``police``) kept as written. A quotation with no source of
its own continues the previous quotation's speaker when it follows it within one
sentence (a follow-on paragraph), else takes the next quotation's when that one follows
at once. ``confidence`` is the tag's strength times the resolution's certainty; the
caller leaves a speaker below :data:`MIN_CONFIDENCE` unattributed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsweave.entities import ROLE_NOUNS, TITLE_WORDS, clean_name, name_key
from newsweave.quotes.marks import MarkedQuote
from newsweave.quotes.names import OCCUPATIONS
from newsweave.quotes.resolve import ArticleEntities, Entity
from newsweave.quotes.source import Tag

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["MIN_CONFIDENCE", "NOBODY", "Speaker", "rule_speakers"]

MIN_CONFIDENCE = 0.4  # chosen by 5-fold cross-validation over dev topics (docs/quotes.md)
_WORD = re.compile(r"[\w’'.-]*\w")
_FOLLOW_GAP = 1  # sentences between a quote and its follow-on
_OFFICE_WORDS = frozenset("district attorney general police state county city the".split())


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quotation's rules name: the name, the mention in the tag, the entity."""

    name: str | None
    span: tuple[int, int] | None
    entity_id: str | None
    kind: str | None
    confidence: float
    entity: Entity | None = None


NOBODY = Speaker(None, None, None, None, 0.0)


def rule_speakers(
    text: str, doc: Doc, kept: Sequence[tuple[MarkedQuote, Tag | None]],
    entities: ArticleEntities,
) -> list[Speaker]:
    """The rules' speaker of each of ``kept`` (see the module contract)."""
    sent_starts = [s.start_char for s in doc.sents]

    def sent(pos: int) -> int:
        return max(0, bisect.bisect_right(sent_starts, pos) - 1)

    recent: list[tuple[int, Entity]] = []
    speakers: list[Speaker] = []
    for q, tag in kept:
        sp = _tag_speaker(text, tag, q.start, entities, recent, speakers) if tag else NOBODY
        speakers.append(sp)
        if sp.entity is not None and sp.confidence >= MIN_CONFIDENCE:
            recent.append((q.start, sp.entity))
    # Follow-ons: a quote without a source of its own continues the previous quote when
    # nothing but that quote's own tag stands between them (a follow-on paragraph). The
    # confidence is that of the tagged quote the chain starts from, not compounded.
    origin = [sp.confidence for sp in speakers]
    for i, (q, tag) in enumerate(kept):
        if speakers[i].name is not None or (tag is not None and tag.source is not None):
            continue
        if i > 0 and speakers[i - 1].name is not None:
            pq, ptag = kept[i - 1]
            p = speakers[i - 1]
            reach = max(pq.end, ptag.cue[1] if ptag else 0, p.span[1] if p.span else 0)
            if not _WORD.search(text, reach, q.start) or \
                    sent(q.start) - sent(reach - 1) <= _FOLLOW_GAP:
                origin[i] = origin[i - 1]
                speakers[i] = Speaker(p.name, None, p.entity_id, p.kind, origin[i] * 0.9,
                                       p.entity)
                continue
            if _narration_about(doc, p.entity, sent(reach - 1) + 1, sent(q.start)):
                origin[i] = origin[i - 1]
                speakers[i] = Speaker(p.name, None, p.entity_id, p.kind, origin[i] * 0.8,
                                       p.entity)
                continue
        if i + 1 < len(kept) and speakers[i + 1].name is not None and \
                kept[i + 1][1] is not None and sent(kept[i + 1][0].start) - sent(q.end - 1) <= 0:
            p = speakers[i + 1]
            speakers[i] = Speaker(p.name, None, p.entity_id, p.kind, p.confidence * 0.7,
                                   p.entity)
    return speakers


_MAX_ABOUT = 2  # narrator sentences about the speaker that a follow-on may skip


def _narration_about(doc: Doc, ent: Entity | None, first: int, stop: int) -> bool:
    """Sentences ``first`` .. ``stop - 1`` (one or two) all narrate about ``ent``: each
    main clause's subject is ``ent``'s name or a pronoun of its gender. An untagged
    quotation after them still has ``ent`` as its source (the source stays the centre:
    ``"…," she told the paper. In her old age she avoided cameras. "…"``)."""
    if ent is None or ent.type != "PERSON" or not 0 < stop - first <= _MAX_ABOUT:
        return False
    pronoun = {"m": "he", "f": "she"}.get(ent.gender or "")
    sents = list(doc.sents)[first:stop]
    for sent in sents:
        subj = [t for t in sent.root.children if t.dep_ in ("nsubj", "nsubjpass")]
        if not subj:
            return False
        head = subj[0]
        if head.lower_ == pronoun:
            continue
        if head.pos_ == "PROPN" and any(head.left_edge.idx <= p <= head.idx
                                        for p in ent.positions):
            continue
        return False
    return bool(sents)


def _tag_speaker(
    text: str, tag: Tag, pos: int, entities: ArticleEntities,
    recent: list[tuple[int, Entity]], earlier: Sequence[Speaker],
) -> Speaker:
    if tag.source is None or tag.kind is None:
        return NOBODY
    lo, hi = tag.source
    strength = tag.strength
    words = [w.casefold().strip(".") for w in text[lo:hi].split()]
    known = entities.entity_at(lo, hi) if tag.kind == "name" else None
    title_only = bool(words) and all(
        w in TITLE_WORDS or w in ROLE_NOUNS or w in OCCUPATIONS or w in _OFFICE_WORDS
        for w in words)
    if tag.kind == "name" and title_only and (known is None or known.type != "PERSON"):
        # "the District Attorney said": a title, not a name (recognised as ORG)
        ent, conf = entities.resolve_description(max(0, lo - 4), hi, recent) \
            if text[max(0, lo - 4):lo].casefold() == "the " else (None, 0.0)
        if ent is not None:
            kind = "person" if ent.type == "PERSON" else "organisation"
            return Speaker(ent.name, tag.source, ent.id, kind, conf * strength, ent)
        desc = entities.describe(lo, hi)
        return Speaker(desc.name, tag.source, desc.id, "description", 0.7 * strength, desc)
    if tag.kind == "name":
        ent = entities.entity_at(lo, hi)
        if ent is not None:
            kind = "person" if ent.type == "PERSON" else "organisation"
            return Speaker(ent.name, tag.source, ent.id, kind, 0.95 * strength, ent)
        name = clean_name(text[lo:hi], "PERSON") or text[lo:hi]
        return Speaker(name, tag.source, f"person:{name_key(name)}", "person",
                        0.8 * strength)
    if tag.kind == "pronoun":
        word = text[lo:hi].casefold()
        word = {"his": "he", "him": "he", "her": "she"}.get(word, word)  # "His exact words:"
        if word in ("he", "she"):
            ent, conf = entities.resolve_pronoun(lo, word, recent)
            if ent is None:
                return Speaker(None, tag.source, None, None, 0.0)
            kind = "description" if ent.type == "DESC" else "person"
            return Speaker(ent.name, tag.source, ent.id, kind, conf * strength, ent)
        if word in ("they", "it"):
            ent, conf = entities.resolve_group(lo, recent, word)
            if ent is not None:
                kind = {"PERSON": "person", "DESC": "description"}.get(ent.type,
                                                                       "organisation")
                return Speaker(ent.name, tag.source, ent.id, kind, conf * strength, ent)
        return Speaker(None, tag.source, None, None, 0.0)
    ent, conf = entities.resolve_description(lo, hi, recent)
    if ent is not None and conf >= MIN_CONFIDENCE:
        kind = "person" if ent.type == "PERSON" else "organisation"
        return Speaker(ent.name, tag.source, ent.id, kind, conf * strength, ent)
    desc = entities.describe(lo, hi)
    return Speaker(desc.name, tag.source, desc.id, "description", 0.8 * strength, desc)
