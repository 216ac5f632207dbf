"""Report renderings: the JSON contract, Markdown, and the self-contained HTML page."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from newsweave.model import Article, Rejection, Sentence, Story
from newsweave.render import render_html, render_json, render_markdown
from newsweave.report import build_report
from newsweave.store import Store

HOSTILE = 'Officials said <script>alert("x")</script> and <img src=x onerror="alert(1)"> here.'


def make_store(path: Path) -> Store:
    store = Store.open(path)
    a = Article("hw-1", "Dockworkers walked out on Monday. " + HOSTILE, "h1", "a.txt",
                title="Port <b>strike</b>", date=dt.date(2025, 9, 1), source="Harbor Wire")
    b = Article("mp-2", "The Halden strike went on. Ships waited offshore.", "h2", "b.jsonl:1",
                title=HOSTILE, date=None, source=None)
    store.add_articles([a, b], {
        "hw-1": [Sentence("hw-1", 0, 0, 34, a.text[:34]), Sentence("hw-1", 1, 35, len(a.text),
                                                                   a.text[35:])],
        "mp-2": [Sentence("mp-2", 0, 0, 26, b.text[:26])],
    })
    store.save_stories([Story("s-abc", "Port <b>strike</b>", ("hw-1", "mp-2"),
                              dt.date(2025, 9, 1), dt.date(2025, 9, 1), storyline="l-port")],
                       replace_all=True)
    return store


def test_json_follows_the_contract(tmp_path: Path) -> None:
    with make_store(tmp_path / "s.db") as store:
        report = build_report(store, rejected=[Rejection("bad.txt", "empty file")])
    data = json.loads(render_json(report))
    assert data["version"] == 1
    assert data["rejected"] == [{"path": "bad.txt", "reason": "empty file"}]
    by_id = {a["id"]: a for a in data["articles"]}
    assert by_id["hw-1"] == {
        "id": "hw-1", "source": "Harbor Wire", "date": "2025-09-01", "title": "Port <b>strike</b>",
        "n_sentences": 2, "duplicate_of": None, "origin": "a.txt", "date_inferred": False,
        "outlet": "Harbor Wire"}  # outlet: added in issue 17 (fields may be added)
    assert by_id["mp-2"]["date"] is None and by_id["mp-2"]["n_sentences"] == 1
    assert by_id["mp-2"]["title"] == HOSTILE  # JSON keeps text as written
    (story,) = data["stories"]
    assert story["articles"] == ["hw-1", "mp-2"]
    assert story["first_date"] == "2025-09-01" and story["title"] == "Port <b>strike</b>"
    # second level: the story's storyline, and the storylines with their stories
    assert story["storyline"] == "l-port"
    assert data["storylines"] == [
        {"id": "l-port", "title": "Port <b>strike</b>", "stories": ["s-abc"]}]
    # stages that did not run are absent, not faked
    for absent in ("summary", "timeline", "quotes", "facts", "entities"):
        assert absent not in story


def test_html_escapes_article_text_and_ids_match_json(tmp_path: Path) -> None:
    with make_store(tmp_path / "s.db") as store:
        report = build_report(store)
    page = render_html(report)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page  # Jinja2's escaping
    assert "Port &lt;b&gt;strike&lt;/b&gt;" in page
    data = json.loads(render_json(report))
    story_ids = set(re.findall(r'data-story-id="([^"]+)"', page))
    article_ids = set(re.findall(r'data-article-id="([^"]+)"', page))
    assert story_ids == {s["id"] for s in data["stories"]}
    assert article_ids == {a["id"] for a in data["articles"]}
    assert page.startswith("<!doctype html>") and "<link" not in page and "src=\"http" not in page


def test_markdown_lists_stories_articles_and_rejections(tmp_path: Path) -> None:
    with make_store(tmp_path / "s.db") as store:
        md = render_markdown(build_report(store, rejected=[Rejection("x.csv", "no text | col")]))
    assert "## Port &lt;b&gt;strike&lt;/b&gt;" in md  # HTML shown as text (issue 16)
    assert "| `hw-1` | Harbor Wire | 2025-09-01 |" in md
    assert "| `mp-2` | — | undated |" in md
    assert "- `x.csv`: no text \\| col" in md


def test_stage_results_render_in_every_format_and_stay_escaped(tmp_path: Path) -> None:
    from newsweave.model import (
        Claim,
        Conflict,
        Quote,
        QuoteVariant,
        StoryQuote,
        StoryReport,
        SummarySentence,
        TimelineEntry,
    )

    with make_store(tmp_path / "s.db") as store:
        story = store.stories()[0]
        said = Quote("hw-1", 0, 20, "We stay <out>", "Mara Lind")
        stages = StoryReport(
            story=story,
            summary=(SummarySentence("Dockworkers walked out <now>.", ("hw-1", "mp-2")),),
            differences=(),
            timeline=(TimelineEntry("2025-09-01", "day", "Dockworkers walked out.", ("hw-1",)),),
            quotes=(StoryQuote("Mara Lind", said, (QuoteVariant(
                "mp-2", "We stay away", ('"<out>" -> "away"',)),)),),
            consensus=(), single_source=(),
            conflicts=(Conflict("number of ships", (Claim("hw-1", 0, 5, "12 ships"),
                                                    Claim("mp-2", 0, 5, "15 ships"))),),
        )
        report = build_report(store, story_reports={story.id: stages})
    data = json.loads(render_json(report))["stories"][0]
    assert data["summary"][0]["sources"] == ["hw-1", "mp-2"]
    assert data["facts"]["conflicts"][0]["topic"] == "number of ships"
    assert "entities" not in data  # the stage did not run: absent, not empty
    html = render_html(report)
    assert "Dockworkers walked out &lt;now&gt;." in html and "<now>" not in html
    assert "number of ships" in html and "2025-09-01" in html and "We stay &lt;out&gt;" in html
    md = render_markdown(report)
    assert "**Timeline**" in md and "**Where sources differ**" in md
    assert "- conflict: number of ships: “12 ships” (Harbor Wire)" in md
    assert "Mara Lind: “We stay &lt;out&gt;”" in md and "<out>" not in md


def test_markdown_report_keeps_hostile_article_text_inert(tmp_path: Path) -> None:
    # Rendered by a real CommonMark renderer (markdown-it, with tables), as a notebook or a
    # forge would show the report: no tag, handler or javascript: link may come through.
    from markdown_it import MarkdownIt

    from newsweave.model import StoryReport, SummarySentence

    hostile = ('<script>alert(1)</script> <img src=x onerror="alert(2)"> <svg onload=alert(3)>'
               ' [click](javascript:alert(4)) <javascript:alert(5)> `code` | cell | *x*')
    with make_store(tmp_path / "s.db") as store:
        story = store.stories()[0]
        report = build_report(store, story_reports={story.id: StoryReport(
            story=story, summary=(SummarySentence(hostile, ("hw-1",)),))},
            rejected=[Rejection("a`b|c.txt", hostile)])
    md = render_markdown(report)
    html = MarkdownIt("commonmark").enable("table").render(md).lower()
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", html))
    assert tags <= {"h1", "h2", "p", "strong", "em", "ul", "li", "code", "table", "thead",
                    "tbody", "tr", "th", "td"}, tags
    assert not re.search(r"<[a-z][^>]*\son\w+=", html) and "href=" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, not dropped
    assert "[click](javascript:alert(4))" in html




def test_json_articles_carry_their_time_expressions_when_analysed(tmp_path: Path) -> None:
    """An article whose analysis is cached reports its TIMEX3 expressions ("time");
    one without a cached analysis has no "time" key (the stage did not run)."""
    from newsweave import codec
    from newsweave.analysis import ANALYSIS_STAGE, ANALYSIS_VERSION, ArticleAnalysis
    from newsweave.temporal import time_expressions_in_text

    with make_store(tmp_path / "s.db") as store:
        a = store.articles(["hw-1"])[0]
        analysis = ArticleAnalysis("hw-1", (), (), time_expressions_in_text(
            a.text, a.date, article_id=a.id))
        store.put_article_analysis(ANALYSIS_STAGE, ANALYSIS_VERSION,
                                   {"hw-1": codec.dumps(analysis)})
        data = json.loads(render_json(build_report(store)))
    by_id = {x["id"]: x for x in data["articles"]}
    assert by_id["hw-1"]["time"] == [{"text": "Monday", "span": [26, 32], "type": "DATE",
                                      "value": "2025-09-01", "date": "2025-09-01",
                                      "precision": "day"}]
    assert "time" not in by_id["mp-2"]


def test_a_story_reads_only_its_own_articles_from_the_report(tmp_path: Path) -> None:
    """Issue 19: the facts' dates and outlets come from the story's own articles; reading
    every article of the report once per story made a 20,000-story report quadratic."""
    from newsweave.model import Claim, StoryReport, Update
    from newsweave.render.json import _story

    class Watched(dict):  # type: ignore[type-arg]
        def items(self):  # type: ignore[no-untyped-def]
            raise AssertionError("read every article of the report")

    with make_store(tmp_path / "s.db") as store:
        story = store.stories()[0]
        old, new = Claim("hw-1", 0, 5, "12 ships"), Claim("mp-2", 0, 5, "15 ships")
        stages = StoryReport(story=story, consensus=(), single_source=(old,), conflicts=(),
                             updates=(Update("number of ships", old, new, "12", "15"),))
        report = build_report(store, story_reports={story.id: stages})
    every = {a.id: a for a in report.articles}
    extra = {f"other-{k}": report.articles[0] for k in range(50)}
    out = _story(stages, Watched({**every, **extra}))
    assert out == _story(stages, every)
    facts = out["facts"]
    assert facts["single_source"][0]["only_in"] == "Harbor Wire"
    assert facts["updates"][0]["from"]["date"] == "2025-09-01"
    assert facts["updates"][0]["to"]["date"] is None
