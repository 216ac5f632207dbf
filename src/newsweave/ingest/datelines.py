"""Publication dates read from an article's own dateline, for articles whose metadata has none.

News pages print their date near the top: a line of its own (``Posted: May 24, 2005``,
``27 NOVEMBER, 2005 |``, ``Dec 23, 2012 3:20pm``, ``Last Updated: Tuesday, 14 March
2017, 09:41 GMT``, ``Updated 09/14/2013 01:03 PM``) or a wire-style prefix of the first
paragraph (``LONDON, May 24, 2005 - The Senate ...``). :func:`infer_dateline` looks for
one in the title and the first three lines of the text and returns the date it states.

What counts as a dateline (documented so it can be checked):

* a **dateline line**: at most 100 characters holding one full date (day, month and
  year) and otherwise only labels (posted, published, updated, last updated, modified,
  first published, date, on, at), weekday names, clock times, time-zone abbreviations,
  punctuation and at most two other words (a city, an outlet tag such as ``UK``);
* a **dateline prefix** of the first text line: an optional upper-case place name and
  comma, the date, an optional ``(AGENCY)``, then a dash, bar or colon and the story.

Dates are written ``May 24, 2005`` / ``Dec. 20 2005`` / ``24 May 2005`` / ``27 NOVEMBER,
2005`` (month names and their abbreviations, any case, ordinals allowed), ISO
``2005-05-24`` (or with ``/`` or ``.``), or numeric ``09/14/2013`` and ``09/10/10``: with
``/`` an ambiguous day and month (both at most 12) are read month first, as US news
sites print them; with ``.`` or ``-`` day first. A two-digit year is 20YY up to 30 and
19YY above. Spaces around separators are tolerated (``09 / 14 / 2013``, ``3: 35
pm``: text converted from tokenised corpora looks like that).

A date is only accepted when it exists in the calendar, its year is at least
``earliest_year`` (1900) and it is not after ``today`` (the day of the run): a
dateline cannot be in the future of the article that prints it. A line that is only
a dateline is never taken for the article's headline (:func:`is_dateline`), and an
article that is nothing but a dateline gets no inferred date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["Dateline", "infer_dateline", "is_dateline"]

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|2\d\d\d)"
_DATE = re.compile(
    rf"\b(?P<m1>{_MONTH})\.?\s+(?P<d1>{_DAY}),?\s+(?P<y1>{_YEAR})\b"
    rf"|\b(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s+(?P<y2>{_YEAR})\b"
    rf"|\b(?P<y3>{_YEAR})\s*(?P<s3>[-/.])\s*(?P<m3>[01]?\d)\s*(?P=s3)\s*(?P<d3>[0-3]?\d)\b"
    rf"|\b(?P<a4>[0-3]?\d)\s*(?P<s4>[/.-])\s*(?P<b4>[0-3]?\d)\s*(?P=s4)\s*"
    rf"(?P<y4>{_YEAR}|\d\d(?![\d/.:-]))\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b\d{1,2}\s*:\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*[ap]\.?\s*m\b\.?)?"
    r"|\b\d{1,2}\s*[ap]\.?\s*m\b\.?", re.IGNORECASE)
_LABELS = re.compile(
    r"\b(?:last\s+updated|first\s+published|posted|published|updated|modified|created"
    r"|date|on|at|am|pm|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?", re.IGNORECASE)
_ZONE = re.compile(r"\b(?:[A-Z]{2,4}|UTC[+-]\d{1,2}|GMT[+-]\d{1,2})\b|[+-]\d{2}:?\d{2}\b")
_WORD = re.compile(r"[^\W\d_]+")
_PREFIX = re.compile(
    rf"\A\s*(?:[A-Z][A-Z.'\- ]{{1,40}},\s*)?(?P<date>{_DATE.pattern})"
    r"\s*(?:\([A-Za-z .&]{1,30}\)\s*)?(?:[-\u2013\u2014|:]|--)\s+\S",
    re.IGNORECASE,
)
MAX_LINE = 100
LINES_SEARCHED = 3


@dataclass(frozen=True, slots=True)
class Dateline:
    """A date read from an article's dateline: ``where`` is ``"title"`` or ``"text"``,
    ``start``/``end`` the dateline's character span there (the whole line, or the prefix)."""

    date: dt.date
    where: str
    start: int
    end: int


