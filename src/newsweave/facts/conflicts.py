"""Quoted words that change meaning, and readable names of compared attributes.

* :func:`quote_conflict`: both claims quote the same statement (Jaccard
  similarity of their content tokens at least :data:`SAME_QUOTE`) but its
  polarity flips ("We are not raising property taxes" / "We are not ruling out
  raising property taxes") or a figure differs (both sides give one; an omitted figure
  is a shortening; bracketed editorial insertions are not the speaker's words).
  Rewording that keeps the meaning ("these kinds" / "those kinds") is a quote variant,
  not a conflict.
* :func:`topic_of`: the attribute key of a measure
  (:mod:`newsweave.facts.measures`) as the words a reader sees ("deaths",
  "magnitude", "points", "year (release)").
"""

from __future__ import annotations

import re

from newsweave.align import content_tokens
from newsweave.claims import fold_quotes
from newsweave.facts.entail import polarity
from newsweave.facts.numbers import find_numbers

__all__ = ["SAME_QUOTE", "quote_conflict", "quoted", "topic_of"]

SAME_QUOTE = 0.4
_QUOTED = re.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"")
_TOPICS = {
    "people:dead": "deaths", "people:injured": "injured", "people:arrested": "arrests",
    "people:missing": "missing", "people:evacuated": "evacuated", "people:crowd": "crowd size",
    "magnitude": "magnitude", "age": "age", "score": "score", "temperature": "temperature",
}  # fmt: skip


def quoted(text: str) -> tuple[str, ...]:
    """The quoted passages of ``text`` (curly or straight double quotes, 3+ characters)."""
    return tuple(a or b for a, b in _QUOTED.findall(text))


def _same_quote(qa: str, qb: str) -> bool:
    ta, tb = content_tokens(fold_quotes(qa)), content_tokens(fold_quotes(qb))
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= SAME_QUOTE


_CLAUSE = re.compile(r"\s*[,;]\s*|:\s+(?!\d)|\s+(?:and|but|because|while|so|or|yet)\s+", re.I)


def _clauses(quote: str) -> list[str]:
    """The clauses of a quote that hold at least two content words."""
    return [c for c in _CLAUSE.split(quote) if len(content_tokens(fold_quotes(c))) >= 2]


_INSERTION = re.compile(r"\s*\[[^\]]*\]")


def _changed_figures(a: str, b: str) -> bool:
    """Whether two clauses of one statement give different figures: each has figures and
    neither's set holds the other's (a figure one side leaves out is a shortening, not a
    change: "consult with biologists" / "... at the two departments")."""
    fa, fb = _figures(a), _figures(b)
    return bool(fa and fb) and not (fa <= fb or fb <= fa)


def quote_conflict(a: str, b: str) -> tuple[str, str] | None:
    """The two quoted passages of claims ``a`` and ``b`` that are one statement whose
    polarity or figures differ, else ``None``.

    Polarity and figures are compared clause by clause, between clauses that say the
    same thing (:data:`SAME_QUOTE`): a quote shortened to one of its clauses ("we all
    sensed the weight of it" out of "I'm rarely anxious ..., and ... we all sensed
    the weight of it") is a variant, not a misquote.
    """
    for qa in quoted(a):
        for qb in quoted(b):
            # Square brackets in a quotation are the editor's insertion ("by Saturday
            # afternoon [8 October 2011]"), not the speaker's words.
            pa, pb = _INSERTION.sub("", qa), _INSERTION.sub("", qb)
            if not _same_quote(pa, pb):
                continue
            for ca in _clauses(pa) or [pa]:
                for cb in _clauses(pb) or [pb]:
                    if _same_quote(ca, cb) and (
                            polarity(ca) != polarity(cb) or _changed_figures(ca, cb)):
                        return qa.strip(), qb.strip()
    return None


def _figures(text: str) -> set[float]:
    """The quantities of a quote (clock times, dates and years are formats, not figures)."""
    return {round(n.value, 3) for n in find_numbers(text) if n.kind != "year"}


def topic_of(attribute: str) -> str:
    """A reader's name for an attribute key ("people:dead" -> "deaths")."""
    if attribute in _TOPICS:
        return _TOPICS[attribute]
    kind, _, rest = attribute.partition(":")
    rest = rest.strip(":")
    if kind == "money":
        currency, _, what = rest.partition(":")
        return f"amount ({currency}{', ' + what if what else ''})"
    if kind == "people":
        return f"number of people ({rest})" if rest else "number of people"
    if kind == "count":
        return f"number of {rest}s" if rest and not rest.endswith("s") else f"number of {rest}"
    if kind == "year":
        return f"year ({rest})"
    return f"{kind} ({rest})" if rest else kind
