"""The whole recipe on real text: the seeds end to end, and incremental updates."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from newsweave import codec, pipeline
from newsweave.executor import LocalExecutor
from newsweave.listing import refresh_listings
from newsweave.model import Report, StoryReport
from newsweave.store import Store

from .conftest import DEMO, SEEDS, require

OLD, NEW = "000_0cd94b892af4b87f", "003_f1b843b36f5b19d6"


class Recorder:
    """A Progress that remembers each step's description and total."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, int | None]] = []

    def start(self, description: str, total: int | None = None) -> None:
        self.steps.append((description, total))

    def advance(self, n: int = 1) -> None:
        return None

    def finish(self) -> None:
        return None


@pytest.fixture(scope="module")
def seeds_report(models) -> Report:  # type: ignore[no-untyped-def]
    require(SEEDS)
    with Store.open(":memory:") as store:
        _, report = pipeline.analyze([str(SEEDS)], store, models)
    return report


def test_seeds_are_one_story_related_but_not_copies(seeds_report: Report) -> None:
    assert [a.date.isoformat() for a in seeds_report.articles if a.date] == [
        "2023-06-19", "2023-06-20"]
    assert all(a.duplicate_of is None for a in seeds_report.articles)
    (story,) = seeds_report.stories
    assert set(story.story.article_ids) == {OLD, NEW}
    assert story.rewrites and story.rewrites[0].article_id == NEW
    assert story.rewrites[0].rewrite_of == OLD


def test_seed_summary_cites_its_sources_and_covers_the_refusal(seeds_report: Report) -> None:
    summary = seeds_report.stories[0].summary
    assert summary is not None and 2 <= len(summary) <= 8
    assert len({s.text for s in summary}) == len(summary)
    assert all(s.sources for s in summary)
    assert any(set(s.sources) == {OLD, NEW} for s in summary)
    assert any("military-to-military" in s.text for s in summary)


def test_seed_timeline_resolves_relative_dates(seeds_report: Report) -> None:
    timeline = seeds_report.stories[0].timeline or ()
    dates = {t.date: t for t in timeline}
    assert {"2022-11", "2023-02", "2023-06-19"} <= set(dates)
    assert set(dates["2023-06-19"].sources) == {OLD, NEW}
    assert [t.date for t in timeline] == sorted(t.date for t in timeline)


def test_seed_quotes_facts_and_entities(seeds_report: Report) -> None:
    story = seeds_report.stories[0]
    vital = [q for q in story.quotes or () if "absolutely vital" in q.quote.text]
    assert vital and vital[0].speaker == "Antony Blinken"
    assert any(v.differences for q in vital for v in q.variants)
    haley = next(e for e in story.entities or () if e.name == "Nikki Haley")
    assert haley.type == "PERSON"
    single = {c.article_id: c.text for c in story.single_source or ()}
    assert any("35 minutes" in c.text and c.article_id == NEW for c in story.single_source or ())
    assert any("new beginning" in c.text and c.article_id == OLD
               for c in story.single_source or ()), single
    consensus = {t for g in story.consensus or () for t in [g.text]}
    assert not consensus & set(single.values())


