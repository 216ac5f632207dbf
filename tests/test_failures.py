"""Failure containment: one article's analysis or one story's comparison fails, the run goes on.

The failures are injected (monkeypatch) into the real stages, standing in for a
bug that meets text nobody foresaw; everything around them is real.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsweave import analysis, annotate, pipeline, weave
from newsweave.cli import EXIT_REJECTED, app
from newsweave.errors import AnalysisError
from newsweave.failures import FailureLog, describe
from newsweave.render import render_json, render_markdown
from newsweave.report import build_report
from newsweave.store import Store

ARTICLES = {
    "harbor-1.txt": "date 2025-09-03 Dockworkers at the port of Halden walked off the job on "
    "Monday, halting container traffic as the union demanded higher wages. \"We will stay out "
    "until the offer is fair,\" union leader Mara Lind said.",
    "harbor-2.txt": "date 2025-09-04 The strike by Halden dockworkers entered its second day on "
    "Tuesday, with container ships waiting offshore. \"We will stay out until the offer is "
    "decent,\" union leader Mara Lind said.",
    "museum-1.txt": "date 2025-09-10 Thieves took a 17th-century painting from the Varna city "
    "museum overnight, police said, after disabling an alarm on the ground floor.",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _break_article(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    real = annotate.find_time_expressions  # type: ignore[attr-defined]

    def flaky(article: Any, sentences: Any = None) -> Any:
        if article.id == bad:
            raise OverflowError("date value out of range")
        return real(article, sentences)

    monkeypatch.setattr(annotate, "find_time_expressions", flaky)


def test_one_failing_article_is_reported_and_retried(
    corpus: Path, tmp_path: Path, models: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_article(monkeypatch, "harbor-2")
    with Store.open(tmp_path / "s.db") as store:
        _, report = pipeline.analyze([str(corpus)], store, models)
        assert [(f.kind, f.item, f.stage) for f in report.failed] == [
            ("article", "harbor-2", analysis.ANALYSIS_STAGE)]
        assert report.failed[0].reason == "OverflowError: date value out of range"
        assert len(report.stories) == 2 and all(s.summary for s in report.stories)
        harbor = next(s for s in report.stories if "harbor-1" in s.story.article_ids)
        assert harbor.story.article_ids == ("harbor-1", "harbor-2")
        assert _quoted(harbor) == {"harbor-1"}  # harbor-2's quote was not analysed
        data = json.loads(render_json(build_report(store)))  # persisted with the run
        assert data["failed"] == [{"kind": "article", "id": "harbor-2",
                                   "stage": analysis.ANALYSIS_STAGE,
                                   "reason": "OverflowError: date value out of range"}]
        assert "## Failed analyses" in render_markdown(build_report(store))
        monkeypatch.undo()  # the bug is fixed: the next run analyses it (nothing was cached)
        failures = FailureLog()
        reports = pipeline.update(store, models, failures=failures)
        assert failures.items == ()
        harbor = next(r for r in reports.values() if "harbor-2" in r.story.article_ids)
        assert _quoted(harbor) == {"harbor-1", "harbor-2"}


def _quoted(story: Any) -> set[str]:
    """Articles that quote someone in ``story`` (a quote or a variant of one)."""
    return {q.quote.article_id for q in story.quotes or ()} | {
        v.article_id for q in story.quotes or () for v in q.variants}


def test_one_failing_story_is_reported_bare(
    corpus: Path, tmp_path: Path, models: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = weave.summarize  # type: ignore[attr-defined]

    def flaky(story: Any, *args: Any, **kwargs: Any) -> Any:
        if any(a.id == "museum-1" for a in story.articles):
            raise IndexError("list index out of range")
        return real(story, *args, **kwargs)

    monkeypatch.setattr(weave, "summarize", flaky)
    with Store.open(tmp_path / "s.db") as store:
        _, report = pipeline.analyze([str(corpus)], store, models)
        (failure,) = report.failed
        museum = next(s for s in report.stories if s.story.article_ids == ("museum-1",))
        assert (failure.kind, failure.item) == ("story", museum.story.id)
        assert failure.reason == "IndexError: list index out of range"
        assert museum.summary is None and museum.quotes is None  # its articles only
        assert next(s for s in report.stories if s is not museum).summary
        monkeypatch.undo()
        reports = pipeline.update(store, models, failures=FailureLog())
        assert reports[museum.story.id].summary  # not cached as failed: woven now


def test_without_a_failure_log_errors_still_raise(
    corpus: Path, tmp_path: Path, models: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_article(monkeypatch, "museum-1")
    with Store.open(tmp_path / "s.db") as store:
        pipeline.ingest([str(corpus)], store)
        with pytest.raises(AnalysisError, match="article 'museum-1'"):
            pipeline.update(store, models)
        assert len(store.stories()) == 2  # everything else was done and stored


def test_the_cli_lists_failures_and_exits_3(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_article(monkeypatch, "museum-1")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["analyze", str(corpus), "--json", str(out)])
    assert result.exit_code == EXIT_REJECTED, result.stderr
    assert "1 analysis step(s) failed" in result.stderr
    assert "article museum-1 (article_analysis): OverflowError" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["failed"][0]["id"] == "museum-1"


def test_describe_is_one_short_line() -> None:
    text = describe(ValueError("bad\nvalue " + "x" * 1000))
    assert text.startswith("ValueError: bad value") and "\n" not in text and len(text) == 300
