"""Rules for parts of a year and of a week: seasons, weekends, quarters, halves, and
the edges of a period ("the end of the year").

- seasons: ``last summer``, ``this spring``, ``the winter``, ``in spring``
  (``2009-SP``; tense decides between this year's and last year's);
- weekends: ``the weekend``, ``this past weekend`` (``2010-W04-WE``);
- quarters and halves: ``the first quarter of 2009`` (``2009-Q1``), ``Q3 2009``,
  ``the fourth quarter`` (this year's or last year's, by tense and nearness),
  ``the last quarter`` (the previous one), ``this year's second half``, ``the 2001
  third quarter``. In a sentence about a game ("scored 12 points in the fourth
  quarter") a quarter or half without a year is a period of play, not a date;
- ``the end of the year``, ``the beginning of the month``: the article's unit.
"""

from __future__ import annotations

import datetime as dt
import re

from newsweave.temporal import calendar as cal
from newsweave.temporal import timex as tx
from newsweave.temporal.lexicon import SEASON_TRIGGERS, SEASONS
from newsweave.temporal.recognise import Context, Reading, Rule

_I = re.IGNORECASE


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season(anchor: dt.date, code: str, rel: str, tense: str | None) -> str:
    """``last summer`` is the most recent one that has begun before this one; ``this``
    and ``the`` pick this year's (``the`` with a past tense: the latest that has begun)."""
    started = anchor.month >= _SEASON_START[code]
    y = anchor.year
    if rel == "last":
        y = anchor.year if started and code != "WI" else anchor.year - 1
    elif rel == "next":
        y = anchor.year if not started else anchor.year + 1
    elif rel in ("the", "in") and tense != "future" and not started:
        y = anchor.year - 1
    elif rel in ("the", "in") and tense == "future" and started and anchor.month > \
            _SEASON_START[code] + 2:
        y = anchor.year + 1
    return f"{tx.year(y)}-{code}"


def _the_weekend(m: re.Match[str], ctx: Context) -> Reading | None:
    """``the weekend``: the most recent one that has begun (future tense: the coming one)."""
    tense = ctx.tense(*m.span())
    rel = "last" if m.group(0).lower().startswith("this") else None

    def resolve(a: dt.date) -> str:
        if rel == "last":
            sat = cal.weekend_saturday(a, None, None)
        else:
            sat = cal.weekend_saturday(a, None, tense)
        return tx.week(sat, weekend=True)

    return ctx.relative(m.start(), m.end(), "DATE", resolve, "XXXX-WXX-WE")


def _bare_season(m: re.Match[str], ctx: Context) -> Reading | None:
    """``in spring``: this year's, or the latest one that has begun (past tense)."""
    code = SEASONS[m.group("season").lower()]
    tense = ctx.tense(*m.span())
    return ctx.relative(m.start(), m.end(), "DATE", lambda a: _season(a, code, "the", tense),
                        f"XXXX-{code}")


def _the_season(m: re.Match[str], ctx: Context) -> Reading | None:
    unit = m.group("unit").lower()
    tense = ctx.tense(*m.span())
    return ctx.relative(m.start(), m.end(), "DATE",
                        lambda a: _season(a, SEASONS[unit], "the", tense), f"XXXX-{SEASONS[unit]}")


def _quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    """``the first quarter of 2009``, ``Q3 2009``, ``the fourth quarter``, ``the second
    half of the year``: a quarter (``2009-Q1``) or half (``2009-H2``) of a year."""
    ordinal = (m.group("ord") or m.group("qn") or "").lower()
    kind = "H" if (m.group("part") or "").lower() == "half" else "Q"
    n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
         "4th": 4, "final": 4 if kind == "Q" else 2, "last": 4 if kind == "Q" else 2,
         "1": 1, "2": 2, "3": 3, "4": 4}[ordinal]  # fmt: skip
    year_text = (m.group("year") or "").lower()
    if not year_text and _about_a_game(m, ctx):
        return None
    if year_text.isdigit():
        return Reading(m.start(), m.end(), "DATE", f"{int(year_text):04d}-{kind}{n}")
    delta = -1 if "last" in year_text or "previous" in year_text else \
        1 if "next" in year_text else 0
    tense = ctx.tense(*m.span())

    months = 3 if kind == "Q" else 6

    def resolve(a: dt.date) -> str:
        if year_text:
            return f"{a.year + delta:04d}-{kind}{n}"
        # "the fourth quarter": this year's or last year's, whichever is nearer the
        # anchor; a past tense rules out one still to come, a future one that has ended
        best: tuple[int, int] | None = None
        for year in (a.year - 1, a.year):
            first = dt.date(year, (n - 1) * months + 1, 1)
            y2, m2 = cal.add_months(year, (n - 1) * months + 1, months)
            after = dt.date(y2, m2, 1)
            if (tense == "future" and after <= a) or (tense == "past" and first > a):
                continue
            distance = (first - a).days if first > a else (a - after).days + 1 if after <= a else 0
            if best is None or distance <= best[0]:
                best = (distance, year)
        return f"{best[1] if best else a.year:04d}-{kind}{n}"

    return ctx.relative(m.start(), m.end(), "DATE", resolve, f"XXXX-{kind}{n}")


