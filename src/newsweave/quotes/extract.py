"""QUOTES stage, per article: direct and reported quotations with their speakers.

Two entry points:

* :func:`extract_quotes` ``(text, nlp=None)``: the one-call API. It runs spaCy (with
  its parser and entity recogniser; loaded when ``nlp`` is ``None``) and returns the
  quotes of ``text``.
* :func:`article_quotes` ``(article, doc, mentions, sentences)``: the pipeline stage,
  on an already parsed ``doc`` of ``article.text`` (``load_spacy(ner=True,
  parser=True)``) and its mentions (:func:`newsweave.entities.mentions_from_doc`).

Contract (both; pure):

* Output: :class:`Quote` records in text order; ``text == article.text[start:end]``.
* Direct quotes (``direct=True``) are the spans in quotation marks that are quotes
  (:mod:`newsweave.quotes.marks` pairs the marks; :mod:`newsweave.quotes.direct`
  drops titles, names, scare quotes and markup and finds the speakers from the
  dependency parse: :mod:`newsweave.quotes.source`, :mod:`newsweave.quotes.resolve`).
  Each carries ``cue_span``, ``speaker_span`` (the mention in the tag),
  ``speaker_id``, ``speaker_kind`` and ``confidence``; ``speaker`` is ``None``
  ("unattributed") when no source is found with confidence.
* Reported speech (``direct=False``) is the clause a reporting verb governs, quoted or
  not: "Blinken said China is not ready", "It's absolutely vital ..., Blinken said.",
  "..., tweeted Nikki Haley", ", saying that ...", "..., according to X"
  (:mod:`newsweave.quotes.attribute`). A quotation that is the whole of what a verb
  reports is only reported once (direct). ``he``/``she`` in these tags are resolved
  like a direct quote's.

Time is linear in the article length (one pass per sentence and per quotation; the
parse walk is bounded; mention look-ups are binary searches).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsweave.errors import ModelUnavailableError
from newsweave.model import Article, EntityMention, Quote, Sentence
from newsweave.quotes import lexicon as lx
from newsweave.quotes.attribute import SpeakerFinder, Tag, find_tags
from newsweave.quotes.direct import MIN_CONFIDENCE, direct_quotes, kept_quotes
from newsweave.quotes.marks import MarkedQuote, find_marked_quotes, mask_quotes
from newsweave.quotes.ranker import Candidate, default_speaker_model, quote_candidates
from newsweave.quotes.resolve import ArticleEntities
from newsweave.quotes.speaker_rules import rule_speakers

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["article_quotes", "extract_quotes", "speaker_candidates"]

_PARA_BREAK = re.compile(r"[\n\r\u2028\u2029]")
_MIN_WORDS = 2
DEFAULT_RESOLVER = "rules"  # "learned" when it beats the rules (docs/quotes.md)


def extract_quotes(text: str, nlp: Language | None = None) -> tuple[Quote, ...]:
    """Quotes of ``text`` with their speakers, in one call (see the module contract).

    ``nlp`` is a spaCy pipeline with ``parser`` and ``ner``
    (:func:`newsweave.nlp.load_spacy` ``(ner=True, parser=True)``, loaded when omitted:
    pass one in when calling this for many texts). Article ids in the result are
    ``"text"``.
    """
    from newsweave.entities import mentions_from_doc
    from newsweave.ingest import content_hash

    if nlp is None:
        from newsweave.nlp import load_spacy

        nlp = load_spacy(ner=True, parser=True)
    article = Article(id="text", text=text, content_hash=content_hash(text), origin="text")
    doc = nlp(text)
    return article_quotes(article, doc, mentions_from_doc(article, doc))


def article_quotes(
    article: Article,
    doc: Doc,
    mentions: Sequence[EntityMention],
    sentences: Sequence[Sentence] | None = None,
    *,
    min_confidence: float = MIN_CONFIDENCE,
    resolver: str = DEFAULT_RESOLVER,
) -> tuple[Quote, ...]:
    """Quotes of ``article`` from its parsed ``doc`` (see the module contract).

    ``sentences`` default to the parse's sentences; a direct quote's speaker below
    ``min_confidence`` is left ``None`` (unattributed). ``resolver`` is ``"rules"``
    (:mod:`newsweave.quotes.speaker_rules`) or ``"learned"`` (the rules' candidates
    re-ranked by :mod:`newsweave.quotes.ranker`; its own threshold replaces
    ``min_confidence``). Raises
    :class:`ModelUnavailableError` when ``doc`` has no dependency parse.
    """
    if not doc.has_annotation("DEP"):
        raise ModelUnavailableError(
            "Quote attribution needs spaCy's dependency parser: process the text with "
            "newsweave.nlp.load_spacy(ner=True, parser=True).")
    text = article.text
    spans = sorted((s.start, s.end) for s in sentences) if sentences is not None else [
        (s.start_char, s.end_char) for s in doc.sents]
    marked = find_marked_quotes(text)
    inside = _inside_flags(doc, marked)
    entities = ArticleEntities(text, mentions, inside, doc)
    if resolver not in ("rules", "learned"):
        raise ValueError(f"resolver must be 'rules' or 'learned', not {resolver!r}")
    model = default_speaker_model() if resolver == "learned" else None
    out = direct_quotes(article.id, text, doc, marked, inside, entities,
                        0.0 if model is not None else min_confidence, model)
    masked = mask_quotes(text, marked)
    finder = SpeakerFinder(text, masked, mentions)
    tags = [_resolved(t, text, entities) for t in find_tags(finder, spans)]
    out += _reported(article.id, text, masked, spans, tags, entities)
    out.sort(key=lambda q: (q.start, -q.end))
    return tuple(out)


def speaker_candidates(
    article: Article, doc: Doc, mentions: Sequence[EntityMention]
) -> list[tuple[int, int, list[Candidate]]]:
    """Each direct quotation's span with its candidate speakers and their features
    (:func:`newsweave.quotes.ranker.quote_candidates`): what the learned resolver ranks,
    for training it (``benchmarks/train_quote_speakers.py``)."""
    text = article.text
    marked = find_marked_quotes(text)
    inside = _inside_flags(doc, marked)
    entities = ArticleEntities(text, mentions, inside, doc)
    kept = kept_quotes(text, doc, marked, inside)
    rules = rule_speakers(text, doc, kept, entities)
    cands = quote_candidates(text, kept, rules, entities)
    return [(q.start, q.end, c) for (q, _), c in zip(kept, cands, strict=True)]


def _inside_flags(doc: Doc, marked: Sequence[MarkedQuote]) -> list[bool]:
    flags = [False] * len(doc)
    starts = [t.idx for t in doc]
    for q in marked:
        lo = q.open_mark if q.open_mark is not None else q.start
        hi = q.close_mark + 1 if q.close_mark is not None else q.end
        i = max(0, bisect.bisect_right(starts, lo) - 1)
        while i < len(doc) and doc[i].idx < hi:
            if doc[i].idx + len(doc[i].text) > lo:
                flags[i] = True
            i += 1
    return flags


def _resolved(tag: Tag, text: str, entities: ArticleEntities) -> Tag:
    """A reported-speech tag whose ``he``/``she`` is resolved with gender agreement."""
    if tag.speaker_span is None:
        return tag
    word = text[tag.speaker_span[0]:tag.speaker_span[1]].casefold()
    if word not in ("he", "she"):
        return tag
    ent, conf = entities.resolve_pronoun(tag.speaker_span[0], word, ())
    name = ent.name if ent is not None and conf >= 0.5 else None
    return Tag(tag.verb_start, tag.verb_end, tag.kind, name, tag.speaker_span, tag.content)


def _sentence_of(starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1)


def _same_paragraph(text: str, lo: int, hi: int) -> bool:
    return _PARA_BREAK.search(text, lo, hi) is None


def _reported_quote(
    article_id: str, text: str, lo: int, hi: int, t: Tag, entities: ArticleEntities
) -> Quote:
    ent = entities.entity_at(*t.speaker_span) if t.speaker and t.speaker_span else None
    if ent is not None and t.speaker is not None and ent.name != t.speaker and \
            not ent.name.endswith(t.speaker):
        ent = None
    kind = None if t.speaker is None else (
        "person" if ent is None or ent.type == "PERSON" else "organisation")
    return Quote(article_id, lo, hi, text[lo:hi], t.speaker, t.speaker_span, False,
                 cue_span=(t.verb_start, t.verb_end),
                 speaker_id=ent.id if ent is not None else None,
                 speaker_kind=kind, confidence=0.8 if t.speaker else 0.0)


def _reported(
    article_id: str, text: str, masked: str, spans: list[tuple[int, int]], tags: list[Tag],
    entities: ArticleEntities,
) -> list[Quote]:
    out: list[Quote] = []
    starts = [s for s, _ in spans]
    tagged_sentences = {_sentence_of(starts, t.verb_start) for t in tags}
    for t in tags:
        if t.content is None or t.kind == "partial":
            continue
        lo, hi = t.content
        narrator = masked[lo:hi].replace("#", " ")
        if len(re.findall(r"\w+", narrator)) < _MIN_WORDS:
            continue  # the whole content is a direct quote, already reported
        out.append(_reported_quote(article_id, text, lo, hi, t, entities))
        if t.kind == "trailing" and t.speaker and lx.FIRST_SECOND_PERSON_RE.search(text, lo, hi):
            out.extend(_continuation(article_id, text, masked, spans, starts,
                                     tagged_sentences, t, hi, entities))
    return out


def _continuation(
    article_id: str, text: str, masked: str, spans: list[tuple[int, int]],
    starts: list[int], tagged: set[int], tag: Tag, after: int, entities: ArticleEntities,
) -> list[Quote]:
    """Unmarked first-person sentences that carry on an unmarked statement."""
    out: list[Quote] = []
    k = _sentence_of(starts, after) + 1
    prev_end = after
    while k < len(spans) and k not in tagged:
        lo, hi = spans[k]
        if not _same_paragraph(text, prev_end, lo) or "#" in masked[lo:hi]:
            break
        if not lx.FIRST_SECOND_PERSON_RE.search(text, lo, hi):
            break
        end = hi
        while end > lo and text[end - 1] in " .!?":
            end -= 1
        out.append(_reported_quote(article_id, text, lo, end, tag, entities))
        prev_end, k = hi, k + 1
    return out
