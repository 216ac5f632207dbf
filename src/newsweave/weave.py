"""Story-level comparison: one call turns a story's :class:`StoryInput` into a :class:`StoryReport`.

:func:`story_input` gathers, once per story, what every story stage reads (the
articles in publication order, their sentences, sentence embeddings, per-article
analyses and the copies among them); :func:`weave_story` runs every
story-level stage on it: rewrites, entities, quotes with variants, consensus /
single-source / conflicting facts, the timeline and the attributed summary
with its "where sources differ" section. :class:`WeaveOptions` carries every
stage's parameters, and all of them are part of the cache :func:`fingerprint`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from threadpoolctl import threadpool_limits

from newsweave.entities import resolve_entities
from newsweave.facts import FactParams, compare_facts
from newsweave.failures import describe
from newsweave.model import (
    Article,
    ArticleAnalysis,
    DuplicateMatch,
    Sentence,
    Story,
    StoryInput,
    StoryReport,
    by_publication,
)
from newsweave.quotes import story_quotes
from newsweave.rewrites import RewriteParams, find_rewrites
from newsweave.summarize import SummaryBudget, SummaryParams, differences_section, summarize
from newsweave.timeline import TimelineParams, build_timeline

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from spacy.language import Language

__all__ = ["WEAVE_VERSION", "StoryInput", "WeaveOptions", "fingerprint", "story_input",
           "weave_prefix", "weave_story"]

# Bump when any story-level stage changes its output, so cached reports are redone.
# 2: summaries and timelines (issue 18); 3: facts occasions guard; 4: participants check (13);
# 5: final scores of the leads, intent verbs (13)
WEAVE_VERSION = "5"


@dataclass(frozen=True, slots=True)
class WeaveOptions:
    """Every story-level stage's parameters: the summary's budget and tuning, an optional
    update date, fact comparison (``facts.min_confidence`` is ``--min-confidence``),
    rewrite detection and timeline merging."""

    budget: SummaryBudget = field(default_factory=SummaryBudget)
    since: dt.date | None = None
    facts: FactParams = field(default_factory=FactParams)
    summary: SummaryParams = field(default_factory=SummaryParams)
    rewrites: RewriteParams = field(default_factory=RewriteParams)
    timeline: TimelineParams = field(default_factory=TimelineParams)

    def key(self) -> str:
        """A stable text form of every parameter, part of the cache fingerprint."""
        return repr(self)


def weave_prefix(options: WeaveOptions, version: str | None = None) -> str:
    """The code version and options part of :func:`fingerprint` (``version``: an earlier
    :data:`WEAVE_VERSION`, to recognise reports cached by an older newsweave)."""
    return f"{WEAVE_VERSION if version is None else version}|{options.key()}"


def fingerprint(content_hashes: Mapping[str, str], options: WeaveOptions, *,
                prefix: str | None = None) -> str:
    """Identifies a story's inputs: its articles' contents (article id -> content hash),
    the options and the code version (``prefix``: another :func:`weave_prefix`)."""
    h = hashlib.sha256((weave_prefix(options) if prefix is None else prefix).encode())
    for article_id in sorted(content_hashes):
        h.update(f"|{article_id}:{content_hashes[article_id]}".encode())
    return h.hexdigest()[:32]


def story_input(
    story: Story,
    articles: Mapping[str, Article],
    sentences: Mapping[str, Sequence[Sentence]],
    embeddings: Mapping[str, NDArray[np.float32]],
    analyses: Mapping[str, ArticleAnalysis],
    duplicates: Sequence[DuplicateMatch],
) -> StoryInput:
    """The :class:`StoryInput` of ``story`` from per-article results keyed by article id
    (which may hold other stories' articles too).

    Articles come in publication order: the first telling of a quote or fact is
    the earliest one.
    """
    ordered = sorted((articles[a] for a in story.article_ids),
                     key=lambda a: by_publication(a.date, a.id))
    members = {a.id for a in ordered}
    return StoryInput(
        articles=tuple(ordered),
        sentences={a.id: sentences[a.id] for a in ordered},
        embeddings={a.id: embeddings[a.id] for a in ordered},
        analyses={a.id: analyses[a.id] for a in ordered},
        duplicate_of={d.article_id: d.duplicate_of for d in duplicates
                      if d.article_id in members},
        story=story,
    )


def weave_story(story: StoryInput, options: WeaveOptions = WeaveOptions(), *,
                parser: Language | None = None) -> StoryReport:
    """Compare the articles of ``story`` and build its report (every stage run).

    ``story.story`` must be set (it is the report's story). ``parser`` is a spaCy
    pipeline with the dependency parser, for reading the values of claims
    (:func:`newsweave.facts.compare_facts` loads one when ``None``). A failure in any
    stage is contained: the report is the bare story with ``failure`` saying
    why (every stage field ``None``), and the pipeline reports it (issue 16).
    """
    if story.story is None:
        raise ValueError("weave_story needs StoryInput.story: build it with story_input().")
    try:
        # One BLAS thread: the last bits of a matrix product depend on the thread count,
        # and a story must weave the same in one process as on a one-thread Dask worker
        # (issue 15); one thread is also cheaper here (issue 19: the rewrites' products
        # took 1.42 CPU-s on one thread against 9.21 on two, same rewrites).
        with threadpool_limits(limits=1, user_api="blas"):
            return _weave(story, story.story, options, parser)
    except Exception as exc:  # contain one story's failure; see newsweave.failures
        return StoryReport(story=story.story, failure=describe(exc))


def _weave(story: StoryInput, bare: Story, options: WeaveOptions,
           parser: Language | None) -> StoryReport:
    entities = resolve_entities(story.mentions)
    facts = compare_facts(story, params=options.facts, nlp=parser)
    quotes = story_quotes(story.quotes, entities, story.articles)
    return StoryReport(
        story=bare,
        summary=summarize(story, budget=options.budget, facts=facts, since=options.since,
                          params=options.summary),
        differences=differences_section(
            facts, quotes, n_sources=_n_sources(story.articles, story.duplicate_of or {})),
        timeline=build_timeline(story, params=options.timeline),
        quotes=quotes,
        entities=entities,
        consensus=facts.consensus,
        single_source=facts.single_source,
        conflicts=facts.conflicts,
        updates=facts.updates,
        rewrites=find_rewrites(story, params=options.rewrites),
    )


def _n_sources(articles: Sequence[Article], duplicate_of: Mapping[str, str]) -> int:
    """How many independent sources the story has (copies count as their original)."""
    from newsweave.facts import source_keys

    return len(set(source_keys(articles, duplicate_of).values()))
