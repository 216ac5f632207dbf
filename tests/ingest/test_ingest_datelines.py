"""Datelines: dates read from an article's own text when its metadata has none."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.conftest import ECBPLUS, require

from newsweave.grouping import story_title
from newsweave.ingest import read_inputs
from newsweave.ingest.datelines import infer_dateline, is_dateline
from newsweave.model import Article

TODAY = dt.date(2026, 11, 28)
BODY = "The council approved the new budget after a long debate on Tuesday evening."


@pytest.mark.parametrize(("line", "expected"), [
    ("Posted: May 24, 2005", dt.date(2005, 5, 24)),
    ("27 NOVEMBER, 2005 |", dt.date(2005, 11, 27)),
    ("Dec 23, 2012 3:20pm", dt.date(2012, 12, 23)),
    ("Last Updated: Thursday, 17 March 2011, 14:05 GMT", dt.date(2011, 3, 17)),
    ("Published: Friday, Oct. 14 2011 9: 30 a. m. MST", dt.date(2011, 10, 14)),
    ("Updated 07 / 22 / 2015 11: 48 AM", dt.date(2015, 7, 22)),
    ("09/10/10 08:23 PM ET", dt.date(2010, 9, 10)),
    ("6: 30pm UK, Thursday 09 June 2011", dt.date(2011, 6, 9)),
    ("2013-08-02", dt.date(2013, 8, 2)),
    ("Columbia, S. C., Feb 21, 2012 / 04: 15 pm (CNA)", dt.date(2012, 2, 21)),
])
def test_dateline_lines(line: str, expected: dt.date) -> None:
    assert is_dateline(line)
    found = infer_dateline(None, f"{line}\n{BODY}", today=TODAY)
    assert found is not None and found.date == expected
    assert found.where == "text" and f"{line}\n{BODY}"[found.start:found.end] == line


def test_dateline_as_title_and_wire_prefix() -> None:
    found = infer_dateline("Posted: 04/9/2012 8:33 am", BODY, today=TODAY)
    assert found is not None and (found.where, found.date) == ("title", dt.date(2012, 4, 9))
    wire = infer_dateline(None, f"LONDON, May 24, 2005 (Reuters) - {BODY}", today=TODAY)
    assert wire is not None and wire.date == dt.date(2005, 5, 24)


@pytest.mark.parametrize("text", [
    "Posted by staff\n" + BODY,                       # a dateline that is not a date
    "May 24, 2031\n" + BODY,                          # in the future of the run
    "May 24, 1850\n" + BODY,                          # before 1900
    "February 30, 2013\n" + BODY,                     # no such day
    "Posted: May 24, 2005",                           # all dateline: nothing to date
    "",
    BODY + " It was the largest budget since May 24, 2005, officials said in a statement.",
])
def test_bad_or_absent_datelines_give_no_date(text: str) -> None:
    assert infer_dateline(None, text, today=TODAY) is None


def test_headline_with_a_date_is_not_a_dateline() -> None:
    title = "Rosa Lind to host the film awards, the academy said on March 4, 2019"
    assert not is_dateline(title)
    assert infer_dateline(title, BODY, today=TODAY) is None


def test_ingest_marks_inferred_dates_and_keeps_metadata_dates(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "title": "Budget passes", "text": f"Posted: May 24, 2005\n{BODY}"},
        {"id": "b", "title": "Budget passes", "date": "2005-05-25",
         "text": f"Posted: May 24, 2005\n{BODY}"},
        {"id": "c", "title": "Budget passes", "text": BODY},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    got = {a.id: a for a in read_inputs([str(path)]).articles}
    assert (got["a"].date, got["a"].date_inferred) == (dt.date(2005, 5, 24), True)
    assert (got["b"].date, got["b"].date_inferred) == (dt.date(2005, 5, 25), False)
    assert (got["c"].date, got["c"].date_inferred) == (None, False)
    off = {a.id: a for a in read_inputs([str(path)], datelines=False).articles}
    assert (off["a"].date, off["a"].date_inferred) == (None, False)


def test_a_dateline_is_never_a_story_title() -> None:
    article = Article("x", f"May 03, 2013\n{BODY}", "h", "o", title="Posted: May 03, 2013")
    assert story_title(article) == BODY


def test_ecbplus_datelines_are_found_in_the_later_half_only() -> None:
    """Real news pages: most "ecbplus" articles (collected from the web) print a
    dateline; the older "ecb" articles never do, and nothing is dated in the future."""
    rows = [json.loads(line) for line in require(ECBPLUS).open(encoding="utf-8")]
    dated = {"ecb": 0, "ecbplus": 0}
    total = {"ecb": 0, "ecbplus": 0}
    for row in rows:
        half = "ecbplus" if row["story"].endswith("ecbplus") else "ecb"
        total[half] += 1
        found = infer_dateline(row["title"], row["text"], today=TODAY)
        if found is not None:
            dated[half] += 1
            assert dt.date(1990, 1, 1) < found.date < dt.date(2014, 1, 1), row["id"]
    assert dated["ecb"] == 0
    assert dated["ecbplus"] / total["ecbplus"] > 0.8
