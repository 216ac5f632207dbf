"""Detokenisation gaps inside numbers, clock times and initials, removed with a map back.

Split out of :mod:`newsweave.facts.numbers` (which re-exports :func:`repair`): the
evaluation corpus prints "1, 500", "6. 1", "$ 5", "U. S."; the parser and the number
reader both read the repaired text.
"""

from __future__ import annotations

import re

from newsweave.facts.number_words import _MONTH_BEFORE

__all__ = ["repair"]

_REPAIRS = re.compile(
    r"(?<![\w.,])\d{1,3}(?P<thousands>,\s)\d{3}(?!\d)"  # "1, 500" (detokenised)
    r"|(?<![\w.])\d{1,2}(?P<decimal>\.\s)\d{1,2}(?!\d|[.,]\d)"  # "6. 1"
    r"|[$€£](?P<sign>\s)(?=\d)"  # "$ 5"
    r"|(?<=\s)\.(?P<calibre>\s)\d{2,3}\b"  # ". 357"
    r"|\b[A-Za-z]\.(?P<initial>\s)[A-Za-z]\.(?!\w)"  # "U. S.", "p. m."
    r"|\b\d{1,2}:(?P<clock>\s)\d\d(?!\d)",  # "10: 30", "5: 03p"
)
# "a loaded. 38-caliber revolver" (detokenised ".38"): the period moves after the space.
_CALIBRE_AFTER_WORD = re.compile(
    r"(?<=[a-z])\.\s(?=\d{2,3}\b-?\s?(?:caliber|calibre|cal\b|magnum))", re.I)


def repair(text: str) -> tuple[str, list[int]]:
    """``text`` with detokenisation gaps in numbers, clock times and initials removed ("1, 500" ->
    "1,500", "6. 1" -> "6.1", "$ 5" -> "$5", "U. S." -> "U.S."), and for each character
    of the result its offset in ``text``. Only spaces are removed, so a span of the
    result maps back with ``positions[start]`` and ``positions[end - 1] + 1``.
    """
    drop: set[int] = set()
    for m in _REPAIRS.finditer(text):
        for group in ("thousands", "decimal", "sign", "calibre", "initial", "clock"):
            if m.group(group) is not None:
                if group == "thousands" and _MONTH_BEFORE.search(text[max(0, m.start() - 12):
                                                                      m.start()]):
                    break  # "March 3, 200 people": a date and a count, not 3,200
                drop.add(m.end(group) - 1)
                break
    calibres = list(_CALIBRE_AFTER_WORD.finditer(text))
    if not drop and not calibres:  # most texts: nothing to repair (same result, no char loop)
        return text, list(range(len(text)))
    kept = [i for i in range(len(text)) if i not in drop]
    for m in calibres:
        dot = kept.index(m.start())
        kept[dot], kept[dot + 1] = kept[dot + 1], kept[dot]
    return "".join(text[i] for i in kept), kept
