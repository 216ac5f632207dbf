"""Issue 16 at the ingest boundary: limits, special files, dates, decoding repairs, odd JSON."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import socket
from pathlib import Path

import pytest

from newsweave.ingest import IngestLimits, read_inputs
from newsweave.model import Rejection

TEXT = ("Dock workers at the port of Eastmouth walked off the job on Tuesday after talks over a "
        "new wage agreement collapsed, leaving dozens of container ships waiting offshore.")


def reasons(rejected: tuple[Rejection, ...]) -> dict[str, str]:
    return {r.path: r.reason for r in rejected}


def line(**record: object) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8", "surrogatepass")


# -- special files ----------------------------------------------------------------------


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")  # would block a plain open() forever
    (folder / "zero.jsonl").symlink_to("/dev/zero")  # would be read until memory runs out
    (folder / "dir.txt").mkdir()
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.csv"))
    try:
        res = read_inputs([str(folder)])
    finally:
        sock.close()
    got = reasons(res.rejected)
    assert got[f"{folder}/pipe.txt"] == ("not a regular file (a named pipe (FIFO)); only "
                                          "regular files are read")
    assert got[f"{folder}/zero.jsonl"].startswith("not a regular file (a character device)")
    assert got[f"{folder}/sock.csv"].startswith("not a regular file (a socket)")
    assert got[f"{folder}/gone.txt"].startswith("cannot read file")
    assert res.articles == ()
    # Named explicitly, and through a glob, the same.
    assert reasons(read_inputs([str(folder / "pipe.txt")]).rejected)
    assert reasons(read_inputs([str(folder / "*.jsonl")]).rejected)[f"{folder}/zero.jsonl"]


# -- size limits --------------------------------------------------------------------------


def test_file_line_stream_and_record_limits(tmp_path: Path) -> None:
    limits = IngestLimits(max_file_bytes=1000, max_line_bytes=600, max_stream_bytes=5000,
                          max_articles_per_file=5, max_text_chars=400)
    big = tmp_path / "big.txt"
    big.write_text(f"date 2024-01-02 {TEXT} " * 10, encoding="utf-8")
    long = tmp_path / "long.jsonl"
    long.write_bytes(line(id="a", text=TEXT) + line(id="b", text=TEXT + " x" * 400)
                     + line(id="c", text=TEXT + " Third."))
    many = tmp_path / "many.jsonl"
    many.write_bytes(b"".join(line(id=f"m{i}", text=f"{TEXT} {i}") for i in range(8)))
    stream = tmp_path / "stream.jsonl.gz"
    stream.write_bytes(gzip.compress(b"\n" * 3 + line(id="s", text=TEXT) + b" " * 100_000))
    wordy = tmp_path / "wordy.jsonl"
    wordy.write_bytes(line(id="w", text=(TEXT + " ") * 3))
    res = read_inputs([str(p) for p in (big, long, many, stream, wordy)], limits=limits)
    got = reasons(res.rejected)
    assert got[str(big)].startswith("file too large (")
    assert got[str(big)].endswith("the limit is 1,000 bytes, --max-file-bytes)")
    assert got[f"{long}:2"] == "line too long (more than 600 bytes; --max-line-bytes)"
    assert got[str(many)] == ("more than 5 lines (records) in one file; the rest was not read "
                              "(--max-articles-per-file) (from line 6)")
    assert got[str(stream)] == ("more than 5,000 bytes of data (after decompression); the rest "
                                "of the file was not read (--max-stream-bytes) (from line 5)")
    assert got[f"{wordy}:1"].startswith("text too long (")
    assert [a.id for a in res.articles] == ["a", "c", "m0", "m1", "m2", "m3", "m4", "s"]


def test_a_gzip_bomb_is_stopped_while_decompressing(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb") as gz:  # 64 MiB of one line: about 64 KB compressed
        gz.write(b'{"text": "')
        for _ in range(64):
            gz.write(b"a" * (1 << 20))
    res = read_inputs([str(bomb)], limits=IngestLimits(max_line_bytes=1 << 20,
                                                         max_stream_bytes=8 << 20))
    (rej,) = res.rejected
    assert rej.path == str(bomb)
    assert rej.reason.startswith("more than 8 MiB of data (after decompression)")


def test_utf16_jsonl_is_streamed_line_by_line(tmp_path: Path) -> None:
    feed = tmp_path / "u16.jsonl.gz"
    body = "".join(json.dumps({"id": f"u{i}", "text": f"{TEXT} {i}"}) + "\n" for i in range(50))
    feed.write_bytes(gzip.compress(codecs.BOM_UTF16_LE + body.encode("utf-16-le")))
    res = read_inputs([str(feed)], limits=IngestLimits(max_articles_per_file=20))
    assert [a.id for a in res.articles] == [f"u{i}" for i in range(20)]
    assert res.articles[3].origin == f"{feed}:4"
    assert reasons(res.rejected)[str(feed)].startswith("more than 20 lines")


def test_rejections_beyond_the_listing_cap_are_counted(tmp_path: Path) -> None:
    feed = tmp_path / "junk.jsonl"
    feed.write_bytes(b"{}\n" * 30 + line(id="late", text=TEXT))
    res = read_inputs([str(feed)], limits=IngestLimits(max_listed_rejections=10))
    assert [a.id for a in res.articles] == ["late"]  # valid records after the junk still count
    assert len(res.rejected) == 11
    assert res.rejected[-1] == Rejection(str(feed), (
        f"20 more rejected records are not listed one by one ({feed}:11 to {feed}:30; "
        "--max-listed-rejections lists more)"))


def test_stdin_is_bounded_too() -> None:
    data = gzip.compress(b"All quiet at the port today. " * 100_000)  # 2.9 MB unpacked
    res = read_inputs(["-"], stdin=io.BytesIO(data),
                      limits=IngestLimits(max_file_bytes=1 << 20))
    assert reasons(res.rejected)["<stdin>"] == "file too large (more than 1 MiB; --max-file-bytes)"
    feed = gzip.compress(b"".join(line(id=f"i{i}", text=TEXT) for i in range(3)))
    assert [a.id for a in read_inputs(["-"], stdin=io.BytesIO(feed)).articles] == ["i0", "i1",
                                                                                 "i2"]


# -- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "31 December 9999",
                                   "1799-12-31", "2201-01-01"])
def test_dates_outside_the_range_are_rejected(tmp_path: Path, value: str) -> None:
    feed = tmp_path / "d.jsonl"
    feed.write_bytes(line(id="d", date=value, text=TEXT))
    (rej,) = read_inputs([str(feed)]).rejected
    assert rej.path == f"{feed}:1"
    assert "outside the accepted range 1800-01-01..2200-12-31" in rej.reason


def test_seed_header_dates_and_the_range_option(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    old.write_text(f"date 1755-11-01 {TEXT}", encoding="utf-8")
    assert "outside the accepted range" in read_inputs([str(old)]).rejected[0].reason
    wide = IngestLimits(min_date=IngestLimits().min_date.replace(year=1700))
    assert [a.date.year for a in read_inputs([str(old)], limits=wide).articles if a.date] == [
        1755]
    for bad in ("-0001-01-01", "99999-01-01"):
        (tmp_path / "h.txt").write_text(f"date {bad} {TEXT}", encoding="utf-8")
        res = read_inputs([str(tmp_path / "h.txt")])
        assert res.articles == () and res.rejected, bad


# -- odd JSON -----------------------------------------------------------------------------------


def test_odd_json_values(tmp_path: Path) -> None:
    feed = tmp_path / "odd.jsonl"
    feed.write_bytes(
        b'{"id": 1' + b"0" * 5000 + b', "text": "' + TEXT.encode() + b'"}\n'
        + b'{"id": "inf", "title": Infinity, "text": "' + TEXT.encode() + b'"}\n'
        + b'{"id": "big", "title": 1e999, "text": "' + TEXT.encode() + b'"}\n'
        + b'{"id": "nan", "score": NaN, "text": "' + TEXT.encode() + b'"}\n'
        + (json.dumps({"id": "sur\ud800", "title": "T\udfff", "text": "x\ud800y " + TEXT})
           + "\n").encode()  # the JSON escapes "\\ud800" of lone surrogates
        + line(id="a\nb", text=TEXT) + line(id="..", text=TEXT)
        + line(id="wire/2025/1", text=TEXT + " Slash."))
    res = read_inputs([str(feed)])
    got = reasons(res.rejected)
    assert got[f"{feed}:1"] == "invalid JSON: a number with more than 4,300 digits"
    assert got[f"{feed}:2"] == "field 'title' is not a finite number (got inf)"
    assert got[f"{feed}:3"] == "field 'title' is not a finite number (got inf)"
    assert got[f"{feed}:6"].startswith("field 'id' contains control characters")
    assert got[f"{feed}:7"].startswith("field 'id' cannot be '..'")
    ids = [a.id for a in res.articles]
    assert ids == ["nan", "sur\ufffd", "wire/2025/1"]  # an unused NaN field is harmless
    sur = res.articles[1]
    assert sur.title == "T\ufffd" and sur.text.startswith("x\ufffdy ")
    assert [(w.path, w.message) for w in res.warnings] == [
        (f"{feed}:5", "3 unencodable character(s) (lone UTF-16 surrogates) replaced with U+FFFD")]


# -- decoding and names ----------------------------------------------------------------------------


def test_one_bad_byte_is_repaired_in_place_and_reported(tmp_path: Path) -> None:
    text = f"date 2024-01-02 Le café « Chez Léon » a rouvert. {TEXT}"
    data = text.encode("utf-8")
    cut = data.index(b"rouvert")
    (tmp_path / "cafe.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    feed = tmp_path / "feed.jsonl"
    bad = line(id="bad", text="Déjà vu. " + TEXT)
    cut = bad.index(b"vu")
    feed.write_bytes(line(id="ok", text="Déjà vu. " + TEXT) + bad[:cut] + b"\xe9" + bad[cut:]
                     + line(id="ascii", text="An ASCII line, " + TEXT)[:30] + b"\x92"
                     + line(id="ascii", text="An ASCII line, " + TEXT)[30:])
    res = read_inputs([str(tmp_path)])
    cafe = next(a for a in res.articles if a.id == "cafe")
    assert "Le café « Chez Léon » a \ufffdrouvert." in cafe.text  # no mojibake anywhere
    assert {a.id for a in res.articles} == {"cafe", "ok", "bad", "ascii"}
    bad_article = next(a for a in res.articles if a.id == "bad")
    assert bad_article.text.startswith("Déjà \ufffdvu.")  # the file is UTF-8: repaired as such
    assert {w.path: w.message for w in res.warnings} == {
        f"{tmp_path}/cafe.txt": "1 invalid UTF-8 byte sequence(s) replaced with U+FFFD "
                                "(first on line 1)",
        str(feed): "2 invalid UTF-8 byte sequence(s) replaced with U+FFFD (first on line 2)"}


def test_names_with_accents_and_undecodable_bytes(tmp_path: Path) -> None:
    (tmp_path / "Köln.txt").write_text(f"date 2024-01-02 Köln. {TEXT}", encoding="utf-8")
    (tmp_path / "koln.txt").write_text(f"date 2024-01-02 Koln. {TEXT}", encoding="utf-8")
    with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "wb") as fh:
        fh.write(f"date 2024-01-02 {TEXT}".encode())
    res = read_inputs([str(tmp_path)])
    assert res.rejected == ()
    assert sorted(a.id for a in res.articles) == ["caf", "koln", "köln"]
    caf = next(a for a in res.articles if a.id == "caf")
    assert caf.origin == f"{tmp_path}/caf\ufffd.txt"
    assert [w.message for w in res.warnings] == [
        "file name is not valid UTF-8 (shown with U+FFFD; the article id replaces those bytes "
        "with '-')"]


def test_blank_lines_count_but_do_not_empty_a_file(tmp_path: Path) -> None:
    feed = tmp_path / "blank.jsonl.gz"
    feed.write_bytes(gzip.compress(b"\n" * 10_000 + line(id="after", text=TEXT)))
    assert [a.id for a in read_inputs([str(feed)]).articles] == ["after"]
    bomb = tmp_path / "newlines.jsonl.gz"
    bomb.write_bytes(gzip.compress(b"\n" * 3_000_000))  # 3 KB that unpack to 3 MB of nothing
    (rej,) = read_inputs([str(bomb)], limits=IngestLimits(max_articles_per_file=1000)).rejected
    assert rej.reason.startswith("more than 1,000 lines (records) in one file")


def test_default_text_limit_keeps_one_article_within_memory(tmp_path: Path) -> None:
    # Issue 19: a 600,000-character article parsed as one spaCy document peaked at 2.7 GiB
    # (benchmarks/bench_pipeline.py --only bad); the default refuses such a text by name.
    limit = IngestLimits().max_text_chars
    assert limit <= 300_000
    words = "The harbour board met again on Thursday. "
    fits = words * (limit // len(words))
    feed = tmp_path / "long.jsonl"
    feed.write_bytes(line(id="fits", text=fits) + line(id="over", text=fits + words * 2))
    res = read_inputs([str(feed)])
    assert [a.id for a in res.articles] == ["fits"]
    (reason,) = [r.reason for r in res.rejected]
    assert "text too long" in reason and f"{limit:,}" in reason and "--max-text-chars" in reason
