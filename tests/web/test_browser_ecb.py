"""Real-size pages in a real browser: the 772 ECB+ articles (../shared) woven into a store,
served by uvicorn, read by Debian's Chromium (Playwright).

What a reader sees at 1400 px: the largest story fits in under 8,000 px and is never
wider than the window; timeline labels never overlap (their boxes, as the browser
lays them out, do not intersect); the story list names outlets and headlines, not
ids; the static report's story pages (same templates) fit too; and /docs renders
with every request to the network outside this server refused. Screenshots go to
``test-artifacts/ecb/`` (kept by CI as artifacts, not committed).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsweave.report import build_report
from newsweave.store import Store

from ..conftest import ROOT
from .live import chromium, needs_chromium, serve

ARTIFACTS = ROOT / "test-artifacts" / "ecb"
WIDTH = 1400
MAX_HEIGHT = 8000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.shared,
    needs_chromium,
]


@pytest.fixture(scope="module")
def server(ecb_db: Path, models: Any) -> Iterator[str]:
    with serve(ecb_db, models, start_within=60) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()
    assert not errors, f"errors on the page: {errors}"


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def size(page: Any) -> dict[str, int]:
    return page.evaluate("""() => ({height: document.documentElement.scrollHeight,
        width: document.documentElement.scrollWidth, window: window.innerWidth})""")


OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll('svg text.tl-label')]
    .map(t => t.getBoundingClientRect()).filter(r => r.width > 0);
  const hits = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
      hits.push([i, j]);
  }
  return {labels: boxes.length, overlaps: hits.length};
}"""


def largest_stories(server: str, page: Any, n: int) -> list[dict[str, Any]]:
    body = page.request.get(f"{server}/api/stories?sort=articles&limit={n}").json()
    return list(body["stories"])


def test_largest_story_pages_fit_the_window_and_labels_never_overlap(
    page: Any, server: str
) -> None:
    stories = largest_stories(server, page, 8)
    assert stories[0]["n_articles"] >= 15  # ECB+ has big topics: a real-size test
    labelled = 0
    for rank, story in enumerate(stories):
        page.goto(f"{server}/stories/{story['id']}")
        dims = size(page)
        assert dims["height"] < MAX_HEIGHT, (story["headline"], dims)
        assert dims["width"] <= dims["window"], (story["headline"], dims)
        laid = page.evaluate(OVERLAPS)
        assert laid["overlaps"] == 0, (story["headline"], laid)
        labelled += laid["labels"]
        # At a glance first: headline, dates and outlets before the summary.
        glance = page.locator("#glance")
        assert glance.locator("h1.headline").inner_text().strip() == story["headline"]
        assert "First seen" in glance.inner_text()
        assert page.locator("#glance li.line").count() + page.locator(
            "#glance li.copy").count() == story["n_articles"]
        # The matrix and the side-by-side view start collapsed.
        assert not page.locator("#coverage details").evaluate("d => d.open") \
            if page.locator("#coverage details").count() else True
        assert not page.locator("#side-by-side").evaluate("d => d.open")
        # Chips name outlets, never article ids.
        chips = page.locator("a.chip").all_inner_texts()
        assert not any(c.strip() in story["articles"] for c in chips), chips[:10]
        if rank == 0:
            shot(page, "ecb-largest-story")
    assert labelled > 0, "no timeline label was drawn on any of the largest stories"


def test_story_list_shows_headlines_outlets_and_pages(page: Any, server: str) -> None:
    page.goto(server + "/")
    count = page.locator("#story-count").inner_text()
    assert "stories" in count and "1 stories" not in count
    rows = page.locator("#stories tbody tr[data-story-id]")
    assert rows.count() == 50  # one page
    assert page.locator("#stories code").count() == 0  # no internal ids under titles
    assert page.locator("#stories p.snippet").count() > 25
    dims = size(page)
    assert dims["width"] <= dims["window"]
    shot(page, "ecb-stories")
    with page.expect_navigation():
        page.click("#next")
    assert "offset=50" in page.url and rows.count() > 0
    page.goto(server + "/?sort=articles")
    first = page.locator("#stories tbody tr[data-story-id]").first.get_attribute("data-story-id")
    api = page.request.get(f"{server}/api/stories?sort=articles&limit=1").json()
    assert first == api["stories"][0]["id"]


def test_static_report_pages_use_the_same_templates_and_fit(
    page: Any, ecb_db: Path, tmp_path: Path
) -> None:
    from newsweave.render import render_html, write_html_pages

    with Store.open(ecb_db, read_only=True) as store:
        report = build_report(store)
    pages = write_html_pages(report, tmp_path / "site")
    single = render_html(report)
    assert 'id="toc"' in single and single.count("data-story-id=") == len(report.stories)
    biggest = max(report.stories, key=lambda s: len(s.story.article_ids))
    target = next(p for p in pages if p.name.startswith(biggest.story.id))
    page.goto(target.as_uri())
    dims = size(page)
    assert dims["height"] < MAX_HEIGHT and dims["width"] <= dims["window"], dims
    assert page.evaluate(OVERLAPS)["overlaps"] == 0
    assert page.locator("#glance").count() == 1  # the web page's story body
    shot(page, "ecb-static-story")
    page.goto((tmp_path / "site" / "index.html").as_uri())
    assert page.locator("#toc li").count() == len(report.stories)


def test_api_docs_render_offline(page: Any, server: str) -> None:
    outside: list[str] = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "newsweave" in page.locator(".swagger-ui .info .title").inner_text()
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/stories" in paths and "/api/search" in paths
    assert outside == [], outside
    shot(page, "api-docs-offline")
