"""Tense cue of the clause around a time expression (past, future or none).

Weekdays, bare months and ``June 19`` without a year are resolved towards the
past unless the clause around them speaks of the future. The cue is the
*nearest* tense marker to the expression inside its clause, on either side:
"will return to work on Saturday after their union reached a deal late
Thursday" gives Saturday the future ("will" is nearest) and Thursday the past
("reached" is nearest). A marker is a future phrase (``will``, ``would``,
``is expected``, ``set for``, ``hopes to``...) or a past verb (a regular
``-ed`` form, an irregular past from a closed list, ``was``/``had``/``did``).

A participle after an auxiliary ("will remain *closed* on Friday", "was
*targeted*") carries no tense of its own, so it is skipped: the auxiliary
decides. Rules and known failures are documented in docs/time.md.
"""

from __future__ import annotations

import re

from newsweave.temporal.calendar import Tense

_FUTURE = (
    r"\b(?:will|won['’]t|shall|would|going\s+to|upcoming|"
    r"(?:plans?|planning|hopes?|hoping|hoped|aims?|aiming|intends?|ready|poised|set|due|"
    r"wants?|seeks?|seeking|promises?|vows?|pledges?|threatens?|likely|prepares?|preparing|"
    r"wishes?|needs?)\s+to|{modal}"
    r"expect(?:s|ed|ing)?|scheduled|slated|"
    r"(?:is|are|was|were|been)\s+(?:set|due)\b|set\s+(?:for|on)|(?:is|are)\s+to)\b|['’]ll\b"
)
# Modals before a bare verb ("should be completed in October") point to the future;
# before "have" ("may have left") they do not.
_MODAL = r"(?:should|must|might|may|can)\s+(?!have\b|not\s+have\b)|"
FUTURE_CUE = re.compile(_FUTURE.format(modal=_MODAL), re.IGNORECASE)
FUTURE_CUE_NO_MODAL = re.compile(_FUTURE.format(modal=""), re.IGNORECASE)
_IRREGULAR_PAST = (
    "said|told|met|made|took|taken|gave|given|came|went|gone|began|begun|won|lost|held|fell|"
    "rose|broke|broken|struck|left|led|paid|sold|bought|brought|thought|found|kept|spent|sent|"
    "built|fought|caught|sought|ran|saw|seen|knew|known|grew|grown|threw|drew|drawn|flew|flown|"
    "wore|worn|spoke|spoken|stole|stolen|chose|chosen|wrote|written|hid|hidden|shot|fled|swept|"
    "became|felt|heard|stood|sat|hung|drove|driven|rode|sank|sunk|swore|sworn|tore|torn|froze|"
    "frozen|woke|forgot|got|laid|meant|dealt|lent|slid|spun|stuck|swung|withdrew|withdrawn|"
    "underwent|arose|shook|shaken|ate|eaten|beat|beaten|bore|born"
)
_PAST_CUE = re.compile(
    rf"\b(?:was|were|had|did|ago|{_IRREGULAR_PAST}|(?P<ed>[a-z]{{2,}}ed))\b", re.IGNORECASE
)
# -ed words that are nouns, adjectives or future markers, not past verbs.
_NOT_PAST_ED = frozenset(
    [
        "need", "shed", "speed", "seed", "feed", "bred", "hundred", "based", "united", "limited",
        "related", "interested", "concerned", "armed", "advanced", "detailed", "scheduled",
        "expected", "planned", "slated", "proposed", "alleged", "indeed", "proceed", "exceed",
        "succeed", "breed", "greed", "creed", "weed", "deed", "heed", "embed", "red", "bed",
        "wed", "led", "fled", "sled", "coed", "hoped", "biased", "skilled", "talented",
        "unprecedented", "supposed", "used", "tired", "aged", "naked", "wicked", "sacred",
    ]
)  # fmt: skip
# A participle right after one of these (optionally with one adverb between) takes
# its tense from the auxiliary: "will remain closed", "to be announced", "was last hit".
_AUXILIARY_BEFORE = re.compile(
    r"\b(?:be|been|being|is|are|am|was|were|remains?|remained|stays?|stayed|will|would|to|"
    r"gets?|got|become|becomes|has|have|had)\s+(?:[a-z]+ly\s+|last\s+|not\s+|also\s+)?$",
    re.IGNORECASE,
)
_AUXILIARIES = frozenset(["was", "were", "had", "did", "ago"])
# Clause edges: sentence punctuation, dashes, quotation marks (a quote and its
# attribution are different clauses), "that" (a reported clause has its own tense)
# and a comma before a conjunction or temporal preposition ("..., after pay deals in
# April" does not share the main clause's "would").
CLAUSE_BREAK = re.compile(
    r"[.;!?\n]\s|[;\n]|—|\s-\s|[\"“”]|\bthat\s|"
    r",\s+(?:after|before|since|when|while|as|although|though|but|and|because|whereas|which|"
    r"who|whom|whose|where|(?:in|at|on|by|for|from|with|to|of|during|under)\s+which)\s",
    re.IGNORECASE,
)
# Reporting verbs date the report only when right before the expression ("said
# Monday", "told reporters on Monday" is not caught); further away they belong to a
# different clause than the expression.
_REPORTING = frozenset(
    ["said", "told", "added", "announced", "reported", "stated", "wrote", "tweeted",
     "confirmed", "says", "tells", "adds"]
)  # fmt: skip
_ADJACENT_GAP = re.compile(r"\s*(?:on\s+|in\s+|late\s+|early\s+)?$", re.IGNORECASE)
# An -ed word right after a determiner is an adjective ("all registered owners").
_DETERMINER_BEFORE = re.compile(
    r"\b(?:the|a|an|all|its|their|his|her|our|my|your|some|many|several|newly|these|those)"
    r"\s+$",
    re.IGNORECASE,
)
_LEFT_REACH = 120
_RIGHT_REACH = 80


