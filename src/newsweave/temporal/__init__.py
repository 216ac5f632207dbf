"""Time expressions: recognise them in news text and resolve them against the article date.

``find_time_expressions(text, anchor)`` returns every temporal expression of
``text`` with its character span and an ISO value (``YYYY-MM-DD``, ``YYYY-MM``
or ``YYYY``) whose precision matches its form. Relative expressions ("on
Monday", "in February", "last November", "two days ago") are resolved against
``anchor``, the article's publication date; without an anchor they are
returned unresolved (``value=None``, ``relative=True``), never guessed.
Impossible dates ("February 30, 2023") are returned with ``value=None`` and
``relative=False``: recognised, rejected, never shifted to March 2.

The recogniser is rule-based (regular expressions plus a tense cue for
weekdays and bare months); the rules, their ambiguities and measured accuracy
are in docs/temporal.md.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from newsweave.model import Precision, TimeExpression
from newsweave.temporal.recognise import recognise, tense_at

__all__ = ["find_time_expressions", "tense_at"]


def find_time_expressions(
    text: str, anchor: dt.date | None, *, article_id: str = ""
) -> tuple[TimeExpression, ...]:
    """All time expressions of ``text``, in text order, non-overlapping.

    ``anchor`` is the publication date of the article ``text`` belongs to (or
    ``None`` for an undated article). Spans index into ``text``;
    ``text[e.start:e.end] == e.text`` for every result.
    """
    return tuple(
        TimeExpression(
            article_id=article_id,
            start=r.start,
            end=r.end,
            text=text[r.start : r.end],
            value=r.value,
            precision=cast(Precision | None, r.precision),
            relative=r.relative,
        )
        for r in recognise(text, anchor)
    )
