"""Pairing quotation marks into direct-quote spans, robust to broken punctuation.

Contract of :func:`find_marked_quotes`: returns :class:`MarkedQuote` records in text
order, non-overlapping, each a span of the given text without the marks themselves,
without surrounding whitespace and without a trailing comma. It never raises on
unbalanced marks. Rules, per paragraph (a line; news quotes that run on into the next
paragraph reopen with a new mark there):

* ``“`` opens and ``”`` closes; a straight ``"`` opens when it follows whitespace, an
  opening bracket or the paragraph start, and closes otherwise. ``«``/``»`` likewise.
  Single quotes are ignored: ``’`` is far more often an apostrophe.
* A closing mark with no opening one (the 06-20 seed: ``...and we did all of that,”
  Blinken said.``) opens at the paragraph start or after the previous quote's close.
* An opening mark that is never closed runs to the next opening mark or the end of
  the paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MarkedQuote", "find_marked_quotes", "mask_quotes"]

_OPEN = frozenset("“«")
_CLOSE = frozenset("”»")
_STRAIGHT = '"'
_PARAGRAPH = re.compile(r"[^\n\r\u2028\u2029]+")
_WORD = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class MarkedQuote:
    """A span inside quotation marks; ``open_mark``/``close_mark`` are the marks' offsets.

    ``open_mark`` is ``None`` when the opening mark is missing, ``close_mark`` when the
    closing one is.
    """

    start: int
    end: int
    open_mark: int | None
    close_mark: int | None


def _is_opening_straight(text: str, i: int, para_start: int) -> bool:
    return i == para_start or text[i - 1].isspace() or text[i - 1] in "([{—–-/"


def find_marked_quotes(text: str) -> tuple[MarkedQuote, ...]:
    """Every quotation of ``text`` that sits in quotation marks (see the module contract)."""
    out: list[MarkedQuote] = []
    for para in _PARAGRAPH.finditer(text):
        out.extend(_paragraph_quotes(text, para.start(), para.end()))
    return tuple(out)


def _paragraph_quotes(text: str, start: int, end: int) -> list[MarkedQuote]:
    found: list[MarkedQuote] = []
    open_at: int | None = None
    floor = start  # where a quote with a missing opening mark may start
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN or (ch == _STRAIGHT and _is_opening_straight(text, i, start)):
            if open_at is not None:  # two openings: the first quote was never closed
                _emit(found, text, open_at + 1, i, open_at, None)
            open_at = i
        elif ch in _CLOSE or ch == _STRAIGHT:
            if open_at is not None:
                _emit(found, text, open_at + 1, i, open_at, i)
            else:
                _emit(found, text, floor, i, None, i)
            open_at = None
            floor = i + 1
    if open_at is not None:
        _emit(found, text, open_at + 1, end, open_at, None)
    return found


def _emit(
    found: list[MarkedQuote], text: str, start: int, end: int,
    open_mark: int | None, close_mark: int | None,
) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if _WORD.search(text, start, end):
        found.append(MarkedQuote(start, end, open_mark, close_mark))


def mask_quotes(text: str, quotes: tuple[MarkedQuote, ...]) -> str:
    """``text`` with every quoted span (marks included) replaced by ``#`` of equal length.

    Offsets are unchanged, so patterns run on the mask find only the narrator's words.
    """
    chars = list(text)
    for q in quotes:
        lo = q.open_mark if q.open_mark is not None else q.start
        hi = q.close_mark + 1 if q.close_mark is not None else q.end
        for i in range(lo, hi):
            if chars[i] not in "\n\r":
                chars[i] = "#"
    return "".join(chars)
