"""QUOTES stage, per article: direct and reported quotations with their speakers.

Contract of :func:`extract_quotes` (pure; inputs are the article, its sentences from
:mod:`newsweave.sentences` and its mentions from :func:`newsweave.entities.extract_mentions`):

* Output: :class:`Quote` records in text order; ``text == article.text[start:end]``.
* Direct quotes (``direct=True``) are the spans in quotation marks
  (:func:`newsweave.quotes.marks.find_marked_quotes`: curly or straight marks, several
  sentences, partial quotes, a missing opening or closing mark).
* Reported speech (``direct=False``) is the clause a reporting verb governs, quoted or
  not: "Blinken said China is not ready", "It's absolutely vital ..., Blinken said.",
  "..., tweeted Nikki Haley", ", saying that ...", "..., according to X".
  A quotation that is the whole of what a verb reports is only reported once (direct).
* Speakers (:mod:`newsweave.quotes.attribute`): for a direct quote, the tag right after
  it in its last sentence ("...,” Blinken said"), else the nearest tag before it in its
  first sentence ("X called the talks “...”"), else the speaker of the quotation before
  it (then after it) in the same paragraph. Unquoted first-person sentences right after
  an unquoted statement continue it ("..., Blinken said. It's something we ...").
  ``speaker`` is ``None`` when nothing names one; names are the article's fullest
  spelling ("Blinken" -> "Antony Blinken" when the article says so).

Time is linear in the article length (one pass per sentence; mention look-ups are
binary searches).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from newsweave.model import Article, EntityMention, Quote, Sentence
from newsweave.quotes import lexicon as lx
from newsweave.quotes.attribute import SpeakerFinder, Tag, find_tags
from newsweave.quotes.marks import MarkedQuote, find_marked_quotes, mask_quotes

__all__ = ["extract_quotes", "extract_quotes_text"]

_PARA_BREAK = re.compile(r"[\n\r\u2028\u2029]")
_MIN_WORDS = 2


def extract_quotes(
    article: Article, sentences: Sequence[Sentence], mentions: Sequence[EntityMention]
) -> tuple[Quote, ...]:
    """Quotations of ``article`` with their speakers (see the module contract)."""
    spans = [(s.start, s.end) for s in sentences]
    return extract_quotes_text(article.id, article.text, spans, mentions)


def extract_quotes_text(
    article_id: str,
    text: str,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[EntityMention],
) -> tuple[Quote, ...]:
    """:func:`extract_quotes` on a bare text with ``(start, end)`` sentence spans."""
    marked = find_marked_quotes(text)
    masked = mask_quotes(text, marked)
    finder = SpeakerFinder(text, masked, mentions)
    spans = sorted(sentences)
    tags = find_tags(finder, spans)
    out = _direct(article_id, text, masked, spans, marked, tags)
    out += _reported(article_id, text, masked, spans, tags)
    out.sort(key=lambda q: (q.start, -q.end))
    return tuple(out)


def _sentence_of(starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1)


def _direct(
    article_id: str, text: str, masked: str, spans: list[tuple[int, int]],
    marked: Sequence[MarkedQuote], tags: list[Tag],
) -> list[Quote]:
    starts = [s for s, _ in spans]
    tag_starts = [t.verb_start for t in tags]
    chosen: list[Tag | None] = []
    for q in marked:
        chosen.append(_tag_for(q, spans, starts, tags, tag_starts, masked))
    # Quotes without a tag take the speaker of a neighbour in the same paragraph.
    speakers: list[tuple[str | None, tuple[int, int] | None]] = [
        (t.speaker, t.speaker_span) if t else (None, None) for t in chosen
    ]
    for i in range(len(marked)):
        if chosen[i] is not None:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(marked) and chosen[j] is not None and _same_paragraph(
                text, marked[min(i, j)].end, marked[max(i, j)].start
            ):
                speakers[i] = speakers[j]
                break
    return [
        Quote(article_id, q.start, q.end, text[q.start:q.end], name, span, True)
        for q, (name, span) in zip(marked, speakers, strict=True)
    ]


def _tag_for(
    q: MarkedQuote, spans: list[tuple[int, int]], starts: list[int], tags: list[Tag],
    tag_starts: list[int], masked: str,
) -> Tag | None:
    last = spans[_sentence_of(starts, q.end - 1)] if spans else (0, len(masked))
    first = spans[_sentence_of(starts, q.start)] if spans else (0, len(masked))
    i = bisect.bisect_left(tag_starts, q.end)
    if i < len(tags) and tags[i].verb_start < last[1] and tags[i].kind != "partial":
        t = tags[i]
        lo = q.close_mark + 1 if q.close_mark is not None else q.end
        between = masked[lo:t.verb_start]
        if "#" not in between and (t.kind == "trailing" or len(between.split()) <= 6):
            return t
    j = bisect.bisect_left(tag_starts, q.start) - 1
    if j >= 0 and tags[j].verb_start >= first[0]:
        return tags[j]
    return None


def _same_paragraph(text: str, lo: int, hi: int) -> bool:
    return _PARA_BREAK.search(text, lo, hi) is None


def _reported(
    article_id: str, text: str, masked: str, spans: list[tuple[int, int]], tags: list[Tag]
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
        out.append(Quote(article_id, lo, hi, text[lo:hi], t.speaker, t.speaker_span, False))
        if t.kind == "trailing" and t.speaker and lx.FIRST_SECOND_PERSON_RE.search(text, lo, hi):
            out.extend(_continuation(article_id, text, masked, spans, starts,
                                     tagged_sentences, t, hi))
    return out


def _continuation(
    article_id: str, text: str, masked: str, spans: list[tuple[int, int]],
    starts: list[int], tagged: set[int], tag: Tag, after: int,
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
        out.append(Quote(article_id, lo, end, text[lo:end], tag.speaker, tag.speaker_span, False))
        prev_end, k = hi, k + 1
    return out
