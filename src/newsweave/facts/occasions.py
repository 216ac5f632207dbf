"""Two claims about two occasions of one kind are not compared (issue 13, item 1).

A conflict, update or consensus pair is about *the same referent at the same time*.
A story made by clustering can hold two occasions of one kind of event (two trading
days of one index, two piracy raids years apart, two patches of one browser), and
their claims then look alike and carry values of one attribute. Following TimeML's
anchoring of events (an event is placed by the time expressions of its own sentence,
else by the document creation time, DCT), five general checks say that two claims
are about different occasions:

1. **Their own dates.** Each claim's DATE expressions (:mod:`newsweave.temporal`,
   relative ones resolved against its report's DCT) give years and days. Two claims
   that both name years, and no year in common, are of two times ("a patch in 2008" /
   "a patch in 2013"); two claims that both name days, and no day in common, are of
   two days ("fell 2% on 17 September" / "fell 6% on 6 October"). Running totals
   (a toll counted over days) skip the day check: their days are reporting times.
2. **Their reports' anchors.** A dated article's anchor is the first relative day of
   its lead (its first :data:`LEAD` sentences, title included: "on Monday"), resolved
   against its DCT and not after it, else its DCT. Two claims of articles anchored more
   than :data:`WINDOW_DAYS` apart are of two occasions (one event's reports follow it
   for days; weeks apart it is a new trading day, raid or release). Undated articles
   have no anchor: this check then says nothing.
3. **Their named identifiers.** A name followed by a number or a letter-digit code
   ("Flight 1549", "Explorer 7", "A380", "MS08-078") names one thing of a series: two
   claims naming the same head with different numbers, or codes of one prefix that
   differ, are about two things.
4. **Their reports' main participants** (with ``parses``,
   :mod:`newsweave.facts.participants`): each article's lead names a person or
   organisation of one type that the other article never mentions (the opponent this
   report's game was against, the opponent of that one). A team's record or a game's
   score is compared only within one game: there every name of the leads (first
   :data:`LEAD` sentences, any type, mentioned once) counts.
5. **Their reports' final scores.** A game report states the game's result in its lead
   ("beat Evansville 79-61"): two articles whose leads (first :data:`LEAD` sentences)
   both state scores, none in common, report two games, dated or not (a roundup's other
   night, a team's other season). Not applied when the compared value is the score
   itself (two reports of one game giving two results is the conflict to report).

:class:`Occasions` computes the anchors once per story; :meth:`Occasions.apart` gives
the reason two claims are not comparable, or ``None``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from newsweave.facts.lexicon import MONTHS
from newsweave.facts.numbers import find_numbers
from newsweave.facts.participants import Participants
from newsweave.model import Article, Claim, Sentence

if TYPE_CHECKING:
    from newsweave.facts.parses import ClaimParses

__all__ = ["GAME_ATTRIBUTES", "LEAD", "WINDOW_DAYS", "Occasions", "claim_dates", "identifiers",
           "lead_scores"]

GAME_ATTRIBUTES = frozenset({"record", "score"})
"""Attributes of one game (a team's win-loss record, a score): compared within one game."""

LEAD = 3
"""Sentences of an article (title included) searched for its anchor date."""
WINDOW_DAYS = 7
"""Reports of one occasion are anchored at most this many days apart."""

_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_NOT_HEADS = MONTHS | _WEEKDAYS | frozenset(
    "the a an and or of in on at to for by from with after before since than about over "
    "under top number no page chapter section article act rule day days week weeks year "
    "years hour hours minute minutes".split())
# "Explorer 7", "Flight 1549": a capitalised head and a number that is not the start of a
# score, a range or a clock time ("Lakers 102-98", "Colts 24, Ravens 3", "Monday 10:30").
_HEAD_NUMBER = re.compile(
    r"\b([A-Z][A-Za-z]+)\s+(\d{1,4}(?:\.\d+)?[a-z]?)\b(?!\s*[-–:/,]\s*\d)(?!\s*%)")
# "A380", "MS08-078", "F-16", "CVE-2013-3893": letters then digits, one token.
_CODE = re.compile(r"\b([A-Z]{1,5})-?(\d[\dA-Za-z]*(?:-\d+)*)\b")
_YEAR_LIKE = re.compile(r"(?:1[89]|20)\d\d")


def identifiers(text: str) -> dict[str, frozenset[str]]:
    """Head -> the numbers or codes ``text`` names with it (module doc, check 3)."""
    out: dict[str, set[str]] = {}
    for m in _HEAD_NUMBER.finditer(text):
        head, number = m.group(1), m.group(2)
        if head.lower() in _NOT_HEADS or _YEAR_LIKE.fullmatch(number):
            continue  # "December 2008", "in 2013": dates are check 1's
        if any(ch.isdigit() for ch in text[max(0, m.start() - 6) : m.start()]):
            continue  # "Colts 24, Ravens 3": the second half of a score
        out.setdefault(head.lower(), set()).add(number.lower())
    for m in _CODE.finditer(text):
        prefix, code = m.group(1), m.group(2)
        if len(prefix) + len(code) < 3:
            continue
        out.setdefault("code:" + prefix.lower(), set()).add(code.lower())
    return {head: frozenset(v) for head, v in out.items()}


def claim_dates(text: str, published: dt.date | None) -> tuple[frozenset[int], frozenset[str]]:
    """The years and the days (ISO) of ``text``'s DATE expressions (module doc, check 1)."""
    from newsweave.temporal import time_expressions

    years: set[int] = set()
    days: set[str] = set()
    for e in time_expressions(text, published):
        if e.type != "DATE" or e.value is None:
            continue
        years.add(int(e.value[:4]))
        if e.precision == "day":
            days.add(e.value)
    return frozenset(years), frozenset(days)


def lead_scores(article: Article, sentences: Sequence[Sentence]) -> frozenset[tuple[float, float]]:
    """The game scores (winner's, loser's points) an article's lead states (module doc,
    check 5)."""
    lead_end = sentences[min(LEAD, len(sentences)) - 1].end if sentences else 0
    return frozenset((n.value, n.high) for n in find_numbers(article.text[:lead_end])
                     if n.kind == "score")


def _anchor(article: Article, sentences: Sequence[Sentence]) -> dt.date | None:
    """An article's anchor day (module doc, check 2): its lead's first relative day
    ("on Monday", "yesterday") resolved against its DCT, else the DCT; ``None`` when
    undated. Explicit dates of a lead are not used: they are as often background ("the
    1972 break-in") or a planned event ("the ceremony on 2 March") as the news."""
    from newsweave.temporal import time_expressions

    if article.date is None:
        return None
    lead_end = sentences[min(LEAD, len(sentences)) - 1].end if sentences else 0
    for e in time_expressions(article.text[:lead_end], article.date):
        if e.type == "DATE" and e.value is not None and e.precision == "day" and e.relative:
            day = dt.date.fromisoformat(e.value)
            if day <= article.date:  # a news event is past or present at the DCT
                return day
    return article.date


class Occasions:
    """The time anchors and identifiers of one story's claims (module doc)."""

    def __init__(self, articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]],
                 claims: Sequence[Claim], parses: ClaimParses | None = None) -> None:
        self._published = {a.id: a.date for a in articles}
        self._claims = claims
        self._anchors = {a.id: _anchor(a, sentences.get(a.id, ())) for a in articles}
        self._articles = {a.id: a for a in articles}
        self._sentences = sentences
        self._scores: dict[str, frozenset[tuple[float, float]]] = {}
        # Read lazily: only the claims of candidate pairs are ever asked about.
        self._dates: dict[int, tuple[frozenset[int], frozenset[str]]] = {}
        self._ids: dict[int, dict[str, frozenset[str]]] = {}
        # Check 4 reads the articles' leads with the entity recogniser (``parses``).
        self._participants = (None if parses is None
                              else Participants(articles, sentences, parses))
        # A game's record or score: every name of the lead counts, of any type (module doc).
        self._game = (None if parses is None else Participants(
            articles, sentences, parses, lead=LEAD, min_mentions=1, merge=True))

    def _dates_of(self, k: int) -> tuple[frozenset[int], frozenset[str]]:
        if k not in self._dates:
            c = self._claims[k]
            self._dates[k] = claim_dates(c.text, self._published.get(c.article_id))
        return self._dates[k]

    def _ids_of(self, k: int) -> dict[str, frozenset[str]]:
        if k not in self._ids:
            self._ids[k] = identifiers(self._claims[k].text)
        return self._ids[k]

    def _scores_of(self, article_id: str) -> frozenset[tuple[float, float]]:
        if article_id not in self._scores:
            article = self._articles.get(article_id)
            self._scores[article_id] = frozenset() if article is None else lead_scores(
                article, self._sentences.get(article_id, ()))
        return self._scores[article_id]

    def apart(self, i: int, j: int, *, running: bool = False, values: bool = False,
              game: bool = False, score: bool = False) -> str | None:
        """Why claims ``i`` and ``j`` are about two occasions, else ``None``
        (``running``: a running total, whose days are reporting times; ``values``: the
        pair compares values, whose own time anchors
        :func:`~newsweave.facts.values.why_different` reads already, and a year may be
        the value itself: check 1 is skipped; ``game``: a team's record or a game's score,
        compared only within one game: check 4 with every name of the leads; ``score``:
        the compared value is a game's score, so check 5 is skipped)."""
        if not values:
            (years_i, days_i), (years_j, days_j) = self._dates_of(i), self._dates_of(j)
            if years_i and years_j and not years_i & years_j:
                return "claim years"
            if not running and days_i and days_j and not days_i & days_j:
                return "claim days"
        a, b = self._anchors[self._claims[i].article_id], self._anchors[self._claims[j].article_id]
        if a is not None and b is not None and abs((a - b).days) > WINDOW_DAYS:
            return "report days"
        ids_i, ids_j = self._ids_of(i), self._ids_of(j)
        if any(not ids_i[h] & ids_j[h] for h in ids_i.keys() & ids_j.keys()):
            return "identifiers"
        a_id, b_id = self._claims[i].article_id, self._claims[j].article_id
        if self._participants is not None and self._participants.apart(a_id, b_id):
            return "participants"
        if game and self._game is not None and self._game.apart(a_id, b_id):
            return "game"
        if not score and a_id != b_id:
            x, y = self._scores_of(a_id), self._scores_of(b_id)
            if x and y and not x & y:
                return "lead scores"
        return None
