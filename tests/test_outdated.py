"""Outdated story reports (issue 19): after a WEAVE_VERSION bump, an ingest weaves only the
story the new article joined; the others are re-woven when read or refreshed, and the
report then equals a full re-weave. Real demo articles, real models and store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsweave import pipeline, weave
from newsweave.executor import LocalExecutor
from newsweave.failures import FailureLog
from newsweave.listing import refresh_listings
from newsweave.outdated import PREFIXES, WOVEN
from newsweave.refresh import outdated_ids, refresh
from newsweave.render import render_json
from newsweave.report import build_report
from newsweave.store import Store
from newsweave.summarize.params import SummaryBudget
from newsweave.weave import WeaveOptions

DEMO = Path(__file__).resolve().parent.parent / "demo" / "corpus"
FIRST = [DEMO / "tidewater-wire" / "2025-09" / name for name in (
    "tw-2025-09-14-velmora-earthquake.txt", "tw-2025-09-17-lumatek-heater-recall.txt",
    "tw-2025-09-25-marevia-rate-hike.txt")]
LATE = DEMO / "eastgate-dispatch" / "ed-2025-09-19-velmora-fault-warning.txt"


class Steps:
    """A progress display that records each stage and its total."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, int | None]] = []

    def start(self, description: str, total: int | None = None) -> None:
        self.steps.append((description, total))

    def advance(self, n: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass

    def note(self, message: str) -> None:
        pass

    def woven(self) -> list[int | None]:
        return [total for step, total in self.steps if step == "Comparing sources"]


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in FIRST:
        shutil.copy(path, corpus / path.name)
    return corpus


def _fingerprints(store: Store) -> dict[str, str]:
    return store.story_fingerprints("story_report")


def _report(store: Store) -> str:
    # The run-dependent parts (rejections and warnings of the latest run) are the same:
    # none in both stores.
    return render_json(build_report(store, rejected=(), warnings=(), failed=()))


@pytest.fixture
def bumped(models, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A store woven by "version 3", then newsweave upgraded to a new WEAVE_VERSION."""
    db = tmp_path / "old.db"
    with Store.open(db) as store:
        pipeline.analyze([str(_corpus(tmp_path))], store, models)
        assert len(store.stories()) == 3
    monkeypatch.setattr(weave, "WEAVE_VERSION", str(int(weave.WEAVE_VERSION) + 1))
    return db


def test_an_upgrade_weaves_only_the_story_the_new_article_joined(
    models, bumped: Path, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    with Store.open(bumped) as store:
        old = _fingerprints(store)
        pipeline.ingest([str(LATE)], store)
        steps = Steps()
        reports = pipeline.update(store, models, progress=steps)
        (joined,) = [s for s in store.stories() if LATE.stem in s.article_ids]
        # One story woven (counted in its articles), not the store's three.
        assert list(reports.woven) == [joined.id]
        assert steps.woven() == [len(joined.article_ids)]
        now = _fingerprints(store)
        assert now[joined.id] != old[joined.id]
        assert {k: v for k, v in now.items() if k != joined.id} == {
            k: v for k, v in old.items() if k != joined.id}
        # The other two are outdated (same articles, older version), and said so.
        left = outdated_ids(store)
        assert sorted(left) == sorted(set(old) - {joined.id})
        # A second update weaves nothing (the outdated stay lazy), even when it has to
        # check every story (the mark cleared, as after a crash or a removal).
        store.put_update_state(WOVEN, None)
        steps = Steps()
        again = pipeline.update(store, models, progress=steps)
        assert not again.woven and steps.woven() == []
        assert sorted(again.outdated) == sorted(left)
        # Refreshing weaves exactly the outdated ones, resumably: one, then the rest.
        first = refresh(store, models, limit=1)
        assert (first.woven, first.left) == (1, 1)
        assert len(outdated_ids(store)) == 1
        rest = refresh(store, models)
        assert (rest.woven, rest.left) == (1, 0)
        assert outdated_ids(store) == [] and refresh(store, models).woven == 0
        assert refresh_listings(store) == 0  # every list row is current
        lazy = _report(store)
    # The same articles woven from scratch by the new version give the same report.
    # (From the same files, read in the same runs: the articles' origins are their paths.)
    with Store.open(tmp_path / "fresh.db") as store:
        pipeline.ingest([str(tmp_path / "corpus")], store)
        pipeline.update(store, models)
        pipeline.ingest([str(LATE)], store)
        pipeline.update(store, models)
        full = _report(store)
    assert lazy == full


def test_a_full_report_weaves_the_outdated_stories_first(
    models, bumped: Path  # type: ignore[no-untyped-def]
) -> None:
    with Store.open(bumped) as store:
        pipeline.ingest([str(LATE)], store)
        pipeline.update(store, models)
        left = outdated_ids(store)
        assert len(left) == 2
        before = _fingerprints(store)
        # analyze (a whole report) re-weaves what is outdated: lazy=False.
        steps = Steps()
        reports = pipeline.update(store, models, lazy=False, progress=steps)
        assert sorted(reports.woven) == sorted(left) and not reports.outdated
        assert outdated_ids(store) == []
        assert store.update_state(PREFIXES) == f'["{weave.weave_prefix(pipeline.Options().weave)}"]'
        after = _fingerprints(store)
        assert {k for k in after if after[k] != before[k]} == set(left)
        assert not pipeline.weave_stories(store, LocalExecutor(models)).woven


def test_changed_options_make_reports_outdated_not_rewoven(
    models, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    with Store.open(tmp_path / "news.db") as store:
        pipeline.analyze([str(_corpus(tmp_path))], store, models)
        other = pipeline.Options(weave=WeaveOptions(budget=SummaryBudget(sentences=2)))
        assert other.weave != pipeline.Options().weave
        pipeline.ingest([str(LATE)], store)
        failures = FailureLog()
        steps = Steps()
        pipeline.update(store, models, options=other, progress=steps, failures=failures)
        (joined,) = [s for s in store.stories() if LATE.stem in s.article_ids]
        assert steps.woven() == [len(joined.article_ids)]
        assert len(outdated_ids(store)) == 2  # under the store's (now saved) options


def test_the_cli_says_how_many_are_outdated_and_refreshes_them(
    models, bumped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    from typer.testing import CliRunner

    from newsweave import cli_refresh, cli_store
    from newsweave.cli import app

    for module in (cli_store, cli_refresh):  # the session's models, not a second load
        monkeypatch.setattr(module, "_models", lambda *_: models)
    run = CliRunner().invoke(app, ["ingest", str(LATE), "--db", str(bumped)])
    assert run.exit_code == 0, run.output
    text = " ".join(run.output.split())
    assert "2 of the store's stories were woven by an older newsweave" in text
    assert f"newsweave refresh --db {bumped}" in text
    # A whole report re-weaves them first (so it equals a full re-weave), and says so.
    out = tmp_path / "report.json"
    run = CliRunner().invoke(app, ["report", "--db", str(bumped), "--json", str(out)])
    assert run.exit_code == 0, run.output
    assert "2 stories were woven by an older newsweave" in " ".join(run.output.split())
    with Store.open(bumped, read_only=True) as store:
        assert outdated_ids(store) == []
    run = CliRunner().invoke(app, ["refresh", "--db", str(bumped)])
    assert run.exit_code == 0 and "Every story's report is current." in run.output
