"""Read-side queries for the web UI and API: story lists, story and article detail.

Every function takes an open store (read-only is enough) and returns records;
the web layer only renders them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsweave import codec
from newsweave.analysis import ANALYSIS_STAGE, ANALYSIS_VERSION, ArticleAnalysis
from newsweave.errors import NewsweaveError
from newsweave.model import (
    Article,
    ReportArticle,
    Sentence,
    Story,
    StoryReport,
    TimeExpression,
)
from newsweave.outlets import outlet_name
from newsweave.report import cached_story_report
from newsweave.store import Store
from newsweave.store.listing import ListingPage, ListingQuery, StoryListing


class NotFoundError(NewsweaveError):
    """No story or article has the requested id."""


@dataclass(frozen=True, slots=True)
class StoryDetail:
    """A story with its stage results, articles and their sentences."""

    report: StoryReport
    articles: tuple[Article, ...]
    sentences: dict[str, tuple[Sentence, ...]]
    duplicates: dict[str, str]
    siblings: tuple[Story, ...] = ()
    """The other stories of the same storyline, oldest first."""
    rows: tuple[ReportArticle, ...] = ()
    """The articles as report rows (sentence counts, copies), for the story's view."""


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    """An article with its sentences, its story and the articles it duplicates or is copied by."""

    article: Article
    sentences: tuple[Sentence, ...]
    story: Story | None
    duplicate_of: str | None
    copies: tuple[str, ...]
    marks: tuple[tuple[int, int, str, str], ...] = ()
    names: dict[str, str] = field(default_factory=dict)
    """What to call the original and the copies: "outlet: title", never an id."""
    story_headline: str | None = None


def list_stories(store: Store, query: ListingQuery | None = None) -> ListingPage:
    """The stories matching ``query`` (default: the first page, newest first): one page
    of the list and the total."""
    return store.listings(query or ListingQuery())


def all_sources(store: Store) -> list[str]:
    """Every outlet of the story list, alphabetically (for filter menus)."""
    return store.listing_outlets()


def story_detail(store: Store, story_id: str) -> StoryDetail:
    """Everything the story page shows; :class:`NotFoundError` for an unknown id.

    Reads only this story's rows and its storyline's stories, by index (issue 19: the
    page costs the same on a store of 1,000 or 100,000 articles)."""
    found = store.stories_by_id([story_id])
    if not found:
        raise NotFoundError(f"No story has id {story_id!r}; see the story list for valid ids.")
    story = found[0]
    articles = tuple(store.articles(story.article_ids))
    dups = {m.article_id: m.duplicate_of for m in store.duplicates_among(story.article_ids)}
    sentences = {a.id: store.sentences(a) for a in articles}
    siblings = () if story.storyline is None else tuple(
        s for s in store.stories_by_id(store.storyline_story_ids(story.storyline))
        if s.id != story.id)  # oldest first, like store.stories()
    return StoryDetail(
        report=cached_story_report(store, story),
        articles=articles,
        sentences=sentences,
        duplicates={a.id: dups[a.id] for a in articles if a.id in dups},
        siblings=siblings,
        rows=tuple(report_row(a, sentences[a.id], dups.get(a.id)) for a in articles),
    )


def report_row(a: Article, sentences: Sequence[Sentence],
               duplicate_of: str | None) -> ReportArticle:
    """An article as a report row (what story views and the API's article rows show)."""
    return ReportArticle(a.id, a.source, a.date, a.title, len(sentences), duplicate_of,
                         a.origin, date_inferred=a.date_inferred, url=a.url, author=a.author,
                         lead=sentences[0].text if sentences else None)


def group_by_storyline(
    rows: Sequence[StoryListing],
) -> list[tuple[str, list[StoryListing]]]:
    """Story rows grouped by storyline (a story without one is its own group), in the
    order of each group's first row; a group is named by its oldest story's headline."""
    groups: dict[str, list[StoryListing]] = {}
    for row in rows:
        groups.setdefault(row.storyline or row.story_id, []).append(row)
    out = []
    for members in groups.values():
        oldest = min(members, key=lambda r: (r.first_date is None,
                                             r.first_date or dt.date.min, r.story_id))
        out.append((oldest.headline, members))
    return out


def article_detail(store: Store, article_id: str) -> ArticleDetail:
    """Everything the article page shows; :class:`NotFoundError` for an unknown id."""
    found = store.articles([article_id])
    if not found:
        raise NotFoundError(f"No article has id {article_id!r}.")
    article = found[0]
    # By index: this article's story, its original and its copies (issue 19: O(article)).
    story_of = store.story_of_article(article_id)
    found_story = store.stories_by_id([story_of]) if story_of is not None else []
    story = found_story[0] if found_story else None
    match = store.duplicates_among([article_id])
    duplicate_of = match[0].duplicate_of if match else None
    copies = tuple(store.copies_of(article_id))
    related = [i for i in (duplicate_of, *copies) if i is not None]
    listing = store.listing(story.id) if story is not None else None
    return ArticleDetail(
        article=article,
        sentences=store.sentences(article),
        story=story,
        duplicate_of=duplicate_of,
        copies=copies,
        marks=_marks(store, article_id),
        names={h.id: f"{outlet_name(h.source, h.url)}: {h.title or 'untitled'}"
               for h in store.article_headers(related)},
        story_headline=listing.headline if listing is not None else None,
    )


def _marks(store: Store, article_id: str) -> tuple[tuple[int, int, str, str], ...]:
    """Entity, quote and time-expression spans from the article's cached analysis."""
    cached = store.article_analysis(ANALYSIS_STAGE, ANALYSIS_VERSION, [article_id])
    if article_id not in cached:
        return ()
    found = codec.loads(ArticleAnalysis, cached[article_id])
    return (
        *((q.start, q.end, "quote", f"quote · {q.speaker or 'unknown speaker'}")
          for q in found.quotes),
        *((t.start, t.end, "time", time_label(t)) for t in found.times),
        *((m.start, m.end, "ent", m.type) for m in found.mentions),
    )


def time_label(t: TimeExpression) -> str:
    """The tooltip of a time expression: its TIMEX3 type and value, and the
    calendar date a timeline places it on when that differs ("last week = DATE
    2004-W47, on the timeline 2004-11"; "two years = DURATION P2Y")."""
    value = t.timex_value or t.value or "unresolved"
    label = f"{t.text} = {t.type} {value}"
    if t.value and t.value != value:
        label += f", on the timeline {t.value}"
    elif t.type in ("DATE", "TIME") and ("X" in value or value == "unresolved"):
        label += " (not resolved)"
    return label


def chosen_articles(
    store: Store, ids: str
) -> tuple[list[Article], dict[str, tuple[Sentence, ...]]]:
    """The stored articles named in ``ids`` (comma-separated) and their sentences.

    Raises :class:`NotFoundError` naming the ids that are not stored, and for
    an empty list.
    """
    wanted = list(dict.fromkeys(i.strip() for i in ids.split(",") if i.strip()))
    if not wanted:
        raise NotFoundError("No article id given: pass articles=ID1,ID2,...")
    found = store.articles(wanted)
    missing = sorted(set(wanted) - {a.id for a in found})
    if missing:
        raise NotFoundError(f"No stored article with id {', '.join(missing[:5])}.")
    return found, {a.id: store.sentences(a) for a in found}
