"""Progress a person believes: stages count articles, finished lines are printed once."""

from __future__ import annotations

import io
import json
from pathlib import Path

from rich.console import Console

from newsweave import pipeline
from newsweave.progress import RichProgress, Ticker
from newsweave.store import Store


class Counting:
    """A Progress that sums each stage's advances."""

    def __init__(self) -> None:
        self.stages: list[list[object]] = []

    def start(self, description: str, total: int | None = None) -> None:
        self.stages.append([description, total, 0])

    def advance(self, n: int = 1) -> None:
        self.stages[-1][2] += n  # type: ignore[operator]

    def finish(self) -> None:
        return None


def test_reading_counts_articles_not_files(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"r-{i}", "text": "Dockworkers in Halden "
                                        f"walked out on day {i} of the strike over wages."})
                            + "\n" for i in range(3)), encoding="utf-8")
    counting = Counting()
    with Store.open(":memory:") as store:
        pipeline.ingest([str(feed)], store, progress=counting)
    assert counting.stages == [["Reading articles", None, 3]]


def test_ticker_counts_each_article_once_whoever_reports_it() -> None:
    counting = Counting()
    counting.start("Analysing articles", 5)
    ticks = Ticker(counting)
    for _ in range(3):  # an executor that reports each article of a batch of 3
        ticks.tick()
    ticks.settle(3)
    ticks.settle(2)  # one that cannot (a remote worker): the whole batch at once
    assert counting.stages[-1][2] == 5


def test_rich_display_prints_each_finished_stage_once() -> None:
    out = io.StringIO()
    console = Console(file=out, width=120, force_terminal=False, color_system=None)
    with RichProgress(console) as progress:
        progress.start("Reading articles")
        progress.advance(772)
        progress.start("Analysing articles", total=772)
        progress.note("loading the entity and parser model…")
        progress.advance(772)
        progress.start("Comparing sources", total=40)
        progress.advance(40)
    text = out.getvalue()
    for stage, count in (("Reading articles", "772"), ("Analysing articles", "772/772"),
                         ("Comparing sources", "40/40")):
        assert text.count(stage) == 1, text
        line = next(x for x in text.splitlines() if stage in x)
        assert count in line and "?" not in line, line
    assert "loading" not in text  # a note goes with its stage's end
