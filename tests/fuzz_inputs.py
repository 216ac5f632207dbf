"""A seeded generator of malformed inputs in every format, mixed with valid articles.

:func:`make_corpus` writes a folder of files (``.txt``, ``.html``, ``.csv``,
``.jsonl``, ``.jsonl.gz``, special files) and returns a :class:`Manifest` of what
it wrote: every file, the non-blank lines of every JSON Lines file, and every
valid article (id -> a phrase its text must contain) that must come through.
The same seed always writes the same corpus. Families of damage follow the
issue-16 findings: invalid and truncated UTF-8, UTF-16 with and without BOM,
lone surrogates, binary data, extreme and impossible dates, numbers too big
for Python's int conversion, NaN/Infinity, wrong field types, deep nesting,
control characters and slashes in ids, HTML/Markdown injection, broken CSV
quoting, truncated and fake gzip, FIFOs, symlinks to devices, file names that
are not UTF-8.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Sentences of our own, combined into valid articles (>= 10 words each).
SENTENCES = (
    "Dockworkers at the port of Halden walked off the job on Monday, halting container traffic.",
    "The union said its members would stay out until the wage offer was improved.",
    "Port managers called the strike unlawful and asked a court to order a return to work.",
    "Thieves took a painting from the Varna city museum overnight, police said.",
    "The museum will stay closed while investigators search the building for evidence.",
    "The city council voted on Tuesday to extend the tram line to the northern suburbs.",
    "Heavy rain flooded several streets in the old town, and two bridges were closed.",
    "The minister told reporters that the talks would resume next week in Geneva.",
    "Shares in the shipping company fell sharply after it cut its profit forecast.",
    "A spokesperson for the airport said that flights were delayed by up to three hours.",
)
HOSTILE = (
    '<script>alert("x")</script>', '<img src=x onerror="alert(1)">', "<svg onload=alert(1)>",
    "[click](javascript:alert(1))", "<a href=\"javascript:alert(1)\">link</a>",
    "| table | break |", "`code` **bold** _it_ # heading", "&lt;already&gt; &amp; escaped",
)
ODD_TEXT = (
    "\u200b\u200d\ufeff zero width", "\u202e right-to-left override", "e\u0301\u0301\u0301",
    "😀🏳️‍🌈👩‍👩‍👧", "\u0000 nul", "\x07\x1b[31m terminal escape", "\ufffd replacement",
    "ﷺ﷽", "\U0001d54f\U0001d56a", "a" * 300, "\n" * 50, "\t \r\n \x0b \x0c",
)
BAD_DATES = (
    "9999-12-31", "0001-01-01", "-0001-01-01", "31 December 9999", "tomorrow", "", "2023-02-30",
    "99999-01-01", "1e999", "2023-13-01", "June 31, 2023", "0000-00-00", "2023-06-19T25:61:00Z",
    "Mon, 32 Jun 2023 10:00:00 GMT", "\ud800", "1799-12-31", "2201-01-01", "06/07/2023",
)


def article_text(rng: random.Random, n: int, marker: str) -> str:
    """A valid article: ``n`` sentences and a unique marker phrase."""
    body = " ".join(rng.choice(SENTENCES) for _ in range(n))
    return f"{body} Reference {marker} was filed."


@dataclass
class Manifest:
    """What :func:`make_corpus` wrote."""

    root: Path
    files: list[Path] = field(default_factory=list)
    lines: dict[str, set[int]] = field(default_factory=dict)  # JSONL file -> non-blank lines
    valid: dict[str, str] = field(default_factory=dict)  # article id -> marker in its text
    malformed: int = 0  # malformed inputs written (files and records)


class _Writer:
    def __init__(self, root: Path, rng: random.Random) -> None:
        self.m = Manifest(root)
        self.rng = rng
        self.n = 0

    def path(self, suffix: str, folder: str = "") -> Path:
        self.n += 1
        target = self.m.root / folder / f"f{self.n:04d}{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def file(self, suffix: str, data: bytes, *, malformed: bool = True, folder: str = "") -> Path:
        p = self.path(suffix, folder)
        p.write_bytes(data)
        self.m.files.append(p)
        self.m.malformed += int(malformed)
        return p

    def valid(self, marker: str, article_id: str) -> str:
        self.m.valid[article_id] = marker
        return article_text(self.rng, self.rng.randint(2, 4), marker)


def _corrupt(rng: random.Random, data: bytes) -> bytes:
    """One of several byte-level damages."""
    kind = rng.randrange(7)
    i = rng.randrange(max(1, len(data)))
    if kind == 0:
        return data[:i] + bytes([rng.choice([0xFF, 0xFE, 0xC0, 0xC1, 0xF5, 0x80, 0xBF])]) + data[i:]
    if kind == 1:
        return data[: max(1, i)]  # truncated, maybe mid-character
    if kind == 2:
        return data[:i] + b"\xed\xa0\x80" + data[i:]  # an encoded surrogate (invalid UTF-8)
    if kind == 3:
        return data[:i] + b"\xc0\xaf" + data[i:]  # an overlong "/"
    if kind == 4:
        return data.decode("utf-8", "replace").encode("cp1252", "replace")
    if kind == 5:
        noise = bytes(rng.choice([b for b in range(256) if b != 0x0A]) for _ in range(40))
        return data[:i] + noise[: rng.randint(1, 40)] + data[i:]  # no newline: one line stays one
    return codecs.BOM_UTF8 + codecs.BOM_UTF16_LE + data


def _txt_files(w: _Writer, count: int) -> None:
    rng = w.rng
    makers: list[Callable[[int], bytes]] = [
        lambda i: b"",
        lambda i: b" \n\t\r\n  ",
        lambda i: f"date {rng.choice(BAD_DATES)} {article_text(rng, 2, f'x{i}')}".encode(
            "utf-8", "surrogatepass"),
        lambda i: _corrupt(rng, f"date 2024-03-0{1 + i % 9} {article_text(rng, 3, f'x{i}')}"
                           .encode()),
        lambda i: bytes(rng.randrange(256) for _ in range(rng.randint(1, 3000))),
        lambda i: ("date 2024-01-05 " + rng.choice(ODD_TEXT) * rng.randint(1, 30)).encode(
            "utf-8", "surrogatepass"),
        lambda i: f"{rng.choice(HOSTILE)} {article_text(rng, 2, f'x{i}')}".encode(),
        lambda i: article_text(rng, 2, f"x{i}").encode("utf-16-le"),  # BOM-less UTF-16
        lambda i: codecs.BOM_UTF16_BE + article_text(rng, 2, f"x{i}").encode("utf-16-be")[:-1],
        lambda i: b"date " + bytes(rng.randrange(32, 127) for _ in range(20)) + b" words",
        lambda i: ("word " * rng.randint(1, 9)).encode(),  # too short
        lambda i: ("\u0000" * 100 + article_text(rng, 2, f"x{i}")).encode(),
    ]
    for i in range(count):
        w.file(".txt", makers[i % len(makers)](i))


def _html_files(w: _Writer, count: int) -> None:
    rng = w.rng
    pages: list[Callable[[int], str]] = [
        lambda i: "",
        lambda i: "<html><head><title>t</title></head><body></body></html>",
        lambda i: "<html><body><script>var a = 1;</script></body></html>",
        lambda i: "<div>" * 3000 + "text" + "</div>" * 10,
        lambda i: f"<html><head><meta charset=\"no-such\"><meta property=\"article:published_time\""
                  f" content=\"{rng.choice(BAD_DATES)}\"></head><body><article><p>"
                  f"{article_text(rng, 3, f'h{i}')}</p></article></body></html>",
        lambda i: f"<html><body><p>{rng.choice(HOSTILE)} {article_text(rng, 3, f'h{i}')}"
                  f"</p><p>{rng.choice(HOSTILE)}</p></body></html>",
        lambda i: "<html><body><p>" + "&#55296;&#xD800;&#0;&#x110000;" + article_text(
            rng, 3, f"h{i}") + "</p></body></html>",
        lambda i: "<<<>>></p></p></p><!-- unterminated",
    ]
    for i in range(count):
        data = pages[i % len(pages)](i).encode("utf-8", "surrogatepass")
        w.file(".html", _corrupt(rng, data) if i % 3 == 0 else data)


def _json_value(rng: random.Random, i: int) -> str:
    """One malformed JSON Lines line."""
    text = json.dumps(article_text(rng, 2, f"j{i}"))
    choices = [
        lambda: '{"id": "t' + str(i) + '", "text": ' + text[: rng.randrange(len(text))],
        lambda: '{"id": 1' + "0" * 5000 + ', "text": ' + text + "}",
        lambda: '{"id": "b' + str(i) + '", "title": ' + rng.choice(["NaN", "Infinity",
                                                                    "-Infinity", "1e999"])
        + ', "text": ' + text + "}",
        lambda: "[" * 100_000 + "]" * 100_000,
        lambda: '{"a":' * 5000 + "1" + "}" * 5000,
        lambda: json.dumps({"id": f"s{i}", "text": "x\ud800y " + article_text(rng, 2, f"j{i}")}),
        lambda: json.dumps({"id": rng.choice(["a\nb", "\x00", "x" * 2000, "..", "\u202e"]),
                            "text": article_text(rng, 2, f"j{i}")}),
        lambda: json.dumps({"id": f"d{i}", "date": rng.choice(BAD_DATES),
                            "text": article_text(rng, 2, f"j{i}")}),
        lambda: json.dumps({"id": f"w{i}", "text": rng.choice([[1, 2], {"a": 1}, True, None, 5])}),
        lambda: json.dumps({"id": [i], "text": article_text(rng, 2, f"j{i}")}),
        lambda: json.dumps({"id": f"q{i}", "title": {"nested": "x"}, "text": "t " * 20}),
        lambda: json.dumps(rng.choice(["string", 42, None, [], True])),
        lambda: "{}",
        lambda: json.dumps({"id": f"h{i}", "text": rng.choice(HOSTILE) + " " + article_text(
            rng, 2, f"j{i}"), "source": {"name": rng.choice(HOSTILE)}, "url": "javascript:x"}),
        lambda: '{"id": "dup", "id": "dup2", "text": ' + text + "}",
        lambda: "\x00\x01\x02 binary line",
    ]
    return choices[i % len(choices)]()


def _jsonl_files(w: _Writer, count: int, lines_per_file: int, gz: bool) -> None:
    rng = w.rng
    for f in range(count):
        lines: list[bytes] = []
        for k in range(lines_per_file):
            i = f * 1000 + k
            if k % 5 == 2:  # a valid record among the damaged ones
                aid = f"ok-{'gz' if gz else 'j'}-{f}-{k}"
                record = {"id": aid, "date": "2024-05-0" + str(1 + k % 9),
                          "text": w.valid(f"v{aid}", aid), "source": "Test Wire"}
                lines.append(json.dumps(record).encode())
            else:
                raw = _json_value(rng, i).encode("utf-8", "surrogatepass")
                lines.append(_corrupt(rng, raw) if k % 7 == 3 else raw)
                w.m.malformed += 1
        data = b"\n".join(lines) + b"\n"
        numbers = {n for n, line in enumerate(data.split(b"\n"), 1)
                   if line.decode("utf-8", "replace").strip()}
        suffix = ".jsonl.gz" if gz else ".jsonl"
        if gz:
            data = gzip.compress(data)
            if f % 4 == 1:  # truncated: the lines after the cut are covered by one rejection
                data = data[: len(data) * 2 // 3]
                for k in range(lines_per_file):
                    w.m.valid.pop(f"ok-gz-{f}-{k}", None)
        p = w.file(suffix, data, malformed=False)
        w.m.lines[str(p)] = numbers
    w.file(".jsonl.gz", b"this is not gzip at all\n")
    w.file(".jsonl", codecs.BOM_UTF16_LE + (json.dumps({"id": "u16-ok", "text": w.valid(
        "vu16", "u16-ok")}) + "\n").encode("utf-16-le"), malformed=False)


def _csv_files(w: _Writer, count: int) -> None:
    rng = w.rng
    for i in range(count):
        kind = i % 8
        if kind == 0:
            aid = f"ok-csv-{i}"
            body = w.valid(f"v{aid}", aid).replace('"', "'")
            data = f'id,date,title,text\n{aid},2024-02-03,"A title","{body}"\n'.encode()
            w.file(".csv", data, malformed=False)
            continue
        text = article_text(rng, 2, f"c{i}")
        data = [
            b"",
            b"id,title\n1,no text column\n",
            f'id,text\n1,"unterminated {text}\n2,more\n'.encode(),
            f"id,text,date\nr{i},{text}\nr{i}b,{text},2024-01-01,extra\n".encode(),
            f"id,text\nn{i},{text}\x00\n".encode(),
            codecs.BOM_UTF8 + f"Text,Date\n\"{text}\",{rng.choice(BAD_DATES)}\n".encode(
                "utf-8", "surrogatepass"),
            _corrupt(rng, f"id,text\nk{i},\"{text}\"\n".encode()),
        ][kind - 1]
        w.file(".csv", data)


def _special_files(w: _Writer) -> None:
    root = w.m.root / "special"
    root.mkdir()
    fifo = root / "pipe.txt"
    os.mkfifo(fifo)
    zero = root / "zero.jsonl"
    zero.symlink_to("/dev/zero")
    broken = root / "broken.txt"
    broken.symlink_to(root / "does-not-exist.txt")
    (root / "folder.txt").mkdir()
    name = os.fsencode(root) + b"/caf\xe9-\xff.txt"
    with open(name, "wb") as fh:
        fh.write(f"date 2024-06-01 {w.valid('vcafe', 'caf')}".encode())
    w.m.files += [fifo, zero, broken]
    w.m.malformed += 5


def make_corpus(root: Path, seed: int = 16) -> Manifest:
    """Write the fuzz corpus under ``root`` (created) and return its manifest."""
    root.mkdir(parents=True, exist_ok=True)
    w = _Writer(root, random.Random(seed))
    _txt_files(w, 300)
    _html_files(w, 96)
    _csv_files(w, 96)
    _jsonl_files(w, 30, 16, gz=False)
    _jsonl_files(w, 12, 16, gz=True)
    _special_files(w)
    for i in range(12):  # plain valid .txt articles
        aid = f"ok-txt-{i}"
        p = w.path(".txt", "valid")
        p.write_text(f"date 2024-04-{10 + i} {w.valid(f'v{aid}', p.stem)}", encoding="utf-8")
        w.m.files.append(p)
    return w.m
