"""First story grouping (TF-IDF over title + lead within a date window)."""

from __future__ import annotations

import datetime as dt

from newsweave.grouping import GroupingParams, group_articles, story_id, story_title
from newsweave.model import Article


def art(aid: str, title: str, text: str, day: int | None) -> Article:
    return Article(id=aid, text=text, content_hash=aid, origin=aid, title=title,
                   date=dt.date(2025, 9, day) if day else None)


STRIKE_1 = art("s1", "Dockworkers strike at Halden port",
               "Dockworkers at the port of Halden walked off the job on Monday, halting "
               "container traffic as the union demanded higher wages.", 1)
STRIKE_2 = art("s2", "Halden port strike enters second day",
               "The strike by Halden dockworkers entered its second day, with container "
               "ships waiting offshore and the union refusing the port's wage offer.", 2)
MUSEUM = art("m1", "Painting stolen from Varna museum",
             "Thieves took a 17th-century painting from the Varna city museum overnight, "
             "police said, after disabling an alarm on the ground floor.", 2)
STRIKE_LATE = art("s3", "Halden port strike talks",
                  "Talks to end the Halden dockworkers strike over wages resumed as container "
                  "traffic stayed halted at the port.", 28)


def test_related_articles_join_and_unrelated_stay_apart() -> None:
    stories = group_articles([MUSEUM, STRIKE_2, STRIKE_1])
    groups = sorted(sorted(s.article_ids) for s in stories)
    assert groups == [["m1"], ["s1", "s2"]]
    strike = next(s for s in stories if "s1" in s.article_ids)
    # the seed (earliest) article names the story and gives it a stable id
    assert strike.article_ids[0] == "s1"
    assert strike.id == story_id("s1") and strike.title == STRIKE_1.title
    assert strike.first_date == dt.date(2025, 9, 1) and strike.last_date == dt.date(2025, 9, 2)


def test_date_window_keeps_a_cold_story_apart() -> None:
    stories = group_articles([STRIKE_1, STRIKE_2, STRIKE_LATE], GroupingParams(window_days=10))
    assert sorted(len(s.article_ids) for s in stories) == [1, 2]
    wide = group_articles([STRIKE_1, STRIKE_2, STRIKE_LATE], GroupingParams(window_days=60))
    assert [len(s.article_ids) for s in wide] == [3]


def test_undated_articles_are_grouped_without_a_window() -> None:
    undated = art("u1", "Halden strike", "Halden dockworkers stayed on strike over wages "
                  "and container traffic at the port stayed halted.", None)
    stories = group_articles([STRIKE_1, undated])
    assert [sorted(s.article_ids) for s in stories] == [["s1", "u1"]]


def test_empty_input_and_titles() -> None:
    assert group_articles([]) == ()
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
