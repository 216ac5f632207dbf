"""Per-format tests for newsweave.ingest: .txt, .jsonl, .jsonl.gz, .csv, .html."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

from newsweave.ingest import content_hash, read_inputs

STRIKE = (
    "Dock workers at the port of Eastmouth walked off the job on Tuesday after talks over a "
    "new wage agreement collapsed, leaving dozens of container ships waiting offshore."
)
QUEUE = (
    "More than forty container ships were anchored off Eastmouth on Wednesday as the dock "
    "strike entered its second day, and freight companies warned of delayed deliveries."
)
FLOOD = (
    "Heavy rain flooded low-lying streets in Riverton overnight, forcing the evacuation of "
    "about 300 residents and closing two primary schools."
)
FIXTURES = Path(__file__).parent / "fixtures" / "mixed"


def write(path: Path, content: str | bytes) -> str:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return str(path)


def jsonl(*records: object) -> str:
    return "\n".join(json.dumps(r) for r in records) + "\n"


# --- plain / seed text ---------------------------------------------------------------


def test_txt_with_header_space_or_newline(tmp_path: Path) -> None:
    a = write(tmp_path / "Strike Day1.txt", f" date 2024-03-12 {STRIKE}\n")
    b = write(tmp_path / "queue.txt", f"\ufeffdate 2024-03-13\n\n{QUEUE}")
    res = read_inputs([a, b])
    assert res.rejected == ()
    first, second = res.articles
    assert (first.id, first.date, first.text) == ("strike-day1", dt.date(2024, 3, 12), STRIKE)
    assert (second.id, second.date, second.text) == ("queue", dt.date(2024, 3, 13), QUEUE)
    assert first.title is None and first.source is None and first.origin == a


def test_txt_without_header_uses_default_date_or_none(tmp_path: Path) -> None:
    p = write(tmp_path / "flood.txt", FLOOD)
    assert read_inputs([p]).articles[0].date is None
    dated = read_inputs([p], default_date=dt.date(2024, 4, 2)).articles[0]
    assert dated.date == dt.date(2024, 4, 2)
    assert dated.text == FLOOD


def test_txt_bad_and_impossible_header_dates(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.txt", f"date 2025-13-45 {FLOOD}")
    feb = write(tmp_path / "feb.txt", f"date 2023-02-30\n{FLOOD}")
    res = read_inputs([bad, feb])
    assert res.articles == ()
    assert [(r.path, r.reason) for r in res.rejected] == [
        (bad, "bad date '2025-13-45' in header (expected date YYYY-MM-DD)"),
        (feb, "bad date '2023-02-30' in header (expected date YYYY-MM-DD)"),
    ]


def test_txt_that_merely_starts_with_the_word_date_is_plain_text(tmp_path: Path) -> None:
    text = "Date palms planted along the Riverton promenade survived the floods, gardeners said."
    art = read_inputs([write(tmp_path / "palms.txt", text)]).articles[0]
    assert art.text == text and art.date is None


# --- JSON Lines ------------------------------------------------------------------------


def test_jsonl_aliases_and_ids(tmp_path: Path) -> None:
    p = write(
        tmp_path / "Feed 2024.jsonl",
        jsonl(
            {
                "id": " s-1 ",
                "published_at": "2024-03-12T18:45:00+00:00",
                "headline": "Walkout",
                "content": STRIKE,
                "outlet": "Harbour Times",
                "link": "https://ht.example/1",
            },
            {
                "publishedAt": "March 13, 2024",
                "Title": "Queue",
                "BODY": QUEUE,
                "source": {"id": None, "name": "Coastal Wire"},
            },
            {
                "id": 7,
                "datetime": "Thu, 14 Mar 2024 09:00:00 GMT",
                "article": FLOOD,
                "domain": "riverton.example",
            },
        ),
    )
    res = read_inputs([p])
    assert res.rejected == ()
    a, b, c = res.articles
    assert (a.id, a.date, a.title, a.source, a.url) == (
        "s-1",
        dt.date(2024, 3, 12),
        "Walkout",
        "Harbour Times",
        "https://ht.example/1",
    )
    assert a.origin == f"{p}:1"
    assert b.id == f"feed-2024-{content_hash(QUEUE)[:10]}"
    assert (b.date, b.title, b.source, b.origin) == (
        dt.date(2024, 3, 13),
        "Queue",
        "Coastal Wire",
        f"{p}:2",
    )
    assert (c.id, c.date, c.source, c.title) == (
        "7",
        dt.date(2024, 3, 14),
        "riverton.example",
        None,
    )


def test_jsonl_timeml_dct_is_the_publication_date(tmp_path: Path) -> None:
    # TimeML corpora (MEANTIME, TempEval) keep the document creation time as "dct";
    # an explicit "date" still wins over it.
    p = write(tmp_path / "timeml.jsonl", jsonl(
        {"id": "m-1", "dct": "2008-03-01", "text": STRIKE},
        {"id": "m-2", "dct": "2008-03-01", "date": "2008-03-05", "text": QUEUE},
    ))
    a, b = read_inputs([p]).articles
    assert (a.date, b.date) == (dt.date(2008, 3, 1), dt.date(2008, 3, 5))


def test_jsonl_bad_lines_are_rejected_and_others_kept(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok-1", "text": STRIKE}),
        "",
        '{"id": "broken", "text": "unterminated',
        "[1, 2, 3]",
        json.dumps({"id": "no-text", "title": "Headline only"}),
        json.dumps({"id": "empty-text", "text": "   "}),
        json.dumps({"id": "short", "text": "Too short to count."}),
        json.dumps({"id": "bad-date", "date": "Flooday 45th", "text": FLOOD}),
        json.dumps({"id": "feb", "date": "February 30, 2024", "text": FLOOD}),
        json.dumps({"id": ["x"], "text": FLOOD}),
        json.dumps({"id": "ok-2", "text": QUEUE}),
    ]
    p = write(tmp_path / "mixed.jsonl", "\n".join(lines))
    res = read_inputs([p])
    assert [a.id for a in res.articles] == ["ok-1", "ok-2"]
    assert [a.origin for a in res.articles] == [f"{p}:1", f"{p}:11"]
    got = {r.path: r.reason for r in res.rejected}
    assert got[f"{p}:3"].startswith("invalid JSON: Unterminated string")
    assert got[f"{p}:4"] == "line is JSON but not an object (got array)"
    assert got[f"{p}:5"] == "no text field (expected one of text, content, body, article)"
    assert got[f"{p}:6"] == got[f"{p}:5"]
    assert got[f"{p}:7"] == "text too short (4 words; minimum is 10)"
    assert got[f"{p}:8"].startswith("bad date 'Flooday 45th'")
    assert got[f"{p}:9"].startswith("bad date 'February 30, 2024'")
    assert got[f"{p}:10"] == "field 'id' must be a string or an integer, not list"
    assert len(res.rejected) == 8


def test_jsonl_gz_and_corrupt_gzip_keeps_records_read(tmp_path: Path) -> None:
    records = [{"id": f"r{i}", "text": f"Record {i}. {STRIKE}"} for i in range(300)]
    payload = gzip.compress(jsonl(*records).encode("utf-8"))
    good = write(tmp_path / "feed.jsonl.gz", payload)
    res = read_inputs([good])
    assert [a.id for a in res.articles] == [f"r{i}" for i in range(300)]
    assert res.articles[5].origin == f"{good}:6"

    cut = write(tmp_path / "cut.jsonl.gz", payload[: len(payload) // 2])
    res = read_inputs([cut])
    assert 0 < len(res.articles) < 300
    assert [a.id for a in res.articles] == [f"r{i}" for i in range(len(res.articles))]
    assert len(res.rejected) == 1
    assert res.rejected[0].path == cut
    assert res.rejected[0].reason.startswith("corrupt gzip data after line")

    fake = write(tmp_path / "fake.jsonl.gz", b"this is not gzip at all\n")
    (rej,) = read_inputs([fake]).rejected
    assert rej.path == fake and rej.reason.startswith("corrupt gzip data")


def test_jsonl_encodings(tmp_path: Path) -> None:
    text = "The minister called the deal “fair” and said the café owners’ concerns were heard."
    line = json.dumps({"id": "enc", "text": text}, ensure_ascii=False) + "\n"
    for name, data in {
        "bom.jsonl": b"\xef\xbb\xbf" + line.encode("utf-8"),
        "utf16.jsonl": line.encode("utf-16"),
        "cp1252.jsonl": line.encode("cp1252"),
    }.items():
        res = read_inputs([write(tmp_path / name, data)])
        assert res.rejected == (), name
        assert res.articles[0].text == text, name


# --- CSV -------------------------------------------------------------------------------


def test_csv_case_insensitive_aliases_and_multiline_fields(tmp_path: Path) -> None:
    p = write(
        tmp_path / "export.csv",
        "ID,Published,Headline,Content,Outlet\r\n"
        f'a1,2024-03-12,Walkout,"{STRIKE}\r\n\r\nSecond paragraph of the report.",Harbour Times\r\n'
        f',"March 13, 2024",Queue,"{QUEUE}",Coastal Wire\r\n'
        ",,,,\r\n"
        f'a3,2024-03-14,Flood,"{FLOOD}",Riverton Post\r\n',
    )
    res = read_inputs([p])
    assert res.rejected == ()
    a, b, c = res.articles
    assert a.text == f"{STRIKE}\n\nSecond paragraph of the report."
    assert (a.id, a.date, a.title, a.source, a.origin) == (
        "a1",
        dt.date(2024, 3, 12),
        "Walkout",
        "Harbour Times",
        f"{p}:2",
    )
    assert b.origin == f"{p}:5"  # the quoted field of row 1 spans lines 2-4
    assert b.id == f"export-{content_hash(QUEUE)[:10]}"
    assert c.origin == f"{p}:7"


def test_csv_without_text_column_is_one_rejection(tmp_path: Path) -> None:
    p = write(tmp_path / "meta.csv", f"id,date,title\nx,2024-03-12,{STRIKE}\n")
    res = read_inputs([p])
    assert res.articles == ()
    assert [(r.path, r.reason) for r in res.rejected] == [
        (p, "no text column (expected one of text, content, body, article; found: id, date, title)")
    ]


def test_csv_row_problems_name_the_row(tmp_path: Path) -> None:
    p = write(
        tmp_path / "rows.csv",
        f'id,date,text\nok,2024-03-12,"{STRIKE}"\nwide,2024-03-12,"{QUEUE}",extra\n'
        f'baddate,12 Smarch 2024,"{FLOOD}"\nshort,2024-03-12,Just five words here.\n',
    )
    res = read_inputs([p])
    assert [a.id for a in res.articles] == ["ok"]
    got = {r.path: r.reason for r in res.rejected}
    assert got == {
        f"{p}:3": "row has 4 fields; the header has 3",
        f"{p}:4": got[f"{p}:4"],
        f"{p}:5": "text too short (4 words; minimum is 10)",
    }
    assert got[f"{p}:4"].startswith("bad date '12 Smarch 2024'")


def test_csv_header_only(tmp_path: Path) -> None:
    p = write(tmp_path / "empty-rows.csv", "id,text\n")
    (rej,) = read_inputs([p]).rejected
    assert (rej.path, rej.reason) == (p, "no data rows after the header")


# --- HTML ------------------------------------------------------------------------------


def test_html_main_text_and_metadata() -> None:
    p = str(FIXTURES / "web" / "harbour-bridge.html")
    (art,) = read_inputs([p]).articles
    assert art.id == "harbour-bridge"
    assert art.title == "Harbour bridge reopens after two-year repair project"
    assert art.date == dt.date(2024, 3, 14)  # 08:30+11:00: the date as the outlet printed it
    assert art.source == "Coastal Herald"
    assert art.url == "https://coastalherald.example/news/bridge-reopens"
    assert art.text.startswith("The Harbour Street bridge reopened to traffic")
    assert "stronger than the day it was built" in art.text
    assert "\n\n" in art.text
    assert "Copyright" not in art.text and "Home" not in art.text


def test_html_without_article_text(tmp_path: Path) -> None:
    p = write(tmp_path / "nav.html", "<html><head><title>Menu</title></head><body></body></html>")
    (rej,) = read_inputs([p]).rejected
    assert (rej.path, rej.reason) == (p, "no article text found in HTML")


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    body = " ".join([FLOOD] * 3).replace("Riverton", "Rivertön")
    html = (
        '<html><head><meta charset="iso-8859-15"><title>Floods</title></head>'
        f"<body><article><p>{body}</p><p>Prices rose by 5 € a night.</p></article></body></html>"
    )
    p = write(tmp_path / "legacy.htm", html.encode("iso8859-15"))
    (art,) = read_inputs([p]).articles
    assert "Rivertön" in art.text and "5 € a night" in art.text


def test_txt_header_lines_name_the_outlet_title_author_and_url(tmp_path: Path) -> None:
    # Issue 17: a plain .txt names its outlet with a "source:" line (any order with date).
    a = write(tmp_path / "a.txt", f"source: Eastmouth Gazette\ndate 2024-03-12 {STRIKE}\n")
    b = write(tmp_path / "b.txt", f"date 2024-03-13\nSource:  Harbour Wire \nauthor: Ines Vale\n"
                                  f"title: Ships wait off Eastmouth\nurl: https://hw.example/q\n"
                                  f"\n{QUEUE}")
    c = write(tmp_path / "c.txt", f"Source close to the talks said the strike would end. {FLOOD}")
    res = read_inputs([a, b, c])
    assert res.rejected == ()
    first, second, third = res.articles
    assert (first.source, first.date, first.text) == ("Eastmouth Gazette", dt.date(2024, 3, 12),
                                                      STRIKE)
    assert (second.source, second.author, second.title, second.url) == (
        "Harbour Wire", "Ines Vale", "Ships wait off Eastmouth", "https://hw.example/q")
    assert second.text == QUEUE and second.content_hash == content_hash(QUEUE)
    # Prose that starts with "Source" but has no colon is text, not a header.
    assert third.source is None and third.text.startswith("Source close to the talks")


def test_html_author_and_record_author_fields(tmp_path: Path) -> None:
    body = " ".join([STRIKE] * 3)
    page = write(tmp_path / "strike.html", (
        '<html><head><title>Eastmouth strike</title><meta name="author" content="Ines Vale">'
        '<meta property="og:site_name" content="Eastmouth Gazette"></head><body><article>'
        f"<h1>Eastmouth strike</h1><p>{body}</p><p>{QUEUE}</p></article></body></html>"))
    records = write(tmp_path / "feed.jsonl", jsonl(
        {"id": "r-1", "text": FLOOD, "byline": "Tom Reyes"},
        {"id": "r-2", "text": QUEUE, "authors": ["A. Ng", "B. Osei"]}))
    res = read_inputs([page, records])
    assert res.rejected == ()
    html, r1, r2 = res.articles
    assert (html.source, html.author) == ("Eastmouth Gazette", "Ines Vale")
    assert (r1.author, r2.author) == ("Tom Reyes", "A. Ng, B. Osei")
