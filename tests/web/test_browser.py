"""End to end in a real browser: Debian's Chromium driven by Playwright, against a
real uvicorn server over a store the real pipeline built from the demo corpus.

Screenshots go to ``test-artifacts/`` (kept by CI as artifacts).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsweave import pipeline
from newsweave.store import Store

from ..conftest import DEMO, ROOT
from .live import chromium, needs_chromium, serve

ARTIFACTS = ROOT / "test-artifacts"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile_upload.txt"

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, models) -> Path:  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("browser") / "demo.db"
    with Store.open(db) as store:
        pipeline.analyze([str(DEMO / "corpus")], store, models)
    return db


@pytest.fixture(scope="module")
def server(demo_db: Path, models: Any) -> Iterator[str]:
    with serve(demo_db, models) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    # An alert() would mean article text was executed as script.
    def on_dialog(d: Any) -> None:
        errors.append(f"dialog: {d.message}")
        d.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_stories_page_lists_and_searches_the_demo_stories(page: Any, server: str) -> None:
    page.goto(server + "/")
    rows = page.locator("#stories tbody tr[data-story-id]")
    assert rows.count() >= 8
    assert "Velmora" in page.locator("#stories").inner_text()
    shot(page, "stories")
    page.fill("input[name=q]", "earthquake")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=earthquake" in page.url
    text = page.locator("#stories").inner_text()
    assert "Velmora" in text and "Ferraz" not in text
    shot(page, "stories-search")


def test_stories_filter_by_entity_source_and_dates(page: Any, server: str) -> None:
    page.goto(server + "/")
    total = page.locator("#stories tbody tr[data-story-id]").count()
    page.fill("input[name=entity]", "Renata Holloway")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    rows = page.locator("#stories tbody tr[data-story-id]")
    assert rows.count() == 1 and "Ravensmoor" in rows.first.inner_text()
    page.goto(server + "/")
    page.select_option("select[name=source]", "Pitchside Report")
    page.fill("input[name=since]", "2025-09-01")
    page.fill("input[name=until]", "2025-09-30")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    text = page.locator("#stories").inner_text()
    assert "Ferraz" in text and "Orsolya" not in text
    assert 0 < page.locator("#stories tbody tr[data-story-id]").count() < total
    shot(page, "stories-filtered")


def test_story_page_shows_its_articles_side_by_side(page: Any, server: str) -> None:
    page.goto(server + "/")
    with page.expect_navigation():
        page.locator("#stories a", has_text="Velmora").first.click()
    assert page.locator("#story[data-story-id]").count() == 1
    page.click("#side-by-side summary")  # collapsed at first: the glance comes first
    columns = page.locator("#articles .article-col")
    assert columns.count() >= 2
    shot(page, "story")
    with page.expect_navigation():
        columns.first.locator("h3 a").click()
    assert page.url.startswith(server + "/articles/")
    shot(page, "article")


def test_story_page_shows_summary_timeline_quote_differences_and_marks(
    page: Any, server: str
) -> None:
    page.goto(server + "/?q=Ravensmoor")
    with page.expect_navigation():
        page.locator("#stories a", has_text="Ravensmoor").first.click()
    summary = page.locator("#summary li.summary-sentence")
    assert summary.count() >= 2
    assert summary.first.locator("a.chip").count() >= 1  # every sentence names its sources
    assert page.locator("#timeline svg circle.dot").count() >= 2
    assert page.locator("#timeline .timeline-entries li").count() >= 2
    # The misquote of Mayor Holloway shows its word differences highlighted.
    variants = page.locator("#quotes .variant")
    assert variants.count() >= 1
    assert page.locator("#quotes .variant ins, #quotes .variant del").count() >= 1
    assert page.locator("#quotes", has_text="Holloway").count() == 1
    assert page.locator("#coverage tbody tr").count() >= 1
    shot(page, "story-stages")
    page.locator("#timeline svg a").first.click()
    assert "#tl-" in page.url
    page.click("#side-by-side summary")
    with page.expect_navigation():
        page.locator("#articles .article-col h3 a").first.click()
    assert page.locator("#article-text .mark-quote").count() >= 1
    assert page.locator("#article-text .mark-time").count() >= 1
    assert page.locator("#article-text .mark-ent").count() >= 1
    shot(page, "article-marks")


def test_uploaded_file_appears_in_a_story_and_stays_text(page: Any, server: str) -> None:
    page.goto(server + "/add")
    page.set_input_files("#files", str(HOSTILE))
    page.click("#submit")
    result = page.locator("#job-result")
    result.wait_for(timeout=120_000)
    assert "1 article(s) added" in result.inner_text()
    shot(page, "upload-done")
    with page.expect_navigation():
        page.locator("#status a").first.click()
    page.click("#side-by-side summary")  # every sentence, collapsed at first
    body = page.locator("#articles").inner_text()
    # The markup in the article is shown as text, never run or parsed.
    assert '<script>alert("pwned")</script>' in body
    assert page.locator("#articles script").count() == 0
    assert page.locator("#articles img").count() == 0
    shot(page, "uploaded-story")
    page.goto(server + "/")
    assert "Brindlemoor" in page.locator("#stories").inner_text()
