"""Speech tags ("Blinken said", "said X", ", according to X") and who they name.

A :class:`Tag` is a reporting verb found in the narrator's words (quotations are
masked first, :func:`newsweave.quotes.marks.mask_quotes`), with the speaker it names
and, for reported speech, the span of what was said. :class:`SpeakerFinder` turns the
words around a verb into a speaker, in this order:

1. a named mention (spaCy NER) in the subject (or, for an inverted tag, the object)
   phrase, persons first;
2. ``he``/``she``/a role noun ("the diplomat") -> the person last mentioned outside
   quotations; ``who`` -> the name right before it; ``it``/``the company`` -> the
   organisation last mentioned;
3. a definite noun phrase ("the safety office", "agency records") -> the last
   organisation of the article whose name holds its head word;
4. a run of capitalised words that spaCy missed ("Tandem said") -> those words.

Anything else (``officials``, ``two people familiar with the deal``, ``they``) gives
``None``: a speaker is never invented.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from newsweave.quotes import lexicon as lx
from newsweave.quotes.speakers import SpeakerFinder

__all__ = ["SpeakerFinder", "Tag", "find_tags"]

TagKind = Literal["leading", "trailing", "partial"]

_WORD = re.compile(r"[\w’'.-]+")
# "said (on Thursday / in a statement / only) that ...": adjunct words before "that".
_ADJUNCT = (
    r"(?:[A-Z][\w’'.-]*|\d[\w,.]*|on|in|at|during|after|before|last|this|only|also|later|"
    r"earlier|to|the|a|an|his|her|its|their|reporters|journalists|staff|council|court|"
    r"analysts|statement|interview|conference|briefing|news|press|call|filing|meeting|"
    r"week|month|year|night|morning|afternoon|evening|radio|television|public|separately|"
    r"previously|repeatedly|with|of|by|a|\w+day|ago|two|three|days|weeks|petition|page)"
)
_THAT_WITHIN = re.compile(rf"\s*(?:{_ADJUNCT}[\s,-]+){{0,9}}?that\b\s*")
_TERMINAL = " \t.,!?;:#”\"’'"
_CUT = re.compile(r",\s+(?:according to|adding|saying|noting|he said|she said|but)\b|;\s")
_RELATIVE = frozenset({"who", "which", "whom", "that"})
_CONJ = frozenset({"and", "but", "then", "or"})


@dataclass(frozen=True, slots=True)
class Tag:
    """A reporting verb and what it attributes (offsets into the article text)."""

    verb_start: int
    verb_end: int
    kind: TagKind
    speaker: str | None
    speaker_span: tuple[int, int] | None
    content: tuple[int, int] | None


def _segments(masked: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Comma-separated pieces of ``masked[lo:hi]`` (the subject phrase lives in one)."""
    out, start = [], lo
    for m in re.finditer(r"[,;:]|#+", masked[lo:hi]):
        out.append((start, lo + m.start()))
        start = lo + m.end()
    out.append((start, hi))
    return out


def _first_word(text: str, lo: int, hi: int) -> str:
    m = _WORD.search(text, lo, hi)
    return m.group(0) if m else ""


def _subject(
    finder: SpeakerFinder, s_lo: int, verb: int
) -> tuple[str | None, tuple[int, int] | None, int]:
    """Speaker of a verb from the words before it; also returns where the phrase starts."""
    text, masked = finder.text, finder.masked
    end = verb
    # Drop adverbs and auxiliaries between subject and verb ("Blinken also said").
    while True:
        m = re.search(r"(\w+)\s*$", text[s_lo:end])
        if m is None or m.group(1).casefold() not in lx.ADVERBS:
            break
        end = s_lo + m.start()
    segs = _segments(masked, s_lo, end)
    k = len(segs) - 1
    lo, hi = segs[k]
    first = _first_word(text, lo, hi).casefold()
    if first in _RELATIVE and k > 0 and len(_WORD.findall(text[lo:hi])) == 1:
        # "..., Chief Inspector Ruairi Gallagher, who said"
        name, span = finder.phrase(*segs[k - 1], last=True)
        return name, span, segs[k - 1][0]
    words = _WORD.findall(text[lo:hi])
    if first in _RELATIVE and len(words) > 1:  # "..., which Blinken said"
        name, span = finder.phrase(lo + text[lo:hi].find(words[1]), hi)
        return name, span, lo
    if words and words[-1].casefold() in _CONJ:  # "... called the walkout and said"
        name, span = finder.phrase(s_lo, hi, first_person=True)
        return name, span, s_lo
    # ", said": skip back over an appositive ("Tobias Reinholt, chief executive of ..., said").
    if not words and k > 0:
        k -= 1
        lo, hi = segs[k]
        words = _WORD.findall(text[lo:hi])
        while k > 0 and (not words or words[0][:1].islower()):
            k -= 1
            lo, hi = segs[k]
            words = _WORD.findall(text[lo:hi])
    name, span = finder.phrase(lo, hi)
    return name, span, lo


