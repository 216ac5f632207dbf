"""Rules for calendar dates: written-out and numeric dates, months, weekdays, years,
decades, centuries and holidays (TIMEX3 type DATE, or TIME with a part of the day).

Relative ones (a weekday, a month or ``June 19`` without a year) are resolved
against the article date using the tense of their clause; in an undated article
they keep ``X`` for what is unknown (``XXXX-06-19``, ``XXXX-WXX-1``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from newsweave.temporal import calendar as cal
from newsweave.temporal import timex as tx
from newsweave.temporal.lexicon import (
    AMBIGUOUS_MONTHS,
    COUNT_WORDS,
    DAY,
    ID_WORDS,
    MONTH_ABBREVIATIONS,
    MONTH_ANY,
    MONTH_CUES,
    MONTH_FULL,
    MONTH_TRIGGERS,
    MONTHS,
    PART_OF_DAY,
    PARTS_OF_DAY,
    WEEKDAY,
    WEEKDAY_PLURALS,
    WEEKDAY_TRIGGERS,
    WEEKDAYS,
    YEAR,
)
from newsweave.temporal.recognise import DIGIT, Context, Reading, Rule

_YEAR_PREPOSITIONS = frozenset(
    ["in", "since", "of", "by", "until", "from", "around", "circa", "c.", "before", "after",
     "during", "to", "through", "and"]
)  # fmt: skip


def month_number(name: str) -> int:
    return MONTHS.get(name) or MONTH_ABBREVIATIONS[name.rstrip(".")]


def year_ok(text: str, start: int, end: int, year: int, *, hyphen: bool = False) -> bool:
    """Reject counts (``2000 people``), ids (``Flight 2023``), clock times (``1900 GMT``).

    ``hyphen`` allows a hyphen right before the year (``mid-2021``).
    """
    before = text[max(0, start - 12) : start]
    if re.search(r"[$€£#\d][.,]?$|/$|:$" if hyphen else r"[$€£#\d][.,]?$|[-/:]$", before):
        return False
    prev = before.split()[-1].lower().strip("(") if before.split() else ""
    if prev in ID_WORDS:
        return False
    nxt = re.match(r"\s*-?([A-Za-z.]+)", text[end : end + 20])
    if nxt and nxt.group(1).lower().rstrip(".") in COUNT_WORDS | {"a.m", "p.m"}:
        return False
    if year < 1900 or year > 2099:
        return prev.lower() in _YEAR_PREPOSITIONS
    return True


def _day_reading(m: re.Match[str], date: dt.date | None, start: int | None = None) -> Reading:
    """A full date; an impossible one (``February 30``) is kept, valued ``XXXX-XX-XX``."""
    value = tx.day(date) if date is not None else "XXXX-XX-XX"
    return Reading(m.start() if start is None else start, m.end(), "DATE", value)


def _numeric_iso(m: re.Match[str], ctx: Context) -> Reading | None:
    y, mo, d = (int(m.group(k)) for k in ("y", "m", "d"))
    return _day_reading(m, cal.make_date(y, mo, d))


def _numeric_dotted(m: re.Match[str], ctx: Context) -> Reading | None:
    """``19.06.2023`` is day.month.year (the European order; the US does not use dots)."""
    d, mo, y = (int(m.group(k)) for k in ("d", "m", "y"))
    if mo > 12 or d > 31 or d == 0:
        return None
    return _day_reading(m, cal.make_date(y, mo, d))


def _numeric_slash(m: re.Match[str], ctx: Context) -> Reading | None:
    """``6/19/2023``; ``7/8/07`` (8 July in Europe, July 8 in the US) is read as the
    reading nearer the article date, and left unresolved in an undated article."""
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    y = y + 2000 if y < 50 and len(m.group("y")) == 2 else y + 1900 if y < 100 else y
    if a > 31 or b > 31 or a == 0 or b == 0 or (a > 12 and b > 12):
        return None
    us, eu = cal.make_date(y, a, b), cal.make_date(y, b, a)
    if us is None or eu is None or us == eu:
        return _day_reading(m, us or eu)
    if ctx.anchor is None:
        return Reading(m.start(), m.end(), "DATE", f"{y:04d}-XX-XX")
    anchor = ctx.anchor
    best = min((us, eu), key=lambda d: (abs((d - anchor).days), d > anchor))
    return _day_reading(m, best)


def _month_day(m: re.Match[str], ctx: Context) -> Reading | None:
    day, month = int(m.group("day")), month_number(m.group("month"))
    if day == 0 or day > 31:
        return None
    year = m.group("year")
    if year:
        return _day_reading(m, cal.make_date(int(year), month, day))
    if cal.make_date(2024, month, day) is None:  # no such day in any year
        return _day_reading(m, None)
    wd = WEEKDAYS[m.group("wd")] if m.group("wd") else None
    tense = ctx.tense(*m.span())
    if ctx.anchor is None:
        return Reading(m.start(), m.end(), "DATE", f"XXXX-{month:02d}-{day:02d}", True)
    date = cal.month_day(ctx.anchor, month, day, wd, tense)
    return Reading(m.start(), m.end(), "DATE", tx.day(date) if date else "XXXX-XX-XX", True)


def _day_first(m: re.Match[str], ctx: Context) -> Reading | None:
    """``19 June 2023``. A bare ``2 May`` / ``1 March`` needs an ordinal, a year, a
    weekday or ``the``: without one, a count before a capitalised word is likelier."""
    bare = not (m.group("year") or m.group("ord") or m.group("wd") or m.group("the"))
    if bare and m.group("month").rstrip(".") in ("May", "March", "Mar"):
        return None
    return _month_day(m, ctx)


def _month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    year = int(m.group("year"))
    if not 1000 <= year <= 2199:
        return None
    return Reading(m.start(), m.end(), "DATE", tx.month(year, month_number(m.group("month"))))


def _shared_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """``May and June 2011``, ``September 14 and 18, 2010``: the first month (or day)
    takes the year written after the second."""
    year = int(m.group("year"))
    month = month_number(m.group("month"))
    if m.group("day"):
        date = cal.make_date(year, month, int(m.group("day")))
        return Reading(m.start(), m.end("day"), "DATE", tx.day(date) if date else "XXXX-XX-XX")
    return Reading(m.start(), m.end("month"), "DATE", tx.month(year, month))


def _second_day(m: re.Match[str], ctx: Context) -> Reading | None:
    """``September 14 and 18, 2010``: the second day, with the month written before it."""
    date = cal.make_date(int(m.group("year")), month_number(m.group("month")), int(m.group("d2")))
    return Reading(m.start("d2"), m.end(), "DATE", tx.day(date) if date else "XXXX-XX-XX")


def _season_year(m: re.Match[str], ctx: Context) -> Reading | None:
    year = int(m.group("year"))
    if not year_ok(ctx.text, m.start("year"), m.end("year"), year, hyphen=True):
        return None
    season = m.group("season")
    value = f"{year:04d}-{_SEASON_CODES[season.lower()]}" if season else tx.year(year)
    return Reading(m.start(), m.end(), "DATE", value)


_SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}


def _month_relative(m: re.Match[str], ctx: Context, rel: str | None, start: int) -> Reading:
    month = MONTHS[m.group("month")]
    after = ctx.text[m.end() : m.end() + 30]
    of_year = re.match(r",?\s+(?:of\s+)?(?:the\s+)?(this|last|next|following|previous)\s+year\b",
                       after, re.IGNORECASE)
    if of_year:  # "October of next year", "May last year": the year is read from the words after
        delta = {"this": 0, "last": -1, "next": 1, "following": 1, "previous": -1}[
            of_year.group(1).lower()]
        return ctx.relative(start, m.end(), "DATE",
                            lambda a: tx.month(a.year + delta, month), f"XXXX-{month:02d}")
    tense = ctx.tense(start, m.end())
    return ctx.relative(start, m.end(), "DATE",
                        lambda a: tx.month(*cal.bare_month(a, month, rel, tense)),
                        f"XXXX-{month:02d}")


def _rel_month(m: re.Match[str], ctx: Context) -> Reading | None:
    rel = m.group("rel").lower()
    return _month_relative(m, ctx, None if rel in ("early", "mid", "late") else rel, m.start())


def _bare_month(m: re.Match[str], ctx: Context) -> Reading | None:
    name = m.group("month")
    after = ctx.text[m.end("month") : m.end("month") + 20]
    if name in AMBIGUOUS_MONTHS and re.match(r"\s+[A-Z][a-z]", after):
        return None  # "April Ryan", "June Carter"
    if name == "May" and re.match(r"\s+(?:be|have|not|also|well|\w+ed)\b", after):
        return None
    return _month_relative(m, ctx, None, m.start("month"))


def _week_of_month(m: re.Match[str], ctx: Context) -> Reading | None:
    """``the last week of March``: the ISO week holding that month's first (second...)
    or last Thursday (the ISO rule: a week belongs where its Thursday is)."""
    month = MONTHS[m.group("month")]
    n = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "final": -1}[
        m.group("ord")]

    def value(year: int) -> str:
        return tx.week(cal.nth_weekday(year, month, 3, n))

    if m.group("year"):
        return Reading(m.start(), m.end(), "DATE", value(int(m.group("year"))))
    tense = ctx.tense(*m.span())
    return ctx.relative(m.start(), m.end(), "DATE",
                        lambda a: value(cal.bare_month(a, month, None, tense)[0]), "XXXX-WXX")


def _weekday(m: re.Match[str], ctx: Context) -> Reading | None:
    rel = (m.group("rel") or "").lower() or None
    target = WEEKDAYS[m.group("wd")]
    tense = ctx.tense(*m.span())
    pod = m.group("pod")
    suffix = f"T{PARTS_OF_DAY[pod.lower()]}" if pod else ""
    return ctx.relative(
        m.start(), m.end(), "TIME" if pod else "DATE",
        lambda a: tx.day(cal.weekday(a, target, rel, tense)) + suffix,
        f"XXXX-WXX-{target + 1}" + suffix,
    )


def _weekday_plural(m: re.Match[str], ctx: Context) -> Reading | None:
    """``on Mondays``, ``every Monday``: a set of days (TIMEX3 ``XXXX-WXX-1``)."""
    name = m.group("wds") or m.group("wd") + "s"
    return Reading(m.start(), m.end(), "SET", f"XXXX-WXX-{WEEKDAY_PLURALS[name] + 1}")


def _year(m: re.Match[str], ctx: Context) -> Reading | None:
    year = int(m.group("year"))
    if not year_ok(ctx.text, m.start("year"), m.end("year"), year):
        return None
    if m.group("fy"):
        return Reading(m.start(), m.end(), "DATE", f"FY{year:04d}")
    return Reading(m.start(), m.end(), "DATE", tx.year(year))


def _decade(m: re.Match[str], ctx: Context) -> Reading | None:
    """``the 1990s`` -> ``199``; ``the '80s`` -> ``198``; ``the 1800s`` is a century (``18``)."""
    raw = m.group("dec")
    digits = raw.lstrip("'’")
    if len(digits) == 2:
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if re.search(r"\b(?:his|her|their|its|my|your|our)\s+(?:(?:early|mid|late)[-\s]+)?$",
                     before):
            return None  # "in her 20s" is an age
        # '80s: the 1900s unless that decade is still to come in this century
        this_decade = (ctx.anchor or dt.date.today()).year % 100 // 10
        century = 20 if int(digits[0]) <= this_decade else 19
        return Reading(m.start(), m.end(), "DATE", f"{century}{digits[0]}")
    if digits.endswith("00") and digits[:2] in ("15", "16", "17", "18", "19"):
        return Reading(m.start(), m.end(), "DATE", digits[:2])
    return Reading(m.start(), m.end(), "DATE", digits[:3])


