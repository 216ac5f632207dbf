"""The limit options of ``ingest``/``analyze`` and the date range at the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from newsweave.cli import EXIT_REJECTED, app
from newsweave.cli_limits import build_limits, parse_size

TEXT = ("Dock workers at the port of Eastmouth walked off the job on Tuesday after talks over a "
        "new wage agreement collapsed, leaving dozens of container ships waiting offshore.")


def test_sizes_take_units() -> None:
    assert parse_size("16M", "--x") == 16 * 1024**2
    assert parse_size("4 GiB", "--x") == 4 * 1024**3
    assert parse_size("512k", "--x") == 512 * 1024 and parse_size("100", "--x") == 100
    for bad in ("", "0", "-5M", "lots", "1.5G", "3T"):
        with pytest.raises(typer.BadParameter):
            parse_size(bad, "--max-line-bytes")


def test_limits_are_validated() -> None:
    with pytest.raises(typer.BadParameter, match="after max_date"):
        build_limits(max_file="1M", max_line="1M", max_stream="1G", max_records=10,
                     max_text=100, max_listed=5, min_date="2100-01-01", max_date="2000-01-01")


def test_help_lists_every_limit() -> None:
    for command in ("ingest", "analyze"):
        text = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
        for option in ("--max-file-bytes", "--max-line-bytes", "--max-stream-bytes",
                       "--max-articles-per-file", "--max-text-chars", "--max-listed-rejections",
                       "--min-date", "--max-date"):
            assert option in text, (command, option)


def test_options_reach_the_reader(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text(f"date 1790-05-01 {TEXT}", encoding="utf-8")
    (tmp_path / "big.txt").write_text(f"date 2024-01-01 {TEXT} " * 20, encoding="utf-8")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--json", str(out),
                                      "--max-file-bytes", "1K", "--min-date", "1700-01-01"])
    assert result.exit_code == EXIT_REJECTED, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [a["date"] for a in report["articles"]] == ["1790-05-01"]
    (rej,) = report["rejected"]
    assert rej["path"].endswith("big.txt") and "--max-file-bytes" in rej["reason"]


def test_a_default_date_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--default-date", "9999-12-31"])
    assert result.exit_code == 2 and "outside the accepted range" in result.stderr