def _after_speaker(finder: SpeakerFinder, v_end: int, s_hi: int) -> tuple[str | None, tuple[
        int, int] | None]:
    """Speaker named after an inverted verb ("said Tobias Reinholt, the group's ...")."""
    text = finder.text
    stop = s_hi
    m = re.search(r"[.;]|,\s+(?:who|which|whose|speaking|adding|saying)\b", text[v_end:s_hi])
    if m:
        stop = v_end + m.start()
    found = finder.in_range(v_end, stop)
    persons = [x for x in found if finder.is_person(x)]
    pick = persons[0] if persons else (found[0] if found else None)
    if pick is not None:
        return finder.name(pick), (pick.start, pick.end)
    first_comma = text.find(",", v_end, stop)
    return finder.phrase(v_end, first_comma if first_comma > 0 else stop)


def _content_end(masked: str, lo: int, hi: int) -> int:
    cut = _CUT.search(masked, lo, hi)
    if cut:
        hi = cut.start()
    while hi > lo and masked[hi - 1] in _TERMINAL:
        hi -= 1
    return hi


def find_tags(
    finder: SpeakerFinder, sentences: Sequence[tuple[int, int]]
) -> list[Tag]:
    """Every speech tag of the article, sentence by sentence, in text order."""
    tags: list[Tag] = []
    for s_lo, s_hi in sentences:
        tags.extend(_sentence_tags(finder, s_lo, s_hi))
    return tags


def _content_after(masked: str, verb: str, ve: int, s_hi: int) -> tuple[int, int] | None:
    """What a leading verb reports: the clause after it ("said (that) ...")."""
    rest = masked[ve:s_hi]
    that = _THAT_WITHIN.match(rest)
    if that:
        lo = ve + that.end()
    elif verb in lx.BARE_CLAUSE_VERBS:
        lo = ve + len(rest) - len(rest.lstrip())
        first = _first_word(masked, lo, s_hi).casefold()
        two = " ".join(w.casefold() for w in _WORD.findall(masked[lo:lo + 20])[:2])
        if not first or masked[lo:lo + 1] in ",.:#" or (
            first in lx.POST_TAG_WORDS and two not in {"at least", "more than", "as many"}
        ):
            return None
    else:
        return None
    hi = _content_end(masked, lo, s_hi)
    return (lo, hi) if len(_WORD.findall(masked[lo:hi])) >= 2 else None


def _is_trailing(masked: str, s_lo: int, phrase_lo: int, verb: str, ve: int, s_hi: int) -> bool:
    before = masked[s_lo:phrase_lo].rstrip()
    if not before or before[-1] not in ",#":
        return False
    rest = masked[ve:s_hi].strip()
    if not rest or rest[0] in ".,;!?#":
        return True
    first = _first_word(masked, ve, s_hi).casefold()
    if first == "that" or _THAT_WITHIN.match(masked, ve, s_hi):
        return False
    return first in lx.POST_TAG_WORDS or (
        verb in lx.OBJECT_FIRST_VERBS and not _THAT_WITHIN.match(masked[ve:s_hi])
    )


_NOT_INVERTED = frozenset("that he she it they we i you there this".split())


