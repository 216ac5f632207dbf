"""The newsweave command end to end: analyze, ingest, report, search, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsweave.cli import EXIT_REJECTED, app

from .conftest import SEEDS, require

ARTICLE_A = (
    "date 2025-09-03 Dockworkers at the port of Halden walked off the job on Monday, halting "
    "container traffic as the union demanded higher wages. \"We will stay out until the offer "
    "is fair,\" union leader Mara Lind said. Port managers called the strike unlawful.\n"
)
ARTICLE_B = (
    "date 2025-09-04 The strike by Halden dockworkers entered its second day on Tuesday, with "
    "container ships waiting offshore. Union leader Mara Lind said members would not return "
    "until wages rose. Port managers asked a court to end the walkout.\n"
)
ARTICLE_C = (
    "date 2025-09-04 Thieves took a 17th-century painting from the Varna city museum overnight, "
    "police said, after disabling an alarm on the ground floor. The museum will stay closed "
    "while investigators search the building.\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (root / "sub" / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    (root / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    return root


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_analyze_seeds_with_the_installed_command(tmp_path: Path) -> None:
    seeds = require(SEEDS)
    out = tmp_path / "out.json"
    exe = Path(sys.executable).with_name("newsweave")
    proc = subprocess.run([str(exe), "analyze", str(seeds), "--json", str(out), "--quiet"],
                          capture_output=True, text=True, env={**os.environ, "CI": "1"})
    assert proc.returncode == 0, proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(a["date"] for a in report["articles"]) == ["2023-06-19", "2023-06-20"]
    assert report["rejected"] == []
    assert len(report["stories"]) == 1
    assert sorted(report["stories"][0]["articles"]) == sorted(a["id"] for a in report["articles"])
    assert all(a["duplicate_of"] is None for a in report["articles"])


def test_analyze_groups_related_articles_and_writes_all_formats(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r"
    code, _, err = run("analyze", str(corpus), "--json", f"{out}.json", "--html", f"{out}.html",
                       "--md", f"{out}.md")
    assert code == 0, err
    report = json.loads(Path(f"{out}.json").read_text(encoding="utf-8"))
    groups = sorted(sorted(s["articles"]) for s in report["stories"])
    assert groups == [["a", "b"], ["c"]]
    html = Path(f"{out}.html").read_text(encoding="utf-8")
    for story in report["stories"]:
        assert f'data-story-id="{story["id"]}"' in html
    assert "## " in Path(f"{out}.md").read_text(encoding="utf-8")
    assert "3 articles in 2 stories" in err


def test_bad_inputs_are_listed_and_exit_code_is_3(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "broken.jsonl").write_text('{"id": "ok-1", "text": "' + "word " * 20 + '"}\n{nope\n')
    out = tmp_path / "r.json"
    code, _, err = run("analyze", str(corpus), "--json", str(out))
    assert code == EXIT_REJECTED
    report = json.loads(out.read_text(encoding="utf-8"))
    reasons = {r["path"].split("/")[-1]: r["reason"] for r in report["rejected"]}
    assert reasons.keys() == {"empty.txt", "broken.jsonl:2"}
    assert "empty" in reasons["empty.txt"] and "JSON" in reasons["broken.jsonl:2"]
    assert "2 input(s) rejected" in err and "broken.jsonl:2" in err
    assert {a["id"] for a in report["articles"]} == {"a", "b", "c", "ok-1"}


def test_ingest_is_incremental_and_idempotent(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    code, _, err = run("ingest", str(corpus / "a.txt"), "--db", str(db))
    assert code == 0 and "1 added" in err
    code, _, err = run("ingest", str(corpus), "--db", str(db))
    assert code == 0 and "2 added, 1 already stored" in err and "holds 3 articles" in err
    code, _, err = run("ingest", str(corpus), "--db", str(db))
    assert code == 0 and "0 added, 3 already stored" in err
    code, out, _ = run("report", "--db", str(db), "--format", "json")
    report = json.loads(out)
    assert len(report["articles"]) == 3 and len(report["stories"]) == 2
    code, out, _ = run("report", "--db", str(db), "--format", "md")
    assert code == 0 and "`a`" in out
    code, out, _ = run("search", "painting", "--db", str(db))
    assert code == 0 and out.startswith("c ") and "[painting]" in out


def test_stdin_and_quiet(tmp_path: Path) -> None:
    code, out, err = run("analyze", "-", "--quiet", stdin=ARTICLE_C.encode())
    assert code == 0 and err == ""
    report = json.loads(out)
    assert report["articles"][0]["id"].startswith("stdin-")
    assert report["articles"][0]["date"] == "2025-09-04"


def test_errors_have_messages_and_exit_codes(tmp_path: Path) -> None:
    code, _, err = run("report", "--db", str(tmp_path / "missing.db"))
    assert code == 1 and "does not exist" in err
    # A path that does not exist is a mistake in the command: exit 1, nothing loaded.
    code, _, err = run("analyze", str(tmp_path / "nothing-here"), "--quiet")
    assert code == 1 and "nothing-here: no such file or directory" in err
    assert "Nothing was read" in err
    code, _, err = run("analyze", str(tmp_path), "--default-date", "yesterday")
    assert code == 2 and "YYYY-MM-DD" in err


def test_undated_articles_are_flagged(tmp_path: Path) -> None:
    (tmp_path / "clip.txt").write_text(
        "Harbour officials said on Monday that the Halden container terminal would reopen "
        "after the strike, and that ships waiting offshore would dock in turn.", encoding="utf-8")
    code, _, err = run("analyze", str(tmp_path), "--json", str(tmp_path / "r.json"))
    assert code == 0, err
    assert "1 undated article(s) (clip)" in err and "without time decay" in err
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["articles"][0]["date"] is None


def test_summarize_and_timeline_commands(corpus: Path, tmp_path: Path) -> None:
    harbor = [str(corpus / "a.txt"), str(corpus / "sub" / "b.txt")]
    code, out, _ = run("summarize", *harbor, "--words", "40")
    assert code == 0
    assert "1. " in out and "sources: a" in out
    target = tmp_path / "summary.json"
    code, _, _ = run("summarize", *harbor, "--sentences", "2", "--focus", "What did the "
                     "managers do?", "--json", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert code == 0 and 1 <= len(data["summary"]) <= 2
    assert data["focus"].startswith("What did") and len(data["articles"]) == 2
    code, out, _ = run("timeline", *harbor, "--dates", "1")
    assert code == 0 and out.startswith("2025-09-")
    code, out, _ = run("timeline", *harbor, "--json", "-")
    assert code == 0 and json.loads(out)["timeline"]


def test_summarize_bad_input_gives_a_clear_message(corpus: Path, tmp_path: Path) -> None:
    code, _, err = run("summarize", str(corpus / "a.txt"), "--words", "0")
    assert code == 2 and "between 1 and" in err
    code, _, err = run("summarize", str(corpus / "a.txt"), "--focus", " ")
    assert code == 2 and "--focus is empty" in err
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, _, err = run("summarize", str(empty))
    assert code == 1 and "no article could be read" in err
    code, out, _ = run("summarize", str(corpus / "a.txt"), str(empty), "--words", "10000")
    assert code == EXIT_REJECTED and "1. " in out  # a summary, and the rejection listed


def test_command_line_edges(corpus: Path, tmp_path: Path) -> None:
    import importlib.metadata

    code, out, _ = run("--version")
    assert code == 0 and out.startswith("newsweave ")
    assert importlib.metadata.version("newsweave") in out
    # A missing input stops the command before any model is loaded (it would take
    # seconds; here the models are never touched): exit 1, one line naming the path.
    started = __import__("time").perf_counter()
    code, _, err = run("ingest", str(corpus / "a.txt"), str(tmp_path / "gone.jsonl"),
                       "--db", str(tmp_path / "x.db"))
    assert code == 1 and "gone.jsonl: no such file or directory" in err
    assert not (tmp_path / "x.db").exists()  # nothing was read or stored
    assert __import__("time").perf_counter() - started < 5
    # A --db that is not a store: one line, no traceback, before any model loads.
    readme = tmp_path / "README.md"
    readme.write_text("# not a database\n" * 200, encoding="utf-8")
    for args in (("report", "--db", str(readme)), ("ingest", str(corpus), "--db", str(readme)),
                 ("search", "x", "--db", str(readme))):
        code, _, err = run(*args)
        assert code == 1 and err.count("\n") == 1 and "Traceback" not in err, (args, err)
        assert "cannot be read as a database" in err


def test_report_takes_the_same_output_options_as_analyze(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    code, _, err = run("analyze", str(corpus), "--db", str(db), "--format", "md", "--quiet")
    assert code == 0, err
    code, out, _ = run("report", "--db", str(db), "--format", "md")
    assert code == 0 and out.startswith("# newsweave report")
    code, _, err = run("report", "--db", str(db), "--json", str(tmp_path / "r.json"),
                       "--html", str(tmp_path / "r.html"), "--md", str(tmp_path / "r.md"),
                       "--html-dir", str(tmp_path / "site"))
    assert code == 0, err
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(report["stories"]) == 2
    assert 'id="toc"' in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert (tmp_path / "site" / "index.html").exists()
    assert len(list((tmp_path / "site" / "stories").glob("*.html"))) == 2
    code, _, err = run("report", "--db", str(db), "--format", "pdf")
    assert code == 2 and "json, md or html" in err
    code, _, err = run("analyze", str(corpus), "--format", "pdf")
    assert code == 2 and "json, md or html" in err


def test_default_date_advice_only_for_a_short_corpus(tmp_path: Path) -> None:
    clip = ("Harbour officials said on Monday that the Halden container terminal would reopen "
            "after the strike, and that ships waiting offshore would dock in turn.")
    (tmp_path / "clip.txt").write_text(clip, encoding="utf-8")
    (tmp_path / "old.txt").write_text("date 2019-03-01 " + ARTICLE_C[16:], encoding="utf-8")
    (tmp_path / "new.txt").write_text(ARTICLE_A, encoding="utf-8")
    code, _, err = run("analyze", str(tmp_path), "--json", str(tmp_path / "r.json"))
    assert code == 0, err
    assert "1 undated article(s) (clip)" in err and "--default-date to date" not in err
    assert "2019–2025" in err
