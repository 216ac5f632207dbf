"""Settings saved with the store: the run that built it decides how later runs weave."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from newsweave import codec, pipeline
from newsweave.errors import StoreError
from newsweave.facts import FactParams
from newsweave.index_state import ClusterParams, DedupConfig
from newsweave.model import StoryReport
from newsweave.nlp import Models
from newsweave.settings import Options, check_encoder, options_from_settings, settings_of
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


def test_the_encoder_is_a_saved_setting() -> None:
    saved = settings_of(Options(encoder="e5-small"))
    assert json.loads(saved["encoder"]) == "multilingual-e5-small-q4"
    assert options_from_settings(saved).encoder == "e5-small"
    assert options_from_settings(settings_of(Options())).encoder == "minilm"
    with pytest.raises(ValueError, match="choose one of minilm, e5-small"):
        Options(encoder="bert")


def test_a_run_with_another_encoder_than_the_store_is_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        store.put_settings(settings_of(Options()))
        with pytest.raises(StoreError, match="built with the encoder 'minilm'"):
            check_encoder(store.settings(), Options(encoder="e5-small"))
        check_encoder(store.settings(), Options())  # the same encoder is fine
        check_encoder({}, Options(encoder="e5-small"))  # a new store takes any


def test_models_switch_to_the_stores_encoder(models: Any) -> None:
    own = Models(embedder=models.embedder)
    own.use_encoder("minilm")
    assert own.embedder is models.embedder  # the same model: kept
    own.use_encoder("e5-small")
    assert own.encoder == "e5-small" and own._embedder is None  # loads e5 on first use


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
        # Only the story the new article joined is woven again (the stage counts its
        # articles), with the saved budget; the others' cached reports are read while the
        # store is open.
        joined = next(r.story for r in reports.values()
                      if "ed-2025-09-19-velmora-fault-warning" in r.story.article_ids)
        assert ("Comparing sources", len(joined.article_ids)) in recorder.steps
        assert [s for s, _ in recorder.steps].count("Comparing sources") == 1
        assert len(reports.woven) == 1
        assert all(len(r.summary or ()) <= 1 for r in reports.values())


@pytest.mark.slow
def test_cli_ingest_after_analyze_keeps_its_settings(tmp_path: Path) -> None:
    """`analyze --summary-sentences 1 --min-confidence 0.3`, then `ingest`: the saved settings
    weave the one story the new article joined; the other story's cached report is untouched."""
    from typer.testing import CliRunner

    from newsweave.cli import app
    from newsweave.report import REPORT_STAGE

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    wire = DEMO / "corpus" / "tidewater-wire" / "2025-09"
    for name in ("tw-2025-09-14-velmora-earthquake.txt", "tw-2025-09-25-marevia-rate-hike.txt"):
        shutil.copy(wire / name, corpus / name)
    db = tmp_path / "news.db"
    runner = CliRunner()
    first = runner.invoke(app, ["analyze", str(corpus), "--db", str(db), "-q",
                                "--summary-sentences", "1", "--min-confidence", "0.3"])
    assert first.exit_code == 0, first.output
    with Store.open(db, read_only=True) as store:
        saved = store.settings()
        before = {s.id: (s.article_ids, store.story_analysis(s.id, REPORT_STAGE))
                  for s in store.stories()}
    late = DEMO / "corpus" / "eastgate-dispatch" / "ed-2025-09-19-velmora-fault-warning.txt"
    second = runner.invoke(app, ["ingest", str(late), "--db", str(db), "-q"])
    assert second.exit_code == 0, second.output
    with Store.open(db, read_only=True) as store:
        assert store.settings() == saved
        options = pipeline.saved_options(store)
        after = {s.id: (s.article_ids, store.story_analysis(s.id, REPORT_STAGE))
                 for s in store.stories()}
    assert options.weave.budget == SummaryBudget(sentences=1)
    assert options.weave.facts.min_confidence == 0.3
    joined = [sid for sid in after if sid not in before or after[sid][0] != before[sid][0]]
    assert len(joined) == 1 and len(after) == len(before) == 2
    assert len(after[joined[0]][0]) == 2  # the late article joined the earthquake story
    # The other story was not re-woven: its cached report is byte for byte the same row.
    assert all(after[sid] == before[sid] for sid in after if sid not in joined)
    woven = after[joined[0]][1]
    assert woven is not None and woven != before[joined[0]][1]
    assert all(len(r.summary or ()) <= 1 for r in [codec.loads(StoryReport, woven[1])])
