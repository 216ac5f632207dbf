"""Page rendering without a server: escaping, links and marks."""

from __future__ import annotations

import datetime as dt

from newsweave.browse import ArticleDetail
from newsweave.model import Article, Sentence
from newsweave.web.views import Views

TEXT = 'Mayor Ilse Varga said "We will <b>build</b> it" on Monday.'


def detail(url: str | None) -> ArticleDetail:
    article = Article("a-1", TEXT, "h", "feed.jsonl:1", title="Bridge <vote>",
                      date=dt.date(2025, 10, 2), source="Harbour Wire", url=url)
    return ArticleDetail(
        article=article, sentences=(Sentence("a-1", 0, 0, len(TEXT), TEXT),), story=None,
        duplicate_of=None, copies=(),
        marks=((6, 16, "ent", "PERSON"), (23, 46, "quote", "quote · Ilse Varga"),
               (48, 57, "time", "on Monday = 2025-09-29")),
    )


def test_article_page_marks_spans_and_escapes_text() -> None:
    html = Views().article(detail("https://harbour.example/bridge"))
    assert '<span class="mark-ent" title="PERSON">Ilse Varga</span>' in html
    assert 'title="quote · Ilse Varga">We will &lt;b&gt;build&lt;/b&gt; it</span>' in html
    assert '<span class="mark-time" title="on Monday = 2025-09-29">on Monday</span>' in html
    assert "Bridge &lt;vote&gt;" in html and "<b>build</b>" not in html
    assert 'href="https://harbour.example/bridge"' in html


def test_only_web_urls_become_links() -> None:
    for url in ("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>"):
        html = Views().article(detail(url))
        assert "alert(1)" not in html and "data:text" not in html


def test_untitled_article_is_headed_by_its_first_sentence() -> None:
    import dataclasses

    page = detail(None)
    untitled = dataclasses.replace(page, article=dataclasses.replace(page.article, title=None))
    html = Views().article(untitled)
    heading = 'Mayor Ilse Varga said "We will &lt;b&gt;build&lt;/b&gt; it" on Monday.'
    assert f"<h1>{heading}</h1>" in html.replace("&#34;", '"')
    assert "<h1>a-1</h1>" not in html


def test_time_marks_show_the_timex3_type_and_value() -> None:
    from newsweave.browse import time_label
    from newsweave.temporal import time_expressions

    text = ("On Monday the union said it had met every week for two years; "
            "talks resume last week of March.")
    found = {t.text: time_label(t)
             for t in time_expressions(text, published=dt.date(2023, 6, 20))}
    assert found["Monday"] == "Monday = DATE 2023-06-19"
    assert found["every week"] == "every week = SET P1W"
    assert found["two years"] == "two years = DURATION P2Y"
    undated = {t.text: time_label(t) for t in time_expressions("Talks resume on Friday.")}
    assert undated["Friday"] == "Friday = DATE XXXX-WXX-5 (not resolved)"
