"""When two aligned claims of different sources disagree, and on what.

Checked in this order; the first that applies names the conflict's topic:

* ``"quoted words"`` - both claims quote words explicitly, the quotes are the
  same statement (Jaccard similarity of their content tokens at least
  :data:`SAME_QUOTE`), but the words differ *materially*: the polarity flips
  (the parity of negation cues differs: "We are not raising property taxes" /
  "We are not ruling out raising property taxes", "Inflation remains the main
  risk" / "Inflation is no longer the main risk") or a number differs. Rewording
  that keeps the meaning ("these kinds" / "those kinds", "this state" /
  "Halvard") is a quote variant, not a conflict.
* ``"number"`` - two quantities of the same unit cannot both be true: their
  bounds do not overlap ("12 people" / "at least 15 people", "4.25%" / "4.5%";
  but "210 positions" / "more than 200 positions" agree). Percentages are
  compared only when a word before them is shared (the same measured thing).
* ``"date"`` - both name a weekday (only for articles of the same publication
  day: "on Tuesday" is relative to it), a month or a year, and none in common.
* ``"name"`` - both quote the same statement and attribute it to a named
  speaker ("X said", "said X"), and the names share no word.
"""

from __future__ import annotations

import re

from newsweave.align import content_tokens
from newsweave.claims import Quantity, Specifics, fold_quotes
from newsweave.model import Claim

__all__ = ["SAME_QUOTE", "disagreement", "extra_quantity", "polarity"]

SAME_QUOTE = 0.4

_NEGATION = re.compile(
    r"\b(?:not|no|never|nothing|none|nobody|neither|nor|without|cannot|\w+n't|\w+n’t"
    r"|rul(?:e|es|ed|ing)\s+out|den(?:y|ies|ied|ying)|refus(?:e|es|ed|ing))\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPEAKER = re.compile(
    r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})\s+(?:said|says|told|added|stressed|tweeted|wrote)\b"
    r"|\b(?:said|says|added|tweeted|wrote)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})\b"
)
_GENERIC = frozenset("The But And In On At After Still When While During He She It They".split())
_DATE_KINDS = {
    "weekday": frozenset("monday tuesday wednesday thursday friday saturday sunday".split()),
    "month": frozenset(
        "january february march april may june july august september october november "
        "december".split()
    ),
}


def polarity(text: str) -> int:
    """0 for an affirmative statement, 1 for a negated one (parity of negation cues)."""
    return len(_NEGATION.findall(fold_quotes(text))) % 2


def disagreement(
    a: Claim, b: Claim, sa: Specifics, sb: Specifics, *, weekdays: bool = True
) -> tuple[str, str] | None:
    """``(topic, detail)`` of the first disagreement between ``a`` and ``b``, else ``None``.

    ``weekdays=False`` skips comparing weekday names: they are relative to each
    article's publication date, so they only compare within one day's articles.
    """
    return (
        _quote_conflict(sa, sb)
        or _quantity_conflict(sa, sb)
        or _date_conflict(sa, sb, weekdays)
        or _speaker_conflict(a, b, sa, sb)
    )


def extra_quantity(a: Specifics, b: Specifics) -> bool:
    """One claim carries a figure (unit) the other does not: it is not confirmed by it."""
    return _significant_units(a) != _significant_units(b)


def _significant_units(s: Specifics) -> set[str]:
    # Small counts written as words ("the two sides") are phrasing, not a figure.
    return {q.unit for q in s.quantities if q.value > 2 or any(ch.isdigit() for ch in q.surface)}


def _comparable(qa: Quantity, qb: Quantity) -> bool:
    if qa.unit != qb.unit:
        return False
    # "%" says nothing about what is measured: "the crown rose 0.6%" and "the rate
    # rose to 4.5%" are two figures, so percentages must share a preceding word.
    return qa.unit != "percent" or bool(qa.context & qb.context)


def _quantity_conflict(a: Specifics, b: Specifics) -> tuple[str, str] | None:
    """A unit both claims measure, with no pair of values that can both be true."""
    for unit in sorted({q.unit for q in a.quantities} & {q.unit for q in b.quantities}):
        pairs = [
            (qa, qb)
            for qa in a.quantities
            for qb in b.quantities
            if qa.unit == unit and _comparable(qa, qb)
        ]
        if pairs and not any(qa.agrees(qb) for qa, qb in pairs):
            return "number", f"{pairs[0][0].surface} vs {pairs[0][1].surface}"
    return None


def _date_conflict(a: Specifics, b: Specifics, weekdays: bool) -> tuple[str, str] | None:
    for kind in ("weekday", "month") if weekdays else ("month",):
        da, db = a.dates & _DATE_KINDS[kind], b.dates & _DATE_KINDS[kind]
        if da and db and not da & db:
            return "date", f"{', '.join(sorted(da)).title()} vs {', '.join(sorted(db)).title()}"
    ya = {d for d in a.dates if d.isdigit()}
    yb = {d for d in b.dates if d.isdigit()}
    if ya and yb and not ya & yb:
        return "date", f"{', '.join(sorted(ya))} vs {', '.join(sorted(yb))}"
    return None


def _speaker(text: str) -> str | None:
    found = {m.group(1) or m.group(2) for m in _SPEAKER.finditer(text)}
    found = {f for f in found if f.split()[0] not in _GENERIC}
    return found.pop() if len(found) == 1 else None


def _speaker_conflict(a: Claim, b: Claim, qa: Specifics, qb: Specifics) -> tuple[str, str] | None:
    if not any(_same_quote(x, y) for x in qa.quoted for y in qb.quoted):
        return None  # two different statements may well have two different speakers
    sa, sb = _speaker(a.text), _speaker(b.text)
    if sa and sb and not set(sa.split()) & set(sb.split()):
        return "name", f"{sa} vs {sb}"
    return None


def _same_quote(qa: str, qb: str) -> bool:
    ta, tb = content_tokens(fold_quotes(qa)), content_tokens(fold_quotes(qb))
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= SAME_QUOTE


def _quote_conflict(a: Specifics, b: Specifics) -> tuple[str, str] | None:
    for qa in a.quoted:
        for qb in b.quoted:
            if not _same_quote(qa, qb):
                continue
            numbers_differ = set(_NUMBER.findall(qa)) != set(_NUMBER.findall(qb))
            if polarity(qa) != polarity(qb) or numbers_differ:
                return "quoted words", f"“{qa.strip()}” vs “{qb.strip()}”"
    return None
