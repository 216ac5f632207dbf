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
from newsweave.embed import ENCODER_MODELS, ENCODERS
from newsweave.errors import StoreError
from newsweave.index_state import ClusterParams, DedupConfig
from newsweave.ingest.limits import IngestLimits
from newsweave.weave import WeaveOptions

__all__ = ["Options", "check_encoder", "options_from_settings", "saved_encoder",
           "settings_of"]

# 50, not more: a Dask run gives each worker whole batches, so a few hundred articles must
# still make several (200 made a 200-article corpus one batch on one worker); the
# encoder's speed is the same from a few hundred sentences per call.
DEFAULT_BATCH = 50


@dataclass(frozen=True, slots=True)
class Options:
    """Run options: how inputs are read, grouped and compared.

    ``batch_size`` is both the ingest transaction size and the annotate batch
    (which articles share an encoder call, so it is saved with the store).
    ``encoder`` names the sentence encoder (one of :data:`newsweave.embed.ENCODERS`;
    MiniLM by default, issue 14): a store keeps the one it was built with.
    """

    default_date: dt.date | None = None
    min_words: int = 10
    datelines: bool = True
    limits: IngestLimits = field(default_factory=IngestLimits)  # per run, never saved
    batch_size: int = DEFAULT_BATCH
    dedup: DedupConfig = field(default_factory=DedupConfig)
    clustering: ClusterParams = field(default_factory=ClusterParams)
    weave: WeaveOptions = field(default_factory=WeaveOptions)
    encoder: str = "minilm"

    def __post_init__(self) -> None:
        if self.encoder not in ENCODERS:
            raise ValueError(f"Unknown encoder {self.encoder!r}: choose one of "
                             f"{', '.join(ENCODERS)}.")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def settings_of(options: Options) -> dict[str, str]:
    """What a store saves of ``options`` (name -> JSON text)."""
    dedup = options.dedup
    return {
        "encoder": _json(ENCODER_MODELS[options.encoder]),
        "batch_size": _json(options.batch_size),
        "dedup": _json({"threshold": dedup.threshold, "num_perm": dedup.num_perm,
                        "shingle_size": dedup.shingle_size, "seed": dedup.seed}),
        "clustering": _json(codec.to_jsonable(options.clustering)),
        "weave": _json(codec.to_jsonable(options.weave)),
    }


def options_from_settings(values: Mapping[str, str], base: Options = Options()) -> Options:
    """``base`` with the saved settings ``values`` applied (``base`` itself when none are).

    Raises :class:`StoreError` when the store was built with an encoder this
    newsweave does not know.
    """
    if not values:
        return base
    out = dataclasses.replace(base, encoder=saved_encoder(values) or base.encoder)
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


def saved_encoder(values: Mapping[str, str]) -> str | None:
    """The encoder setting a store was built with (``None``: no settings saved yet).

    Raises :class:`StoreError` for a model this newsweave does not know.
    """
    if "encoder" not in values:
        return None
    model = json.loads(values["encoder"])
    for key, name in ENCODER_MODELS.items():
        if name == model:
            return key
    raise StoreError(f"This store was built with the encoder {model!r}, which this newsweave "
                     f"does not have ({', '.join(ENCODER_MODELS.values())}): analyze the "
                     "articles into a new store.")


def check_encoder(values: Mapping[str, str], options: Options) -> None:
    """Refuse to run ``options`` on a store built with another encoder: vectors of two
    encoders are not comparable, so one store holds one encoder's."""
    saved = saved_encoder(values)
    if saved is not None and saved != options.encoder:
        raise StoreError(f"This store was built with the encoder {saved!r}, not "
                         f"{options.encoder!r}: use --encoder {saved} or analyze the articles "
                         "into a new store.")
