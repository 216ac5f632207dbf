"""Claims: splitting sentences into claims, boilerplate, datelines and specifics."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from pathlib import Path

import pytest

from newsweave.claims import is_boilerplate, specifics, split_claims
from newsweave.ingest import read_inputs
from newsweave.model import Article
from newsweave.sentences import split_sentences


def _article(text: str, aid: str = "a1") -> Article:
    return Article(aid, text, hashlib.sha256(text.encode()).hexdigest(), "test",
                   date=dt.date(2025, 9, 2))


@pytest.mark.parametrize(
    "text",
    [
        "By Jane Doe",
        "By Jane Doe and John Smith, Reuters",
        "Copyright 2025 Tidewater Wire. All rights reserved.",
        "© 2025 The Meridian Ledger",
        "Read more: Dockworkers walk out at Calder Bay",
        "Sign up for our morning newsletter",
        "Reporting by Anna Berg; Editing by Tom Hale",
        "https://example.com/story/123",
        "Advertisement",
        "Photo: Getty Images",
        "MARCH 4, 2019 | 07: 52AM PT",
        "Monday March 4, 2019 @ 9: 47am PDT",
        "Updated 06 / 18 / 2014 2: 26 PM",
        "on Dec 23 2012, 5: 03p",
    ],
)
def test_boilerplate_is_never_a_claim(text: str) -> None:
    assert is_boilerplate(text)


def test_statements_are_not_boilerplate() -> None:
    assert not is_boilerplate("By Tuesday the strike had closed all five terminals.")
    assert not is_boilerplate("On Friday at 8 pm the march began.")
    assert not is_boilerplate("Readers of the report said the figures were wrong.")


def test_page_furniture_around_an_article_is_dropped(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "By Jane Doe\n\nCALDER BAY (Tidewater Wire) - Some 3,400 dockworkers walked off the "
        "job on Tuesday. The union said its members would stay out.\n\n"
        "Read more: Port strike explained\n\nCopyright 2025 Tidewater Wire. All rights reserved."
    )
    article = _article(text)
    claims = split_claims(article, split_sentences(article, nlp))
    assert [c.text for c in claims] == [
        "Some 3,400 dockworkers walked off the job on Tuesday.",
        "The union said its members would stay out.",
    ]
    assert all(text[c.start : c.end] == c.text for c in claims)


def test_seed_claims_keep_offsets_and_cut_clauses(nlp, seeds_dir: Path) -> None:  # type: ignore[no-untyped-def]
    articles = {a.date: a for a in read_inputs([str(seeds_dir)]).articles}
    rewrite = articles[dt.date(2023, 6, 20)]
    claims = split_claims(rewrite, split_sentences(rewrite, nlp))
    texts = [c.text for c in claims]
    assert all(rewrite.text[c.start : c.end] == c.text for c in claims)
    # ", saying ..." is cut off the lead: "35 minutes" and "agreed to stabilize" are two claims.
    lead = next(t for t in texts if "35 minutes" in t)
    assert "stabilize" not in lead
    assert any(t.startswith("saying afterwards") for t in texts)
    # "during a press conference." is the splitter's leftover: it joins the quote before it.
    assert not any(t.startswith("during a press") for t in texts)
    assert any(t.endswith("during a press conference.") for t in texts)
    # Claims do not overlap and follow text order.
    assert all(a.end <= b.start for a, b in itertools.pairwise(claims))


def test_parenthetical_which_is_not_cut(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The Harbour Terminal Operators Group, which represents the five terminal companies, "
            "called the walkout damaging and said it had offered a raise.")
    article = _article(text)
    assert [c.text for c in split_claims(article, split_sentences(article, nlp))] == [text]


def test_specifics_quantities_dates_quotes() -> None:
    s = specifics("Governor Emil Sarkany said on Monday that at least 15 people had died "
                  "and about 70% of homes lost power in September 2025, calling it “a tragedy.”")
    by_unit = {q.unit: q for q in s.quantities}
    assert by_unit["people"].value == 15 and by_unit["people"].low == 15
    assert by_unit["people"].high == float("inf")
    assert by_unit["percent"].low == pytest.approx(63)
    assert by_unit["percent"].high == pytest.approx(77)
    assert {"monday", "september", "2025"} <= s.dates
    assert s.quoted == ("a tragedy.",)
    assert {"Emil", "Sarkany"} <= s.names


def test_specifics_skip_years_model_numbers_and_phrasing() -> None:
    assert specifics("Owners of HearthSense 2 heaters waited since 2018.").quantities == ()
    q = specifics("Kelmouth Rovers 52 million euros").quantities
    assert [(x.value, x.unit) for x in q] == [(52e6, "euro")]
    assert specifics("Members will vote on the agreement next Tuesday.").quantities == ()
