"""Read-side queries for the web UI and API: story lists, story and article detail.

Every function takes an open store (read-only is enough) and returns records;
the web layer only renders them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from newsweave import codec
from newsweave.analysis import ANALYSIS_STAGE, ANALYSIS_VERSION, ArticleAnalysis
from newsweave.errors import NewsweaveError
from newsweave.model import Article, Sentence, Story, StoryReport, TimeExpression
from newsweave.report import cached_story_report
from newsweave.store import Store


class NotFoundError(NewsweaveError):
    """No story or article has the requested id."""


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """Filters of the story list; ``None`` means "any"."""

    query: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    source: str | None = None
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One line of the story list."""

    story: Story
    sources: tuple[str, ...]
    n_articles: int
    entities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryDetail:
    """A story with its stage results, articles and their sentences."""

    report: StoryReport
    articles: tuple[Article, ...]
    sentences: dict[str, tuple[Sentence, ...]]
    duplicates: dict[str, str]
    siblings: tuple[Story, ...] = ()
    """The other stories of the same storyline, oldest first."""


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    """An article with its sentences, its story and the articles it duplicates or is copied by."""

    article: Article
    sentences: tuple[Sentence, ...]
    story: Story | None
    duplicate_of: str | None
    copies: tuple[str, ...]
    marks: tuple[tuple[int, int, str, str], ...] = ()


def list_stories(store: Store, flt: StoryFilter = StoryFilter()) -> list[StoryRow]:
    """Stories matching ``flt``, newest first."""
    stories = store.stories()
    articles = {a.id: a for a in store.articles()}
    matching: set[str] | None = None
    if flt.query and flt.query.strip():
        matching = {h.article_id for h in store.search(flt.query, limit=1000)}
    rows: list[StoryRow] = []
    for story in stories:
        members = [articles[i] for i in story.article_ids if i in articles]
        sources = tuple(sorted({a.source for a in members if a.source}))
        report = cached_story_report(store, story)
        entity_names = tuple(e.name for e in report.entities or ())
        if matching is not None and not matching.intersection(story.article_ids):
            continue
        if flt.source and flt.source not in sources:
            continue
        if flt.since and (story.last_date is None or story.last_date < flt.since):
            continue
        if flt.until and (story.first_date is None or story.first_date > flt.until):
            continue
        if flt.entity and not _entity_match(flt.entity, report):
            continue
        rows.append(StoryRow(story, sources, len(members), entity_names))
    rows.sort(key=lambda r: (r.story.last_date or dt.date.min, r.story.id), reverse=True)
    return rows


def _entity_match(name: str, report: StoryReport) -> bool:
    wanted = name.strip().lower()
    return any(
        wanted == e.name.lower() or wanted in (a.lower() for a in e.aliases)
        for e in report.entities or ()
    )


def all_sources(store: Store) -> list[str]:
    """Distinct named sources, alphabetically (for filter menus)."""
    return sorted({a.source for a in store.articles() if a.source})


def story_detail(store: Store, story_id: str) -> StoryDetail:
    """Everything the story page shows; :class:`NotFoundError` for an unknown id."""
    stories = store.stories()
    story = next((s for s in stories if s.id == story_id), None)
    if story is None:
        raise NotFoundError(f"No story has id {story_id!r}; see the story list for valid ids.")
    articles = tuple(store.articles(story.article_ids))
    dups = {k: v.duplicate_of for k, v in store.duplicates().items()}
    return StoryDetail(
        report=cached_story_report(store, story),
        articles=articles,
        sentences={a.id: store.sentences(a) for a in articles},
        duplicates={a.id: dups[a.id] for a in articles if a.id in dups},
        siblings=tuple(s for s in stories if story.storyline is not None
                       and s.storyline == story.storyline and s.id != story.id),
    )


def group_by_storyline(rows: list[StoryRow]) -> list[tuple[str, list[StoryRow]]]:
    """Story rows grouped by storyline (a story without one is its own group), in the
    order of each group's first row; a group is named by its oldest story's title."""
    groups: dict[str, list[StoryRow]] = {}
    for row in rows:
        groups.setdefault(row.story.storyline or row.story.id, []).append(row)
    out = []
    for members in groups.values():
        oldest = min(members, key=lambda r: (r.story.first_date is None,
                                             r.story.first_date or dt.date.min, r.story.id))
        out.append((oldest.story.title, members))
    return out


def article_detail(store: Store, article_id: str) -> ArticleDetail:
    """Everything the article page shows; :class:`NotFoundError` for an unknown id."""
    found = store.articles([article_id])
    if not found:
        raise NotFoundError(f"No article has id {article_id!r}.")
    article = found[0]
    story = next((s for s in store.stories() if article_id in s.article_ids), None)
    dups = store.duplicates()
    return ArticleDetail(
        article=article,
        sentences=store.sentences(article),
        story=story,
        duplicate_of=dups[article_id].duplicate_of if article_id in dups else None,
        copies=tuple(sorted(k for k, v in dups.items() if v.duplicate_of == article_id)),
        marks=_marks(store, article_id),
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
