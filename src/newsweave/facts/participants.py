"""Two reports of two occasions, told apart by their main participants (issue 13, item 1).

Event coreference (ECB+'s guidelines, after ACE/TimeML) identifies an event by its
participants, time and place: two reports of one kind of event (a boxing title fight,
a team's win, a police shooting) are about the same occasion only when their main
participants agree. A story made by clustering can hold two such occasions whose
reports name no date (a team's two seasons, one boxer's two defences), so the time
checks of :mod:`newsweave.facts.occasions` cannot separate them; their participants
can: one event's reports all name the opponent, the other's reports name another.

An article's *main participants* are the names (by default persons and organisations,
:data:`LABELS`) its lead states (title and first :data:`LEAD` sentences, where news
style puts who did what to whom). Two articles are of **two occasions** when, for one
entity type, each lead names someone the *other article never mentions anywhere* (its
full name or its last word: "Tony Thompson" / "Thompson", "Kansas City Chiefs" /
"Chiefs"). One name missing is not enough (a report may lead on a witness or a spokesman
the others leave out); a name missing on each side, of one type (the opponent this one
fought, the opponent that one fought), is the field's "different participants".
Articles whose leads name nothing of a type say nothing. A lead name counts when its
article mentions it at least :data:`MIN_MENTIONS` times (a participant, not a passing
name).

This is a check on articles, so it applies to every claim pair across them: a team's
record "(10-5)" is compared only with a record of the same game (the opponent its
article reports), and a count of bullets only with one of the same shooting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from newsweave.model import Article, Sentence

if TYPE_CHECKING:
    from newsweave.facts.parses import ClaimParses

__all__ = ["LABELS", "Participants", "lead_names", "lead_text", "mentioned"]

LABELS = frozenset({"PERSON", "ORG"})
"""Entity types whose names identify an occasion's participants (chosen on dev by leave-
one-story-out: docs/facts.md "Session 9"; places are left out: one event's reports name
different towns, regions and capitals)."""
MERGE_TYPES = False
"""Whether names of different types count as one type of participant (the recogniser
often calls a team a person: "the Colts")."""
LEAD = 2
"""Sentences (title included) whose names are an article's main participants."""
MIN_MENTIONS = 2
"""Times a lead name must be mentioned in its own article to count (salience)."""
_DROP = frozenset("the a an mr mrs ms dr st".split())


def _forms(name: str) -> frozenset[str]:
    """The written forms that count as a mention of ``name``: the name and, for a
    name of several words, its last word (surname, team nickname)."""
    words = [w for w in re.findall(r"[A-Za-z][\w.'-]*", name.replace("’s", "").replace("'s", ""))
             if w.lower() not in _DROP]
    if not words:
        return frozenset()
    out = {" ".join(words)}
    if len(words) > 1 and len(words[-1]) > 2 and words[-1][0].isupper():
        out.add(words[-1])
    return frozenset(out)


def mentioned(forms: frozenset[str], text: str) -> bool:
    """Whether ``text`` names one of ``forms`` as a whole word (case as written)."""
    return any(re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", text) for f in forms)


def _count(forms: frozenset[str], text: str) -> int:
    return max(len(re.findall(rf"(?<![\w-]){re.escape(f)}(?![\w-])", text)) for f in forms)


def lead_text(article: Article, sentences: Sequence[Sentence], lead: int | None = None) -> str:
    """The text of the article's first ``lead`` sentences (default :data:`LEAD`; the first
    600 characters when it has no sentences): what :func:`lead_names` parses."""
    count = LEAD if lead is None else lead
    end = sentences[min(count, len(sentences)) - 1].end if sentences else min(
        len(article.text), 600)
    return article.text[:end]


def lead_names(article: Article, sentences: Sequence[Sentence], parses: ClaimParses,
               labels: frozenset[str] | None = None, lead: int | None = None,
               min_mentions: int | None = None) -> tuple[tuple[str, frozenset[str]], ...]:
    """``(entity type, forms)`` of each name of ``labels`` in the article's first ``lead``
    sentences that the article mentions at least ``min_mentions`` times (defaults: the
    module's :data:`LABELS`, :data:`LEAD`, :data:`MIN_MENTIONS`)."""
    labels = LABELS if labels is None else labels
    least = MIN_MENTIONS if min_mentions is None else min_mentions
    text = lead_text(article, sentences, lead)
    if not text.strip():
        return ()
    out: dict[frozenset[str], str] = {}
    for ent in parses(text).ents:
        if ent.label_ in labels:
            forms = _forms(ent.text)
            if forms and (least <= 1 or _count(forms, article.text) >= least):
                out.setdefault(forms, ent.label_)
    return tuple((label, forms) for forms, label in out.items())


class Participants:
    """The lead names of one story's articles and the two-occasions test between them
    (module doc). Leads are parsed lazily: only articles of candidate pairs are read."""

    def __init__(self, articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]],
                 parses: ClaimParses, labels: frozenset[str] | None = None,
                 lead: int | None = None, min_mentions: int | None = None,
                 merge: bool | None = None) -> None:
        self._articles = {a.id: a for a in articles}
        self._sentences = sentences
        self._parses = parses
        self._labels = LABELS if labels is None else labels
        self._lead = LEAD if lead is None else lead
        self._least = MIN_MENTIONS if min_mentions is None else min_mentions
        self._merge = MERGE_TYPES if merge is None else merge
        self._names: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {}
        self._apart: dict[tuple[str, str], bool] = {}

    def _names_of(self, article_id: str) -> tuple[tuple[str, frozenset[str]], ...]:
        if article_id not in self._names:
            article = self._articles[article_id]
            self._names[article_id] = lead_names(
                article, self._sentences.get(article_id, ()), self._parses, self._labels,
                self._lead, self._least)
        return self._names[article_id]

    def _missing(self, article_id: str, other: str) -> set[str]:
        """Entity types of names in ``article_id``'s lead that ``other`` never mentions."""
        text = self._articles[other].text
        return {label for label, forms in self._names_of(article_id)
                if not mentioned(forms, text)}

    def apart(self, a: str, b: str) -> bool:
        """Whether articles ``a`` and ``b`` report two occasions (module doc)."""
        if a == b or a not in self._articles or b not in self._articles:
            return False
        key = (a, b) if a < b else (b, a)
        if key not in self._apart:
            x, y = self._missing(a, b), self._missing(b, a)
            self._apart[key] = bool(x and y) if self._merge else bool(x & y)
        return self._apart[key]
