"""Fuzz: over a thousand malformed inputs of every format, mixed with valid articles.

The corpus comes from the seeded generator in ``tests/fuzz_inputs.py``. It goes
through the real ingest path into a real SQLite store and out through every
report format: no input may crash the run, none may disappear without a
rejection, no valid article may be lost. Then the whole corpus goes through
one real ``newsweave analyze`` (a subprocess: models, weaving, report), which
must exit 3 (done, inputs rejected) and write its reports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from newsweave import pipeline
from newsweave.model import Article
from newsweave.render import render_html, render_json, render_markdown
from newsweave.report import build_report
from newsweave.store import Store

from .fuzz_inputs import Manifest, make_corpus


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return make_corpus(tmp_path_factory.mktemp("fuzz") / "corpus", seed=16)


@pytest.fixture(scope="module")
def ingested(fuzz: Manifest, nlp: Any, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[Path, pipeline.IngestOutcome]:
    db = tmp_path_factory.mktemp("fuzzdb") / "fuzz.db"
    with Store.open(db) as store:
        outcome = pipeline.ingest([str(fuzz.root)], store, nlp)
    return db, outcome


def test_the_corpus_is_big_and_varied(fuzz: Manifest) -> None:
    assert fuzz.malformed >= 1000
    suffixes = {"".join(p.suffixes[-2:]) if p.name.endswith(".gz") else p.suffix
                for p in fuzz.files}
    assert {".txt", ".html", ".csv", ".jsonl", ".jsonl.gz"} <= suffixes
    assert len(fuzz.valid) >= 100


def test_nothing_crashes_and_nothing_disappears(
    fuzz: Manifest, ingested: tuple[Path, pipeline.IngestOutcome]
) -> None:
    db, outcome = ingested
    with Store.open(db, read_only=True) as store:
        articles = store.articles()
    by_file: dict[str, list[str]] = defaultdict(list)  # file -> origins / rejection paths
    for a in articles:
        by_file[a.origin.rsplit(":", 1)[0] if a.origin.rsplit(":", 1)[-1].isdigit()
                else a.origin].append(a.origin)
    file_level: set[str] = set()
    for r in outcome.rejected:
        base, _, line = r.path.rpartition(":")
        if line.isdigit():
            by_file[base].append(r.path)
        else:
            by_file[r.path].append(r.path)
            file_level.add(r.path)
    for path in fuzz.files:  # every file yields an article or a rejection naming it
        assert by_file.get(str(path)), f"{path} disappeared without a rejection"
    for name, numbers in fuzz.lines.items():  # every line of JSON Lines is accounted for
        if name in file_level:
            continue  # stopped (corrupt gzip, binary): one rejection names the file
        seen = set(by_file[name])
        missing = [n for n in sorted(numbers) if f"{name}:{n}" not in seen]
        assert not missing, f"{name}: lines {missing} neither ingested nor rejected"
    for r in outcome.rejected:
        assert r.reason.strip() and r.path.strip(), r


def test_no_valid_article_is_lost(
    fuzz: Manifest, ingested: tuple[Path, pipeline.IngestOutcome]
) -> None:
    db, _ = ingested
    with Store.open(db, read_only=True) as store:
        stored = {a.id: a for a in store.articles()}
    lost = [i for i, marker in fuzz.valid.items()
            if i not in stored or marker not in stored[i].text]
    assert not lost, f"valid articles lost: {lost}"


def test_stored_articles_are_sane(ingested: tuple[Path, pipeline.IngestOutcome]) -> None:
    db, outcome = ingested
    with Store.open(db, read_only=True) as store:
        articles = store.articles()
        integrity = store.conn.execute("PRAGMA integrity_check").fetchone()[0]
    assert integrity == "ok"
    assert len(articles) == len(outcome.added)
    for a in articles:
        _check_article(a)
    assert any("U+FFFD" in w.message for w in outcome.warnings)


def _check_article(a: Article) -> None:
    for value in (a.id, a.text, a.title, a.source, a.url, a.origin):
        if value is not None:
            value.encode("utf-8")  # no lone surrogates anywhere
    assert a.id and "\n" not in a.id and a.id not in (".", "..")
    assert a.date is None or 1800 <= a.date.year <= 2200


def test_every_report_format_renders_and_stays_inert(
    ingested: tuple[Path, pipeline.IngestOutcome]
) -> None:
    db, _ = ingested
    with Store.open(db, read_only=True) as store:
        report = build_report(store)
    data = json.loads(render_json(report))
    assert data["rejected"] and data["warnings"]
    html = render_html(report)
    markdown = render_markdown(report)
    as_html = MarkdownIt("commonmark").enable("table").render(markdown)
    for page in (html, as_html):
        lowered = page.lower()
        assert "<script>alert" not in lowered and "<img src=x" not in lowered
        assert "<svg onload" not in lowered and 'href="javascript:' not in lowered


@pytest.mark.slow
def test_analyze_over_the_whole_corpus_exits_3_and_writes_a_report(
    fuzz: Manifest, tmp_path: Path
) -> None:
    out = tmp_path / "report"
    exe = Path(sys.executable).with_name("newsweave")
    proc = subprocess.run(
        [str(exe), "analyze", str(fuzz.root), "--json", f"{out}.json", "--md", f"{out}.md",
         "--html", f"{out}.html", "--quiet"],
        capture_output=True, text=True, env={**os.environ, "CI": "1"}, timeout=900)
    assert proc.returncode == 3, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    report = json.loads(Path(f"{out}.json").read_text(encoding="utf-8"))
    ids = {a["id"] for a in report["articles"]}
    assert set(fuzz.valid) <= ids
    assert report["rejected"] and report["stories"]
    assert report["failed"] == []
    assert Path(f"{out}.md").stat().st_size > 0 and Path(f"{out}.html").stat().st_size > 0
