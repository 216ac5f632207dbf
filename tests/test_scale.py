"""Scale-out on Dask: the same report as one process, and clear failures."""

from __future__ import annotations

import json
import os
import pickle
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
from newsweave.settings import Options
from newsweave.store import Store
from tests.conftest import DEMO, ECBPLUS, require

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


@pytest.mark.slow
@pytest.mark.shared
def test_real_news_gives_the_same_report_on_two_workers(
    models: Any, cluster: DaskExecutor, tmp_path: Path
) -> None:
    """ECB+ topics 1-2 (real news by many outlets) in batches of 8, so both workers get
    several batches and results come back out of order: the report is the same."""
    rows = [json.loads(line) for line in require(ECBPLUS).read_text("utf-8").splitlines()]
    sample = tmp_path / "ecbplus-1-2.jsonl"
    sample.write_text("".join(json.dumps(r) + "\n" for r in rows if r["topic"] in (1, 2)),
                      encoding="utf-8")
    options = Options(batch_size=8)
    with Store.open() as one:
        _, single = pipeline.analyze([str(sample)], one, models, options=options)
    with Store.open() as many:
        _, spread = pipeline.analyze([str(sample)], many, models, options=options,
                                     executor=cluster)
    assert len(single.articles) > 3 * options.batch_size
    assert render_json(spread) == render_json(single)


@pytest.mark.slow
def test_the_cli_runs_on_an_existing_cluster(
    models: Any, cluster: DaskExecutor, tmp_path: Path
) -> None:
    """`newsweave analyze … --scheduler ADDRESS` uses the running cluster (it is still up
    afterwards) and writes the report one process writes."""
    from typer.testing import CliRunner

    from newsweave.cli import app

    corpus = str(DEMO / "corpus" / "tidewater-wire")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["analyze", corpus, "--scheduler", cluster.address,
                                      "--json", str(out), "-q"])
    assert result.exit_code == 0, result.output
    with Store.open() as one:
        _, single = pipeline.analyze([corpus], one, models)
    assert out.read_text("utf-8") == render_json(single)
    assert cluster.workers() == 2  # the CLI closed its connection, not the cluster


def _models_of_this_worker(dask_worker: Any) -> tuple[int, bool]:
    models = dask_worker.plugins["newsweave-models"].models
    return id(models), models._embedder is not None


@pytest.mark.slow
def test_each_worker_builds_its_models_once_and_they_never_travel(
    cluster: DaskExecutor
) -> None:
    from newsweave.dask_worker import ModelsPlugin

    assert len(pickle.dumps(ModelsPlugin())) < 200  # the plugin travels empty
    cluster.warm_up()
    first = cluster.client.run(_models_of_this_worker)
    batch = sorted(read_inputs([str(DEMO / "corpus")]).articles, key=lambda a: a.id)[:4]
    results = list(cluster.annotate([batch[:2], batch[2:]]))
    assert sorted(a.article_id for r in results for a in r) == sorted(a.id for a in batch)
    assert cluster.client.run(_models_of_this_worker) == first  # the same, loaded models
    assert len(first) == 2 and all(loaded for _, loaded in first.values())


def _worker_setup(dask_worker: Any) -> tuple[bool, int]:
    import dask

    return bool(dask.config.get("distributed.worker.profile.enabled")), dask_worker.state.nthreads


@pytest.mark.slow
def test_local_workers_spend_their_core_on_the_work(cluster: DaskExecutor) -> None:
    """One thread each, and no dashboard profiler sampling the threads (docs/scale.md)."""
    import dask

    assert dask.config.get("distributed.worker.profile.enabled")  # this process: unchanged
    assert set(cluster.client.run(_worker_setup).values()) == {(False, 1)}


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


def test_cli_without_dask_prints_the_install_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from newsweave.cli import app

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were missing
    result = CliRunner().invoke(app, ["analyze", str(DEMO / "corpus"), "--workers", "2", "-q"])
    assert result.exit_code == 1
    assert "pip install 'newsweave[dask]'" in result.output


def test_cli_names_an_unreachable_scheduler_on_one_line() -> None:
    from typer.testing import CliRunner

    from newsweave.cli import app

    start = time.monotonic()
    result = CliRunner().invoke(app, ["analyze", str(DEMO / "corpus"), "--scheduler",
                                      "tcp://127.0.0.1:9", "-q"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "tcp://127.0.0.1:9" in lines[0], result.output
    assert time.monotonic() - start < 60


def test_cli_rejects_workers_with_scheduler(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsweave.cli import app

    result = CliRunner().invoke(app, ["analyze", str(DEMO / "corpus" / "zz_bad"), "--workers",
                                      "2", "--scheduler", "tcp://127.0.0.1:9", "-q"])
    assert result.exit_code == 2