def test_incremental_ingest_recomputes_only_the_affected_story(
    models, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    wire = DEMO / "corpus" / "tidewater-wire" / "2025-09"
    for name in ("tw-2025-09-14-velmora-earthquake.txt", "tw-2025-09-17-lumatek-heater-recall.txt",
                 "tw-2025-09-25-marevia-rate-hike.txt"):
        shutil.copy(wire / name, corpus / name)
    db = tmp_path / "news.db"
    with Store.open(db) as store:
        pipeline.analyze([str(corpus)], store, models)
        before = {s.id: store.story_analysis(s.id, "story_report") for s in store.stories()}
        assert len(before) == 3
        late = DEMO / "corpus" / "eastgate-dispatch" / "ed-2025-09-19-velmora-fault-warning.txt"
        outcome = pipeline.ingest([str(late)], store, models.splitter)
        assert outcome.added == ("ed-2025-09-19-velmora-fault-warning",)
        recorder = Recorder()
        decoded: list[type] = []
        read: list[str] = []
        loads, articles = codec.loads, Store.articles

        def counting_loads(cls: type, data: bytes) -> object:
            decoded.append(cls)
            return loads(cls, data)

        def recording_articles(self: Store, ids: Sequence[str] | None = None) -> object:
            assert ids is not None, "an update must not read every article"
            read.extend(ids)
            return articles(self, ids)

        def whole(name: str) -> Callable[..., object]:
            method = getattr(Store, name)

            def selective(self: Store, *args: object) -> object:
                # Every story's rows are not read: only the stories clustering touched.
                assert args and args[-1] is not None, f"an update must not call {name}() whole"
                return method(self, *args)
            return selective

        monkeypatch.setattr(codec, "loads", counting_loads)
        monkeypatch.setattr(Store, "articles", recording_articles)
        for name in ("story_contents", "story_fingerprints", "listing_keys", "stories",
                     "story_ids", "duplicates"):
            monkeypatch.setattr(Store, name, whole(name))
        reports = pipeline.update(store, models, progress=recorder)
        monkeypatch.undo()
        # What the update left is what checking every story finds: nothing stale.
        assert refresh_listings(store) == 0
        assert not pipeline.weave_stories(store, LocalExecutor(models)).woven
        after = {s.id: store.story_analysis(s.id, "story_report") for s in store.stories()}
        # The untouched stories' cached reports were not decoded, nor their articles read;
        # they are decoded when asked for.
        assert StoryReport not in decoded
        (joined,) = [s for s in store.stories() if outcome.added[0] in s.article_ids]
        assert set(read) <= set(joined.article_ids)
        assert list(reports.woven) == [joined.id]
        assert {r.story.id for r in reports.values()} == set(after)
        sizes = {s.id: len(s.article_ids) for s in store.stories()}
    changed = [sid for sid in after if after[sid] != before.get(sid)]
    assert len(changed) == 1 and len(after) == 3
    # One story recomputed, not three (the stage counts the articles it compares).
    compared = [total for step, total in recorder.steps if step == "Comparing sources"]
    assert compared == [sizes[changed[0]]]


def test_one_by_one_ingest_gives_the_same_stories_as_batch(
    models, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    files = sorted((DEMO / "corpus").glob("*/2025-09/tw-*.txt")) + sorted(
        (DEMO / "corpus" / "eastgate-dispatch").glob("ed-2025-09-*.txt")) + sorted(
        (DEMO / "corpus" / "valley-sentinel").glob("vs-2025-09-*.txt"))
    assert len(files) >= 10

    def stories(store: Store) -> set[frozenset[str]]:
        return {frozenset(s.article_ids) for s in store.stories()}

    with Store.open(":memory:") as batch:
        pipeline.analyze([str(f) for f in files], batch, models)
        expected = stories(batch)
        dates = {a.id: a.date for a in batch.articles()}
    assert 3 <= len(expected) < len(files)
    # Publication order, one `ingest` + `update` per article, as a live feed would arrive.
    ordered = sorted(files, key=lambda f: (dates[f.stem] is None, dates[f.stem], f.stem))
    with Store.open(tmp_path / "live.db") as live:
        for f in ordered:
            pipeline.ingest([str(f)], live, models.splitter)
            pipeline.update(live, models)
        assert stories(live) == expected


def test_a_failure_while_saving_stories_loses_nothing(
    models, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    wire = DEMO / "corpus" / "tidewater-wire" / "2025-09"
    first = wire / "tw-2025-09-14-velmora-earthquake.txt"
    late = DEMO / "corpus" / "eastgate-dispatch" / "ed-2025-09-19-velmora-fault-warning.txt"
    with Store.open(tmp_path / "news.db") as store:
        pipeline.analyze([str(first)], store, models)
        pipeline.ingest([str(late)], store, models.splitter)

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr(Store, "save_stories", broken)
        with pytest.raises(RuntimeError):
            pipeline.update(store, models)
        monkeypatch.undo()
        # The story index was rolled back with the stories, so the next run redoes the work.
        assert {a for s in store.stories() for a in s.article_ids} == {first.stem}
        pipeline.update(store, models)
        assert {a for s in store.stories() for a in s.article_ids} == {first.stem, late.stem}


def test_seed_articles_report_their_timex3_expressions(seeds_report: Report) -> None:
    times = {a.id: a.times for a in seeds_report.articles}
    new = times[NEW]
    assert new is not None and times[OLD] is not None
    got = {t.text: (t.type, t.timex_value) for t in new}
    assert got["last November"] == ("DATE", "2022-11")
    assert got["35 minutes"] == ("DURATION", "PT35M")
