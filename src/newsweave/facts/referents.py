"""Who or what a value is of: names that can be one referent, and "he" resolved.

* :func:`referents_agree`: two sets of names can name one thing ("Gray" / "Kimani
  Gray"), unless a surname is shared by two people of the story
  (:func:`shared_surnames`: "Ortiz" may be the deputy or his son Jeremy Ortiz);
* :func:`identified`: both values say whose or where they are, and agree (needed
  when an article gives several values of one attribute);
* :func:`name_aliases` / :func:`canonical_referents`: a part of the story's one longer
  name stands for that name ("Indianapolis" and "Colts" for "Indianapolis Colts", as
  "Gray" for "Kimani Gray"), unless the part is in two longer names ("New York" of the
  Giants and of the Jets);
* :func:`resolve_pronouns`: a personal pronoun subject ("he had 269 yards") is the
  person of the story named last before it in the same article, within a few claims
  (the most-recent-antecedent baseline of coreference); unresolved, it stays
  :data:`~newsweave.facts.lexicon.UNKNOWN`, which agrees with no name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from newsweave.facts.lexicon import UNKNOWN
from newsweave.facts.measures import Measure
from newsweave.model import Claim

__all__ = ["canonical_referents", "identified", "local_places", "name_aliases", "referents_agree",
           "resolve_pronouns", "shared_surnames"]

ANTECEDENT_WINDOW = 2
"""How many claims before a pronoun's claim are searched for its antecedent."""


def _contains(x: str, y: str, ambiguous: frozenset[str]) -> bool:
    """Whether name ``x`` can be name ``y``: one has all the words of the other, and a
    surname shared by two people of the story ("Ortiz": the deputy and his son Jeremy
    Ortiz) is not taken for either full name."""
    wx, wy = set(x.split()), set(y.split())
    if wx == wy:
        return True
    if not (wx <= wy or wy <= wx):
        return False
    short = wx if len(wx) < len(wy) else wy
    return not (len(short) == 1 and short <= ambiguous)


def referents_agree(a: frozenset[str], b: frozenset[str],
                    ambiguous: frozenset[str] = frozenset()) -> bool:
    """Whether two referent sets can name one thing: either is empty, or every name of
    one has all its words in a name of the other, or is such a name ("Gray" / "Kimani
    Gray", "Earl Clark" / "Louisville, Earl Clark"; not "Hurricane
    George" / "Hurricane Katrina"; not "Ortiz" / "Jeremy Ortiz" when ``ambiguous``, the
    surnames two people of the story share, holds "ortiz"). :data:`UNKNOWN` ("he")
    agrees with nothing named.
    """
    if not a or not b:
        return True
    if UNKNOWN in a or UNKNOWN in b:
        return False  # "he" and "he" may be two players
    # Every name of one side is a name of the other: "Earl Clark" / "Louisville's Earl
    # Clark"; not "Ty Lawson, the Tar Heels" / "Deon Thompson, the Tar Heels".
    return all(any(_contains(x, y, ambiguous) for y in b) for x in a) or all(
        any(_contains(x, y, ambiguous) for x in a) for y in b)


def identified(a: Measure, b: Measure, ambiguous: frozenset[str] = frozenset()) -> bool:
    """Whether both measures name who or where their value is of, and the names agree
    (:func:`referents_agree`): needed when an article gives several values for the
    attribute (several players' points, this quake's and an earlier one's deaths)."""
    named = bool(a.referent and b.referent) and UNKNOWN not in a.referent | b.referent and \
        referents_agree(a.referent, b.referent, ambiguous)
    placed = bool(a.places and b.places) and referents_agree(a.places, b.places)
    return named or placed


_TITLES = frozenset(
    "mr mrs ms dr deputy officer sgt sergeant det detective lt capt captain chief police "
    "president gov governor sen senator rep mayor judge coach commissioner minister "
    "secretary general gen prime inspector agent pastor rev father".split()
)
_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
_FULL_NAME = re.compile(rf"\b{_WORD}\s+{_WORD}\b")


def shared_surnames(claims: Sequence[Claim]) -> frozenset[str]:
    """Last names that two different full names of the story end with ("Jeremy Ortiz" and
    "Jerry Ortiz"): a bare "Ortiz" may be either (titles such as "Deputy" are not first
    names)."""
    first: dict[str, set[str]] = {}
    for c in claims:
        for m in _FULL_NAME.finditer(c.text):
            given, last = (w.lower() for w in m.group().split())
            if given not in _TITLES:
                first.setdefault(last, set()).add(given)
    return frozenset(last for last, given in first.items() if len(given) >= 2)




_NAME_RUN = re.compile(rf"\b{_WORD}(?:\s+{_WORD}){{1,3}}\b")
_NOT_NAME = frozenset(
    "the a an but and or then when after before as at in on by for with from of to so yet "
    "while if his her their its our this that these those last next early late".split()
)


