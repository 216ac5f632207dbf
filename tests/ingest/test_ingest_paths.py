"""Tests for newsweave.ingest.paths: files, folders, globs and stdin into input files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsweave.ingest import expand_paths
from newsweave.ingest.paths import supported_suffix, unsupported_reason

FIXTURES = Path(__file__).parent / "fixtures" / "mixed"


def test_folder_is_recursive_sorted_and_skips_hidden_and_unsupported() -> None:
    exp = expand_paths([str(FIXTURES)])
    rel = [os.path.relpath(f.display, FIXTURES) for f in exp.files]
    assert rel == [
        "feeds/records.jsonl",
        "feeds/table.csv",
        "web/harbour-bridge.html",
        "wire/Bridge_Reopens.txt",
        "wire/riverton-flood.txt",
    ]
    assert [os.path.relpath(s, FIXTURES) for s in exp.skipped] == ["wire/NOTES.md"]
    assert exp.rejected == ()


def test_relative_paths_stay_relative(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    exp = expand_paths(["mixed/wire"])
    assert [f.display for f in exp.files] == [
        "mixed/wire/Bridge_Reopens.txt",
        "mixed/wire/riverton-flood.txt",
    ]
    assert exp.files[0].stem == "Bridge_Reopens" and exp.files[0].suffix == ".txt"


def test_glob_recursive_and_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    exp = expand_paths(["**/*.txt", "nothing/*.jsonl", "wire/*.md"])
    assert [f.display for f in exp.files] == ["wire/Bridge_Reopens.txt", "wire/riverton-flood.txt"]
    reasons = {r.path: r.reason for r in exp.rejected}
    assert reasons["nothing/*.jsonl"] == "glob matched no files"
    assert reasons["wire/*.md"].startswith("glob matched 1 file(s), none of a supported type")


def test_missing_path_and_explicit_unsupported_file(tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text("{}")
    exp = expand_paths([str(tmp_path / "absent.txt"), str(gold)])
    assert exp.files == ()
    assert [(r.path, r.reason) for r in exp.rejected] == [
        (str(tmp_path / "absent.txt"), "no such file or directory"),
        (str(gold), "unsupported file type .json (use .txt, .jsonl, .jsonl.gz, .csv, .html)"),
    ]


def test_same_file_twice_is_listed_once_and_stdin_once() -> None:
    one = str(FIXTURES / "wire" / "riverton-flood.txt")
    exp = expand_paths([one, str(FIXTURES / "wire"), "-", "-"])
    assert [f.display for f in exp.files].count(one) == 1
    assert [f.display for f in exp.files if f.path is None] == ["-"]
    assert len(exp.files) == 3


def test_explicit_hidden_file_is_read() -> None:
    exp = expand_paths([str(FIXTURES / ".draft.txt")])
    assert len(exp.files) == 1 and exp.rejected == ()


def test_suffixes() -> None:
    assert supported_suffix("a.JSONL.GZ") == ".jsonl.gz"
    assert supported_suffix("feed.ndjson") == ".ndjson"
    assert supported_suffix("page.HTM") == ".htm"
    assert supported_suffix("notes.md") is None
    assert supported_suffix(".txt") is None
    assert unsupported_reason("dump.json.gz").startswith("unsupported file type .json.gz")
    assert unsupported_reason("README").startswith("unsupported file type (no extension)")
