"""Direct quotations: which marked spans are quotes, and who said each one.

Contract of :func:`direct_quotes`: every :class:`MarkedQuote` is classified as the
gold guidelines do (docs/gold-quotes.md): ``quote``, ``title`` (works, shows,
headlines), ``name`` (``Kevin “K.J.” Jones``, ``the so-called “Octomom”``),
``scare`` (a word or two marked as a term, attributed to nobody) or ``other``
(markup). Only ``quote`` spans become :class:`Quote` records (``direct=True``).

Each quote's speaker comes from its tag (:func:`newsweave.quotes.source.find_attribution`),
resolved in the article (:class:`newsweave.quotes.resolve.ArticleEntities`): a name
to the article's fullest spelling, ``he``/``she`` to the person in focus of that
gender, ``the actress``/``the company`` to the named entity they stand for, other
descriptions (``a friend of the actress``, ``police``) kept as written. A quote with
no tag of its own continues the previous quote's speaker when it follows it within
one sentence (a follow-on paragraph), else takes the next quote's when that one
follows at once. Each attribution has a confidence (tag strength times resolution
certainty); below :data:`MIN_CONFIDENCE` the speaker is left ``None``
("unattributed") rather than guessed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsweave.entities import ROLE_NOUNS, TITLE_WORDS, clean_name, name_key
from newsweave.model import Quote
from newsweave.quotes.marks import MarkedQuote
from newsweave.quotes.resolve import ArticleEntities, Entity
from newsweave.quotes.source import Tag, find_attribution

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["MIN_CONFIDENCE", "classify", "direct_quotes"]

MIN_CONFIDENCE = 0.4  # chosen by 5-fold cross-validation over dev topics (docs/quotes.md)
_WORD = re.compile(r"[\w’'.-]*\w")
_SMALL = frozenset("a an the of and or in on at to for with from by as is vs de la".split())
_NAME_CUES = re.compile(
    r"(?:so-called|nicknamed|known as|aka|a\.k\.a\.|dubbed|named|titled|entitled|"
    r"called)\s+(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE)
_MARKUP = re.compile(r"[<>{}=|\\]|https?:|www\.|&\w+;")
_FOLLOW_GAP = 1  # sentences between a quote and its follow-on
_OFFICE_WORDS = frozenset("district attorney general police state county city the".split())


@dataclass(frozen=True, slots=True)
class _Speaker:
    name: str | None
    span: tuple[int, int] | None
    entity_id: str | None
    kind: str | None
    confidence: float
    entity: Entity | None = None


_NOBODY = _Speaker(None, None, None, None, 0.0)


def classify(text: str, q: MarkedQuote, tag: Tag | None) -> str:
    """``quote``, ``title``, ``name``, ``scare`` or ``other`` (see the module contract)."""
    content = text[q.start:q.end]
    if _MARKUP.search(content):
        return "other"
    words = _WORD.findall(content)
    if not words:
        return "other"
    n = len(words)
    lo = q.open_mark if q.open_mark is not None else q.start
    hi = (q.close_mark + 1) if q.close_mark is not None else q.end
    before = text[max(0, lo - 40):lo]
    after = text[hi:hi + 30]
    prev = _WORD.findall(before)[-1:] or [""]
    nxt = _WORD.findall(after)[:1] or [""]
    line_start = text[:lo].rstrip(" \t").endswith("\n") or lo == 0
    ends_sentence = content.rstrip(" ,")[-1:] in ".!?…"
    if n <= 4 and not ends_sentence and words[0][:1].isupper() and _NAME_CUES.search(before):
        return "name"
    if (n <= 3 and prev[0][:1].isupper() and nxt[0][:1].isupper()
            and not before.rstrip().endswith((".", ":", ",")) and not line_start):
        return "name"  # Kevin “K.J.” Jones
    capitalised = [w for w in words if w.casefold() not in _SMALL]
    title_case = bool(capitalised) and all(w[:1].isupper() or w[:1].isdigit()
                                           for w in capitalised)
    stripped = content.rstrip(" ,")
    if title_case and n <= 12 and (len(capitalised) >= 2 or not ends_sentence) \
            and stripped[-1:] not in "?!" \
            and not line_start and not (tag is not None and tag.how == "parse" and n > 6
                                        and not ends_sentence):
        return "title"
    # "what's called “active shooter” training": "called" with no source names a term
    # and attributes no words to anyone ("described as “…”" still reports words).
    attributed = tag is not None and tag.strength >= 0.85 and tag.how in (
        "parse", "according") and not (tag.source is None and text[
            tag.cue[0]:tag.cue[1]].casefold().startswith("call"))
    if n <= 3 and not ends_sentence and not line_start and not attributed:
        return "scare"
    if n <= 2 and not attributed and not (line_start and ends_sentence):
        return "scare"
    return "quote"


def direct_quotes(
    article_id: str,
    text: str,
    doc: Doc,
    marked: Sequence[MarkedQuote],
    inside: Sequence[bool],
    entities: ArticleEntities,
    min_confidence: float = MIN_CONFIDENCE,
) -> list[Quote]:
    """Quotes among ``marked`` with speakers (see the module contract); a speaker whose
    confidence is below ``min_confidence`` is left out."""
    sent_starts = [s.start_char for s in doc.sents]

    def sent(pos: int) -> int:
        return max(0, bisect.bisect_right(sent_starts, pos) - 1)

    kept: list[tuple[MarkedQuote, Tag | None]] = []
    for q in marked:
        tag = find_attribution(doc, q.start, q.end, inside)
        if classify(text, q, tag) == "quote":
            kept.append((q, tag))
    recent: list[tuple[int, Entity]] = []
    speakers: list[_Speaker] = []
    for q, tag in kept:
        sp = _speaker(text, tag, q.start, entities, recent, speakers) if tag else _NOBODY
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
                speakers[i] = _Speaker(p.name, None, p.entity_id, p.kind, origin[i] * 0.9,
                                       p.entity)
                continue
        if i + 1 < len(kept) and speakers[i + 1].name is not None and \
                kept[i + 1][1] is not None and sent(kept[i + 1][0].start) - sent(q.end - 1) <= 0:
            p = speakers[i + 1]
            speakers[i] = _Speaker(p.name, None, p.entity_id, p.kind, p.confidence * 0.7,
                                   p.entity)
    out = []
    for (q, tag), sp in zip(kept, speakers, strict=True):
        ok = sp.name is not None and sp.confidence >= min_confidence
        out.append(Quote(
            article_id, q.start, q.end, text[q.start:q.end],
            sp.name if ok else None, sp.span if ok else None, True,
            cue_span=tag.cue if tag else None,
            speaker_id=sp.entity_id if ok else None,
            speaker_kind=sp.kind if ok else None,
            confidence=round(sp.confidence, 3),
        ))
    return out


def _speaker(
    text: str, tag: Tag, pos: int, entities: ArticleEntities,
    recent: list[tuple[int, Entity]], earlier: Sequence[_Speaker],
) -> _Speaker:
    if tag.source is None or tag.kind is None:
        return _NOBODY
    lo, hi = tag.source
    strength = tag.strength
    words = [w.casefold().strip(".") for w in text[lo:hi].split()]
    known = entities.entity_at(lo, hi) if tag.kind == "name" else None
    title_only = bool(words) and all(
        w in TITLE_WORDS or w in ROLE_NOUNS or w in _OFFICE_WORDS for w in words)
    if tag.kind == "name" and title_only and (known is None or known.type != "PERSON"):
        # "the District Attorney said": a title, not a name (recognised as ORG)
        ent, conf = entities.resolve_description(max(0, lo - 4), hi, recent) \
            if text[max(0, lo - 4):lo].casefold() == "the " else (None, 0.0)
        if ent is not None:
            kind = "person" if ent.type == "PERSON" else "organisation"
            return _Speaker(ent.name, tag.source, ent.id, kind, conf * strength, ent)
        desc = entities.describe(lo, hi)
        return _Speaker(desc.name, tag.source, desc.id, "description", 0.7 * strength, desc)
    if tag.kind == "name":
        ent = entities.entity_at(lo, hi)
        if ent is not None:
            kind = "person" if ent.type == "PERSON" else "organisation"
            return _Speaker(ent.name, tag.source, ent.id, kind, 0.95 * strength, ent)
        name = clean_name(text[lo:hi], "PERSON") or text[lo:hi]
        return _Speaker(name, tag.source, f"person:{name_key(name)}", "person",
                        0.8 * strength)
    if tag.kind == "pronoun":
        word = text[lo:hi].casefold()
        word = {"his": "he", "him": "he", "her": "she"}.get(word, word)  # "His exact words:"
        if word in ("he", "she"):
            ent, conf = entities.resolve_pronoun(lo, word, recent)
            if ent is None:
                return _Speaker(None, tag.source, None, None, 0.0)
            kind = "description" if ent.type == "DESC" else "person"
            return _Speaker(ent.name, tag.source, ent.id, kind, conf * strength, ent)
        if word in ("they", "it"):
            ent, conf = entities.resolve_group(lo, recent, word)
            if ent is not None:
                kind = {"PERSON": "person", "DESC": "description"}.get(ent.type,
                                                                       "organisation")
                return _Speaker(ent.name, tag.source, ent.id, kind, conf * strength, ent)
        return _Speaker(None, tag.source, None, None, 0.0)
    ent, conf = entities.resolve_description(lo, hi, recent)
    if ent is not None and conf >= MIN_CONFIDENCE:
        kind = "person" if ent.type == "PERSON" else "organisation"
        return _Speaker(ent.name, tag.source, ent.id, kind, conf * strength, ent)
    desc = entities.describe(lo, hi)
    return _Speaker(desc.name, tag.source, desc.id, "description", 0.8 * strength, desc)
