"""Tests for newsweave.weaving: which members a story's comparison reads (issue 19)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from newsweave import pipeline, weaving
from newsweave.ingest import read_inputs
from newsweave.model import Article, DuplicateMatch
from newsweave.store import Store
from newsweave.weaving import story_inputs, woven_members
from tests.conftest import DEMO
from tests.wire_copies import wire_copies


def _demo() -> list[Article]:
    return sorted(read_inputs([str(DEMO / "corpus")]).articles, key=lambda a: a.id)


def test_only_the_first_copies_of_a_group_are_read() -> None:
    demo = _demo()
    head = dataclasses.replace(demo[0], date=dt.date(2025, 9, 5))  # dated after its copies
    copies = wire_copies(head, 6, prefix="copy", start=dt.date(2025, 9, 2))
    others = demo[1:4]
    dups = [DuplicateMatch(c.id, head.id, 0.9, "near") for c in copies]
    kept = woven_members([*copies, head, *others], dups, max_copies=3)
    ids = [a.id for a in kept]
    assert head.id in ids and {a.id for a in others} <= set(ids)
    # The canonical article holds one of the three places whatever its date.
    assert sorted(i for i in ids if i.startswith("copy-")) == ["copy-0", "copy-3"]
    assert len(kept) == 3 + len(others)
    # Small groups are read whole: nothing changes for them.
    assert woven_members([*copies, head], dups, max_copies=7) == sorted(
        [*copies, head], key=lambda a: (a.date, a.id))


def test_a_wire_story_keeps_every_member_but_reads_a_bounded_few(
        models, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    base = next(a for a in _demo() if len(a.text.split()) > 120)
    corpus = tmp_path / "wire.jsonl"
    copies = wire_copies(base, 5, prefix="copy", start=dt.date(2025, 9, 2))
    corpus.write_text("".join(json.dumps({"id": a.id, "date": a.date.isoformat() if a.date
                                          else None, "text": a.text, "source": a.origin}) + "\n"
                              for a in copies), encoding="utf-8")
    monkeypatch.setattr(weaving, "MAX_COPIES_WOVEN", 2)
    with Store.open(":memory:") as store:
        _, report = pipeline.analyze([str(corpus)], store, models)
        (story,) = report.stories
        assert len(story.story.article_ids) == 5  # every copy stays in the story
        assert story.failure is None and story.summary is not None
        (found,) = story_inputs(store, store.stories())
        assert len(found.articles) == 2 and found.story == store.stories()[0]
        read = {a.id for a in found.articles}
        assert set(found.analyses) == read == set(found.embeddings)
