"""The story-level entry point: one StoryInput per story, every parameter in the cache key."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from newsweave.facts import FactParams
from newsweave.model import Article, ArticleAnalysis, DuplicateMatch, Sentence, Story
from newsweave.rewrites import RewriteParams
from newsweave.summarize import SummaryBudget, SummaryParams
from newsweave.timeline import TimelineParams
from newsweave.weave import WeaveOptions, fingerprint, story_input, weave_story


def _article(aid: str, date: dt.date | None) -> Article:
    return Article(id=aid, text=f"Text of {aid}.", content_hash=f"h-{aid}", origin=aid, date=date)


ARTICLES = [_article("b", dt.date(2025, 1, 2)), _article("c", None),
            _article("a", dt.date(2025, 1, 2)), _article("z", dt.date(2024, 12, 31))]


@pytest.mark.parametrize("changed", [
    WeaveOptions(budget=SummaryBudget(sentences=3)),
    WeaveOptions(since=dt.date(2025, 1, 1)),
    WeaveOptions(facts=FactParams(threshold=0.5)),
    WeaveOptions(summary=SummaryParams(max_overlap=0.9)),
    WeaveOptions(rewrites=RewriteParams(min_pairs=4)),
    WeaveOptions(timeline=TimelineParams(lexical_threshold=0.5)),
])
def test_every_stage_parameter_is_part_of_the_cache_key(changed: WeaveOptions) -> None:
    hashes = {a.id: a.content_hash for a in ARTICLES}
    assert fingerprint(hashes, changed) != fingerprint(hashes, WeaveOptions())
    assert fingerprint(hashes, changed) == fingerprint(dict(reversed(hashes.items())), changed)


def test_every_weave_option_field_is_covered_above() -> None:
    # A new stage parameter must be added to WeaveOptions *and* to the test above.
    assert [f.name for f in dataclasses.fields(WeaveOptions)] == [
        "budget", "since", "facts", "summary", "rewrites", "timeline"]


def test_story_input_takes_the_story_members_in_publication_order() -> None:
    by_id = {a.id: a for a in ARTICLES} | {"other": _article("other", dt.date(2020, 1, 1))}
    sentences = {aid: (Sentence(aid, 0, 0, 5, "Text "),) for aid in by_id}
    vectors = {aid: np.ones((1, 384), dtype=np.float32) for aid in by_id}
    analyses = {aid: ArticleAnalysis(aid, (), (), ()) for aid in by_id}
    story = Story("s-1", "T", ("b", "c", "a", "z"), dt.date(2024, 12, 31), dt.date(2025, 1, 2))
    dupes = [DuplicateMatch("a", "b", 1.0, "exact"), DuplicateMatch("other", "z", 0.9, "near")]
    got = story_input(story, by_id, sentences, vectors, analyses, dupes)
    assert [a.id for a in got.articles] == ["z", "a", "b", "c"]  # undated last
    assert set(got.sentences) == set(got.embeddings) == set(got.analyses) == {"a", "b", "c", "z"}
    assert got.duplicate_of == {"a": "b"}
    assert got.story is story


def test_weave_story_needs_the_story() -> None:
    bare = story_input(Story("s", "T", ("z",), None, None), {"z": ARTICLES[3]},
                       {"z": ()}, {"z": np.zeros((0, 384), dtype=np.float32)},
                       {"z": ArticleAnalysis("z", (), (), ())}, [])
    with pytest.raises(ValueError, match=r"StoryInput\.story"):
        weave_story(dataclasses.replace(bare, story=None))
    assert weave_story(bare).story == bare.story
