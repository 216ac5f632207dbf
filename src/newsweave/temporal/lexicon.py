"""Word lists and regular-expression pieces for the time-expression recogniser.

Month and weekday names are matched case-sensitively (capitalised, as news
prints them), which keeps ``may`` (modal) and ``march`` (verb) out; the
capitalised ambiguous ones are further guarded in :mod:`.recognise`.
Weekday abbreviations (``Wed``, ``Sat``, ``Sun``) are never read on their own:
they are English words and newspaper names far more often than dates.
"""

from __future__ import annotations

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")  # fmt: skip
MONTHS = {name: i + 1 for i, name in enumerate(_MONTH_NAMES)}
MONTH_ABBREVIATIONS = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
    "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS = {name: i for i, name in enumerate(_WEEKDAY_NAMES)}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "couple of": 2,
}  # fmt: skip

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
PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
NUMBER = (
    r"(?P<n>\d{1,3}|a couple of|couple of|an?|one|two|three|four|five|six|seven|eight|nine"
    r"|ten|eleven|twelve)"
)

# Prepositions after which a bare capitalised month name is read as a date.
MONTH_CUES = (
    "in|In|since|Since|until|Until|till|by|By|from|From|to|through|throughout|during|"
    "During|before|Before|after|After|of|between|Between|and|or|than"
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
        "ships", "animals", "sheep", "cattle", "companies", "firms", "shares",
    ]
)  # fmt: skip
# A year-like number after one of these is an identifier ("Flight 2023", "No. 1999").
ID_WORDS = frozenset(
    [
        "no", "no.", "number", "nos", "flight", "route", "room", "page", "pages", "highway",
        "interstate", "model", "type", "bill", "resolution", "item", "code", "article",
        "section", "chapter", "rule", "form", "box", "unit", "suite",
    ]
)  # fmt: skip