class CueIndex:
    """The tense cues of a text, found once per sentence on first use and then looked
    up per clause (so a text with thousands of expressions is scanned once, not once
    per expression, and sentences without one are never scanned)."""

    def __init__(self, text: str, *, modal_future: bool = True) -> None:
        self.text = text
        self.modal_future = modal_future
        self._by_sentence: dict[tuple[int, int], list[tuple[int, int, Tense]]] = {}

    def cues(self, sentence: tuple[int, int], lo: int, hi: int) -> list[tuple[int, int, Tense]]:
        """Cues of ``sentence`` lying inside ``text[lo:hi]``."""
        cues = self._by_sentence.get(sentence)
        if cues is None:
            cues = self._by_sentence[sentence] = _cue_spans(self.text, *sentence,
                                                            modal_future=self.modal_future)
        return [c for c in cues if lo <= c[0] and c[1] <= hi]


def tense_at(
    text: str,
    start: int,
    end: int,
    bounds: tuple[int, int] | None = None,
    index: CueIndex | None = None,
) -> Tense:
    """Tense cue for ``text[start:end]``: ``"past"``, ``"future"`` or ``None``.

    ``bounds`` is the sentence holding the expression, when known; the clause
    is cut there and at clause breaks (``;``, a dash, a sentence end). ``index``
    (built once for ``text``) saves re-scanning the text for cues.
    """
    lo, hi = bounds if bounds is not None else (0, len(text))
    left_start = max(lo, start - _LEFT_REACH)
    left = text[left_start:start]
    breaks = list(CLAUSE_BREAK.finditer(left))
    if breaks:
        left_start += breaks[-1].end()
    right_end = min(hi, end + _RIGHT_REACH)
    brk = CLAUSE_BREAK.search(text, end, right_end)
    if brk:
        right_end = brk.start()
    cues = index.cues((lo, hi), left_start, right_end) if index is not None else \
        _cue_spans(text, left_start, right_end)
    best: tuple[int, Tense] | None = None
    for s, e, tense in cues:
        if text[s:e].lower() in _REPORTING and not (
            e <= start and _ADJACENT_GAP.match(text, e, start)
        ):
            continue
        if e <= start:
            distance = start - e
        elif s >= end:
            distance = s - end + 1  # ties go to the cue on the left
        else:
            continue
        if best is None or distance < best[0]:
            best = (distance, tense)
    return best[1] if best is not None else None


def _cue_spans(
    text: str, lo: int, hi: int, *, modal_future: bool = True
) -> list[tuple[int, int, Tense]]:
    """Future phrases and past verbs in ``text[lo:hi]``, sorted by start."""
    pattern = FUTURE_CUE if modal_future else FUTURE_CUE_NO_MODAL
    future = [m.span() for m in pattern.finditer(text, lo, hi)]
    cues: list[tuple[int, int, Tense]] = [(s, e, "future") for s, e in future]
    f = 0
    for m in _PAST_CUE.finditer(text, lo, hi):
        while f < len(future) and future[f][1] <= m.start():
            f += 1
        if f < len(future) and future[f][0] < m.end():
            continue  # "was set for", "expected": a future phrase
        word = m.group(0).lower()
        if m.group("ed") is not None and (
            word in _NOT_PAST_ED
            or _DETERMINER_BEFORE.search(text, max(lo, m.start() - 12), m.start())
        ):
            continue
        if word not in _AUXILIARIES and _AUXILIARY_BEFORE.search(
            text, max(lo, m.start() - 30), m.start()
        ):
            continue
        cues.append((m.start(), m.end(), "past"))
    cues.sort()
    return cues
