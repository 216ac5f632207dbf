"""Story-level comparison: one call turns a story's articles into a :class:`StoryReport`.

Inputs are the per-article results (sentences, embeddings, mentions, quotes,
times) and the story's duplicate matches; the output carries every
story-level stage: rewrites, entities, quotes with variants, consensus /
single-source / conflicting facts, the timeline and the attributed summary
with its "where sources differ" section.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsweave.analysis import ArticleAnalysis
from newsweave.entities import resolve_entities
from newsweave.facts import compare_facts
from newsweave.model import Article, DuplicateMatch, Sentence, Story, StoryReport
from newsweave.quotes import story_quotes
from newsweave.rewrites import find_rewrites
from newsweave.summarize import SummaryBudget, differences_section, summarize
from newsweave.timeline import build_timeline

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

# Bump when any story-level stage changes its output, so cached reports are redone.
WEAVE_VERSION = "1"


@dataclass(frozen=True, slots=True)
class WeaveOptions:
    """Story-level options: the summary's length budget and an optional update date."""

    budget: SummaryBudget = field(default_factory=SummaryBudget)
    since: dt.date | None = None

    def key(self) -> str:
        """A stable text form, part of the cache fingerprint."""
        return f"{self.budget!r}|{self.since}"


def fingerprint(articles: Sequence[Article], options: WeaveOptions) -> str:
    """Identifies a story's inputs: its articles' contents, the options and the code version."""
    h = hashlib.sha256(f"{WEAVE_VERSION}|{options.key()}".encode())
    for a in sorted(articles, key=lambda x: x.id):
        h.update(f"|{a.id}:{a.content_hash}".encode())
    return h.hexdigest()[:32]


def weave_story(
    story: Story,
    articles: Sequence[Article],
    sentences_by_id: Mapping[str, Sequence[Sentence]],
    embeddings_by_id: Mapping[str, NDArray[np.float32]],
    analyses: Mapping[str, ArticleAnalysis],
    duplicates: Sequence[DuplicateMatch],
    options: WeaveOptions = WeaveOptions(),  # frozen, so a shared default is safe
) -> StoryReport:
    """Compare the articles of ``story`` and build its report (every stage run)."""
    members = set(story.article_ids)
    # Publication order: the first telling of a quote or fact is the earliest one.
    articles = sorted((a for a in articles if a.id in members),
                      key=lambda a: (a.date is None, a.date or dt.date.min, a.id))
    dupes = [d for d in duplicates if d.article_id in members]
    duplicate_of = {d.article_id: d.duplicate_of for d in dupes}
    entities = resolve_entities({a.id: analyses[a.id].mentions for a in articles})
    facts = compare_facts(articles, sentences_by_id, embeddings_by_id, duplicate_of=duplicate_of)
    return StoryReport(
        story=story,
        summary=summarize(articles, sentences_by_id, embeddings_by_id, budget=options.budget,
                          facts=facts, since=options.since, duplicate_of=duplicate_of),
        differences=differences_section(facts),
        timeline=build_timeline(articles, sentences_by_id,
                                {a.id: analyses[a.id].times for a in articles}, embeddings_by_id),
        quotes=story_quotes({a.id: analyses[a.id].quotes for a in articles}, entities, articles),
        entities=entities,
        consensus=facts.consensus,
        single_source=facts.single_source,
        conflicts=facts.conflicts,
        rewrites=find_rewrites(articles, sentences_by_id, embeddings_by_id, duplicates=dupes),
    )
