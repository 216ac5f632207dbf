"""A story whose cached report is outdated (issue 19) is re-woven when its page or API
entry is read, and only that story; real store, models and app."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsweave import weave
from newsweave.refresh import outdated_ids
from newsweave.store import Store
from newsweave.web import create_app


def test_reading_a_story_reweaves_it_when_outdated(
    fresh_db: Path, models, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(weave, "WEAVE_VERSION", str(int(weave.WEAVE_VERSION) + 1))
    with Store.open(fresh_db, read_only=True) as store:
        before = store.story_fingerprints("story_report")
        stale = outdated_ids(store)
    assert sorted(stale) == sorted(before) and len(stale) >= 2
    c = TestClient(create_app(fresh_db, models=models), base_url="http://127.0.0.1")
    first, second = stale[0], stale[1]
    assert c.get(f"/api/stories/{first}").status_code == 200
    assert c.get(f"/stories/{second}").status_code == 200
    with Store.open(fresh_db, read_only=True) as store:
        after = store.story_fingerprints("story_report")
        assert sorted(outdated_ids(store)) == sorted(set(stale) - {first, second})
    assert {k for k in after if after[k] != before[k]} == {first, second}
    # Read again: current now, nothing woven.
    assert c.get(f"/api/stories/{first}").status_code == 200
    with Store.open(fresh_db, read_only=True) as store:
        assert store.story_fingerprints("story_report") == after


def test_api_report_marks_outdated_stories(
    fresh_db: Path, models, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """/api/report serves cached reports as they are, never as current: outdated ones are
    listed and flagged until read (or refreshed); a current store lists none."""
    c = TestClient(create_app(fresh_db, models=models), base_url="http://127.0.0.1")
    current = c.get("/api/report").json()
    assert current["outdated"] == []
    assert not any("outdated" in s for s in current["stories"])
    monkeypatch.setattr(weave, "WEAVE_VERSION", str(int(weave.WEAVE_VERSION) + 1))
    old = c.get("/api/report").json()
    ids = [s["id"] for s in old["stories"]]
    assert old["outdated"] == ids and len(ids) >= 2
    assert all(s["outdated"] is True for s in old["stories"])
    # Nothing else changes: the same cached reports, flagged.
    assert [{k: v for k, v in s.items() if k != "outdated"} for s in old["stories"]] == \
        current["stories"]
    assert c.get(f"/stories/{ids[0]}").status_code == 200  # its page re-weaves it
    after = c.get("/api/report").json()
    assert after["outdated"] == ids[1:]
    assert "outdated" not in after["stories"][0] and after["stories"][1]["outdated"] is True