def _to_date(match: re.Match[str]) -> dt.date | None:
    """The calendar date of one :data:`_DATE` match, or ``None`` if there is no such day."""
    g = match.groupdict()
    try:
        if g["m1"]:
            return dt.date(int(g["y1"]), _MONTHS[g["m1"].lower()], _day(g["d1"]))
        if g["m2"]:
            return dt.date(int(g["y2"]), _MONTHS[g["m2"].lower()], _day(g["d2"]))
        if g["y3"]:
            return dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        first, second, year = int(g["a4"]), int(g["b4"]), _full_year(g["y4"])
        month_first = g["s4"] == "/" and first <= 12
        if first > 12 or (not month_first and second <= 12):
            return dt.date(year, second, first)
        return dt.date(year, first, second)
    except ValueError:
        return None


def _full_year(text: str) -> int:
    """``05`` -> 2005, ``99`` -> 1999 (``today`` later refuses any future year)."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year <= 30 else 1900
    return year


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _plausible(date: dt.date | None, today: dt.date, earliest_year: int) -> bool:
    return date is not None and earliest_year <= date.year and date <= today


def is_dateline(line: str) -> bool:
    """True if ``line`` holds a full date and nothing else that could be a headline.

    The date need not be plausible: this only says the line is a dateline, so that it is
    never shown as a title.
    """
    line = line.strip()
    if not line or len(line) > MAX_LINE:
        return False
    match = _DATE.search(line)
    if match is None:
        return False
    rest = _DATE.sub(" ", line)
    rest = _TIME.sub(" ", rest)
    rest = _LABELS.sub(" ", rest)
    rest = _ZONE.sub(" ", rest)
    # Single letters do not count ("Washington D. C., Mar 14, 2017").
    return sum(len(w) > 1 for w in _WORD.findall(rest)) <= 2


def _line_date(line: str, today: dt.date, earliest_year: int) -> dt.date | None:
    if not is_dateline(line):
        return None
    match = _DATE.search(line)
    date = _to_date(match) if match else None
    return date if _plausible(date, today, earliest_year) else None


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the first non-empty lines of ``text``."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group(0).strip():
            spans.append((m.start(), m.end()))
            if len(spans) == LINES_SEARCHED:
                break
    return spans


def infer_dateline(title: str | None, text: str, *, today: dt.date,
                   earliest_year: int = 1900) -> Dateline | None:
    """The dateline of an article (see the module docstring), or ``None``.

    The title is tried first, then the first three non-empty lines of ``text``, then a
    dateline prefix of the first line. An article whose text is only its dateline
    gets ``None``: nothing would be dated.
    """
    spans = _lines(text)
    if len(spans) < LINES_SEARCHED and all(is_dateline(text[a:b]) for a, b in spans):
        return None  # the text is all dateline (or empty): no article to date
    if title:
        date = _line_date(title, today, earliest_year)
        if date is not None:
            return Dateline(date, "title", 0, len(title))
    for start, end in spans:
        date = _line_date(text[start:end], today, earliest_year)
        if date is not None:
            return Dateline(date, "text", start, end)
    if spans:
        start, end = spans[0]
        m = _PREFIX.match(text[start:end])
        if m is not None:
            inner = _DATE.search(m.group("date"))
            date = _to_date(inner) if inner else None
            if _plausible(date, today, earliest_year):
                assert date is not None
                return Dateline(date, "text", start, start + m.end("date"))
    return None
