"""Word lists and the first-name list used to resolve who a source is.

The first names come from the ``gender-guesser`` package (its name list ships with it:
nothing is downloaded); :func:`name_list` reads it once per process.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

__all__ = [
    "DOCUMENT_NOUNS",
    "FEMALE_WORDS",
    "KIN_NOUNS",
    "MALE_WORDS",
    "OCCUPATIONS",
    "ORG_NAME_WORDS",
    "ORG_NOUNS",
    "PERSON_ROLES",
    "WORD",
    "Gender",
    "NameList",
    "first_name_gender",
    "name_list",
]

Gender = Literal["m", "f"] | None
FEMALE_WORDS = frozenset(
    """she her hers herself woman women actress mother sister daughter wife girl girlfriend
    queen princess spokeswoman chairwoman congresswoman businesswoman aunt niece grandmother
    mrs ms miss lady madam widow bride stepmother fiancee heiress""".split()
)
MALE_WORDS = frozenset(
    """he him his himself man men actor father brother son husband boy boyfriend king prince
    spokesman chairman congressman businessman uncle nephew grandfather mr sir lord widower
    groom stepfather fiance heir""".split()
)
WORD = re.compile(r"[\w’'.-]+")
ORG_NOUNS = frozenset(
    """company firm group agency department ministry office police force army navy
    government administration daily newspaper paper magazine network channel station
    team club league federation union party council court commission board committee
    authority authorities institute university hospital studio label band""".split()
)
ORG_NAME_WORDS = frozenset(
    """network news channel agency party bank times post journal magazine inc corp
    corporation group association university college police department ministry office
    council committee foundation institute company club team league federation union tv
    radio airlines airways hospital court""".split()
)
DOCUMENT_NOUNS = frozenset(
    "statement release letter memo report filing post tweet message email notice".split())
# Profession-like roles that news uses for the person the story is about ("the actress
# said" after "Tara Reid"); event roles (witness, victim, spokesman, lawyer) usually
# introduce someone else and stay descriptions.
PERSON_ROLES = frozenset(
    """actor actress singer star rapper comedian player coach manager director producer
    captain minister president senator governor mayor chief leader lawmaker candidate
    judge prosecutor quarterback musician model host anchor author writer
    singer-songwriter""".split()
)

# Occupational titles written before a name ("Filmmaker Anthony Minghella", "Actor Hugh
# Jackman"): not part of the name; alone ("said Filmmaker") they are no name at all.
OCCUPATIONS = PERSON_ROLES | frozenset(
    """filmmaker photographer designer chef novelist poet artist dancer architect lawyer
    doctor surgeon nurse reporter journalist columnist editor historian teacher pastor
    priest bishop rabbi imam pilot soldier sailor economist analyst scientist researcher
    activist professor founder executive entrepreneur businessman businesswoman""".split()
)

# Family roles: "the young widow said" stands for the person in focus of that gender.
KIN_NOUNS = frozenset(
    """widow widower wife husband mother father son daughter brother sister aunt uncle
    nephew niece grandmother grandfather grandson granddaughter fiancee fiance
    girlfriend boyfriend""".split()
)


class NameList:
    """The gender-guesser first-name list (shipped with the package: no download)."""

    def __init__(self) -> None:
        import gender_guesser.detector as gd

        self.d = gd.Detector(case_sensitive=False)

    def guess(self, first: str) -> Gender:
        g = self.d.get_gender(first)
        return "m" if g in ("male", "mostly_male") else "f" if g in (
            "female", "mostly_female") else None


@functools.cache
def name_list() -> NameList:
    """The name list, read once per process (a read-only table, like a loaded model:
    reading it costs about a second, far more than attributing an article's quotes)."""
    return NameList()


def first_name_gender(name: str, detector: NameList | None = None) -> Gender:
    """Gender of the first word of a multi-word person name from the name list."""
    words = name.split()
    if len(words) < 2:
        return None
    return (detector or name_list()).guess(words[0].strip("."))
