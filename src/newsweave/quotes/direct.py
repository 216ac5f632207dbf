"""Direct quotations: which marked spans are quotes, and who said each one.

Contract of :func:`direct_quotes`: every :class:`MarkedQuote` is classified as the
gold guidelines do (docs/gold-quotes.md): ``quote``, ``title`` (works, shows,
headlines), ``name`` (``Kevin “K.J.” Jones``, ``the so-called “Octomom”``),
``scare`` (a word or two marked as a term, attributed to nobody) or ``other``
(markup). Only ``quote`` spans become :class:`Quote` records (``direct=True``).

Each quote's speaker comes from its tag (:func:`newsweave.quotes.source.find_attribution`),
resolved in the article by the rules of :mod:`newsweave.quotes.speaker_rules`
(optionally re-ranked by the learned resolver, :mod:`newsweave.quotes.ranker`). Each
attribution has a confidence; below :data:`MIN_CONFIDENCE` the speaker is left
``None`` ("unattributed") rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsweave.model import Quote
from newsweave.quotes.marks import MarkedQuote
from newsweave.quotes.resolve import ArticleEntities
from newsweave.quotes.source import Tag, find_attribution
from newsweave.quotes.speaker_rules import MIN_CONFIDENCE, rule_speakers

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsweave.quotes.ranker import SpeakerModel

__all__ = ["MIN_CONFIDENCE", "classify", "direct_quotes", "kept_quotes"]

_WORD = re.compile(r"[\w’'.-]*\w")
_SMALL = frozenset("a an the of and or in on at to for with from by as is vs de la".split())
_NAME_CUES = re.compile(
    r"(?:so-called|nicknamed|known as|aka|a\.k\.a\.|dubbed|named|titled|entitled|"
    r"called)\s+(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE)
_LISTENER_VERBS = ("tell", "told", "ask", "thank", "inform", "warn", "call")
_MARKUP = re.compile(r"[<>{}=|\\]|https?:|www\.|&\w+;")


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
            and stripped[-1:] not in "?!" and not line_start \
            and not (tag is not None and tag.how == "parse" and n > 6 and not ends_sentence) \
            and not _uttered(text, lo, stripped, tag):
        return "title"
    # "what's called “safe harbour” training": "called" with no source names a term
    # and attributes no words to anyone ("described as “…”" still reports words).
    attributed = tag is not None and tag.strength >= 0.85 and tag.how in (
        "parse", "according") and not (tag.source is None and text[
            tag.cue[0]:tag.cue[1]].casefold().startswith("call"))
    if n <= 3 and not ends_sentence and not line_start and not attributed:
        return "scare"
    if n <= 2 and not attributed and not (line_start and ends_sentence):
        return "scare"
    return "quote"


def _uttered(text: str, open_at: int, content: str, tag: Tag | None) -> bool:
    """Whether the quotation is the very object of a speech or inscription verb whose
    source is found (``banners reading “The State Kills”``, ``signs saying “…”``,
    ``a banner proclaims “…”``): the words are what that source said or displayed, so
    they are content, not a title, whatever their case (PARC: content of an
    attribution). Verbs that take a listener (``told “Good Morning America”``) are
    left out: what follows them directly is the addressee, and so is a possessive
    (``described “Chin's” power``: a name modifying a noun)."""
    if content.endswith(("'s", "’s")):
        return False
    if tag is None or tag.how != "parse" or tag.strength < 1.0 or tag.source is None:
        return False
    cue = text[tag.cue[0]:tag.cue[1]].casefold()
    between = text[tag.cue[1]:open_at]
    return (tag.cue[1] <= open_at and between.strip(" ,:\n") == ""
            and not cue.startswith(_LISTENER_VERBS))


def kept_quotes(
    text: str, doc: Doc, marked: Sequence[MarkedQuote], inside: Sequence[bool]
) -> list[tuple[MarkedQuote, Tag | None]]:
    """The quotations among ``marked`` that are quotes, each with its tag (or none)."""
    kept: list[tuple[MarkedQuote, Tag | None]] = []
    for q in marked:
        tag = find_attribution(doc, q.start, q.end, inside)
        if classify(text, q, tag) == "quote":
            kept.append((q, tag))
    return kept


def direct_quotes(
    article_id: str,
    text: str,
    doc: Doc,
    marked: Sequence[MarkedQuote],
    inside: Sequence[bool],
    entities: ArticleEntities,
    min_confidence: float = MIN_CONFIDENCE,
    model: SpeakerModel | None = None,
) -> list[Quote]:
    """Quotes among ``marked`` with speakers (see the module contract); a speaker whose
    confidence is below ``min_confidence`` is left out. With ``model`` the learned
    resolver re-ranks the candidate speakers (:mod:`newsweave.quotes.ranker`)."""
    kept = kept_quotes(text, doc, marked, inside)
    speakers = rule_speakers(text, doc, kept, entities)
    if model is not None:
        speakers = model.rerank(text, kept, speakers, entities)
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