_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                  "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
                  "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
                  "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                  "twentieth": 20, "twenty-first": 21}  # fmt: skip


def _century(m: re.Match[str], ctx: Context) -> Reading | None:
    raw = m.group("c").lower()
    n = int(raw[:-2]) if raw[:-2].isdigit() else _ORDINAL_WORDS.get(raw)
    if n is None or not 1 <= n <= 22:
        return None
    return Reading(m.start(), m.end(), "DATE", f"{n - 1:02d}")


def _holiday(m: re.Match[str], ctx: Context) -> Reading | None:
    name = " ".join(m.group("hol").replace("’", "'").split())
    rule = _HOLIDAYS[name.lower().replace("'", "")]
    if m.group("year"):
        year = int(m.group("year"))
        return Reading(m.start(), m.end(), "DATE", tx.day(rule(year)))
    if ctx.anchor is None:
        return Reading(m.start(), m.end(), "DATE", "XXXX-XX-XX", True)
    anchor, tense = ctx.anchor, ctx.tense(*m.span())
    cands = [rule(y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    past = [d for d in cands if d <= anchor]
    future = [d for d in cands if d >= anchor]
    if tense == "future":
        date = min(future)
    elif tense == "past":
        date = max(past)
    else:
        date = min(cands, key=lambda d: (abs((d - anchor).days), d > anchor))
    return Reading(m.start(), m.end(), "DATE", tx.day(date), True)


def _fixed(month: int, day: int) -> Callable[[int], dt.date]:
    return lambda y: dt.date(y, month, day)


# Holiday -> its date in a given year (fixed, Easter-based or nth weekday of a month).
_HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "christmas": _fixed(12, 25), "christmas day": _fixed(12, 25),
    "christmas eve": _fixed(12, 24), "boxing day": _fixed(12, 26),
    "new years day": _fixed(1, 1), "new years eve": _fixed(12, 31),
    "valentines day": _fixed(2, 14), "st. patricks day": _fixed(3, 17),
    "st patricks day": _fixed(3, 17), "halloween": _fixed(10, 31),
    "independence day": _fixed(7, 4), "veterans day": _fixed(11, 11),
    "easter": cal.easter, "easter sunday": cal.easter,
    "easter monday": lambda y: cal.easter(y) + dt.timedelta(days=1),
    "good friday": lambda y: cal.easter(y) - dt.timedelta(days=2),
    "thanksgiving": lambda y: cal.nth_weekday(y, 11, 3, 4),
    "thanksgiving day": lambda y: cal.nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: cal.nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: cal.nth_weekday(y, 5, 0, -1),
    "martin luther king day": lambda y: cal.nth_weekday(y, 1, 0, 3),
    "presidents day": lambda y: cal.nth_weekday(y, 2, 0, 3),
}  # fmt: skip
_HOLIDAY_RE = (
    r"(?P<hol>Christmas(?:\s+(?:Day|Eve))?|Boxing\s+Day|New\s+Year['’]?s\s+(?:Day|Eve)|"
    r"Valentine['’]?s\s+Day|St\.?\s+Patrick['’]?s\s+Day|Halloween|Independence\s+Day|"
    r"Veterans['’]?\s+Day|Easter(?:\s+(?:Sunday|Monday))?|Good\s+Friday|"
    r"Thanksgiving(?:\s+Day)?|Labor\s+Day|Memorial\s+Day|Martin\s+Luther\s+King\s+Day|"
    r"Presidents['’]?\s+Day)\b"
)

_HOLIDAY_TRIGGERS = ("christmas", "boxing", "new year*", "valentine*", "patrick*", "halloween",
                     "independence", "veterans", "easter", "good friday", "thanksgiving",
                     "labor day", "memorial day", "luther king", "presidents")  # fmt: skip
_MOD = r"(?:(?P<mod>[Ee]arly|[Mm]id|[Ll]ate)[-\s]+)?"
_ORD = r"(?:st|nd|rd|th)?"
_AND = r"\s*(?:and|or|to|through|-|–)\s*"
_NOT_NAMED = r"(?!['’]s\s+(?:[a-z]+\s+)?(?:edition|paper|issue))"  # "Sunday's edition"
RULES: tuple[Rule, ...] = (
    # coordinated months / days sharing one year: they win ties with the rules below
    Rule(re.compile(rf"\b{MONTH_ANY}(?:\s+(?P<day>\d{{1,2}}){_ORD})?{_AND}"
                    rf"(?:(?:{'|'.join(MONTHS)})(?:\s+\d{{1,2}}{_ORD})?|\d{{1,2}}{_ORD}),?\s+{YEAR}"),
         _shared_year, MONTH_TRIGGERS, (5, 40)),
    Rule(re.compile(rf"\b{MONTH_ANY}\s+\d{{1,2}}{_ORD}{_AND}(?P<d2>\d{{1,2}}){_ORD},?\s+{YEAR}"),
         _second_day, MONTH_TRIGGERS, (5, 40)),
    Rule(re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b(?!-\d)"),
         _numeric_iso, (DIGIT,), (5, 15)),
    Rule(re.compile(r"(?<![\d/])\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b(?!/)"),
         _numeric_slash, ("/",), (5, 15)),
    Rule(re.compile(r"(?<![\d.])\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b(?!\.\d)"),
         _numeric_dotted, (DIGIT,), (5, 15)),
    Rule(re.compile(rf"\b(?:{WEEKDAY},?\s+)?{_MOD}{MONTH_ANY}\s+(?:the\s+)?{DAY}"
                    rf"(?:,?\s+{YEAR})?(?![,.]?\d)"), _month_day, MONTH_TRIGGERS, (30, 30)),
    Rule(re.compile(rf"(?:\b{WEEKDAY},?\s+)?\b(?P<the>the\s+)?{DAY}\s+(?:of\s+)?{MONTH_ANY}"
                    rf"(?:,?\s+{YEAR})?"), _day_first, MONTH_TRIGGERS, (35, 20)),
    Rule(re.compile(rf"\b{_MOD}{MONTH_ANY},?\s+(?:of\s+)?{YEAR}"),
         _month_year, MONTH_TRIGGERS, (15, 15)),
    Rule(re.compile(rf"\b(?:(?:the\s+)?(?P<season>[Ss]pring|[Ss]ummer|[Ff]all|[Aa]utumn|[Ww]inter)"
                    rf"\s+(?:of\s+)?|(?P<mod>[Ee]arly|[Mm]id|[Ll]ate)[-\s]+){YEAR}"),
         _season_year, (DIGIT,), (25, 5)),
    Rule(re.compile(rf"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Mm]id|[Ll]ate)[-\s]+{MONTH_FULL}"
                    rf"(?!\s+\d)"), _rel_month, MONTH_TRIGGERS, (10, 5)),
    Rule(re.compile(rf"\b(?:{MONTH_CUES})[-\s]+{MONTH_FULL}(?!\s+\d)"),
         _bare_month, MONTH_TRIGGERS, (20, 10)),
    Rule(re.compile(rf"\b(?P<month>{'|'.join(m for m in MONTHS if m not in AMBIGUOUS_MONTHS)})\b"
                    r"(?!\s+\d)"), _bare_month, MONTH_TRIGGERS, (5, 5)),
    Rule(re.compile(rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|last|final)\s+week\s+of\s+"
                    rf"{MONTH_FULL}(?:,?\s+{YEAR})?"), _week_of_month, ("week",), (20, 30)),
    Rule(re.compile(rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming)\s+|(?:[Ee]arly|[Ll]ate)\s+)?"
                    rf"{WEEKDAY}{_NOT_NAMED}{PART_OF_DAY}"), _weekday, WEEKDAY_TRIGGERS, (15, 40)),
    Rule(re.compile(rf"\b(?:(?:[Ee]very|[Ee]ach)\s+{WEEKDAY}|(?<=\bon\s)(?P<wds>"
                    rf"{'|'.join(WEEKDAY_PLURALS)})\b)"),
         _weekday_plural, WEEKDAY_TRIGGERS, (10, 5)),
    Rule(re.compile(r"(?<![\d$€£#.,/-])\b(?:(?P<fy>[Ff]iscal(?:\s+[Yy]ear)?|FY)\s*|the\s+year\s+)?"
                    r"(?P<year>1\d\d\d|20\d\d)\b(?![,.]?\d|%|['’]?s\b)"),
         _year, (DIGIT,), (15, 10)),
    Rule(re.compile(r"(?<![\w$€£#])(?:(?:[Tt]he\s+)(?:(?:early|mid|late)[-\s]+)?|mid-)?"
                    r"(?P<dec>(?:1[5-9]|20)\d0|['’]?\d0)s\b"), _decade, ("0s",), (20, 5)),
    Rule(re.compile(r"\b(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?(?P<c>\d{1,2}(?:st|nd|rd|th)|"
                    rf"{'|'.join(sorted(_ORDINAL_WORDS, key=len, reverse=True))})[-\s]century\b",
                    re.IGNORECASE), _century, ("centur*",), (35, 10)),
    Rule(re.compile(rf"\b{_HOLIDAY_RE}(?:,?\s+{YEAR})?"), _holiday, _HOLIDAY_TRIGGERS, (5, 25)),
)

