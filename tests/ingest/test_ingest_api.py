"""End-to-end tests of newsweave.ingest.read_inputs / iter_inputs."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import random
from pathlib import Path

import pytest

from newsweave.ingest import expand_paths, iter_inputs, read_inputs
from newsweave.model import Article, Rejection

FIXTURES = Path(__file__).parent / "fixtures" / "mixed"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
STRIKE = (
    "Dock workers at the port of Eastmouth walked off the job on Tuesday after talks over a "
    "new wage agreement collapsed, leaving dozens of container ships waiting offshore."
)
QUEUE = (
    "More than forty container ships were anchored off Eastmouth on Wednesday as the dock "
    "strike entered its second day, and freight companies warned of delayed deliveries."
)


def test_mixed_recursive_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    files: list[str] = []
    skipped: list[str] = []
    res = read_inputs(["mixed"], on_file=files.append, on_skip=skipped.append)
    assert res.rejected == ()
    assert skipped == ["mixed/wire/NOTES.md"]
    assert files == [
        "mixed/feeds/records.jsonl",
        "mixed/feeds/table.csv",
        "mixed/web/harbour-bridge.html",
        "mixed/wire/Bridge_Reopens.txt",
        "mixed/wire/riverton-flood.txt",
    ]
    by_origin = {a.origin: a for a in res.articles}
    assert list(by_origin) == [
        "mixed/feeds/records.jsonl:1",
        "mixed/feeds/records.jsonl:3",
        "mixed/feeds/records.jsonl:4",
        "mixed/feeds/table.csv:2",
        "mixed/feeds/table.csv:5",
        "mixed/web/harbour-bridge.html",
        "mixed/wire/Bridge_Reopens.txt",
        "mixed/wire/riverton-flood.txt",
    ]
    strike = by_origin["mixed/feeds/records.jsonl:1"]
    assert (strike.id, strike.date, strike.source) == (
        "eastmouth-strike-1",
        dt.date(2024, 3, 12),
        "Harbour Times",
    )
    assert by_origin["mixed/feeds/records.jsonl:4"].id == "42"
    assert by_origin["mixed/feeds/records.jsonl:3"].id.startswith("records-")
    vote = by_origin["mixed/feeds/table.csv:2"]
    assert vote.text.endswith("the electoral commission said on Sunday evening.")
    assert "\n\nTurnout" in vote.text
    assert by_origin["mixed/feeds/table.csv:5"].date == dt.date(2024, 2, 19)
    bridge = by_origin["mixed/wire/Bridge_Reopens.txt"]
    assert (bridge.id, bridge.date, bridge.title) == ("bridge_reopens", dt.date(2024, 3, 14), None)
    assert by_origin["mixed/wire/riverton-flood.txt"].date is None
    assert all("hidden" not in a.text for a in res.articles)


def test_reading_twice_gives_the_same_ids_and_hashes() -> None:
    first = read_inputs([str(FIXTURES)])
    second = read_inputs([str(FIXTURES)])
    assert [(a.id, a.content_hash) for a in first.articles] == [
        (a.id, a.content_hash) for a in second.articles
    ]
    assert first == second
    assert len({a.id for a in first.articles}) == len(first.articles)


def test_glob_over_mixed_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    res = read_inputs(["**/*.jsonl", "wire/*.txt", "**/*.xml"])
    assert [a.origin for a in res.articles] == [
        "feeds/records.jsonl:1",
        "feeds/records.jsonl:3",
        "feeds/records.jsonl:4",
        "wire/Bridge_Reopens.txt",
        "wire/riverton-flood.txt",
    ]
    assert [(r.path, r.reason) for r in res.rejected] == [("**/*.xml", "glob matched no files")]


@pytest.mark.parametrize("gzipped", [False, True])
def test_stdin_jsonl(gzipped: bool) -> None:
    data = "\n".join(
        [
            json.dumps({"text": STRIKE, "date": "2024-03-12"}),
            "not json",
            json.dumps({"id": "q", "text": QUEUE}),
        ]
    ).encode("utf-8")
    stream = io.BytesIO(gzip.compress(data) if gzipped else data)
    res = read_inputs(["-"], stdin=stream, stdin_name="<pipe>")
    a, b = res.articles
    assert a.id.startswith("stdin-") and len(a.id) == len("stdin-") + 10
    assert (a.origin, a.date) == ("<pipe>:1", dt.date(2024, 3, 12))
    assert (b.id, b.origin) == ("q", "<pipe>:3")
    assert [r.path for r in res.rejected] == ["<pipe>:2"]


def test_stdin_text_and_html() -> None:
    text = read_inputs(["-"], stdin=io.BytesIO(f"date 2024-03-12 {STRIKE}".encode()))
    (art,) = text.articles
    assert (art.origin, art.date, art.text) == ("<stdin>", dt.date(2024, 3, 12), STRIKE)
    assert art.id.startswith("stdin-")

    html = (FIXTURES / "web" / "harbour-bridge.html").read_bytes()
    (page,) = read_inputs(["-"], stdin=io.BytesIO(html)).articles
    assert page.title == "Harbour bridge reopens after two-year repair project"
    assert page.id.startswith("stdin-") and page.source == "Coastal Herald"


def test_stdin_empty_and_binary() -> None:
    assert read_inputs(["-"], stdin=io.BytesIO(b"  \n")).rejected == (
        Rejection("<stdin>", "empty file"),
    )
    blob = bytes(range(256)) * 40
    assert read_inputs(["-"], stdin=io.BytesIO(blob)).rejected == (
        Rejection("<stdin>", "binary file (not text)"),
    )


def test_bad_files_are_rejected_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \r\n\t\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "blank.jsonl").write_bytes(b"\n\n")
    (tmp_path / "zero.csv").write_bytes(b"")
    (tmp_path / "short.txt").write_text("date 2024-03-12 Strike ends.", encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    paths = [
        str(tmp_path / n)
        for n in (
            "empty.txt",
            "blank.txt",
            "image.txt",
            "blank.jsonl",
            "zero.csv",
            "short.txt",
            "notes.json",
            "gone.txt",
        )
    ]
    res = read_inputs(paths)
    assert res.articles == ()
    got = {os.path.basename(r.path): r.reason for r in res.rejected}
    assert got == {
        "notes.json": "unsupported file type .json (use .txt, .jsonl, .jsonl.gz, .csv, .html)",
        "gone.txt": "no such file or directory",
        "empty.txt": "empty file",
        "blank.txt": "empty file",
        "image.txt": "binary file (not text)",
        "blank.jsonl": "empty file",
        "zero.csv": "empty file",
        "short.txt": "text too short (2 words; minimum is 10)",
    }


def test_min_words_counts_title_and_text(tmp_path: Path) -> None:
    p = tmp_path / "t.jsonl"
    p.write_text(
        json.dumps({"title": "Port strike ends", "text": "Dock workers returned to work today."})
    )
    assert read_inputs([str(p)], min_words=9).articles[0].title == "Port strike ends"
    (rej,) = read_inputs([str(p)]).rejected
    assert rej.reason == "text too short (9 words; minimum is 10)"


def test_cp1252_file_and_random_high_bytes(tmp_path: Path) -> None:
    text = "The mayor said the café owners’ “fair deal” would be signed à la française next week."
    (tmp_path / "legacy.txt").write_bytes(f"date 2024-03-12 {text}".encode("cp1252"))
    (art,) = read_inputs([str(tmp_path / "legacy.txt")]).articles
    assert art.text == text
    rng = random.Random(7)
    for i in range(30):
        (tmp_path / f"noise{i}.txt").write_bytes(bytes(rng.randint(0x80, 0xFF) for _ in range(400)))
        (tmp_path / f"noise{i}.jsonl").write_bytes(bytes(rng.randint(0, 0xFF) for _ in range(400)))
    res = read_inputs([str(tmp_path)])
    assert len(res.articles) + len(res.rejected) >= 31
    assert all(r.reason for r in res.rejected)


def test_duplicate_ids(tmp_path: Path) -> None:
    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    a.write_text(json.dumps({"id": "x", "text": STRIKE}) + "\n")
    b.write_text(
        json.dumps({"id": "x", "text": STRIKE.replace("\n", " ") + "  "})
        + "\n"
        + json.dumps({"id": "x", "text": QUEUE})
        + "\n"
    )
    res = read_inputs([str(a), str(b)])
    assert [x.origin for x in res.articles] == [f"{a}:1"]
    assert res.rejected == (
        Rejection(f"{b}:2", f"duplicate id 'x' with different content (first seen in {a}:1)"),
    )


def test_same_file_given_twice_is_read_once(tmp_path: Path) -> None:
    p = tmp_path / "one.txt"
    p.write_text(STRIKE)
    res = read_inputs([str(p), str(tmp_path), str(tmp_path / "*.txt")])
    assert len(res.articles) == 1 and res.rejected == ()


def test_iter_inputs_streams_and_accepts_an_expansion() -> None:
    exp = expand_paths([str(FIXTURES / "feeds" / "records.jsonl"), "/no/such/dir"])
    it = iter_inputs(exp)
    first = next(it)
    assert first == Rejection("/no/such/dir", "no such file or directory")
    second = next(it)
    assert isinstance(second, Article) and second.id == "eastmouth-strike-1"
    assert len(list(it)) == 2


@pytest.mark.shared
@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")
def test_seeds() -> None:
    res = read_inputs([str(SEEDS)])
    assert res.rejected == ()
    assert len(res.articles) == 2
    wire, rewrite = res.articles
    assert (wire.date, rewrite.date) == (dt.date(2023, 6, 19), dt.date(2023, 6, 20))
    assert wire.text.startswith("U.S. Secretary of State")
    assert rewrite.text.startswith("Secretary of State Antony Blinken")
    assert wire.id == Path(wire.origin).stem.lower()
    assert all(a.title is None and a.source is None for a in res.articles)
    assert not wire.text.startswith("date") and "\r" not in wire.text
