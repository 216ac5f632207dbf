"""JSON round-trip of the model records used for caching in the store."""

from __future__ import annotations

import datetime as dt

from newsweave.codec import dumps, loads
from newsweave.model import (
    Claim,
    Evidence,
    FactGroup,
    Quote,
    QuoteVariant,
    Story,
    StoryQuote,
    StoryReport,
    SummarySentence,
    TimelineEntry,
)


def test_story_report_round_trips() -> None:
    story = Story("s-1", "Talks in Beijing", ("a", "b"), dt.date(2023, 6, 19), None)
    quote = Quote("a", 10, 40, "It is absolutely vital", "Antony Blinken", (41, 48))
    report = StoryReport(
        story=story,
        summary=(SummarySentence("Blinken met Xi.", ("a", "b"), (Evidence("a", 0, 15),)),),
        timeline=(TimelineEntry("2022-11", "month", "Xi and Biden met in Bali.", ("b",)),),
        quotes=(StoryQuote("Antony Blinken", quote,
                           (QuoteVariant("b", "It's absolutely vital", ("-It is", "+It's")),)),),
        consensus=(FactGroup("Blinken met Xi.", (Claim("a", 0, 15, "Blinken met Xi."),)),),
    )
    back = loads(StoryReport, dumps(report))
    assert back == report
    assert back.entities is None and back.story.first_date == dt.date(2023, 6, 19)
    assert isinstance(back.quotes[0].quote.speaker_span, tuple)  # type: ignore[index]
