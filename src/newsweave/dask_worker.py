"""What runs on a Dask worker: the models plugin and the two tasks (see :mod:`newsweave.scale`).

Imported only through :mod:`newsweave.scale`, after it checked that Dask is installed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from distributed import get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from newsweave.annotate import annotate
from newsweave.errors import NewsweaveError
from newsweave.model import Article, ArticleAnalysis, StoryInput, StoryReport
from newsweave.nlp import Models
from newsweave.weave import WeaveOptions, weave_story

PLUGIN = "newsweave-models"


class ModelsPlugin(WorkerPlugin):
    """Gives each worker process its own :class:`Models`, made when the worker starts
    (or joins) and loaded on first use, with torch limited to the worker's threads.

    Only the empty plugin is pickled to the workers: models never travel.
    """

    name = PLUGIN

    def __init__(self) -> None:
        self.models: Models | None = None

    def setup(self, worker: Any) -> None:
        self.models = Models(threads=int(getattr(worker.state, "nthreads", 1) or 1))

    def teardown(self, worker: Any) -> None:
        self.models = None

    def __getstate__(self) -> dict[str, object]:
        return {}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.models = None


def _worker_models(worker: Any = None) -> Models:
    plugin = (worker or get_worker()).plugins.get(PLUGIN)
    if not isinstance(plugin, ModelsPlugin) or plugin.models is None:
        raise NewsweaveError("This Dask worker has no newsweave models plugin: run the work "
                             "through newsweave.scale.DaskExecutor, which registers it.")
    models: Models = plugin.models
    return models


def has_models(dask_worker: Any) -> bool:
    """Whether this worker has the models plugin already (``Client.run`` passes the worker)."""
    return isinstance(dask_worker.plugins.get(PLUGIN), ModelsPlugin)


def load_models(dask_worker: Any) -> None:
    """Load every model of this worker now (:meth:`newsweave.scale.DaskExecutor.warm_up`;
    ``Client.run`` passes the worker as ``dask_worker``)."""
    models = _worker_models(dask_worker)
    for name in ("splitter", "ner", "parser", "embedder"):
        getattr(models, name)


def annotate_on_worker(batch: Sequence[Article]) -> list[ArticleAnalysis]:
    """:func:`~newsweave.annotate.annotate` with this worker's models."""
    return annotate(batch, _worker_models())


def weave_on_worker(story: StoryInput, options: WeaveOptions) -> StoryReport:
    """:func:`~newsweave.weave.weave_story` with this worker's parser (as in one process)."""
    return weave_story(story, options, parser=_worker_models().parser)
