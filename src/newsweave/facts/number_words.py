"""The words and patterns :mod:`newsweave.facts.numbers` reads numbers with: number
words, scales, vague plurals, currencies, months, bound words and the contexts that
make digits something else than a quantity (clock times, names, days, ordinals).

Split out of :mod:`newsweave.facts.numbers` (data only; the reading is there). Names
keep their leading underscore: they are that module's internals, imported only by it.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "bn": 1e9, "mn": 1e6, "mm": 1e6, "m": 1e6, "k": 1e3,
}  # fmt: skip
_VAGUE = {  # "dozens of": at least two dozen, fewer than a hundred
    "dozens": (24.0, 99.0), "scores": (40.0, 99.0), "hundreds": (200.0, 999.0),
    "thousands": (2e3, 9999.0), "millions": (2e6, 999e6), "billions": (2e9, 999e9),
}  # fmt: skip
_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "us$": "USD", "euro": "EUR",
    "euros": "EUR", "eur": "EUR", "pound": "GBP", "pounds": "GBP", "gbp": "GBP",
    "yen": "JPY", "rupees": "INR", "rupee": "INR", "yuan": "CNY",
}  # fmt: skip
_MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|"
    "sep|sept|september|oct|october|nov|november|dec|december"
)

_WORD_NUMBER = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[-\s](?:" + "|".join(k for k in _UNITS if k != "zero")
    + r"))?|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")(?![a-z])"
)  # "(?![a-z])": "eleventh" is an ordinal, not "eleven"
# A figure: "1,500", "1, 500", "1.28", "6. 1" (detokenised decimals keep <= 2 digits).
_FRACTION = (  # "2-1/2", "4½", and "41 / 2" (detokenised "4 1/2")
    r"\d{1,3}(?:[\s-](?:1\s?/\s?[24]|3\s?/\s?4)(?![\d/])|\s?[½¼¾])|\d1\s/\s2(?![\d/])")
_FIGURE = (
    r"(?:" + _FRACTION + r"|\d{1,3}(?:,\s?\d{3})+(?![\d])(?:\.\d+)?|\d+\.\d+"
    r"|\d{1,2}\.\s\d{1,2}(?!\d|[.,]\d)|\d+"
    r"|(?<![\w.])\.\s?\d{2,3}(?!\d))"  # a calibre: ".38", ". 357"
)
_SCALE = r"(?:hundred|thousand|million|billion|trillion|bn|mn|mm|m|k)"
_NUMBER = re.compile(
    r"(?P<minus>\bminus[\s-])?"
    r"(?P<cur>(?:US|A|C|NZ|HK|S)?\$(?:US)?|[€£¥]|\b(?:EUR|USD|GBP)\b)?\s?"
    r"(?P<num>(?:" + _FIGURE + r"|" + _WORD_NUMBER + r")\s+and\s+a\s+half\b"  # "four and a half"
    r"|(?:a|one)\s+quarter(?=[\s-]century\b)|half(?:\s+a)?(?=[\s-]century\b)"  # "a quarter-century"
    r"|" + _FIGURE + r"|(?:a|one|half\s+a)\s+dozen|" + _WORD_NUMBER + r"(?:\s+dozen)?"
    r"|\ba\s+(?=(?:hundred|thousand|million|billion)\b))"
    r"(?:\s?(?P<scale>" + _SCALE + r")\b)?"
    r"(?:\s?(?P<pct>%|per\s?cent\b|percent\b))?",
    re.IGNORECASE,
)
_VAGUE_RE = re.compile(
    r"\b(?P<tens>tens\s+of\s+)?(?P<word>dozens|scores|hundreds|thousands|millions|billions)"
    r"\s+of\b",
    re.IGNORECASE,
)
_LOWER_OPEN = re.compile(
    r"(?:more\s+than|over|above|upwards\s+of|in\s+excess\s+of|exceeding|greater\s+than)\s*$",
    re.I)
_LOWER_CLOSED = re.compile(r"(?:at\s+least|no\s+(?:fewer|less)\s+than|a\s+minimum\s+of)\s*$",
                           re.I)
_UPPER = re.compile(
    r"(?:up\s+to|as\s+many\s+as|as\s+much\s+as|fewer\s+than|less\s+than|under|at\s+most|"
    r"below|no\s+more\s+than|a\s+maximum\s+of)\s*$",
    re.I,
)
_NEAR_BELOW = re.compile(r"(?:nearly|almost|just\s+under|close\s+to|just\s+shy\s+of)\s*$", re.I)
_ABOUT = re.compile(
    r"(?:about|around|roughly|approximately|approx\.|some|an\s+estimated|estimated|"
    r"an\s+approximate|circa|c\.|or\s+so)\s*$",
    re.I,
)
_AFTER_LOWER = re.compile(r"^(?:-?plus\b|\+|\s+or\s+more\b|\s+and\s+(?:up|more)\b)", re.I)
_AFTER_ABOUT = re.compile(r"^\s+or\s+so\b", re.I)
_RANGE = re.compile(r"^\s*(?:-|–|to|or)\s*$", re.I)
_BETWEEN = re.compile(r"between\s*$", re.I)
_CLOCK_AFTER = re.compile(r"^\s?(?:a\.?\s?m\.?|p\.?\s?m\.?|o'clock|GMT|EST|EDT|PST|PDT|BST|UTC)"
                          r"(?![a-z])", re.I)
_NAME_BEFORE = re.compile(r"(?:[A-Za-z][A-Za-z.]*-|[A-Za-z]|#|No\.\s?)$")
_MONTH_BEFORE = re.compile(r"\b(?:" + _MONTHS + r")\.?\s+$", re.I)
_MONTH_AFTER = re.compile(r"^\s+(?:" + _MONTHS + r")\b", re.I)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.I)
_SCORE_WORDS = re.compile(
    r"\b(?:won|win|wins|beat|beats|lost|lose|loses|defeat\w*|victory|score\w*|lead|led|"
    r"leads|trail\w*|tied|draw|edged|routed|rout|halftime|game)\b", re.I)
