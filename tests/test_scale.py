"""Scale-out on Dask: the same report as one process, and clear failures."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsweave import pipeline
from newsweave.analysis import STAGES, analyse, load_analyses
from newsweave.executor import LocalExecutor
from newsweave.ingest import read_inputs
from newsweave.render import render_json
from newsweave.scale import INSTALL, DaskExecutor, ScaleError
from newsweave.store import Store
from tests.conftest import DEMO

pytest.importorskip("distributed", reason=f"the dask extra is not installed ({INSTALL})")


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskExecutor]:
    with DaskExecutor.local(2) as executor:
        yield executor


@pytest.mark.slow
def test_two_workers_give_the_same_report_as_one_process(
    models: Any, cluster: DaskExecutor
) -> None:
    corpus = [str(DEMO / "corpus")]
    with Store.open() as one:
        _, single = pipeline.analyze(corpus, one, models)
    with Store.open() as many:
        _, spread = pipeline.analyze(corpus, many, models, executor=cluster)
    assert render_json(spread) == render_json(single)  # the report has no timing fields


class _KillOnFirstBatch:
    """A Progress that kills one worker process as soon as the first batch is stored."""

    def __init__(self, executor: DaskExecutor) -> None:
        self.executor = executor
        self.killed = False

    def start(self, description: str, total: int | None = None) -> None:
        return None

    def advance(self, n: int = 1) -> None:
        if not self.killed:
            pids = self.executor.client.run(os.getpid)
            os.kill(next(iter(pids.values())), signal.SIGKILL)
            self.killed = True

    def finish(self) -> None:
        return None


@pytest.mark.slow
def test_a_killed_worker_never_leaves_partial_analyses(
    models: Any, cluster: DaskExecutor
) -> None:
    articles = sorted(read_inputs([str(DEMO / "corpus")]).articles, key=lambda a: a.id)[:12]
    with Store.open() as store:
        store.add_articles(articles, {})
        killer = _KillOnFirstBatch(cluster)
        try:
            analyse(store, cluster, batch_size=2, progress=killer)
        except ScaleError as exc:  # Dask gave up on a task: a clear message, nothing partial
            assert "workers kept dying" in str(exc)
        assert killer.killed
        done = set(store.article_ids()) - set(store.stale_articles(STAGES))
        # Whole batches only: every stored article has all its results ...
        ids = sorted(done)
        assert set(load_analyses(store, ids)) == done
        # ... and they equal a single-process analysis of the same batches.
        with Store.open() as reference:
            reference.add_articles(articles, {})
            analyse(reference, LocalExecutor(models), batch_size=2)
            want = load_analyses(reference, ids)
        got = load_analyses(store, ids)
        assert all(got[i].quotes == want[i].quotes and got[i].times == want[i].times
                   for i in ids)
        # A re-run finishes what was left.
        analyse(store, cluster, batch_size=2)
        assert store.stale_articles(STAGES) == []


def test_unreachable_scheduler_fails_fast() -> None:
    start = time.monotonic()
    with pytest.raises(ScaleError, match=r"Cannot reach a Dask scheduler at 'tcp://127\.0\.0\.1:9'"):
        DaskExecutor.connect("tcp://127.0.0.1:9", timeout=2)
    assert time.monotonic() - start < 30


def test_missing_dask_names_the_install_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(ScaleError, match=r"pip install 'newsweave\[dask\]'"):
        DaskExecutor.local(1)


def test_cli_rejects_workers_with_scheduler(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsweave.cli import app

    result = CliRunner().invoke(app, ["analyze", str(DEMO / "corpus" / "zz_bad"), "--workers",
                                      "2", "--scheduler", "tcp://127.0.0.1:9", "-q"])
    assert result.exit_code == 2
