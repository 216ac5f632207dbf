"""Word lists of the value reader (:mod:`newsweave.facts.measures`): news attributes.

Classes follow the attributes the labelling guidelines name (docs/gold-facts.md):
deaths, injured, arrests, missing, evacuated, crowd size, magnitude; units of
distance, duration, weight, area, temperature, speed and calibre; light verbs that
say nothing of what was done; change verbs (a value stated as a development);
qualifiers that narrow an attribute to a part of it; cues of corrections,
cumulative totals and irrealis (wanted, proposed, conditional) predicates.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "CHANGE",
    "CLASSES",
    "CLASS_OF",
    "CONVERSION",
    "CORRECTION",
    "CUMULATIVE_WORDS",
    "INTENT_VERBS",
    "IRREALIS",
    "LATER",
    "LIGHT",
    "MODALS",
    "MONTHS",
    "NOUN_CLASS",
    "ONGOING",
    "PARTIAL",
    "PARTIAL_SCORES",
    "PEOPLE",
    "PERSONAL",
    "PLAY_WINDOWS",
    "QUANTITY_HEADS",
    "RECURRING",
    "REFERENCE_YEAR",
    "RELATIVE_TIME",
    "THING",
    "TIME_WORDS",
    "UNITS",
    "UNKNOWN",
    "WINDOWS",
]

LIGHT = frozenset(
    "be have get include say tell report put reach total number stand make take show give "
    "estimate place list set count add bring leave see remain become more many few less "
    "much than finish end".split()
)
CHANGE = frozenset(
    "rise climb increase jump grow soar swell mount double triple fall drop decline decrease "
    "dip plunge slip ease revise update raise lower lift hike cut reduce".split()
)
CLASSES = {
    "dead": "kill kill die dead death perish claim slay fatality toll murder body life "
            "fatal killing",
    "injured": "injure wound hurt injured injury wounded hospitalize hospitalise",
    "arrested": "arrest detain apprehend arrested detained custody seize capture nab",
    "missing": "missing miss",
    "evacuated": "evacuate displace flee homeless evacuee",
    "crowd": "crowd march rally protest demonstration turnout attend gather demonstrate "
             "marcher rallygoer join",
    "magnitude": "magnitude richter quake earthquake temblor tremor",
}
CLASS_OF = {w: c for c, words in CLASSES.items() for w in words.split()}
PEOPLE = frozenset(
    "people person man woman child kid resident victim civilian passenger worker soldier "
    "officer protester demonstrator student patient member adult citizen pilgrim villager "
    "tourist employee staff miner sailor crew crewman individual".split()
)
UNITS = {
    "km": ("distance", 1.0), "kilometer": ("distance", 1.0), "kilometre": ("distance", 1.0),
    "mile": ("distance", 1.609), "meter": ("distance", 1e-3), "metre": ("distance", 1e-3),
    "foot": ("distance", 3.048e-4), "feet": ("distance", 3.048e-4), "yard": ("distance", 9.144e-4),
    "second": ("duration", 1.0), "minute": ("duration", 60.0), "hour": ("duration", 3600.0),
    "day": ("duration", 86400.0), "week": ("duration", 604800.0),
    "month": ("duration", 2.63e6), "year": ("duration", 3.156e7),
    "decade": ("duration", 3.156e8), "century": ("duration", 3.156e9),
    "pound": ("weight", 0.4536), "lb": ("weight", 0.4536), "kg": ("weight", 1.0),
    "kilogram": ("weight", 1.0), "ton": ("weight", 1000.0), "tonne": ("weight", 1000.0),
    "acre": ("area", 4047.0), "hectare": ("area", 1e4),
    "degree": ("temperature", 1.0), "mph": ("speed", 1.609), "caliber": ("calibre", 1.0),
    "calibre": ("calibre", 1.0),
}  # fmt: skip
PARTIAL = frozenset(
    "straight consecutive unanswered "
    "first second third fourth final last half quarter period inning additional more other "
    "another remaining new extra further total career season overall previous earlier "
    "combined average per each prior part".split()
)
CORRECTION = re.compile(
    r"\b(?:correct(?:ed|s|ion)|revised|earlier\s+(?:reported|said|stated)|initially|"
    r"previously\s+(?:reported|said)|not\s+\S+\s+as\s+(?:earlier|previously|first)\s+reported|"
    r"had\s+(?:earlier|initially|originally)\s+(?:reported|said))\b",
    re.I,
)
LATER = re.compile(  # a value stated against an earlier one
    r"\b(?:up\s+from|down\s+from|from\s+an?\s+(?:earlier|previous|initial)|has\s+(?:risen|climbed|"
    r"grown|increased|fallen|dropped)|revised|updated\s+(?:toll|figure|count|number))\b",
    re.I,
)
RELATIVE_TIME = re.compile(
    r"\b(?:last|previous)\s+(?:year|season|month|decade)\b"
    r"|\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d+|several|many)\s+"
    r"(?:years?|decades?|seasons?)\s+(?:ago|earlier|before)\b"
    r"|\b(?:days|weeks|months|years)\s+(?:ago|earlier|before|after)\b",
    re.I,
)
"""Another time than the story's, stated relative to it ("last year's Oscars", "a decade
ago"): an anchor as strong as a year."""
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
TIME_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday yesterday today".split()
)
THING = {w: "gun" for w in "revolver gun handgun pistol weapon rifle firearm".split()}
CUMULATIVE_WORDS = frozenset({"since", "far", "altogether", "date", "over"})
QUANTITY_HEADS = frozenset(
    "total number toll count tally sum estimate average maximum minimum group crowd set series "
    "pair couple handful majority minority dozen range record figure amount".split()
)
"""Nouns that only measure what their "of" phrase counts ("a total of 11 rounds")."""
CONVERSION = re.compile(r"\s*\(\s*(?:about|approx\.?|approximately|roughly|some|around|or)?\s*")
ONGOING = frozenset(
    "riot rioting riots protest protests strike strikes unrest violence fighting clash clashes "
    "siege search manhunt standoff war occupation demonstration demonstrations rally "
    "rallies hunger".split()
)
"""Events that last while they are reported: "five days of rioting" grows like a toll."""
RECURRING = frozenset(
    "season year game edition election tournament series draft playoff playoffs term "
    "session quarter championship olympics".split()
)
"""Things a story has one of every year: "the 2005 season" is not a year of one thing."""
PARTIAL_SCORES = frozenset("lead run deficit edge spurt advantage cushion halftime".split())
"""Nouns of a score at some moment of a game, not its result ("stretched the lead to 50-44")."""
NOUN_CLASS = {"contract": "deal", "offer": "deal", "pact": "deal", "agreement": "deal",
              "bullet": "shot", "round": "shot", "shot": "shot", "gunshot": "shot",
              "movie": "film", "film": "film",
               "temperature": "temperature", "revolver": "gun", "handgun": "gun", "pistol": "gun"}
