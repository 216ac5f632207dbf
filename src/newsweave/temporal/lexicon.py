"""Word lists and regular-expression pieces for the time-expression recogniser.

Month and weekday names are matched case-sensitively (capitalised, as news
prints them), which keeps ``may`` (modal) and ``march`` (verb) out; the
capitalised ambiguous ones are further guarded in the rules. Weekday
abbreviations (``Wed``, ``Sat``, ``Sun``) are never read on their own: they are
English words and newspaper names far more often than dates.
"""

from __future__ import annotations

import re

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")  # fmt: skip
MONTHS = {name: i + 1 for i, name in enumerate(_MONTH_NAMES)}
MONTH_ABBREVIATIONS = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
    "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS = {name: i for i, name in enumerate(_WEEKDAY_NAMES)}
WEEKDAY_PLURALS = {name + "s": i for name, i in WEEKDAYS.items()}

# Months that are also common words or first names when capitalised: a bare mention
# needs a following day/year, or a preceding preposition and no following name.
AMBIGUOUS_MONTHS = frozenset({"May", "March", "April", "June", "August"})

_FULL = "|".join(MONTHS)
_ABBR = "|".join(sorted(MONTH_ABBREVIATIONS, key=len, reverse=True))
MONTH_FULL = rf"(?P<month>{_FULL})\b"
# An abbreviation may carry a period; a full name never swallows the sentence's period.
MONTH_ANY = rf"(?P<month>(?:{_FULL})\b|(?:{_ABBR})\b\.?)"
WEEKDAY = rf"(?P<wd>{'|'.join(WEEKDAYS)})\b"
DAY = r"(?P<day>\d{1,2})(?P<ord>st|nd|rd|th)?(?![\d:])"
YEAR = r"(?P<year>\d{4})(?![,.]?\d|%)"

# Parts of the day and their TIMEX3 codes (TimeML: "Friday morning" -> ...TMO).
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "midday": "MI", "noon": "MI", "daytime": "DT",
}  # fmt: skip
PART_OF_DAY = r"(?:\s+(?P<pod>morning|afternoon|evening|night))?"

SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9}  # fmt: skip
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
          "nineteen": 19}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1,
            "final": -1, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}  # fmt: skip

NUMBER_WORD = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(_ONES)}))?|{'|'.join(_TEENS)}|"
    rf"{'|'.join(_ONES)})"
)
# A count of units: digits, number words, "a", "a dozen", "a hundred", with "and a half".
NUMBER = (
    rf"(?P<n>(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{NUMBER_WORD}|an?)\s+hundred|"
    rf"{NUMBER_WORD}|an?\s+dozen|an?|half\s+an?|a\s+half)(?:\s+and\s+a\s+half)?)"
)
# An unknown number of units ("several years", "a few days").
VAGUE = (
    r"(?P<vague>several|a\s+few|few|many|some|a\s+couple\s+of|couple\s+of|a\s+number\s+of|"
    r"numerous|dozens\s+of|hundreds\s+of|countless)"
)
UNIT = r"(?P<unit>seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|" \
       r"quarters?|years?|decades?|century|centuries)"
UNIT_SINGULAR = r"(?P<unit>second|minute|hour|day|week|fortnight|month|quarter|year|decade|" \
                r"century)"

# Trigger strings (lower case) for the rule engine: every match of a rule holds one.
MONTH_TRIGGERS = (*(name.lower() for name in _MONTH_NAMES), "jan", "feb", "mar", "apr", "jun",
                  "jul", "aug", "sep", "sept", "oct", "nov", "dec")  # fmt: skip
WEEKDAY_TRIGGERS = tuple(name.lower() + "*" for name in _WEEKDAY_NAMES)
UNIT_TRIGGERS = ("second*", "minute*", "hour*", "day*", "night*", "week*", "fortnight*", "month*",
                 "quarter*", "year*", "decade*", "centur*")  # fmt: skip
SEASON_TRIGGERS = ("spring", "summer", "fall", "autumn", "winter")


def parse_number(raw: str) -> float | None:
    """The value of a :data:`NUMBER` match (``"two and a half"`` -> 2.5), else ``None``."""
    text = " ".join(raw.lower().replace("-", " ").split())
    half = text.endswith(" and a half")
    if half:
        text = text[: -len(" and a half")]
    if text in ("half a", "half an", "a half"):
        return 0.5
    total: float | None = None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", text):
        total = float(text.replace(",", ""))
    else:
        value = 0
        for word in text.split():
            if word in ("a", "an"):
                value += 1
            elif word == "dozen":
                value = (value or 1) * 12
            elif word == "hundred":
                value = (value or 1) * 100
            elif word in _ONES:
                value += _ONES[word]
            elif word in _TEENS:
                value += _TEENS[word]
            elif word in _TENS:
                value += _TENS[word]
            else:
                return None
        total = float(value)
    return total + 0.5 if half else total


# Prepositions after which a bare capitalised month name is read as a date.
MONTH_CUES = (
    "in|In|since|Since|until|Until|till|by|By|from|From|to|through|throughout|during|"
    "During|before|Before|after|After|of|between|Between|and|or|than|early|late|mid|"
    "Early|Late|Mid|end|start|beginning|middle"
)

# A year-like number followed by one of these is a count or a clock time, not a year.
COUNT_WORDS = frozenset(
    [
        "people", "persons", "men", "women", "children", "kids", "troops", "soldiers", "police",
        "officers", "workers", "jobs", "units", "cases", "deaths", "dead", "injured", "victims",
        "dollars", "euros", "pounds", "yuan", "votes", "voters", "miles", "kilometers",
        "kilometres", "km", "feet", "foot", "meters", "metres", "tons", "tonnes", "barrels",
        "homes", "houses", "buildings", "students", "residents", "employees", "staff",
        "members", "copies", "cars", "vehicles", "trucks", "times", "words", "pages", "acres",
        "hectares", "hours", "minutes", "seconds", "days", "weeks", "months", "years", "gmt",
        "utc", "et", "est", "edt", "pst", "pdt", "bst", "cet", "hrs", "hr", "local", "rounds",
        "points", "seats", "games", "pupils", "refugees", "migrants", "protesters", "delegates",
        "calories", "degrees", "sq", "square", "signatures", "visitors", "fans", "passengers",
        "patients", "beds", "doses", "tests", "rockets", "missiles", "planes", "aircraft",
        "ships", "animals", "sheep", "cattle", "companies", "firms", "shares", "jets",
        "dealers", "dealerships", "stores", "plants", "positions", "songs",
        "am", "a.m.", "pm", "p.m.", "hours", "h", "mhz", "ghz", "gb", "mb", "pixels",
    ]
)  # fmt: skip
# A year-like number after one of these is an identifier ("Flight 2023", "No. 1999").
ID_WORDS = frozenset(
    [
        "no", "no.", "number", "nos", "flight", "route", "room", "page", "pages", "highway",
        "interstate", "model", "type", "bill", "resolution", "item", "code", "article",
        "section", "chapter", "rule", "form", "box", "unit", "suite", "windows", "office",
        "version", "v", "iphone", "ipod", "boeing", "airbus", "series",
        "apt", "apt.", "sr", "mk", "mac", "core", "galaxy", "pentium", "xbox",
    ]
)  # fmt: skip
