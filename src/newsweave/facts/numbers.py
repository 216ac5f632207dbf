"""Numbers as news text writes them: figures, number words, scales, bounds and ranges.

:func:`find_numbers` reads every number of a text and returns :class:`Number`
records with the character span they cover, their value and the *interval the
text asserts*:

* figures with thousands separators, also as detokenised corpora print them
  ("1,500", "1, 500"), decimals ("6.1", "6. 1" likewise), currency signs and
  codes ("$1.28 billion", "$ 5. 3 million", "EUR 80 million", "80 million
  euros"), scale words ("3 million", "1.2bn"), percentages ("40%", "40 per cent");
* number words ("twelve", "twenty-one", "a dozen", "two dozen", "half a
  dozen", "a hundred"; "a quarter"/"half a" of a following "century": 0.25/0.5 of its
  unit), and vague plurals as intervals ("dozens of" = 24-99,
  "hundreds of" = 200-999, "thousands of", "tens of thousands of");
* bounds from the words before or after: "more than"/"over" (open above),
  "at least" (closed above), "up to"/"as many as"/"fewer than" (below),
  "nearly"/"almost"/"just under" (within 15% below), "about"/"around"/
  "roughly"/"some"/"an estimated" (within 10%), "40-plus", "or so", "or more";
* ranges: "10 to 12", "10-12", "between 10 and 12", "40 or 50";
* scores ("won 45-36", "a 3-1 victory") as ``kind="score"``;
* win-loss records of a team ("Indianapolis (10-5)", "the record rose to 9-5",
  "a 9-5 season", "stand at 10-5") as ``kind="record"``; a split of a record
  ("8-1 in one-score games", "4-4 away") is not one.

Not numbers of a quantity, and so returned with their own ``kind`` or not at all:
years ("in 2008", ``kind="year"``), clock times ("9:25", "8 p.m.", "9. 25 am"),
days of a month ("March 3"), ordinals ("3rd"), and digits inside names and
models ("AK-47s", "IE10", "Route 9", "G8"). Callers decide what to compare.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from newsweave.facts.number_words import (
    _ABOUT,
    _AFTER_ABOUT,
    _AFTER_LOWER,
    _BETWEEN,
    _CLOCK_AFTER,
    _CURRENCY_SIGNS,
    _CURRENCY_WORDS,
    _LOWER_CLOSED,
    _LOWER_OPEN,
    _MONTH_AFTER,
    _MONTH_BEFORE,
    _NAME_BEFORE,
    _NEAR_BELOW,
    _NUMBER,
    _ORDINAL_AFTER,
    _RANGE,
    _SCALE,
    _SCALES,
    _SCORE_WORDS,
    _TENS,
    _UNITS,
    _UPPER,
    _VAGUE,
    _VAGUE_RE,
)
from newsweave.facts.repair import repair

__all__ = ["Number", "find_numbers", "number_value", "repair"]

@dataclass(frozen=True, slots=True)
class Number:
    """One number in a text; ``start``/``end`` span every word of it (signs, scale, bounds).

    ``value`` is the figure as written (the lower end of a range), ``low``/``high``
    the interval the text asserts. ``kind``: ``"quantity"`` (a count, amount or
    measure), ``"percent"``, ``"money"`` (``currency`` set), ``"score"`` (``value``
    the winner's and ``high`` the loser's points), ``"record"`` (``value`` the wins and
    ``high`` the losses) or ``"year"``. ``figure`` is
    True when written with digits (not "two").
    """

    start: int
    end: int
    value: float
    low: float
    high: float
    kind: str
    surface: str
    currency: str | None = None
    figure: bool = True
    core: tuple[int, int] = (0, 0)
    """The span of the figure itself, without bound words ("200" of "more than 200")."""

    def agrees(self, other: Number) -> bool:
        """Whether both can be true at once: the asserted intervals overlap."""
        if self.kind in {"score", "record"} or other.kind in {"score", "record"}:
            return (self.kind, self.value, self.high) == (other.kind, other.value, other.high)
        return self.low <= other.high and other.low <= self.high


def number_value(raw: str) -> float | None:
    """The value of a number as written: "1, 500" -> 1500, "6. 1" -> 6.1, "two dozen" -> 24."""
    text = raw.strip().lower()
    if not text:
        return None
    if text.endswith(" and a half"):
        base = number_value(text[: -len(" and a half")])
        return None if base is None else base + 0.5
    if text[0] == ".":
        return float("0." + text[1:].strip())
    fraction = re.fullmatch(r"(\d{1,3})[\s-]?(?:([13])\s?/\s?([24])|([½¼¾]))", text) or \
        re.fullmatch(r"(\d)(1)\s/\s(2)()", text)
    if fraction:
        units, num, den, sign = fraction.groups()
        part = int(num) / int(den) if num else {"½": 0.5, "¼": 0.25, "¾": 0.75}[sign]
        return int(units) + part
    if text[0].isdigit():
        if re.fullmatch(r"\d{1,3}(?:,\s?\d{3})+(?:\.\d+)?", text):
            return float(re.sub(r",\s?", "", text))
        return float(re.sub(r"\.\s", ".", text))
    words = text.replace("-", " ").split()
    if words[-1] in {"quarter", "half"} or words == ["half", "a"]:  # "a quarter"-century
        return 0.25 if words[-1] == "quarter" else 0.5
    if words[-1] == "dozen":
        head = " ".join(words[:-1])
        factor = {"a": 1.0, "one": 1.0, "half a": 0.5}.get(head)
        if factor is None:
            inner = number_value(head)
            factor = inner if inner is not None else None
        return None if factor is None else factor * 12
    if words == ["a"]:
        return 1.0
    total = 0.0
    for w in words:
        if w in _TENS:
            total += _TENS[w]
        elif w in _UNITS:
            total += _UNITS[w]
        else:
            return None
    return total


def _currency(sign: str | None) -> str | None:
    """ISO code of a currency sign or code: "$" and "US$" -> USD, "A$" -> AUD, "€" -> EUR."""
    if not sign:
        return None
    sign = sign.strip().upper()
    if sign in {"$", "US$", "$US"}:
        return "USD"
    if sign.endswith("$") or sign.startswith("$"):
        return {"A": "AUD", "C": "CAD", "NZ": "NZD", "HK": "HKD", "S": "SGD"}.get(
            sign.strip("$"), "USD")
    return _CURRENCY_SIGNS.get(sign, sign)


def _significant_halfstep(raw: str, scale: float) -> float:
    """Half a step of the last written digit when the figure is scaled ("1.3 million" -> 0.05m)."""
    digits = raw.replace(",", "").replace(" ", "")
    if "." in digits:
        return 0.5 * 10.0 ** -len(digits.split(".")[1]) * scale
    return 0.5 * scale if scale > 1 else 0.0  # "12" means exactly 12: no rounding


def _bounds(before: str, after: str, value: float, rounding: float) -> tuple[float, float]:
    tail = before[-28:]
    if _LOWER_OPEN.search(tail):
        return value + 1e-9, math.inf
    if _LOWER_CLOSED.search(tail) or _AFTER_LOWER.match(after):
        return value, math.inf
    if _UPPER.search(tail):
        return -math.inf, value
    if _NEAR_BELOW.search(tail):
        return value * 0.85, value
    if _ABOUT.search(tail) or _AFTER_ABOUT.match(after):
        return value * 0.9 - rounding, value * 1.1 + rounding
    return value - rounding, value + rounding


def _excluded(text: str, start: int, end: int, raw: str, has_unit: bool) -> str | None:
    """Why the digits at ``start:end`` are not a quantity ("year", "time", ...), else None."""
    before, after = text[max(0, start - 12) : start], text[end : end + 12]
    if not raw[0].isdigit():
        return None if raw[0] != "." else "calibre"
    if (_NAME_BEFORE.search(before) or (re.match(r"^[A-Za-z]", after) and not re.match(
            r"^(?:" + _SCALE + r"|st|nd|rd|th)\b", after, re.I))) and not _ORDINAL_AFTER.match(
                after):
        return "name"
    if _ORDINAL_AFTER.match(after):
        return "ordinal"
    if re.match(r"^:\s?\d\d", after) or _CLOCK_AFTER.match(after) or re.match(
            r"^\.\s?\d\d\s?[ap]\.?\s?m", text[end - 3 : end + 8], re.I):
        return "time"
    if re.match(r"^\d{1,2}:\d\d$", raw) or re.search(r"\d:\s?$", before):
        return "time"
    if _MONTH_BEFORE.search(before) and not has_unit:
        return "day"
    if re.fullmatch(r"\d{1,2}", raw) and int(raw) <= 31 and _MONTH_AFTER.match(after) and \
            after.lstrip()[:1].isupper():
        return "day"  # "today (10 October 2011)": a date written day first
    if re.match(r"^\s?/\s?\d|^\.\d", after) or re.search(r"\d\s?/\s?$|\d\.$", before):
        return "date"  # "5/5/2010", and "41 / 2" (a fraction the text mangled)
    if after.startswith("\ufffd"):
        return "name"  # "4\ufffd months": a figure lost to a broken character
    if re.fullmatch(r"\d{4}", raw) and 1800 <= int(raw) <= 2100 and not has_unit:
        return "year"
    return None


_TIMES_VALUE = {"twice": 2.0, "thrice": 3.0}
_TIMES = re.compile(  # "twice as many", "twice the size": a ratio, not a count of times
    r"\b(twice|thrice)\b(?!\s+(?:as|the|that|a|an|than|over|more|its|his|her|their)\b)",
    re.I)
_RECORD_BEFORE = re.compile(
    r"(?:[A-Z][\w.'’]*\s?\(\s?"  # "Indianapolis (10-5)", "the Colts (10-5, 4-4 away)"
    r"|\brecord\s+(?:\w+\s+){0,2}(?:to|of|at)\s+"  # "record rose to 9-5", "a record of"
    r"|\b(?:improv\w+|fell|dropped|moved|climbed)\s+to\s+"  # "improved to 10-5"
    r"|\bstand\w*\s+at\s+)$")  # "the Colts stand at 10-5"
_RECORD_AFTER = re.compile(r"^\s+(?:season|record|mark)\b", re.I)  # "a 9-5 season"
_SPLIT_AFTER = re.compile(  # "7-2 in games decided by one score", "4-4 away": a part
    r"^\s*(?:in|at|on|away|home|road|against|vs\.?|versus|since|this|last|when|with)\b",
    re.I)


def _is_record(text: str, start: int, stop: int) -> bool:
    """Whether the "W-L" pair at ``start:stop`` is a team's win-loss record."""
    before, after = text[max(0, start - 40) : start], text[stop : stop + 30]
    if _SPLIT_AFTER.match(after):
        return False
    if re.search(r"\(\s?$", before):
        return bool(_RECORD_BEFORE.search(before)) and bool(re.match(r"^\s?[),;]", after))
    return bool(_RECORD_BEFORE.search(before) or _RECORD_AFTER.match(after))


