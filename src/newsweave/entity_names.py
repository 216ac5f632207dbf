"""Names of entities: which spaCy labels name something, the title and role words around
person names, and the cleaned form and comparison key of a name.

Shared by the per-article mentions (:mod:`newsweave.entities`), their story-level
resolution (:mod:`newsweave.entity_resolve`) and the quote attribution (``quotes/``);
import them from :mod:`newsweave.entities`.
"""

from __future__ import annotations

import re

# spaCy labels that name something; DATE, TIME, MONEY, CARDINAL, ... are left out.
NAMED_TYPES = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
# Tie-break for the majority type: a name that is as often PERSON as GPE is a person
# (spaCy's usual slip on surnames, e.g. "Blinken" tagged GPE).
_TYPE_PRIORITY = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT")

# Words that can precede a person's name as a title; stripped from PERSON names.
TITLE_WORDS = frozenset(
    """president vice secretary minister prime premier chancellor mr mrs ms miss mx dr
    prof professor sen senator rep representative gov governor gen general lt col adm
    admiral sgt capt captain judge justice king queen prince princess pope sir dame lord
    lady ambassador chairman chairwoman spokesman spokeswoman spokesperson mayor deputy
    foreign defence defense finance interior chief commissioner director coach cardinal
    rev reverend father sheikh emir former ada da gm ceo det detective officer inspector supt
    superintendent constable sheriff sergeant corporal private coach insp cpl const cmdr
    msgr sr br fr maj cdr pvt pte atty hon amb dci commr""".split()
)
# Lowercase role nouns that mark a person when they follow a name as an appositive
# ("Nikki Haley, the former UN ambassador") or precede it ("press secretary X").
ROLE_NOUNS = frozenset(
    """ambassador secretary president minister senator governor candidate spokesman
    spokeswoman spokesperson director chairman chairwoman adviser advisor diplomat
    official leader mayor lawmaker judge envoy ceo founder actor actress author
    executive economist analyst professor coach manager striker player captain
    chancellor premier commissioner chief prosecutor attorney congressman congresswoman
    representative activist researcher scientist spokesperson negotiator owner""".split()
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def name_key(name: str) -> str:
    """Comparison key of a cleaned name: casefolded, apostrophes unified, spaces collapsed."""
    return " ".join(name.translate(_APOSTROPHES).casefold().split())


def clean_name(text: str, type_: str | None = None) -> str:
    """Return the bare name in a mention: no leading "the", possessive or (for PERSON) title.

    ``"The White House"`` -> ``"White House"``; ``"Blinken’s"`` -> ``"Blinken"``;
    ``"Blinkens’"`` -> ``"Blinkens"`` (the plural-possessive slip is handled by the
    resolution, which knows whether ``Blinken`` exists); ``"Secretary of State Antony
    Blinken"`` -> ``"Antony Blinken"`` when ``type_`` is ``"PERSON"``. Returns ``""``
    when nothing with a letter is left.
    """
    name = " ".join(text.split())
    name = _LEADING_THE.sub("", name)
    if name.endswith(("'s", "’s")):
        name = name[:-2]
    name = name.rstrip("'’ ,;:")
    if type_ == "PERSON":
        tokens = name.split(" ")
        i = 0
        while i < len(tokens) - 1:
            word = tokens[i].strip(".").casefold()
            if word in TITLE_WORDS:
                i += 1
            elif word == "of" and i > 0 and i + 2 < len(tokens):
                i += 2  # "Secretary of State ..."
            else:
                break
        name = " ".join(tokens[i:])
    return name if _HAS_LETTER.search(name) else ""


def _plural_possessive(text: str) -> bool:
    """``Blinkens’``: a name written with a stray plural ``s`` before the apostrophe."""
    stripped = text.rstrip()
    return stripped.endswith(("s'", "s’"))

