"""The bundled demo corpus: what issue 2 promises about it, checked against demo/gold.json."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from newsweave.pipeline import analyze
from newsweave.store import Store

from .conftest import DEMO

CORPUS = DEMO / "corpus"
GOLD = json.loads((DEMO / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_report(models):  # type: ignore[no-untyped-def]
    with Store.open(":memory:") as store:
        _, report = analyze([str(CORPUS)], store, models)
    return report


def test_corpus_has_the_promised_breadth() -> None:
    articles = GOLD["articles"]
    assert len(articles) >= 40
    assert len({a["source"] for a in articles.values()}) >= 5
    assert len(GOLD["stories"]) >= 8
    dates = sorted(a["date"] for a in articles.values() if a["date"])
    assert dates[0][:7] != dates[-1][:7], "stories should span several weeks"
    assert {a["format"] for a in articles.values()} >= {"txt", "jsonl", "jsonl.gz", "csv", "html"}
    assert any(a["date"] is None for a in articles.values()), "an undated article"
    relations = Counter((a["relation"] or {}).get("type") for a in articles.values())
    assert relations["exact_copy"] >= 1 and relations["light_edit"] >= 1
    assert relations["rewrite"] >= 1
    assert GOLD["conflicts"] and GOLD["misquotes"]
    # A Windows-1252 file the decoder must cope with.
    assert any(not _is_utf8(p) for p in CORPUS.rglob("*.txt"))


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_every_article_is_read_with_its_gold_id_and_metadata(demo_report) -> None:  # type: ignore[no-untyped-def]
    got = {a.id: a for a in demo_report.articles}
    assert set(got) == set(GOLD["articles"])
    for aid, gold in GOLD["articles"].items():
        # Plain .txt files carry no outlet; records name it or give its domain.
        expected = ({gold["source"], GOLD["outlets"][gold["source"]]["domain"]}
                    if gold["source_in_metadata"] else {None})
        assert got[aid].source in expected, aid
        assert (got[aid].date.isoformat() if got[aid].date else None) == gold["date"], aid
        assert got[aid].n_sentences >= 2, aid


def test_bad_files_are_rejected_with_their_reason(demo_report) -> None:  # type: ignore[no-untyped-def]
    def rel(path: str) -> str:
        return path.split("demo/corpus/", 1)[-1]

    assert sorted(rel(r.path) for r in demo_report.rejected) == sorted(
        r["path"] for r in GOLD["rejected"])
    assert all(r.reason for r in demo_report.rejected)


def test_unrelated_stories_are_never_merged(demo_report) -> None:  # type: ignore[no-untyped-def]
    truth = {aid: a["story"] for aid, a in GOLD["articles"].items()}
    for story in demo_report.stories:
        kinds = {truth[a] for a in story.story.article_ids}
        assert len(kinds) == 1, (story.story.title, kinds)
