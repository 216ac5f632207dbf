"""Time expressions: recognise them in news text, type and normalise them (TimeML TIMEX3).

:func:`time_expressions` is the one-call API for plain text::

    >>> import datetime as dt
    >>> [(t.text, t.type, t.timex_value) for t in
    ...  time_expressions("Ford said on Monday it cut 2,000 jobs over two years.",
    ...                   published=dt.date(2023, 6, 20))]
    [('Monday', 'DATE', '2023-06-19'), ('two years', 'DURATION', 'P2Y')]

Every expression carries its TIMEX3 ``type`` (DATE, TIME, DURATION, SET) and
``timex_value`` (``2009-12-15T18:00Z``, ``P27Y``, ``2006-Q4``, ``2008-W12``,
``PRESENT_REF``), plus the calendar ``value``/``precision`` a timeline uses
(``None`` for durations, sets and anything that names no date). Relative
expressions ("on Monday", "last November", "two days ago") are resolved against
the publication date, with the tense of their clause; anaphoric ones ("a year
earlier", "the same day") against the closest date before them. In an undated
text they keep ``X`` for the unknown parts (``XXXX-WXX-1``), never a guess;
impossible dates ("February 30, 2023") are recognised and valued ``XXXX-XX-XX``.

The recogniser is rule-based (regular expressions following the TimeML
annotation guidelines); rules, conventions and measured accuracy are in
docs/time.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from newsweave.model import Article, Sentence, TimeExpression
from newsweave.temporal.calendar import in_calendar
from newsweave.temporal.recognise import TimeParams, recognise
from newsweave.temporal.tense import tense_at
from newsweave.temporal.timex import timeline_date, within_calendar

__all__ = [
    "TimeParams",
    "find_time_expressions",
    "tense_at",
    "time_expressions",
    "time_expressions_in_text",
]


def time_expressions(
    text: str, published: dt.date | None = None
) -> tuple[TimeExpression, ...]:
    """All time expressions of ``text`` (published on ``published``, ``None`` =
    undated), in text order, non-overlapping; spans index ``text``."""
    return time_expressions_in_text(text, published)


def find_time_expressions(
    article: Article, sentences: Sequence[Sentence] | None = None,
    params: TimeParams | None = None,
) -> tuple[TimeExpression, ...]:
    """All time expressions of ``article.text``, in text order, non-overlapping.

    Relative expressions are resolved against ``article.date``. ``sentences``
    (the article's sentences, optional) bound the clause searched for tense
    cues ("will", "said") and the sentence a clock time takes its day from;
    without them sentences are cut at punctuation.
    Spans index into ``article.text``; ``article.text[e.start:e.end] == e.text``.
    """
    bounds = [(s.start, s.end) for s in sentences] if sentences else ()
    return time_expressions_in_text(
        article.text, article.date, article_id=article.id, sentences=bounds, params=params
    )


def time_expressions_in_text(
    text: str,
    anchor: dt.date | None,
    *,
    article_id: str = "",
    sentences: Sequence[tuple[int, int]] = (),
    params: TimeParams | None = None,
) -> tuple[TimeExpression, ...]:
    """Like :func:`find_time_expressions` for a bare ``text`` dated ``anchor``
    (``None`` = undated); ``sentences`` are ``(start, end)`` character spans;
    ``params`` override the default :class:`TimeParams`."""
    out = []
    for r in recognise(text, anchor, sentences, params=params):
        value, precision = timeline_date(r.type, r.value)
        if value is not None and not in_calendar(value):  # years 0 and 10000 do not exist
            value, precision = None, None
        out.append(TimeExpression(
            article_id=article_id,
            start=r.start,
            end=r.end,
            text=text[r.start : r.end],
            value=value,
            precision=precision,
            relative=r.relative,
            type=r.type,
            timex_value=within_calendar(r.type, r.value),
        ))
    return tuple(out)
