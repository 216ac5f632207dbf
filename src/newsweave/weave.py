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
from newsweave.facts import FactParams, compare_facts
from newsweave.model import Article, DuplicateMatch, Sentence, Story, StoryReport
from newsweave.quotes import story_quotes
from newsweave.rewrites import find_rewrites
from newsweave.summarize import SummaryBudget, differences_section, summarize
from newsweave.timeline import build_timeline

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from spacy.language import Language

# Bump when any story-level stage changes its output, so cached reports are redone.
WEAVE_VERSION = "2"


@dataclass(frozen=True, slots=True)
class WeaveOptions:
    """Story-level options: the summary's length budget, an optional update date and the
    fact comparison's parameters (``facts.min_confidence`` is ``--min-confidence``)."""

    budget: SummaryBudget = field(default_factory=SummaryBudget)
    since: dt.date | None = None
    facts: FactParams = field(default_factory=FactParams)

    def key(self) -> str:
        """A stable text form, part of the cache fingerprint."""
        return f"{self.budget!r}|{self.since}|{self.facts!r}"


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
    *,
    parser: Language | None = None,
) -> StoryReport:
    """Compare the articles of ``story`` and build its report (every stage run).

    ``parser`` is a spaCy pipeline with a dependency parser, for reading the
    values of claims (:func:`newsweave.facts.compare_facts` loads one when ``None``).
    """
    members = set(story.article_ids)
    # Publication order: the first telling of a quote or fact is the earliest one.
    articles = sorted((a for a in articles if a.id in members),
                      key=lambda a: (a.date is None, a.date or dt.date.min, a.id))
    dupes = [d for d in duplicates if d.article_id in members]
    duplicate_of = {d.article_id: d.duplicate_of for d in dupes}
    entities = resolve_entities({a.id: analyses[a.id].mentions for a in articles})
    facts = compare_facts(articles, sentences_by_id, embeddings_by_id, duplicate_of=duplicate_of,
                          params=options.facts, nlp=parser)
    quotes = story_quotes({a.id: analyses[a.id].quotes for a in articles}, entities, articles)
    return StoryReport(
        story=story,
        summary=summarize(articles, sentences_by_id, embeddings_by_id, budget=options.budget,
                          facts=facts, since=options.since, duplicate_of=duplicate_of),
        differences=differences_section(facts, quotes, n_sources=_n_sources(articles,
                                                                              duplicate_of)),
        timeline=build_timeline(articles, sentences_by_id,
                                {a.id: analyses[a.id].times for a in articles}, embeddings_by_id),
        quotes=quotes,
        entities=entities,
        consensus=facts.consensus,
        single_source=facts.single_source,
        conflicts=facts.conflicts,
        updates=facts.updates,
        rewrites=find_rewrites(articles, sentences_by_id, embeddings_by_id, duplicates=dupes),
    )


def _n_sources(articles: Sequence[Article], duplicate_of: Mapping[str, str]) -> int:
    """How many independent sources the story has (copies count as their original)."""
    from newsweave.facts import source_keys

    return len(set(source_keys(articles, duplicate_of).values()))