def _inverted(finder: SpeakerFinder, ve: int, s_hi: int) -> bool:
    """"..., said Tobias Reinholt": a speaker, not a clause, follows the verb."""
    masked = finder.masked
    words = list(_WORD.finditer(masked, ve, s_hi))[:4]
    if not words or words[0].group(0).casefold() in _NOT_INVERTED | lx.POST_TAG_WORDS:
        return False
    for w in words:
        if w.group(0).casefold() == "that":
            return False
        if finder.in_range(w.start(), s_hi)[:1] and finder.in_range(w.start(), s_hi)[0].start \
                == w.start():
            return True
    return words[0].group(0)[:1].isupper()


def _sentence_tags(finder: SpeakerFinder, s_lo: int, s_hi: int) -> list[Tag]:
    text, masked = finder.text, finder.masked
    tags: list[Tag] = []
    for m in lx.PARTIAL_RE.finditer(masked, s_lo, s_hi):
        verb, v, ve = m.group(0), m.start(), m.end()
        before = masked[s_lo:v].rstrip()
        if (verb in lx.SPEECH_VERBS and before and before[-1] in ",#"
                and _inverted(finder, ve, s_hi)):
            name, span = _after_speaker(finder, ve, s_hi)
            hi = _content_end(masked, s_lo, len(before) + s_lo)
            tags.append(Tag(v, ve, "trailing", name, span, (s_lo, hi) if hi > s_lo else None))
            continue
        name, span, phrase_lo = _subject(finder, s_lo, v)
        if verb not in lx.SPEECH_VERBS:
            tags.append(Tag(v, ve, "partial", name, span, None))
        elif _is_trailing(masked, s_lo, phrase_lo, verb, ve, s_hi):
            hi = _content_end(masked, s_lo, phrase_lo)
            tags.append(Tag(v, ve, "trailing", name, span, (s_lo, hi) if hi > s_lo else None))
        else:
            tags.append(Tag(v, ve, "leading", name, span, _content_after(masked, verb, ve, s_hi)))
    for m in lx.PARTICIPLE_RE.finditer(masked, s_lo, s_hi):
        prior = [t for t in tags if t.verb_end <= m.start()]
        if prior:
            name, span = prior[-1].speaker, prior[-1].speaker_span
        else:
            name, span = finder.phrase(s_lo, m.start(), first_person=True)
        that = _THAT_WITHIN.match(masked, m.end(), s_hi)
        lo = that.end() if that else m.end()
        hi = _content_end(masked, lo, s_hi)
        tags.append(Tag(m.start("verb"), m.end("verb"), "leading", name, span,
                        (lo, hi) if hi > lo else None))
    for m in lx.FOR_GERUND_RE.finditer(masked, s_lo, s_hi):
        found = finder.in_range(s_lo, m.start())
        obj = found[-1] if found else None
        hi = _content_end(masked, m.end(), s_hi)
        tags.append(Tag(m.start(), m.end(), "leading", finder.name(obj) if obj else None,
                        (obj.start, obj.end) if obj else None,
                        (m.end(), hi) if hi > m.end() else None))
    for m in lx.ACCORDING_RE.finditer(masked, s_lo, s_hi):
        if any(t.verb_start < m.start() for t in tags):
            continue  # "..., Xi said, according to a transcript": the tag already names him
        if not masked[s_lo:m.start()].strip():
            comma = masked.find(",", m.end(), s_hi)
            if comma < 0:
                continue
            name, span = finder.phrase(m.end(), comma, source=True)
            hi = _content_end(masked, comma + 1, s_hi)
            lo = comma + 1 + len(text[comma + 1:hi]) - len(text[comma + 1:hi].lstrip())
            tags.append(Tag(m.start(), m.end(), "leading", name, span, (lo, hi)))
        else:
            stop = re.search(r"[,;.]", masked[m.end():s_hi])
            name, span = finder.phrase(
                m.end(), m.end() + stop.start() if stop else s_hi, source=True)
            hi = _content_end(masked, s_lo, m.start())
            tags.append(Tag(m.start(), m.end(), "trailing", name, span, (s_lo, hi)))
    tags.sort(key=lambda t: t.verb_start)
    return tags