REFERENCE_YEAR = re.compile(r"\b(?:since|until|till|before|after|than|from)\s+$", re.I)
IRREALIS = frozenset(
    "seek propose want plan aim hope demand ask call threaten try intend expect need".split()
)
INTENT_VERBS = frozenset("aim try intend hope".split())
"""Verbs of :data:`IRREALIS` that make a value unreal only through their clausal complement
("aimed to cut 500 jobs", "hopes to win 10 games"); as a value's own verb they state an
act ("aimed a .357 revolver at them", "tried a 52-yard field goal")."""
MODALS = frozenset("could might may should can".split())  # narrative "would" is not irrealis
WINDOWS = frozenset(
    "half quarter period inning round minute minutes hour hours day days week weeks month "
    "months game games season seasons stretch".split()
)
PLAY_WINDOWS = frozenset("game games start starts appearance appearances season seasons".split())
"""Heads of "in 54 games" phrases: a value over part of a career, not all of it."""
"""Heads of "the first/last N ..." phrases that narrow a value to a window of time."""
UNKNOWN = "?"
"""A referent given by a personal pronoun: compatible with no other referent."""
PERSONAL = frozenset("he she they him her them his their".split())


DEICTIC_DAY = re.compile(
    r"\b(?:today|tonight|yesterday|this\s+(?:morning|afternoon|evening)|"
    r"(?:start|end|close)\s+of\s+the\s+day|end(?:ed)?\s+the\s+day|"
    r"the\s+closing\s+bell|at\s+the\s+close)\b|\b\d{1,2}:\s?\d\d\s+(?:UTC|GMT)\b",
    re.I)
"""Words that anchor a claim on its report's own day (TimeML: a deictic expression takes
its value from the document creation time): "fell 2% today", "lower than the start of
the day", "at the closing bell", "as of 16:08 UTC". Not "earlier in the day" (the day of
the event told, whenever it is reported)."""
_QUOTED = re.compile(r"[\"“][^\"“”]*(?:[\"”]|$)")  # a quote may run past the claim


def other_days(text_a: str, text_b: str, day_a: dt.date | None, day_b: dt.date | None) -> bool:
    """Whether two claims are of different days: both are anchored on their report's day
    (:data:`DEICTIC_DAY`, outside quotation marks: a quote's "today" is the speaker's,
    and a quote told on two days is one statement) and the reports are dated on
    different days ("markets fell today" on 17 September and on 6 October are two
    falls)."""
    return day_a is not None and day_b is not None and day_a != day_b and all(
        DEICTIC_DAY.search(_QUOTED.sub(" ", t)) for t in (text_a, text_b))
