"""Settings saved with the store: the run that built it decides how later runs weave."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from newsweave import pipeline
from newsweave.errors import StoreError
from newsweave.facts import FactParams
from newsweave.index_state import ClusterParams, DedupConfig
from newsweave.settings import Options, options_from_settings, settings_of
from newsweave.store import Store
from newsweave.summarize import SummaryBudget
from newsweave.weave import WeaveOptions
from tests.conftest import DEMO


def test_saved_settings_round_trip() -> None:
    chosen = Options(batch_size=50, dedup=DedupConfig(threshold=0.7),
                     clustering=ClusterParams(threshold=0.3),
                     weave=WeaveOptions(budget=SummaryBudget(sentences=3, words=80),
                                        since=dt.date(2025, 9, 20),
                                        facts=FactParams(threshold=0.4)))
    back = options_from_settings(settings_of(chosen), Options(min_words=7))
    assert back == dataclasses.replace(chosen, min_words=7)  # reading options are not saved
    assert options_from_settings({}, Options(min_words=7)) == Options(min_words=7)


def test_a_store_of_another_encoder_is_refused() -> None:
    saved = settings_of(Options()) | {"encoder": json.dumps("other-encoder")}
    with pytest.raises(StoreError, match="other-encoder"):
        options_from_settings(saved)


class Recorder:
    def __init__(self) -> None:
        self.steps: list[tuple[str, int | None]] = []

    def start(self, description: str, total: int | None = None) -> None:
        self.steps.append((description, total))

    def advance(self, n: int = 1) -> None:
        return None

    def finish(self) -> None:
        return None


def test_later_updates_reuse_the_settings_of_the_run_that_built_the_store(
    models: Any, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    wire = DEMO / "corpus" / "tidewater-wire" / "2025-09"
    for name in ("tw-2025-09-14-velmora-earthquake.txt", "tw-2025-09-25-marevia-rate-hike.txt"):
        shutil.copy(wire / name, corpus / name)
    short = Options(weave=WeaveOptions(budget=SummaryBudget(sentences=1)))
    with Store.open(tmp_path / "news.db") as store:
        pipeline.analyze([str(corpus)], store, models, options=short)
        late = DEMO / "corpus" / "eastgate-dispatch" / "ed-2025-09-19-velmora-fault-warning.txt"
        pipeline.ingest([str(late)], store)
        recorder = Recorder()
        reports = pipeline.update(store, models, progress=recorder)  # no options: the saved ones
        assert pipeline.saved_options(store).weave == short.weave
        # Only the story the new article joined is woven again, with the saved budget
        # (the others' cached reports are read while the store is open).
        assert ("Comparing sources", 1) in recorder.steps
        assert len(reports.woven) == 1
        assert all(len(r.summary or ()) <= 1 for r in reports.values())
