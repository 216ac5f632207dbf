"""Whether two names of one article name the same person or organisation: short and
full given names (``Bill`` = ``William``, ``Fred`` = ``Frederick``, ``W.`` = ``William``),
``Jr.``/``Sr.`` suffixes, acronyms (``LAPD`` = ``Los Angeles Police Department``)."""

from __future__ import annotations

import re

__all__ = ["acronym_of", "same_person"]

_SUFFIXES = frozenset("jr sr ii iii iv".split())
# Common English short forms of given names (the full form is what the gold names).
_NICKNAMES = {
    "bill": "william", "billy": "william", "will": "william", "willie": "william",
    "bob": "robert", "bobby": "robert", "rob": "robert", "jim": "james", "jimmy": "james",
    "mike": "michael", "tom": "thomas", "tommy": "thomas", "dick": "richard",
    "rick": "richard", "ted": "edward", "eddie": "edward", "joe": "joseph",
    "dan": "daniel", "danny": "daniel", "dave": "david", "chuck": "charles",
    "charlie": "charles", "kate": "katherine", "katie": "katherine", "liz": "elizabeth",
    "beth": "elizabeth", "betty": "elizabeth", "peggy": "margaret", "maggie": "margaret",
    "jack": "john", "johnny": "john", "tony": "anthony", "andy": "andrew",
    "steve": "stephen", "sam": "samuel", "alex": "alexander", "nick": "nicholas",
    "matt": "matthew", "chris": "christopher", "larry": "lawrence", "harry": "henry",
    "hank": "henry", "jerry": "gerald", "terry": "terence", "sue": "susan",
    "jenny": "jennifer", "becky": "rebecca", "pat": "patrick", "mo": "maurice",
}


def acronym_of(a: str, b: str) -> bool:
    """One name is the initials of the other's words (of/the/and/for left out)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if not (short.isupper() and 2 <= len(short) <= 6 and " " not in short):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", long_)
             if w.casefold() not in ("of", "the", "and", "for", "&")]
    return len(words) >= 2 and "".join(w[0] for w in words).upper() == short


def same_person(a: list[str], b: list[str]) -> bool:
    """Two multi-word person names of one article that differ only in the form of the
    given names: the same surname, and each given name equal, an initial of, or a short
    form (prefix) of the other's ("fred" ~ "frederick", "w." ~ "william")."""
    a = [t for t in a if t.rstrip(".") not in _SUFFIXES]
    b = [t for t in b if t.rstrip(".") not in _SUFFIXES]
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1] or a == b:
        return False
    given_a, given_b = a[:-1], b[:-1]
    if len(given_a) > len(given_b):
        given_a, given_b = given_b, given_a
    if not _given_ok(given_a[0], given_b[0]):
        return False
    # The shorter name's middle names must be found, in order, in the longer one's.
    rest = iter(given_b[1:])
    return all(any(_given_ok(x, y) for y in rest) for x in given_a[1:])


def _given_ok(x: str, y: str) -> bool:
    x, y = x.rstrip("."), y.rstrip(".")
    if not x or not y:
        return False
    if _NICKNAMES.get(x) == y or _NICKNAMES.get(y) == x:
        return True  # "Bill Clinton" = "William J. Clinton"
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    return short == long_ or (len(short) == 1 and long_[0] == short) or (
        len(short) >= 3 and long_.startswith(short))