def name_aliases(claims: Sequence[Claim]) -> dict[str, str]:
    """Each word of a longer capitalised name of the story ("Indianapolis Colts", "Kansas
    City Chiefs") -> that name, lower-cased, for words in exactly one such name (names
    contained in a longer one, "Kansas City", count as the longer one; a leading
    sentence word or title, "But", "Coach", is not part of a name)."""
    full: set[tuple[str, ...]] = set()
    for c in claims:
        for m in _NAME_RUN.finditer(c.text):
            words = [w.lower() for w in m.group().split()]
            while words and (words[0] in _NOT_NAME or words[0] in _TITLES):
                words.pop(0)
            if len(words) >= 2:
                full.add(tuple(words))
    # A longer name holding every word of ``f`` holds its first word: only those are
    # checked (was every pair of names: quadratic in a large story's names).
    words_of = {f: frozenset(f) for f in full}
    having: dict[str, list[tuple[str, ...]]] = {}
    for g in full:
        for w in words_of[g]:
            having.setdefault(w, []).append(g)
    longest = [f for f in full if not any(
        g != f and len(g) > len(f) and words_of[f] <= words_of[g] for g in having[f[0]])]
    owners: dict[str, set[str]] = {}
    for f in longest:
        for w in f:
            owners.setdefault(w, set()).add(" ".join(f))
    return {w: next(iter(names)) for w, names in owners.items() if len(names) == 1}


def _canonical(name: str, aliases: Mapping[str, str]) -> str:
    """``name`` as the story's one longer name its words are all part of, else itself."""
    targets = {aliases.get(w) for w in name.split()}
    if len(targets) == 1 and None not in targets:
        return next(iter(targets)) or name
    return name


def canonical_referents(measures: Sequence[Measure],
                        claims: Sequence[Claim]) -> list[Measure]:
    """``measures`` with each named referent replaced by the story's one longer name it is
    part of (:func:`name_aliases`): "Indianapolis (10-5)" and "the Colts stand at 10-5"
    are of one team. Descriptions ("~quarterback") and "he" are kept."""
    aliases = name_aliases(claims)
    if not aliases:
        return list(measures)
    out: list[Measure] = []
    for m in measures:
        names = frozenset(x if x == UNKNOWN or x.startswith("~") else _canonical(x, aliases)
                          for x in m.referent)
        out.append(m if names == m.referent else replace(m, referent=names))
    return out


@functools.lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern[str]:
    """``word`` as a whole word, any case (compiled once: a story looks up each name's
    last word in hundreds of claims)."""
    return re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)


def _last_mention(text: str, names: Sequence[str]) -> tuple[int, str] | None:
    """The last capitalised mention in ``text`` of one of ``names`` (by its last word)."""
    best: tuple[int, str] | None = None
    for name in names:
        word = name.split()[-1]
        for m in _word_pattern(word).finditer(text):
            if text[m.start()].isupper() and (best is None or m.start() > best[0]):
                best = (m.start(), name)
    return best


def resolve_pronouns(measures: Sequence[Measure], claims: Sequence[Claim]) -> list[Measure]:
    """``measures`` with an :data:`UNKNOWN` referent ("he", "she") replaced by the person
    named last before it in its article (module doc); ``claims`` are the story's claims,
    each article's in text order."""
    names = sorted({x for m in measures for x in m.referent
                    if x != UNKNOWN and not x.startswith("~")}, key=lambda x: (-len(x), x))
    if not names:
        return list(measures)
    out: list[Measure] = []
    for m in measures:
        if UNKNOWN not in m.referent or m.attribute.startswith("year:"):  # "she" is no film
            out.append(m)
            continue
        claim = claims[m.claim]
        texts = [claim.text[: max(0, m.start - claim.start)]]
        k = m.claim - 1
        while k >= 0 and len(texts) <= ANTECEDENT_WINDOW and claims[k].article_id == \
                claim.article_id:
            texts.append(claims[k].text)
            k -= 1
        found = next((hit for hit in (_last_mention(t, names) for t in texts) if hit), None)
        out.append(m if found is None else replace(
            m, referent=(m.referent - {UNKNOWN}) | {found[1]}))
    return out


def local_places(measures: Sequence[Measure], claims: Sequence[Claim]) -> frozenset[str]:
    """Places of values that only one article of the story names (with three or more
    articles): where another event happened ("more than a dozen were killed by a quake
    in eastern China" in a story on an Iranian quake)."""
    articles = {c.article_id for c in claims}
    if len(articles) < 3:
        return frozenset()
    places = {p for m in measures for p in m.places}
    seen: dict[str, set[str]] = {p: set() for p in places}
    for c in claims:
        low = c.text.lower()
        for p in places:
            if p in low:
                seen[p].add(c.article_id)
    return frozenset(p for p, where in seen.items() if len(where) < 2)
