"""Story ids and display titles."""

from __future__ import annotations

import datetime as dt

from newsweave.grouping import story_id, story_title
from newsweave.model import Article


def art(aid: str, title: str, text: str, day: int | None) -> Article:
    return Article(id=aid, text=text, content_hash=aid, origin=aid, title=title,
                   date=dt.date(2025, 9, day) if day else None)


def test_story_id_is_stable_and_untitled_title_is_the_first_sentence() -> None:
    untitled = art("x", "", "First sentence here. Second one.", 1)
    assert story_title(untitled) == "First sentence here."
    assert story_id("x") == story_id("x") != story_id("y")


def test_untitled_story_title_is_the_first_sentence_not_an_abbreviation() -> None:
    from newsweave.grouping import story_title
    from newsweave.model import Article

    def title(text: str) -> str:
        return story_title(Article(id="a", text=text, content_hash="h", origin="o"))

    assert title("U.S. envoy Mara Lind met Dr. Ode Vance on Monday. Talks went on.") == (
        "U.S. envoy Mara Lind met Dr. Ode Vance on Monday.")
    long = title("The council " + "debated the plan again " * 10 + "today. More.")
    assert len(long) <= 120 and long.endswith("…") and " " not in long[-2:]
