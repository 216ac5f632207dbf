"""One-shot runs stream their stories (issue 19, item 5): each story is woven, cached with
its listing row and dropped before the next one, and the report is written a story at a
time from the store; the bytes written are the same as the report built in memory."""

from __future__ import annotations

import gc
import io
import json
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsweave import pipeline
from newsweave.errors import StoreError
from newsweave.executor import LocalExecutor
from newsweave.listing import refresh_listings
from newsweave.model import StoryInput, StoryReport
from newsweave.render import (
    render_html,
    render_json,
    render_markdown,
    report_to_dict,
    write_html,
    write_json,
    write_markdown,
)
from newsweave.render.html import report_views
from newsweave.render.pages import Links, markdown_environment
from newsweave.report import REPORT_STAGE, build_report
from newsweave.store import Store
from newsweave.weave import WeaveOptions

from .conftest import DEMO

FOLDERS = ("tidewater-wire/2025-09", "meridian-ledger")  # several stories, some multi-source


def _live_reports() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is StoryReport)


class Watching(LocalExecutor):
    """The local executor, noting before each story is woven how many woven reports are
    still alive in this process and what another connection sees in the store file."""

    def __init__(self, models: Any, db: Path) -> None:
        super().__init__(models)
        self.db = db
        self.seen: list[tuple[int, int, int, int]] = []  # done, alive, cached, listed

    def weave(self, stories: Iterable[StoryInput],
              options: WeaveOptions) -> Iterator[StoryReport]:
        for done, report in enumerate(super().weave(stories, options)):
            with sqlite3.connect(self.db) as reader:  # another reader, as the web app is
                cached = reader.execute("SELECT count(*) FROM story_analysis WHERE stage = ?",
                                        (REPORT_STAGE,)).fetchone()[0]
                listed = reader.execute("SELECT count(*) FROM story_listing").fetchone()[0]
            self.seen.append((done, _live_reports(), cached, listed))
            yield report
            del report


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stream")
    for folder in FOLDERS:
        shutil.copytree(DEMO / "corpus" / folder, out / folder.replace("/", "-"))
    return out


@pytest.fixture(scope="module")
def analysed(models: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with every article analysed, deduplicated and clustered, nothing woven."""
    from newsweave.analysis import analyse

    db = tmp_path_factory.mktemp("stream-db") / "analysed.db"
    with Store.open(db) as store:
        pipeline.ingest([str(corpus)], store)
        analyse(store, LocalExecutor(models))
        pipeline.deduplicate(store)
        pipeline.cluster_stories(store)
        assert len(store.stories()) >= 6
    return db


def _weave(models: Any, analysed: Path, tmp_path: Path, *, keep: bool) -> Watching:
    tmp_path.mkdir(exist_ok=True)
    db = tmp_path / "run.db"
    shutil.copy(analysed, db)
    executor = Watching(models, db)
    with Store.open(db) as store:
        reports = pipeline.weave_stories(store, executor, keep=keep)
        assert len(reports.woven) == (len(executor.seen) if keep else 0)
        assert refresh_listings(store, reports.woven) == (len(executor.seen)
                                                                    if keep else 0)
    return executor


def test_a_streamed_weave_drops_each_story_once_it_is_stored(
    models: Any, analysed: Path, tmp_path: Path
) -> None:
    streamed = _weave(models, analysed, tmp_path, keep=False)
    n = len(streamed.seen)
    assert n >= 6
    for done, alive, cached, listed in streamed.seen:
        # Another reader sees every finished story, with its listing row, while the run
        # goes on; alive: the report just made and the one before it (the pipeline's loop
        # variable until the next report replaces it).
        assert (cached, listed) == (done, done)
        assert alive <= 2, f"{alive} woven reports alive after {done} stories"
    # The same probe on a run that keeps its reports (update's default) does see them pile
    # up, so the bound above is not vacuous.
    kept = _weave(models, analysed, tmp_path / "kept", keep=True)
    assert [alive for _, alive, _, _ in kept.seen] == list(range(1, n + 1))
    assert [listed for _, _, _, listed in kept.seen] == [0] * n  # rows only at the end


def test_a_streamed_report_writes_the_same_bytes(models: Any, analysed: Path,
                                                 tmp_path: Path) -> None:
    db = tmp_path / "run.db"
    shutil.copy(analysed, db)
    with Store.open(db) as store:
        reports = pipeline.weave_stories(store, LocalExecutor(models))
        held = build_report(store, story_reports=reports)
        streamed = build_report(store, stream=True)
        out = io.StringIO()
        write_json(streamed, out)
        assert out.getvalue() == json.dumps(report_to_dict(held), ensure_ascii=False,
                                            indent=2) + "\n"
        assert render_json(held) == out.getvalue()
        for write, render in ((write_html, render_html), (write_markdown, render_markdown)):
            page = io.StringIO()
            write(streamed, page)
            assert page.getvalue() == render(held)
        # Markdown as rendered before streaming: the whole template, then blank lines
        # collapsed (the streaming writer must give exactly this).
        text = markdown_environment().get_template("report.md").render(
            title="newsweave report", views=list(report_views(held)), links=Links("page"),
            n_articles=len(held.articles), rejected=held.rejected, warnings=held.warnings,
            failed=held.failed)
        lines: list[str] = []
        for line in text.splitlines():
            if line.strip() or (lines and lines[-1].strip()):
                lines.append(line.rstrip())
        assert render_markdown(streamed) == "\n".join(lines).strip() + "\n"
    with pytest.raises(StoreError, match=r"write the report while the store is open"):
        list(streamed.stories)


def test_a_streamed_analyze_gives_the_report_of_a_held_one(
    models: Any, corpus: Path, tmp_path: Path
) -> None:
    with Store.open(tmp_path / "a.db") as store:
        _, held = pipeline.analyze([str(corpus)], store, models)
        text = render_json(held)
    with Store.open(tmp_path / "b.db") as store:
        _, streamed = pipeline.analyze([str(corpus)], store, models, stream=True)
        assert render_json(streamed) == text


def test_the_report_reads_the_articles_headers_not_their_text(
    analysed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build_report lists every article from its header row (no text: a large store's
    texts were most of the report's memory), with the same fields as the full rows."""
    with Store.open(analysed, read_only=True) as store:
        full = store.articles()
        real = Store.articles

        def no_whole_table(self: Store, ids: Iterable[str] | None = None) -> Any:
            assert ids is not None, "build_report read every article with its text"
            return real(self, ids)

        monkeypatch.setattr(Store, "articles", no_whole_table)
        report = build_report(store)
    assert [a.id for a in report.articles] == [a.id for a in full]
    for row, article in zip(report.articles, full, strict=True):
        assert (row.source, row.date, row.title, row.origin, row.date_inferred, row.url,
                row.author) == (article.source, article.date, article.title, article.origin,
                                article.date_inferred, article.url, article.author)
    assert any(a.date_inferred for a in full) or any(a.origin for a in full)
