"""Claims: the sentences and clauses of an article that state something, minus boilerplate.

Contract of :func:`split_claims`:

* Input: one :class:`Article` and its :class:`Sentence` records (from
  :func:`newsweave.sentences.split_sentences`). Output: :class:`Claim` records in
  text order, each with ``text == article.text[start:end]``, non-overlapping.
* Boilerplate is never a claim (:func:`is_boilerplate`): bylines ("By Jane
  Doe"), copyright and rights lines, "Read more" / "Related" / "Sign up" /
  "Click here" / newsletter and share prompts, photo credits, "Reporting by",
  "Editing by", bare URLs and e-mail addresses, time stamps ("MARCH 14, 2017 |
  08: 06AM PT"), and pieces with fewer than
  :data:`MIN_WORDS` words.
* A wire dateline opening the first sentence ("BEIJING (Reuters) - ",
  "WASHINGTON, June 19 (AP) — ") is cut off the claim; the rest of the sentence
  is a claim.
* A sentence starting with a lowercase word ("during a press conference."), which
  a splitter left behind after a typo, joins the claim before it; so does one
  starting with the digits of a figure the splitter cut at its decimal point
  ("the $27." / "5 million contract", from detokenised "$27. 5 million").
* A sentence is cut into clauses only at unambiguous clause boundaries outside
  quotation marks: a semicolon, and a comma followed by "but", "while",
  "whereas", "although", "though", "saying" or "which", when both sides keep at
  least :data:`MIN_CLAUSE_WORDS` words. A ", which ..." followed by another
  comma is parenthetical ("The group, which represents five companies, said")
  and is not cut. "but", "while", "whereas", "although"
  and "though" are left out of the second clause; "saying ..." and
  "which ..." keep their first word so the clause still reads as a statement.

The module also extracts the *specifics* that the fact comparison checks
(:func:`specifics`): quantities (a number with its unit: "35 minutes",
"12 people", "$3 billion", "40%"), dates (weekdays, months, years), quoted
words and the capitalised names of a claim.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.align import content_tokens
from newsweave.model import Article, Claim, Sentence

__all__ = [
    "MIN_CLAUSE_WORDS",
    "MIN_WORDS",
    "Quantity",
    "Specifics",
    "fold_quotes",
    "is_boilerplate",
    "specifics",
    "split_claims",
]

MIN_WORDS = 3
MIN_CLAUSE_WORDS = 5

_WORDS = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_BOILERPLATE = re.compile(
    r"""^\W*(?:
        by\s+(?:[A-Z][\w.'’-]*\s*){1,4}(?:(?:and|&)\s+(?:[A-Z][\w.'’-]*\s*){1,4})?
            (?:[,|/-]\s*(?:[A-Z][\w.'’&-]*\s*){1,5})?\W*$   # byline: By Jane Doe, Reuters
      | (?:copyright|©|\(c\)\s*\d{4})                     # copyright lines
      | .*\ball\ rights\ reserved\b
      | read\ (?:more|next|also|the\ full)\b
      | (?:related|recommended|more\ on\ this|see\ also|watch|listen)\s*(?::|$)
      | (?:click|tap)\ here\b
      | sign\ up\b | subscribe\b | follow\ us\b | share\ (?:this|on)\b
      | .*\bnewsletter\b.*\b(?:sign|subscribe|inbox)\b
      | advertisement\W*$ | sponsored\b
      | (?:photo|image|picture|video|file\ photo)\s*(?::|credit|/)
      | .*\b(?:getty\ images|ap\ photo|afp\ via\ getty|reuters/)\b.{0,40}$
      | (?:reporting|writing|editing|additional\ reporting|compiled)\ by\b
      | (?:contact|email)\ the\ (?:author|reporter)\b
      | this\ (?:article|story)\ (?:was|has\ been|first)\ (?:updated|published|appeared)\b
      | (?:updated|published|posted|last\ modified)\s*:?\s*(?:on\s+)?
            (?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)
      | .*\b(?:cookie\ policy|privacy\ policy|terms\ of\ (?:use|service))\b
      | (?:https?://|www\.)\S+\W*$
      | \S+@\S+\.\w+\W*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# "BEIJING (Reuters) - ", "WASHINGTON, June 19 (AP) — ", "LONDON — ".
_DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"(?:\s*\([A-Za-z .&]{2,30}\))?\s*[-–—]+\s+(?=\S)"
)
# "MARCH 14, 2017 | 09: 12AM PT", "Tuesday March 14, 2017 @ 9: 41am PDT": a time stamp.
_STAMP_WORD = (
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thur|"
    r"thurs|fri|sat|sun)\.?|january|february|march|april|june|july|august|september|october|"
    r"november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"\d{1,4}(?:st|nd|rd|th)?|\d{1,2}(?:am|pm|[ap])|[ap]\.?\s?m\.?|[a-z]{1,2}[sd]?t|gmt|utc|"
    r"updated|published|posted|last|modified|at|on)"
)
_TIMESTAMP = re.compile(r"^\W*(?:" + _STAMP_WORD + r"\b[\s,|@:./()\u2013\u2014-]*)+$",
                        re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?:(?P<drop>but|while|whereas|although|though)\s+|(?=(?:saying|which)\s))"
)
# "aimed a. 357 caliber revolver": a detokenised ".357" the splitter cut after "a."
_CALIBRE_START = re.compile(r"\d{2,3}\b-?\s?(?:caliber|calibre)\b", re.IGNORECASE)
_QUOTE_OPEN = "“‘«"
_QUOTE_CLOSE = "”’»"


def fold_quotes(text: str) -> str:
    """Replace curly quotes and apostrophes with straight ones (for matching only)."""
    return text.translate(str.maketrans("“”„‟«»‘’‚‛", '""""""\'\'\'\''))


def _n_words(text: str) -> int:
    return len(_WORDS.findall(text))


def is_boilerplate(text: str) -> bool:
    """True for page furniture that is never a fact (see the module contract)."""
    stripped = text.strip()
    if _n_words(stripped) < MIN_WORDS:
        return True
    return _BOILERPLATE.match(stripped) is not None or _TIMESTAMP.match(stripped) is not None


def split_claims(article: Article, sentences: Sequence[Sentence]) -> tuple[Claim, ...]:
    """Split an article's sentences into claims (see the module contract)."""
    text = article.text
    pieces: list[tuple[int, int]] = []
    for sentence in sentences:
        # A line break inside a "sentence" separates page elements (a byline
        # above the lead): judge each line on its own.
        offset = sentence.start
        for line in sentence.text.splitlines(keepends=True):
            start, end = _strip(text, offset, offset + len(line))
            offset += len(line)
            if start >= end:
                continue
            if pieces and _continues(text, pieces[-1][1], start):
                pieces[-1] = (pieces[-1][0], end)
            else:
                pieces.append((start, end))
    claims: list[Claim] = []
    for n, (start, end) in enumerate(pieces):
        if n == 0 or _paragraph_start(text, start):
            match = _DATELINE.match(text, start, end)
            if match is not None:
                start = match.end()
        if is_boilerplate(text[start:end]):
            continue
        for cs, ce in _clauses(text, start, end):
            if not is_boilerplate(text[cs:ce]):
                claims.append(Claim(article.id, cs, ce, text[cs:ce]))
    return tuple(claims)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _same_paragraph(text: str, prev_end: int, start: int) -> bool:
    return "\n" not in text[prev_end:start]


def _continues(text: str, prev_end: int, start: int) -> bool:
    """A splitter leftover that belongs to the piece before: a lowercase start, or the
    second half of a detokenised figure ("the $27." / "5 million contract")."""
    if not _same_paragraph(text, prev_end, start):
        return False
    if text[start].islower() or _CALIBRE_START.match(text, start):
        return True
    return (text[start].isdigit() and start - prev_end == 1 and prev_end >= 2
            and text[prev_end - 1] == "." and text[prev_end - 2].isdigit())


def _paragraph_start(text: str, start: int) -> bool:
    return start == 0 or "\n" in text[max(0, start - 2) : start]


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` at clause boundaries outside quotation marks."""
    segment = text[start:end]
    cuts: list[tuple[int, int]] = []  # (end of left clause, start of right clause)
    for match in _CLAUSE_BREAK.finditer(segment):
        if _inside_quote(segment, match.start()):
            continue
        if segment.startswith("which", match.end()) and "," in segment[match.end() :]:
            continue  # a parenthetical ", which ..., " inside the sentence: not a clause
        left_end = match.start()
        right_start = match.end()
        cuts.append((start + left_end, start + right_start))
    if not cuts:
        return [(start, end)]
    spans: list[tuple[int, int]] = []
    cur = start
    for left_end, right_start in cuts:
        left = (cur, left_end)
        if (
            _n_words(text[left[0] : left[1]]) >= MIN_CLAUSE_WORDS
            and _n_words(text[right_start:end]) >= MIN_CLAUSE_WORDS
        ):
            spans.append(left)
            cur = right_start
    spans.append((cur, end))
    return [_strip(text, s, e) for s, e in spans]


def _inside_quote(segment: str, pos: int) -> bool:
    """Whether ``pos`` lies between an opening and a closing quotation mark."""
    before = segment[:pos]
    curly_open = sum(before.count(c) for c in _QUOTE_OPEN if c != "‘")
    curly_close = sum(before.count(c) for c in _QUOTE_CLOSE if c != "’")
    if curly_open > curly_close:
        return True
    return before.count('"') % 2 == 1


# ---------------------------------------------------------------- specifics

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6}
_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_NUM = (
    r"(?P<cur>[$€£])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)(?![^\W\d_])"
)
_QUANTITY = re.compile(
    r"(?<![\w.,])" + _NUM + r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|m)\b)?"
    r"(?:\s*(?P<pct>%|per\s?cent\b)|[\s-]+(?:of\s+(?:the\s+|their\s+|those\s+)?)?"
    r"(?P<unit>[a-z]{3,}))?",
    re.IGNORECASE,
)
_NOT_UNITS = frozenset(
    "and or the a an to of in on at by for from with than as is are was were has have had "
    "be been who that which per years year said says".split()
)
# A capitalised word right before a small number: "HearthSense 2", "Route 9".
_MODEL_NAME = re.compile(r"(?<![.!?]\s)\b(?!(?:" + "|".join(
    w.capitalize() for w in ("jan feb mar apr may jun jul aug sep sept oct nov dec "
                             "about some nearly almost over under and but".split())
) + r")\b)[A-Z][\w-]*[a-z][\w-]*\s+$")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# Capitalised only: "may" the verb is not a month.
_MONTH_OR_DAY = re.compile(r"\b(" + "|".join(w.capitalize() for w in _MONTHS + _WEEKDAYS) + r")\b")
_QUOTED = re.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?\b")
_NAME_STOP = frozenset(
    "The A An In On At But And Or So Yet He She It They We I You His Her Its Their Our This "
    "That These Those There Still After Before When While As If However Meanwhile Some Many "
    "Most No Not Now Then During Mr Mrs Ms Dr Several Both".split()
)
_NOUN_MASK = frozenset(_MONTHS + _WEEKDAYS)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit: ``value`` normalised, ``unit`` singular lowercase.

    ``low``/``high`` bound what the text asserts: "more than 200" is
    ``(200, inf)``, "up to 20%" ``(-inf, 20)``, "about 70%" ``(63, 77)``, a bare
    "12" ``(12, 12)``. ``context`` holds the content words just before the
    number ("crown rose 0.6%" -> crown, rose), to tell two percentages apart.
    """

    value: float
    unit: str
    surface: str
    low: float = 0.0
    high: float = 0.0
    context: frozenset[str] = frozenset()

    def agrees(self, other: Quantity) -> bool:
        """Whether both can be true: their bounds overlap."""
        return self.low <= other.high and other.low <= self.high


@dataclass(frozen=True, slots=True)
class Specifics:
    """What a claim states precisely: quantities, dates, quoted words, names."""

    quantities: tuple[Quantity, ...]
    dates: frozenset[str]
    quoted: tuple[str, ...]
    names: frozenset[str]


def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _number_value(raw: str) -> float | None:
    raw = raw.lower().replace(",", "")
    if raw[0].isdigit():
        return float(raw)
    if "-" in raw:
        tens, ones = raw.split("-", 1)
        return float(_NUMBER_WORDS[tens] + _NUMBER_WORDS[ones])
    return float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else None


_CONTEXT = 6
_LOWER = re.compile(r"\b(?:more\s+than|over|at\s+least|upwards\s+of|above|exceeding)\s+\S*$", re.I)
_UPPER = re.compile(r"\b(?:up\s+to|fewer\s+than|less\s+than|under|at\s+most|below)\s+\S*$", re.I)
_ABOUT = re.compile(
    r"\b(?:about|around|roughly|nearly|almost|some|approximately|an\s+estimated|close\s+to)\s+\S*$",
    re.I,
)


def _bounds(before: str, value: float) -> tuple[float, float]:
    """The interval a number asserts, from the words right before it."""
    tail = before[-24:]
    if _LOWER.search(tail):
        return value, math.inf
    if _UPPER.search(tail):
        return -math.inf, value
    if _ABOUT.search(tail):
        return value * 0.9, value * 1.1
    return value, value


def specifics(text: str) -> Specifics:
    """Extract the quantities, dates, quoted words and names of one claim text."""
    quantities: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
        value = _number_value(m.group("num"))
        if value is None:
            continue
        if m.group("scale"):
            value *= _SCALES[m.group("scale").lower()]
        if m.group("pct"):
            unit = "percent"
        elif m.group("cur"):
            unit = {"$": "dollar", "€": "euro", "£": "pound"}[m.group("cur")]
        elif m.group("unit") and m.group("unit").lower() not in _NOT_UNITS:
            unit = _singular(m.group("unit"))
        else:
            continue  # a bare number (a year, a count without a noun) is not a quantity
        raw = m.group("num")
        small = value < 100 and not m.group("scale") and not m.group("cur")
        if small and _MODEL_NAME.search(text, 0, m.start()):
            continue  # a model or product number ("HearthSense 2 heaters"), not a count
        if unit in _NOUN_MASK or unit in _NUMBER_WORDS or unit == "year":
            continue
        if len(raw) == 4 and raw.isdigit() and 1800 <= value <= 2100 and not m.group("cur"):
            continue  # a year ("since 2018", "the 2024 campaign"), compared as a date
        low, high = _bounds(text[: m.start()], value)
        context = content_tokens(" ".join(_WORDS.findall(text[: m.start()])[-_CONTEXT:]))
        quantities.append(Quantity(value, unit, m.group(0).strip(), low, high, context))
    dates = {m.group(1).lower() for m in _MONTH_OR_DAY.finditer(text)}
    dates.update(_YEAR.findall(text))
    quoted = tuple(a or b for a, b in _QUOTED.findall(text))
    names = frozenset(
        n.replace("’", "'") for n in _NAME.findall(text) if n not in _NAME_STOP
    ) - {d.capitalize() for d in dates}
    return Specifics(tuple(quantities), frozenset(dates), quoted, names)
