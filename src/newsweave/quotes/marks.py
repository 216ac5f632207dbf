"""Pairing quotation marks into direct-quote spans, robust to broken punctuation.

Contract of :func:`find_marked_quotes`: returns :class:`MarkedQuote` records in text
order, non-overlapping, each a span of the given text without the marks themselves,
without surrounding whitespace and without a trailing comma. It never raises and no
span is longer than the run of lines (paragraphs) its marks belong to. Rules:

* Marks: ``“``/``”``, ``«``/``»``, ``„`` and newswire ``````…``''`` open and close; a
  straight ``"`` (and a doubled apostrophe ``''`` used as one) opens when it is
  followed by a word and preceded by whitespace, a bracket or the line start, closes
  when it follows a word or punctuation, and otherwise toggles (detokenised text puts
  spaces on both sides: ``street, " a witness``). Single quotes are ignored: ``’`` is
  far more often an apostrophe.
* Inside a quote, an opening curly mark on the same line nests (``“The “Mean Girls”
  star …”``); the outer span is the quote.
* A closing mark with no opening one (``...and we did all of that,” Blinken said.``)
  opens at the line start or after the previous quote's close.
* A quote left open at the end of a line runs on over the following lines when the
  first mark after it closes it (``“I'm mad inside.⏎I'm angry.⏎That's why I'm here.”``),
  at most :data:`MAX_LINES` lines. When the next mark opens a new quote at a line
  start (the newswire convention for a quote continued in a new paragraph), the open
  quote ends at the end of the last line before it (at most :data:`MAX_LINES` lines);
  otherwise (narration follows, or nothing) it ends at the end of its own line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["MAX_LINES", "MarkedQuote", "find_marked_quotes", "mask_quotes"]

MAX_LINES = 8
_MARK = re.compile(r"``|''|[“”«»„\"]")
_WORD = re.compile(r"\w")
_OPENERS_BEFORE = "([{—–-/"
_TAG_VERB = re.compile(
    r"\b(?:said|says|told|tells|asked|asks|added|adds|explained|wrote|writes|stated|noted|"
    r"continued|insisted|argued|according|tweeted|posted)\b")
MarkKind = Literal["open", "close", "straight"]


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


@dataclass(frozen=True, slots=True)
class _Mark:
    pos: int
    length: int
    kind: MarkKind
    line: int

    @property
    def after(self) -> int:
        return self.pos + self.length


def _marks(text: str, line_starts: list[int]) -> list[_Mark]:
    out: list[_Mark] = []
    for m in _MARK.finditer(text):
        s = m.group(0)
        if s == "''" and m.start() > 0 and text[m.start() - 1] == "'":
            continue  # "'''": a single quote then a doubled one; the regex took the first two
        kind: MarkKind = "open" if s in ("“", "«", "„", "``") else "close" if s in ("”", "»") \
            else "straight"
        line = bisect.bisect_right(line_starts, m.start()) - 1
        out.append(_Mark(m.start(), len(s), kind, line))
    return out


def _straight_role(text: str, mark: _Mark, line_start: int, line_end: int) -> str:
    """``open``, ``close`` or ``either`` for a straight mark, from its neighbours."""
    before = text[mark.pos - 1] if mark.pos > line_start else "\n"
    after = text[mark.after] if mark.after < len(text) else "\n"
    if (before.isspace() or before in _OPENERS_BEFORE) and not after.isspace():
        if not (_WORD.match(after) or after in "(['‘$#@.…"):
            return "either"
        if text[max(line_start, mark.pos - 2):mark.pos] in (", ", "? ", "! ") and \
                not _MARK.search(text, mark.after, line_end):
            # Detokenised text glues a closing mark to the next word: 'experience, "Gaskin
            # told the Herald.' A short tag after, a long quote before: it closes.
            after_text = text[mark.after:line_end]
            n_after = len(after_text.split())
            if n_after <= 8 and n_after < len(text[line_start:mark.pos].split()) and \
                    _TAG_VERB.search(after_text):
                return "either"
        return "open"
    if not before.isspace():
        return "close"
    return "either"


class _Lines:
    """Line starts and ends of a text, for the mark rules."""

    def __init__(self, text: str) -> None:
        self.text = text
        breaks = [m.start() for m in re.finditer(r"[\n\r\u2028\u2029]", text)]
        self.starts = [0] + [b + 1 for b in breaks]
        self.ends = [*breaks, len(text)]

    def role(self, mark: _Mark) -> str:
        if mark.kind == "open" and mark.pos > 0 and not self.text[mark.pos - 1].isspace() \
                and self.text[mark.after:mark.after + 1] in (",", ".", ";", "\n", ""):
            return "close"  # 'there goes the parade “, the mayor said': a mistyped close
        if mark.kind != "straight":
            return mark.kind
        return _straight_role(self.text, mark, self.starts[mark.line], self.ends[mark.line])

    def opens(self, mark: _Mark) -> bool:
        return self.role(mark) == "open"

    def closes(self, mark: _Mark) -> bool:
        return self.role(mark) != "open"

    def at_line_start(self, mark: _Mark) -> bool:
        return self.text[self.starts[mark.line]:mark.pos].strip() == ""


def find_marked_quotes(text: str) -> tuple[MarkedQuote, ...]:
    """Every quotation of ``text`` that sits in quotation marks (see the module contract)."""
    lines = _Lines(text)
    marks = _marks(text, lines.starts)
    found: list[MarkedQuote] = []
    i = 0
    floor = 0  # a quote without an opening mark starts after the previous close
    while i < len(marks):
        m = marks[i]
        role = lines.role(m)
        same_line_next = i + 1 < len(marks) and marks[i + 1].line == m.line
        if role != "open" and m.kind == "straight" and _opens_next_line(lines, marks, i):
            # '…objected."⏎She's in rehab.⏎Nothing bad will happen. "': detokenised text
            # left the next line's opening mark at the end of this one.
            role = "open"
        if role == "open" or (role == "either" and same_line_next):
            close = _find_close(lines, marks, i)
            if close is not None:
                _emit(found, text, m.after, marks[close].pos, m.pos, marks[close].pos)
                floor, i = marks[close].after, close + 1
                continue
            end_line = _run_end(lines, marks, i)
            _emit(found, text, m.after, lines.ends[end_line], m.pos, None)
            floor = lines.ends[end_line]
            i += 1
            while i < len(marks) and marks[i].line <= end_line:
                i += 1
            continue
        if _glued_title(lines, marks, i, floor):
            # 'notes, "Marlow wrote in" Quiet Rooms: A Memoir "(2011)': detokenised text
            # glued a title's marks to the words outside it; they enclose the title.
            _emit(found, text, m.after, marks[i + 1].pos, m.pos, marks[i + 1].pos)
            floor, i = marks[i + 1].after, i + 2
            continue
        _emit(found, text, max(lines.starts[m.line], floor), m.pos, None, m.pos)
        floor = m.after
        i += 1
    return tuple(found)


def _glued_title(lines: _Lines, marks: list[_Mark], i: int, floor: int) -> bool:
    """A straight mark glued to the word before it (``in" Secret``) right after a quote
    closed on the same line, and the next straight mark of the line glued to what
    follows it (``Throat "(2006)``): the pair is inverted and opens, then closes."""
    m = marks[i]
    text = lines.text
    if m.kind != "straight" or i + 1 >= len(marks) or floor <= lines.starts[m.line] or \
            not text[m.pos - 1:m.pos].isalnum() or \
            not re.match(r" [\w(]", text[m.after:m.after + 2]):
        return False
    nxt = marks[i + 1]
    return nxt.kind == "straight" and nxt.line == m.line and \
        text[nxt.pos - 1:nxt.pos] == " " and nxt.after < len(text) and \
        not text[nxt.after].isspace()


def _find_close(lines: _Lines, marks: list[_Mark], i: int) -> int | None:
    """Index of the mark closing ``marks[i]`` (same-line opens nest), or ``None``."""
    opener = marks[i]
    depth = 0
    for j in range(i + 1, len(marks)):
        m = marks[j]
        if m.line - opener.line >= MAX_LINES:
            return None
        role = lines.role(m)
        if m.line != opener.line and role == "open" and lines.at_line_start(m):
            return None  # a new quote (paragraph) opens: the open one ended before it
        if role == "open" and m.kind == "straight" and depth == 0 and (
                m.line != opener.line or text_before_is_tag_end(lines.text, m.pos)):
            return j  # detokenised '..., "said X': a straight mark inside a quote closes it
        if role == "open":
            depth += 1
        elif depth == 0:
            return j
        else:
            depth -= 1
    return None


def _opens_next_line(lines: _Lines, marks: list[_Mark], i: int) -> bool:
    m = marks[i]
    text = lines.text
    if text[m.after:lines.ends[m.line]].strip() or i + 1 >= len(marks) or \
            text[m.pos - 1:m.pos] not in (".", "!", "?") or \
            sum(1 for k in marks[:i] if k.line == m.line) % 2:
        return False  # it closes a quote opened earlier on its line
    nxt = marks[i + 1]
    return 0 < nxt.line - m.line <= 3 and lines.role(nxt) != "open" and not \
        lines.at_line_start(nxt)


def text_before_is_tag_end(text: str, pos: int) -> bool:
    """``… again, "said`` / ``him? " Colts``: punctuation then a space before the mark."""
    return text[max(0, pos - 2):pos] in (", ", "? ", "! ", ". ")


def _run_end(lines: _Lines, marks: list[_Mark], i: int) -> int:
    """Last line of an unclosed quote opened by ``marks[i]`` (see the module contract)."""
    opener = marks[i]
    nxt = next((m for m in marks[i + 1:] if m.line > opener.line), None)
    if nxt is not None and lines.opens(nxt) and lines.at_line_start(nxt) and \
            nxt.line - opener.line <= 3:
        return nxt.line - 1
    return opener.line


def _emit(
    found: list[MarkedQuote], text: str, start: int, end: int,
    open_mark: int | None, close_mark: int | None,
) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if _WORD.search(text, start, end) and (not found or start >= found[-1].end):
        found.append(MarkedQuote(start, end, open_mark, close_mark))


def mask_quotes(text: str, quotes: tuple[MarkedQuote, ...]) -> str:
    """``text`` with every quoted span (marks included) replaced by ``#`` of equal length.

    Offsets are unchanged, so patterns run on the mask find only the narrator's words.
    """
    chars = list(text)
    for q in quotes:
        lo = q.open_mark if q.open_mark is not None else q.start
        hi = q.close_mark + 1 if q.close_mark is not None else q.end
        if q.close_mark is not None and text.startswith("''", q.close_mark):
            hi += 1
        for i in range(lo, hi):
            if chars[i] not in "\n\r":
                chars[i] = "#"
    return "".join(chars)