def find_numbers(text: str) -> list[Number]:
    """Every number of ``text`` with its span, value, bounds and kind (see the module doc)."""
    return list(_numbers_of(text))


@functools.lru_cache(maxsize=65_536)
def _numbers_of(text: str) -> tuple[Number, ...]:
    """:func:`find_numbers`, cached: a story asks for a claim's numbers two or three times
    (claim traits, values, quote conflicts); ``Number`` is frozen, so sharing is safe."""
    return tuple(_find_numbers(text))


def _find_numbers(text: str) -> list[Number]:
    found: list[Number] = []
    taken = 0
    for m in _VAGUE_RE.finditer(text):
        low, high = _VAGUE[m.group("word").lower()]
        if m.group("tens"):
            low, high = low * 10, high * 10
        found.append(Number(m.start(), m.end(), low, low, high, "quantity", m.group(0),
                            figure=False, core=(m.start(), m.start("word") + len(m.group("word")))))
    vague_spans = [(n.start, n.end) for n in found]
    matches = [m for m in _NUMBER.finditer(text) if m.group("num").strip()]
    k = 0
    while k < len(matches):
        m = matches[k]
        k += 1
        if m.start("num") < taken or any(s <= m.start("num") < e for s, e in vague_spans):
            continue
        first = m.start("cur") if m.group("cur") else m.start("num")
        if first > 0 and re.match(r"[\w.]", text[first - 1]) and not (
                text[first - 1] == "." and first >= 2 and not text[first - 2].isalnum()):
            continue  # inside a word or a figure ("IE10", "3.5" read from its middle)
        raw = m.group("num").strip()
        value = number_value(raw)
        if value is None:
            continue
        if not raw[0].isdigit() and raw.lower() in {"one", "a"} and not m.group("scale"):
            continue  # "one of the", "a" alone: not a figure anyone compares
        scale_word = (m.group("scale") or "").lower()
        if scale_word in {"m", "k", "bn", "mn", "mm"} and not m.group("cur") and raw[0].isdigit() \
                and (scale_word == "mm" or not re.match(
                    r"^\s?(?:\W|$)", text[m.end("scale"):m.end("scale") + 2])):
            scale_word = ""  # "5 m" might be metres, "9mm" is; only "$5m"/"5m." are millions
        scale = _SCALES.get(scale_word, 1.0)
        cur = _currency(m.group("cur"))
        end = m.end("scale") if scale_word else m.end("num")
        after_word = re.match(r"\s+(\w+)", text[end:])
        if cur is None and after_word and after_word.group(1).lower() in _CURRENCY_WORDS:
            cur = _CURRENCY_WORDS[after_word.group(1).lower()]
        has_unit = bool(m.group("pct") or cur or scale_word)
        why = None if m.group("minus") or m.group("cur") else _excluded(
            text, m.start("num"), m.end("num"), raw, has_unit)
        if why in {"name", "ordinal", "time", "day", "date"}:
            continue
        start = m.start("cur") if m.group("cur") else m.start("num")
        if m.group("minus"):
            value, start = -value, m.start("minus")
        end = m.end("pct") if m.group("pct") else end
        if why == "year":
            by = re.search(r"\b(?:by|before)\s+$", text[max(0, start - 8) : start], re.I)
            found.append(Number(start, end, value, -math.inf if by else value, value, "year",
                                text[start:end], core=(start, end)))  # "by 1951": at the latest
            taken = end
            continue
        value *= scale
        rounding = _significant_halfstep(raw, scale) if raw[0].isdigit() else 0.0
        kind = "percent" if m.group("pct") else "money" if cur else "quantity"
        # A range or a score: "10 to 12", "10-12", "between 10 and 12", "45-36".
        nxt = matches[k] if k < len(matches) else None
        if (nxt is not None and nxt.group("num").strip() and not nxt.group("cur")) or (
                nxt is not None and nxt.group("cur") and kind == "money"):
            gap = text[end : nxt.start()]
            between = _BETWEEN.search(text[max(0, start - 10) : start])
            if _RANGE.match(gap) or (between and re.fullmatch(r"\s*and\s*", gap)):
                other = number_value(nxt.group("num").strip())
                if other is not None:
                    other_scale = _SCALES.get((nxt.group("scale") or "").lower(), scale)
                    other *= other_scale if nxt.group("scale") else scale
                    if nxt.group("scale") and not scale_word:
                        value *= other_scale  # "2 to 3 million"
                    stop = nxt.end()
                    window = text[max(0, start - 60) : stop + 20]
                    if gap.strip() in {"-", "–"} and kind == "quantity" and \
                            raw[0].isdigit() and _is_record(text, start, stop):
                        found.append(Number(start, stop, value, value, other, "record",
                                            text[start:stop], core=(start, stop)))
                    elif gap.strip() in {"-", "–"} and _SCORE_WORDS.search(window) and \
                            kind == "quantity" and other != value:
                        hi, lo = max(value, other), min(value, other)
                        found.append(Number(start, stop, hi, lo, lo, "score", text[start:stop],
                                            core=(start, stop)))
                    else:
                        lo, hi = min(value, other), max(value, other)
                        found.append(Number(start, stop, value, lo, hi,
                                            "percent" if nxt.group("pct") else kind,
                                            text[start:stop], cur,
                                            raw[0].isdigit() or raw[0] == ".", (start, stop)))
                    taken = stop
                    k += 1
                    continue
        low, high = _bounds(text[:start], text[end:], value, rounding)
        lead = _bound_start(text, start)
        found.append(Number(lead, end, value, low, high, kind, text[lead:end], cur,
                            raw[0].isdigit() or raw[0] == ".", (start, end)))
        taken = end
    for m in _TIMES.finditer(text):  # "married twice": two times
        found.append(Number(m.start(), m.end(), _TIMES_VALUE[m.group(1).lower()],
                            _TIMES_VALUE[m.group(1).lower()], _TIMES_VALUE[m.group(1).lower()],
                            "quantity", m.group(0), figure=False, core=(m.start(), m.end())))
    found.sort(key=lambda n: n.start)
    return found


_BOUND_WORDS = re.compile(
    r"(?:more\s+than|over|at\s+least|up\s+to|as\s+many\s+as|nearly|almost|about|around|"
    r"roughly|approximately|some|an\s+estimated|fewer\s+than|less\s+than|just\s+under)\s+$",
    re.I,
)


def _bound_start(text: str, start: int) -> int:
    """Extend a span back over its bound words ("more than 200")."""
    m = _BOUND_WORDS.search(text[max(0, start - 24) : start])
    return start - len(m.group(0)) if m else start
