"""Scale-out on Dask: the pure stages on a ``dask.distributed`` cluster.

:class:`DaskExecutor` is an :class:`~newsweave.executor.Executor`: it sends
batches of articles to :func:`~newsweave.annotate.annotate` and story inputs to
:func:`~newsweave.weave.weave_story` on the workers and yields the results as
they complete, keeping at most ``window`` tasks in flight so the driver never
holds more than that many batches. Each worker builds its own
:class:`~newsweave.nlp.Models` once, in a worker plugin
(:class:`newsweave.dask_worker.ModelsPlugin`):
models are never pickled. Workers never open the store: the driver reads the
inputs and writes every result (``docs/scale.md``).

Dask is an optional extra, imported only here and only when used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from newsweave.errors import NewsweaveError
from newsweave.model import Article, ArticleAnalysis, StoryInput, StoryReport
from newsweave.weave import WeaveOptions

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["INSTALL", "PLUGIN", "DaskExecutor", "ScaleError"]

INSTALL = "pip install 'newsweave[dask]'"
PLUGIN = "newsweave-models"
CONNECT_TIMEOUT = 10.0
R = TypeVar("R")


class ScaleError(NewsweaveError):
    """Dask is missing, a scheduler cannot be reached, or workers kept dying."""


def _one_line(exc: BaseException) -> str:
    """``exc``'s text on one line (Dask's messages can span several)."""
    return " ".join(str(exc).split()) or type(exc).__name__


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ScaleError(f"Dask is not installed: run `{INSTALL}` to use --workers or "
                         f"--scheduler ({_one_line(exc)}).") from exc
    return distributed


def _tasks() -> Any:
    _distributed()
    from newsweave import dask_worker  # imports distributed at its top

    return dask_worker


class DaskExecutor:
    """Runs the pure stages on a Dask cluster; use :meth:`local` or :meth:`connect`.

    ``window`` bounds the tasks in flight (default: twice the workers' threads).
    Close it (or use ``with``) to shut down a cluster it started.
    """

    def __init__(self, client: Client, *, window: int | None = None,
                 cluster: Any = None) -> None:
        self.client = client
        self._cluster = cluster
        scheduler = client.scheduler
        self.address = str(scheduler.address) if scheduler is not None else "?"
        threads = sum(client.nthreads().values()) or 1  # type: ignore[no-untyped-call]
        self.window = window or 2 * threads
        tasks = _tasks()
        have = client.run(tasks.has_models)
        if not have or not all(have.values()):  # a cluster used before keeps its models
            client.register_plugin(tasks.ModelsPlugin(), name=PLUGIN)

    @classmethod
    def local(cls, workers: int, *, threads_per_worker: int = 1,
              window: int | None = None) -> DaskExecutor:
        """Start a ``LocalCluster`` of ``workers`` processes on this machine."""
        if workers < 1:
            raise ScaleError(f"--workers must be at least 1, got {workers}.")
        distributed = _distributed()
        import dask

        # Dask's statistical profiler samples every worker thread 100 times a second for
        # its dashboard, which newsweave does not show: 5-10% of each worker's CPU, and
        # then two workers are not twice as fast as one (docs/scale.md). Workers get the
        # config in force when their cluster starts.
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=threads_per_worker, processes=True,
                # The scheduler always serves HTTP: on a free port of this host only.
                dashboard_address="127.0.0.1:0", silence_logs=40)
        return cls(distributed.Client(cluster), window=window, cluster=cluster)

    @classmethod
    def connect(cls, address: str, *, timeout: float = CONNECT_TIMEOUT,
                window: int | None = None) -> DaskExecutor:
        """Use the existing Dask cluster whose scheduler listens at ``address``."""
        distributed = _distributed()
        try:
            client = distributed.Client(address, timeout=timeout)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ScaleError(
                f"Cannot reach a Dask scheduler at {address!r} within {timeout:g} s "
                f"({_one_line(exc)}). "
                "Start one (`dask scheduler`, then `dask worker ADDRESS`) or use --workers N "
                "for a local cluster.") from exc
        if not client.nthreads():
            client.close()
            raise ScaleError(f"The Dask scheduler at {address!r} has no workers: start some "
                             f"with `dask worker {address}`.")
        return cls(client, window=window)

    def workers(self) -> int:
        """How many workers the cluster has now."""
        return len(self.client.nthreads())  # type: ignore[no-untyped-call]

    def warm_up(self) -> None:
        """Load every model on every worker now (otherwise each loads on first use), so a
        timing measures the work, not the loading; fails early if a worker cannot load."""
        self.client.run(_tasks().load_models)

    def close(self) -> None:
        self.client.close()  # type: ignore[no-untyped-call]
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def annotate(self, batches: Iterable[Sequence[Article]], *,
                 on_article: Callable[[int], None] | None = None,
                 ) -> Iterator[list[ArticleAnalysis]]:
        # Workers cannot report each article; the pipeline counts whole batches.
        return self._run(_tasks().annotate_on_worker, ((b,) for b in batches),
                         "annotating articles")

    def weave(self, stories: Iterable[StoryInput],
              options: WeaveOptions) -> Iterator[StoryReport]:
        return self._run(_tasks().weave_on_worker, ((s, options) for s in stories),
                         "weaving stories")

    def _run(self, fn: Callable[..., R], calls: Iterable[tuple[Any, ...]],
             what: str) -> Iterator[R]:
        """Submit ``fn(*args)`` for each call, at most ``window`` at a time; yield results
        as they complete. A task whose workers kept dying raises :class:`ScaleError`."""
        distributed = _distributed()
        pending = distributed.as_completed()
        todo = iter(calls)
        for _, args in zip(range(self.window), todo, strict=False):
            pending.add(self.client.submit(fn, *args, pure=False))
        lost = (distributed.client.FutureCancelledError, distributed.CancelledError,
                distributed.client.CommClosedError)
        for future in pending:
            try:
                result: R = future.result()
            except distributed.KilledWorker as exc:
                raise ScaleError(
                    f"Dask workers kept dying while {what} ({_one_line(exc)}); nothing of the "
                    "unfinished work was stored. Give the workers more memory (fewer --workers) "
                    "and re-run: finished work is kept.") from exc
            except lost as exc:
                raise ScaleError(
                    f"Lost the Dask cluster at {self.address!r} while {what} "
                    f"({_one_line(exc)}); nothing of the unfinished work was stored. Check the "
                    "scheduler and re-run: finished work is kept.") from exc
            yield result
            nxt = next(todo, None)
            if nxt is not None:
                pending.add(self.client.submit(fn, *nxt, pure=False))
