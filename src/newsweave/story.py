"""A chosen set of articles as one story: its summary and its timeline, without a store.

``newsweave summarize FILES…`` and ``newsweave timeline FILES…`` (and the API's
``/api/summary`` and ``/api/timeline``) call these: the user decides which
articles form the story, instead of the story clustering. The stages are the
pipeline's own (sentences, embeddings, duplicates, fact comparison, time
expressions, :func:`newsweave.summarize.summarize`,
:func:`newsweave.timeline.build_timeline`), run once on the given articles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsweave.dedup import find_duplicates
from newsweave.embed import embed_sentences
from newsweave.facts import compare_facts
from newsweave.model import (
    Article,
    ArticleAnalysis,
    Sentence,
    StoryInput,
    SummarySentence,
    TimeExpression,
    TimelineEntry,
)
from newsweave.sentences import split_many
from newsweave.summarize import SummaryBudget, SummaryParams, make_focus, summarize
from newsweave.temporal import find_time_expressions
from newsweave.timeline import TimelineParams, build_timeline

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from spacy.language import Language

    from newsweave.embed import Embedder

__all__ = ["MAX_FACT_ARTICLES", "prepare_story", "story_summary", "story_timeline"]

MAX_FACT_ARTICLES = 200
"""Above this many articles the summary attributes sentences by alignment alone
(the pairwise fact comparison grows with the square of the article count)."""


def prepare_story(
    articles: Sequence[Article],
    splitter: Language,
    embedder: Embedder | None,
    *,
    sentences: Mapping[str, Sequence[Sentence]] | None = None,
    embeddings: Mapping[str, NDArray[np.float32]] | None = None,
) -> StoryInput:
    """Split, embed and find duplicates among ``articles`` (ids must be unique).

    Articles come back in publication order (date, id; undated last).
    ``sentences``/``embeddings`` already computed (e.g. cached in a store) are
    reused; the rest is computed. With ``embedder=None`` nothing is embedded (the
    story holds only the given embeddings; :func:`story_timeline` embeds what it
    needs). Raises ``ValueError`` for repeated ids.
    """
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise ValueError("Two articles share an id: give each article a distinct id.")
    ordered = tuple(sorted(articles, key=lambda a: (a.date is None, a.date or dt.date.min, a.id)))
    have = dict(sentences or {})
    todo = [a for a in ordered if a.id not in have]
    for article, split in zip(todo, split_many(todo, splitter), strict=True):
        have[article.id] = split
    own = {a.id: tuple(have[a.id]) for a in ordered}
    vectors = dict(embeddings or {})
    missing = {aid: own[aid] for aid in own if aid not in vectors}
    if missing and embedder is not None:
        vectors.update(embed_sentences(missing, embedder))
    dup = {m.article_id: m.duplicate_of for m in find_duplicates(ordered)}
    return StoryInput(ordered, own, {a: vectors[a] for a in own if a in vectors},
                      duplicate_of=dup)


def story_summary(
    story: StoryInput,
    embedder: Embedder,
    *,
    budget: SummaryBudget,
    focus: str | None = None,
    params: SummaryParams = SummaryParams(),  # noqa: B008  (frozen)
) -> tuple[SummarySentence, ...]:
    """The attributed summary of ``story`` under ``budget``, focused on ``focus`` if given.

    Raises ``ValueError`` for a blank focus question.
    """
    question = make_focus(focus, embedder) if focus is not None else None
    facts = compare_facts(story) if len(story.articles) <= MAX_FACT_ARTICLES else None
    return summarize(story, budget=budget, facts=facts, params=params, focus=question)


def story_timeline(
    story: StoryInput, *, dates: int | None = None, embedder: Embedder | None = None
) -> tuple[TimelineEntry, ...]:
    """The timeline of ``story``: every dated event, or its ``dates`` most cited days
    with one sentence each (:func:`newsweave.timeline.build_timeline`).

    Articles without embeddings in ``story`` are embedded with ``embedder`` (when
    given), but only the sentences that can become an event (the lead and the
    sentences holding a resolved time expression; a third of a news article):
    merging compares events only, so the timeline is the same as with every
    sentence embedded, at a fraction of the cost for a story of thousands of
    articles. Without an embedder those articles are merged by their words.
    """
    times = {a.id: find_time_expressions(a, story.sentences[a.id]) for a in story.articles}
    analyses = {aid: ArticleAnalysis(aid, (), (), found) for aid, found in times.items()}
    embeddings = dict(story.embeddings)
    if embedder is not None:
        embeddings.update(_event_embeddings(story, times, embedder))
    dated = StoryInput(story.articles, story.sentences, embeddings, analyses,
                       story.duplicate_of, story.story)
    return build_timeline(dated, params=TimelineParams(max_dates=dates))


def _event_embeddings(
    story: StoryInput, times: Mapping[str, Sequence[TimeExpression]], embedder: Embedder
) -> dict[str, NDArray[np.float32]]:
    """Embeddings of the articles ``story`` has none for: a row per sentence, the
    sentences that cannot become an event left at zero (never compared)."""
    rows: dict[str, list[int]] = {}
    for article in story.articles:
        if article.id in story.embeddings:
            continue
        sentences = story.sentences[article.id]
        resolved = [t.start for t in times[article.id] if t.value is not None]
        lead = min(range(len(sentences)), key=lambda i: sentences[i].start, default=-1)
        rows[article.id] = [i for i, s in enumerate(sentences)
                            if i == lead or any(s.start <= t < s.end for t in resolved)]
    if not any(rows.values()):
        return {}
    found = embed_sentences(
        {aid: [story.sentences[aid][i] for i in picked] for aid, picked in rows.items()},
        embedder)
    out: dict[str, NDArray[np.float32]] = {}
    for aid, picked in rows.items():
        full = np.zeros((len(story.sentences[aid]), found[aid].shape[1]), dtype=np.float32)
        full[picked] = found[aid]
        out[aid] = full
    return out
