"""The story list's projection: rows computed at weave time, read a page at a time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newsweave import codec
from newsweave.listing import headline_of, refresh_listings
from newsweave.model import (
    Article,
    DuplicateMatch,
    Story,
    StoryEntity,
    StoryReport,
    SummarySentence,
)
from newsweave.report import REPORT_STAGE
from newsweave.store import Store
from newsweave.store.listing import ArticleHeader, ListingQuery

D = dt.date(2025, 9, 1)


def art(aid: str, day: int, *, title: str | None = None, source: str | None = None,
        url: str | None = None, text: str | None = None) -> Article:
    body = text or f"Article {aid} reports on the port strike in Halden on day {day}."
    return Article(aid, body, f"h-{aid}", f"{aid}.txt", title=title,
                   date=D + dt.timedelta(days=day), source=source, url=url)


def build(path: Path) -> Store:
    store = Store.open(path)
    articles = [
        art("a1", 0, title="27 NOVEMBER, 2005", source="Harbor Wire"),
        art("a2", 1, title="Halden dockworkers walk out over pay", url="https://www.bay.example/x"),
        art("a3", 1, title="Dockworkers at the port of Halden walked off the job on Monday.",
            source="Harbor Wire"),
        art("a4", 2, source="Harbor Wire"),  # a copy of a2
        art("b1", 9, title="Museum painting stolen", source="City Post",
            text="Thieves took a painting from the Varna museum overnight, police said."),
        art("c1", 20, title="Ferry crossings cancelled", source="Island Times",
            text="Ferry crossings to Varholm were cancelled after a storm damaged the pier."),
    ]
    store.add_articles(articles, {})
    store.set_duplicates([DuplicateMatch("a4", "a2", 0.97, "near")])
    stories = [
        Story("s-port", "27 NOVEMBER, 2005", ("a1", "a2", "a3", "a4"), D, D + dt.timedelta(2),
              storyline="l-1"),
        Story("s-museum", "Museum painting stolen", ("b1",), D + dt.timedelta(9),
              D + dt.timedelta(9)),
        Story("s-ferry", "Ferry crossings cancelled", ("c1",), D + dt.timedelta(20),
              D + dt.timedelta(20)),
    ]
    store.save_stories(stories, replace_all=True)
    port = StoryReport(
        story=stories[0],
        summary=(SummarySentence("Dockworkers in Halden struck for higher wages.", ("a2", "a3")),),
        entities=(StoryEntity("Mara Lind", "PERSON", ("Lind",), ("a1", "a2")),
                  StoryEntity("Halden", "GPE", (), ("a1", "a2", "a3"))),
        conflicts=(), quotes=())
    store.put_story_analysis("s-port", REPORT_STAGE, "fp-1", codec.dumps(port))
    return store


def test_rows_are_written_once_and_redone_when_their_inputs_change(tmp_path: Path) -> None:
    with build(tmp_path / "s.db") as store:
        assert refresh_listings(store) == 3
        assert refresh_listings(store) == 0  # nothing changed: nothing recomputed
        port = store.listing("s-port")
        assert port is not None
        # A real headline wins over a dateline title and a first sentence used as title.
        assert port.headline == "Halden dockworkers walk out over pay"
        assert port.title == "27 NOVEMBER, 2005"  # the report's title is kept as it was
        assert port.snippet == "Dockworkers in Halden struck for higher wages."
        assert (port.n_articles, port.n_outlets, port.n_copies, port.n_unknown) == (4, 2, 1, 0)
        assert port.outlets == ("Harbor Wire", "bay.example")  # most articles first
        assert port.entities == ("Halden", "Mara Lind") and "lind" in port.entity_keys
        assert (port.n_conflicts, port.n_quotes) == (0, 0)
        museum = store.listing("s-museum")
        assert museum is not None and museum.n_conflicts is None  # no comparison yet
        # A new report for one story recomputes that row only.
        report = StoryReport(story=store.stories()[0], summary=())
        store.put_story_analysis("s-port", REPORT_STAGE, "fp-2", codec.dumps(report))
        assert refresh_listings(store) == 1
        # Removing a story's articles drops its row with it.
        store.remove_articles(["c1"])
        assert store.listing("s-ferry") is None


def test_pages_filters_and_orders(tmp_path: Path) -> None:
    with build(tmp_path / "s.db") as store:
        refresh_listings(store)
        everything = store.listings(ListingQuery(limit=2))
        assert everything.total == 3
        assert [r.story_id for r in everything.rows] == ["s-ferry", "s-museum"]  # newest
        rest = store.listings(ListingQuery(limit=2, offset=2))
        assert [r.story_id for r in rest.rows] == ["s-port"]
        oldest = store.listings(ListingQuery(sort="oldest"))
        assert [r.story_id for r in oldest.rows] == ["s-port", "s-museum", "s-ferry"]
        assert store.listings(ListingQuery(sort="articles")).rows[0].story_id == "s-port"
        assert store.listings(ListingQuery(sort="outlets")).rows[0].story_id == "s-port"

        def ids(**kw: object) -> list[str]:
            query = ListingQuery(**kw)  # type: ignore[arg-type]
            return [r.story_id for r in store.listings(query).rows]

        assert ids(query="painting") == ["s-museum"]
        assert ids(query='museum OR "port strike"') == ["s-museum", "s-port"]
        assert ids(query="strike (") == ["s-port"]  # unparsable FTS5: retried word by word
        assert ids(source="bay.example") == ["s-port"]
        assert ids(entity="  LIND ") == ["s-port"]
        assert ids(since=D + dt.timedelta(5), until=D + dt.timedelta(15)) == ["s-museum"]
        assert store.listing_outlets() == ["City Post", "Harbor Wire", "Island Times",
                                           "bay.example"]


def test_headline_falls_back_to_the_story_title() -> None:
    story = Story("s", "Port strike enters second day", ("x",), D, D)
    dateline = [ArticleHeader("x", "Posted: May 24, 2005", D, None, None)]
    assert headline_of(story, dateline, {}) == "Port strike enters second day"
    sentence = [ArticleHeader("x", "The port strike went on for a second day.", D, None, None)]
    assert headline_of(story, sentence, {}) == "Port strike enters second day"
    odd = Story("s", "22 April 2016 Last updated at 10: 12 GMT", ("x",), D, D)
    assert headline_of(odd, sentence, {}) == "The port strike went on for a second day."
