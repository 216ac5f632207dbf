"""Word lists for quote extraction and attribution (English news style).

Kept in one place so that docs/quotes.md can point at them and so that a change
of coverage is a reviewed change of data, not of logic.
"""

from __future__ import annotations

import re

from newsweave.entities import ROLE_NOUNS

# Reporting verbs (finite forms) that introduce or tag a statement: "X said", "said X".
SPEECH_VERBS = frozenset(
    """said says say added adds told tells stressed stresses noted explained explains
    insisted insists argued argues asked asks wrote writes tweeted tweets posted
    declared warned warns claimed stated replied answered acknowledged admitted
    recalled continued emphasized emphasised maintained urged predicted suggested
    remarked commented responded confirmed conceded cautioned observed asserted
    contended announced vowed pledged promised countered boasted complained
    lamented joked quipped conceded""".split()
)
# Verbs that only report speech when a quotation follows them in the same sentence:
# "Jean-Pierre called the talks “a good step forward.”"
PARTIAL_QUOTE_VERBS = SPEECH_VERBS | frozenset(
    "called calls described describes dubbed hailed labelled labeled termed".split()
)
# Verbs whose content, when it is not in quotation marks, is a bare clause:
# "Blinken said China is not ready". The other verbs need "that" ("Blinken stressed
# that ..."), which keeps "Blinken announced a plan" from being read as speech.
BARE_CLAUSE_VERBS = frozenset(
    "said says say added adds tweeted wrote writes warned warns".split()
)
# Verbs whose object comes before the content: "He told reporters ... that ...".
OBJECT_FIRST_VERBS = frozenset("told tells asked asks urged warned".split())
# Participles that add a statement to the main clause's subject: ", saying that ...".
PARTICIPLES = frozenset(
    """saying adding stating noting stressing warning arguing insisting explaining
    declaring claiming telling writing tweeting""".split()
)

PERSON_PRONOUNS = frozenset({"he", "she"})
# "the diplomat said": a role noun used as an anaphor for the person in focus.
ANAPHOR_NOUNS = ROLE_NOUNS | frozenset({"former", "woman", "man"})
# Words that may sit between a speaker and the verb: "Blinken also said", "had said".
ADVERBS = frozenset(
    """also later then again previously once afterwards afterward earlier further
    reportedly has have had would will further separately""".split()
)
# What may follow a trailing tag ("..., Blinken said in an interview"): a
# preposition, a time word or a participle, never a new clause.
POST_TAG_WORDS = frozenset(
    """in on at during after before while when to via according later earlier last
    this yesterday today tonight recently afterwards afterward previously from through
    as adding saying noting of with monday tuesday wednesday thursday friday saturday
    sunday late early again also separately told""".split()
)
PREPOSITIONS = frozenset(
    "for of with to from by at in on about against among between like near under".split()
)
DETERMINERS = frozenset(
    """the a an two three four five both some many several most other its his her
    their our these those one all each few such another""".split()
)
# Capitalised words that start sentences but never name a speaker.
NOT_NAMES = frozenset(
    """The A An It This That These Those There Here He She They We I You But And Or So
    Still Yet Meanwhile However Officials Critics Analysts Experts Sources Police
    Residents Witnesses Authorities Lawmakers Investigators Prosecutors Protesters
    Others Some Many Most Both""".split()
)

PARTIAL_RE = re.compile(r"\b(?:" + "|".join(sorted(PARTIAL_QUOTE_VERBS)) + r")\b")
PARTICIPLE_RE = re.compile(
    r",\s+(?:(?:\w+ly|afterwards|afterward|later|also)\s+)?(?P<verb>"
    + "|".join(sorted(PARTICIPLES))
    + r")\b(?:\s+that\b)?\s*"
)
# "lambasted Blinken for openly stating that ...": the gerund's subject is the object.
FOR_GERUND_RE = re.compile(
    r"\s+for\s+(?:\w+ly\s+)?(?:saying|stating|suggesting|claiming|arguing|insisting)\b"
    r"(?:\s+that\b)?\s*"
)
ACCORDING_RE = re.compile(r"\b[Aa]ccording to\s+")
FIRST_SECOND_PERSON_RE = re.compile(
    r"\b(?:I|I[’']m|I[’']ve|I[’']d|I[’']ll|we|We|we[’']re|We[’']re|we[’']ve|our|Our|us|me|my|My|"
    r"you|You|your|Your)\b"
)