def _rel_quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    if _about_a_game(m, ctx):
        return None
    rel = m.group("rel").lower()
    delta = -1 if rel in ("last", "past", "previous") else 1 if rel in ("next", "coming") else 0
    return ctx.relative(m.start(), m.end(), "DATE",
                        lambda a: tx.unit_containing(a, "quarter", delta), "XXXX-QX")


def _period_edge(m: re.Match[str], ctx: Context) -> Reading | None:
    """``the end of the year``, ``the beginning of the month``: the article's unit."""
    unit = m.group("unit").lower()
    return ctx.relative(m.start(), m.end(), "DATE", lambda a: tx.unit_containing(a, unit, 0),
                        tx.UNDATED[unit])


def _rel_season(m: re.Match[str], ctx: Context) -> Reading | None:
    """``last summer``, ``this spring``, ``next winter``."""
    rel = " ".join(m.group("rel").lower().split()).replace("this past", "last")
    code = SEASONS[m.group("unit").lower()]
    tense = ctx.tense(*m.span())
    return ctx.relative(m.start(), m.end(), "DATE", lambda a: _season(a, code, rel, tense),
                        f"XXXX-{code}")


# In a report of a game, a quarter or half without a year is a period of play.
_SPORT = re.compile(
    r"\b(?:points?|scored|scores|rebounds?|assists?|touchdowns?|field\s+goal|goals?|halftime|"
    r"quarterback|innings?|free\s+throws?|dunk|basket|yards?|overtime|penalty|kick(?:ed|er)?|"
    r"minutes?\s+(?:left|remaining)|seconds?\s+(?:left|remaining)|game|match|lead|tied?|"
    r"coach|playoffs?|season)\b", re.IGNORECASE)
_MONEY = re.compile(
    r"[$€£%]|\b(?:percent|profits?|loss(?:es)?|revenues?|earnings|sales|income|billion|"
    r"million|fiscal|growth|economy|gdp|shares|stocks?|dividends?|results|quarterly|"
    r"output|deficit|inflation|unemployment)\b", re.IGNORECASE)


def _about_a_game(m: re.Match[str], ctx: Context) -> bool:
    """A text with several words of sport in it, and no money in this sentence."""
    sporty = ctx.memo("sport", lambda: len(_SPORT.findall(ctx.text)) >= 3)
    lo, hi = ctx.sentence(m.start())
    return bool(sporty) and not _MONEY.search(ctx.text, lo, hi)


def _quarter_of_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """``this year's third quarter``, ``the 2001 third quarter``."""
    n = _ORDINALS[m.group("ord").lower()]
    kind = "H" if m.group("part").lower() == "half" else "Q"
    if m.group("year"):
        return Reading(m.start(), m.end(), "DATE", f"{int(m.group('year')):04d}-{kind}{n}")
    rel = m.group("rel").lower()
    delta = -1 if rel == "last" else 1 if rel == "next" else 0
    return ctx.relative(m.start(), m.end(), "DATE", lambda a: f"{a.year + delta:04d}-{kind}{n}",
                        f"XXXX-{kind}{n}")


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4}  # fmt: skip


RULES: tuple[Rule, ...] = (
    Rule(re.compile(r"\b(?P<rel>last|next|this(?:\s+past)?|coming|(?:earlier|later|early|late)"
                    r"\s+(?:this|last|next))\s+(?P<unit>summer|spring|fall|autumn|winter)\b", _I),
         _rel_season, SEASON_TRIGGERS, (30, 5)),
    Rule(re.compile(r"\b(?:the|this\s+past)\s+weekend\b", _I), _the_weekend, ("weekend",), (15, 5)),
    Rule(re.compile(r"\bthe\s+(?P<unit>summer|spring|fall|autumn|winter)\b(?!\s+of\b)", _I),
         _the_season, SEASON_TRIGGERS, (10, 5)),
    Rule(re.compile(r"(?<=\bin\s)(?P<season>spring|summer|autumn|winter)\b(?!\s+(?:of|\d))", _I),
         _bare_season, SEASON_TRIGGERS, (10, 5)),
    Rule(re.compile(r"\b(?:the\s+)?(?:(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
                    r"[-\s](?P<part>quarter|half)|Q(?P<qn>[1-4]))(?:,?\s+(?:of\s+)?(?P<year>"
                    r"(?:fiscal\s+)?\d{4}|(?:this|last|next|the\s+(?:previous|current))\s+year|"
                    r"the\s+year))?\b", _I),
         _quarter, ("quarter*", "half", "q1", "q2", "q3", "q4"), (20, 35)),
    Rule(re.compile(r"\b(?:the\s+)?(?P<rel>last|past|previous|this|current|next|coming)\s+quarter\b",
                    _I), _rel_quarter, ("quarter",), (20, 5)),
    Rule(re.compile(r"\bthe\s+(?:very\s+)?(?:end|beginning|start|middle|rest|remainder|close|turn)"
                    r"\s+of\s+the\s+(?P<unit>year|month|week|decade|century|quarter)\b", _I),
         _period_edge, (" of the ",), (25, 15)),
    Rule(re.compile(r"\b(?:(?P<rel>this|last|next)\s+year['’]s|the\s+(?P<year>\d{4}))\s+"
                    r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s](?P<part>quarter|half)\b",
                    _I), _quarter_of_year, ("quarter*", "half"), (30, 5)),
)
