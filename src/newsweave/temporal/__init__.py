"""Time expressions: recognise them in news text and resolve them against the article date.

:func:`find_time_expressions` returns every temporal expression of an article
with its character span and an ISO value (``YYYY-MM-DD``, ``YYYY-MM`` or
``YYYY``) whose precision matches its form. Relative expressions ("on
Monday", "in February", "last November", "two days ago") are resolved against
the article's publication date; in an undated article they are returned
unresolved (``value=None``, ``relative=True``), never guessed, while absolute
ones ("June 19, 2023", "in 2018") still resolve. Impossible dates ("February
30, 2023") are returned with ``value=None`` and ``relative=False``:
recognised, rejected, never shifted to March 2. Durations ("for decades",
"35 minutes", "for the next month") are not dates and are not returned.

The recogniser is rule-based (regular expressions, a tense cue for weekdays
and bare months, anaphora for "a year earlier"); the rules, their ambiguities
and measured accuracy are in docs/time.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import cast

from newsweave.model import Article, Precision, Sentence, TimeExpression
from newsweave.temporal.recognise import recognise
from newsweave.temporal.tense import tense_at

__all__ = ["find_time_expressions", "tense_at", "time_expressions_in_text"]


def find_time_expressions(
    article: Article, sentences: Sequence[Sentence] | None = None
) -> tuple[TimeExpression, ...]:
    """All time expressions of ``article.text``, in text order, non-overlapping.

    Relative expressions are resolved against ``article.date``. ``sentences``
    (the article's sentences, optional) bound the clause searched for tense
    cues ("will", "said"); without them clauses are cut at punctuation, which
    gives the same result except around abbreviations such as "U.S.".
    Spans index into ``article.text``; ``article.text[e.start:e.end] == e.text``.
    """
    bounds = [(s.start, s.end) for s in sentences] if sentences else ()
    return time_expressions_in_text(
        article.text, article.date, article_id=article.id, sentences=bounds
    )


def time_expressions_in_text(
    text: str,
    anchor: dt.date | None,
    *,
    article_id: str = "",
    sentences: Sequence[tuple[int, int]] = (),
) -> tuple[TimeExpression, ...]:
    """Like :func:`find_time_expressions` for a bare ``text`` dated ``anchor``
    (``None`` = undated); ``sentences`` are ``(start, end)`` character spans."""
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
        for r in recognise(text, anchor, sentences)
    )
