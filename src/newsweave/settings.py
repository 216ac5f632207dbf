"""Run options, and the settings a store keeps of the run that built it.

:class:`Options` gathers every parameter of a run: how inputs are read, the
duplicate and clustering parameters, and every story stage's parameters
(:class:`~newsweave.weave.WeaveOptions`). ``analyze`` (or an explicit
``update(options=...)``) saves them with the store; later ``ingest`` runs,
updates and web uploads reuse them (:func:`saved_options`), so adding articles
never silently re-weaves every story with other settings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsweave import codec
from newsweave.embed import MODEL_NAME
from newsweave.errors import StoreError
from newsweave.index_state import ClusterParams, DedupConfig
from newsweave.ingest.limits import IngestLimits
from newsweave.weave import WeaveOptions

__all__ = ["Options", "options_from_settings", "settings_of"]

DEFAULT_BATCH = 200


@dataclass(frozen=True, slots=True)
class Options:
    """Run options: how inputs are read, grouped and compared.

    ``batch_size`` is both the ingest transaction size and the annotate batch
    (which articles share an encoder call, so it is saved with the store).
    """

    default_date: dt.date | None = None
    min_words: int = 10
    datelines: bool = True
    limits: IngestLimits = field(default_factory=IngestLimits)  # per run, never saved
    batch_size: int = DEFAULT_BATCH
    dedup: DedupConfig = field(default_factory=DedupConfig)
    clustering: ClusterParams = field(default_factory=ClusterParams)
    weave: WeaveOptions = field(default_factory=WeaveOptions)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def settings_of(options: Options) -> dict[str, str]:
    """What a store saves of ``options`` (name -> JSON text)."""
    dedup = options.dedup
    return {
        "encoder": _json(MODEL_NAME),
        "batch_size": _json(options.batch_size),
        "dedup": _json({"threshold": dedup.threshold, "num_perm": dedup.num_perm,
                        "shingle_size": dedup.shingle_size, "seed": dedup.seed}),
        "clustering": _json(codec.to_jsonable(options.clustering)),
        "weave": _json(codec.to_jsonable(options.weave)),
    }


def options_from_settings(values: Mapping[str, str], base: Options = Options()) -> Options:
    """``base`` with the saved settings ``values`` applied (``base`` itself when none are).

    Raises :class:`StoreError` when the store was built with another encoder.
    """
    if not values:
        return base
    encoder = json.loads(values.get("encoder", _json(MODEL_NAME)))
    if encoder != MODEL_NAME:
        raise StoreError(f"This store was built with the encoder {encoder!r}, but this newsweave "
                         f"uses {MODEL_NAME!r}: analyze the articles into a new store.")
    out = base
    if "batch_size" in values:
        out = dataclasses.replace(out, batch_size=int(json.loads(values["batch_size"])))
    if "dedup" in values:
        out = dataclasses.replace(out, dedup=DedupConfig(**json.loads(values["dedup"])))
    if "clustering" in values:
        out = dataclasses.replace(out, clustering=codec.from_jsonable(
            ClusterParams, json.loads(values["clustering"])))
    if "weave" in values:
        out = dataclasses.replace(out, weave=codec.from_jsonable(
            WeaveOptions, json.loads(values["weave"])))
    return out
