"""QUOTES stage, per story: the same statement across articles, with word differences.

Contract of :func:`story_quotes`:

* Speakers are resolved to the story's entities (:class:`SpeakerResolver`:
  "Blinken" -> "Antony Blinken"); a quote without a speaker stays ``None``.
* Two quotes of *different* articles are the same statement when they have the same
  speaker (both ``None`` counts only for near-identical wording) and their wording is
  similar: the word-sequence similarity (:func:`wording_similarity`, over lower-cased
  words with contractions expanded and "-ing"/"-s" endings dropped) is at least
  :data:`SIMILARITY`. Each quote joins at most one statement; each article at most
  once per statement (its best match).
* The first telling (earliest article in ``articles`` order, then text order) is the
  :class:`StoryQuote`'s quote; the others are :class:`QuoteVariant` records with their
  word-level ``differences`` (``"these" -> "those"``, ``+ "ruling out"``, ``- "not"``).
* **Misquotes**: a variant whose differences add, drop or change a negation or
  polarity word (not, no, never, no longer, rule out, remain...) or a number gets
  ``misquote=True`` and a first difference starting with ``"misquote:"``.
* Statements are returned in the order of their first telling. Cost: quotes are
  bucketed by speaker, so comparisons are quadratic only within one speaker's quotes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher

from newsweave.entities import SpeakerResolver
from newsweave.model import Article, Quote, QuoteVariant, StoryEntity, StoryQuote

__all__ = ["SIMILARITY", "differences", "story_quotes", "wording_similarity"]

SIMILARITY = 0.5
_SAME_WITHOUT_SPEAKER = 0.85
_WORD = re.compile(r"[\w’']+")
_CONTRACTIONS = {
    "n't": " not", "'re": " are", "'m": " am", "'ve": " have", "'ll": " will", "'d": " would",
}
_CONTRACTION = re.compile(r"(n't|'re|'m|'ve|'ll|'d)\b")
_ITS = re.compile(r"\b(it|that|this|there|what|he|she)'s\b")
_POLARITY = frozenset(
    """not no never nobody nothing none neither nor without cannot longer
    rule ruling ruled rules remain remains remained deny denies denied""".split()
)
_NUMBER = re.compile(r"\d")


def _words(text: str) -> list[str]:
    text = text.casefold().replace("’", "'")
    text = _ITS.sub(r"\1 is", text)
    text = _CONTRACTION.sub(lambda m: _CONTRACTIONS[m.group(1)], text)
    return _WORD.findall(text)


def _stem(word: str) -> str:
    for suffix in ("ing", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


def wording_similarity(a: str, b: str) -> float:
    """Ratcliff-Obershelp similarity of the two texts' normalised word sequences."""
    wa, wb = [_stem(w) for w in _words(a)], [_stem(w) for w in _words(b)]
    if not wa or not wb:
        return 0.0
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def _similarity_above(wa: list[str], wb: list[str], threshold: float) -> float:
    """:func:`wording_similarity` of two stemmed word lists when it can reach ``threshold``;
    else a value below it. The cheap upper bounds of ``SequenceMatcher`` (length ratio,
    shared multiset) skip most pairs of a large story without the full match."""
    if not wa or not wb or 2.0 * min(len(wa), len(wb)) / (len(wa) + len(wb)) < threshold:
        return 0.0
    matcher = SequenceMatcher(None, wa, wb, autojunk=False)
    if matcher.quick_ratio() < threshold:
        return 0.0
    return matcher.ratio()


def differences(a: str, b: str) -> tuple[tuple[str, ...], bool]:
    """Word-level differences from ``a`` to ``b`` and whether they are material."""
    wa, wb = _words(a), _words(b)
    out: list[str] = []
    material = False
    for op, i1, i2, j1, j2 in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        old, new = " ".join(wa[i1:i2]), " ".join(wb[j1:j2])
        out.append(f'+ "{new}"' if op == "insert" else f'- "{old}"' if op == "delete"
                   else f'"{old}" -> "{new}"')
        changed = set(wa[i1:i2]) ^ set(wb[j1:j2])
        if changed & _POLARITY or any(_NUMBER.search(w) for w in changed):
            material = True
    if material:
        out.insert(0, "misquote: the wording changes a negation, polarity or number")
    return tuple(out), material


def story_quotes(
    quotes_by_article: Mapping[str, Sequence[Quote]],
    entities: Sequence[StoryEntity],
    articles: Sequence[Article],
) -> tuple[StoryQuote, ...]:
    """The story's statements with their variants across articles (see module contract)."""
    resolver = SpeakerResolver(entities)
    order = {a.id: i for i, a in enumerate(articles)}
    items = sorted(
        ((order.get(aid, len(order)), q) for aid, qs in quotes_by_article.items() for q in qs),
        key=lambda t: (t[0], t[1].start),
    )
    buckets: dict[str | None, list[tuple[Quote, str | None]]] = {}
    for _, q in items:
        speaker = resolver.canonical(q.speaker) if q.speaker else None
        buckets.setdefault(speaker, []).append((q, speaker))
    statements: list[tuple[int, int, StoryQuote]] = []
    for speaker, bucket in buckets.items():
        threshold = SIMILARITY if speaker is not None else _SAME_WITHOUT_SPEAKER
        words = [[_stem(w) for w in _words(q.text)] for q, _ in bucket]  # once per quote
        taken: set[int] = set()
        for i, (first, _) in enumerate(bucket):
            if i in taken:
                continue
            taken.add(i)
            best: dict[str, tuple[float, int]] = {}
            for j in range(i + 1, len(bucket)):
                other = bucket[j][0]
                if j in taken or other.article_id == first.article_id:
                    continue
                sim = _similarity_above(words[i], words[j], threshold)
                if sim >= threshold and sim > best.get(other.article_id, (0.0, -1))[0]:
                    best[other.article_id] = (sim, j)
            variants = []
            for _, j in sorted(best.values(), key=lambda t: t[1]):
                taken.add(j)
                other = bucket[j][0]
                diffs, material = differences(first.text, other.text)
                variants.append(QuoteVariant(other.article_id, other.text, diffs,
                                             (other.start, other.end), misquote=material))
            ent = resolver.entity(first.speaker) if first.speaker and \
                first.speaker_kind != "description" else None
            statements.append((order.get(first.article_id, len(order)), first.start,
                               StoryQuote(speaker, first, tuple(variants),
                                          ent.name if ent is not None else None)))
    statements.sort(key=lambda t: (t[0], t[1]))
    return tuple(s for _, _, s in statements)
