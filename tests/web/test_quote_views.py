"""Quotes in the web UI: direct quotes in marks, paraphrase as "X said that", misquotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsweave import pipeline
from newsweave.store import Store
from newsweave.web import create_app

ARTICLES = {
    "ferry-1.txt": (
        "date 2025-10-02 The ferry operator Nordlys Lines cancelled every crossing to the "
        "island of Varholm on Thursday after a storm damaged the pier. \"We will not resume "
        "the service before Monday,\" chief executive Anders Holm said. Holm said the pier "
        "would be inspected by engineers."
    ),
    "ferry-2.txt": (
        "date 2025-10-03 Crossings to Varholm stayed cancelled on Friday, a day after the "
        "storm damaged the pier. \"We will resume the service before Monday,\" chief "
        "executive Anders Holm said. Islanders said they had enough food for a week."
    ),
}


@pytest.fixture(scope="module")
def quote_db(tmp_path_factory: pytest.TempPathFactory, models) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("quotecorpus")
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    db = root / "quotes.db"
    with Store.open(db) as store:
        pipeline.analyze([str(root)], store, models)
    return db


def test_story_page_shows_misquote_and_paraphrase(quote_db: Path) -> None:
    c = TestClient(create_app(quote_db), base_url="http://127.0.0.1")
    story = c.get("/api/stories").json()["stories"][0]
    report = c.get(f"/api/stories/{story['id']}").json()
    quotes = report["quotes"]
    direct = [q for q in quotes if q["is_direct"]]
    assert direct and direct[0]["speaker"] == "Anders Holm"
    assert direct[0]["cue_span"] and direct[0]["speaker_span"]
    assert direct[0]["speaker_entity"] == "Anders Holm" and direct[0]["confidence"] > 0.5
    assert direct[0]["variants"] and direct[0]["variants"][0]["misquote"]
    html = c.get(f"/stories/{story['id']}").text
    assert 'class="misquote-flag"' in html and ">misquote</strong>" in html
    assert "“We will not resume the service before Monday”" in html
    reported = [q for q in quotes if not q["is_direct"]]
    assert reported, "the narrator's 'Holm said the pier would be inspected' is reported speech"
    assert "Anders Holm said that the pier would be inspected by engineers" in html
    assert "“the pier would be inspected" not in html
