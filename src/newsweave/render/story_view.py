"""What a story page shows, at a glance first: the view of one story for the templates.

:func:`story_view` turns a :class:`~newsweave.model.StoryReport` and its
articles' report rows into a :class:`StoryView`: the headline, first and last
seen, how many outlets; one line per article grouped by outlet with copies
folded under their original; "where sources differ" (conflicts, updates and
misquotes only); quotes with variants first; the timeline picture; and the
"who reports what" matrix limited to consensus and conflict rows. Chips name
outlets, never article ids. The web pages, the static HTML report and the
Markdown report all render this one view (:mod:`newsweave.render.pages`).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from newsweave.listing import headline_of, is_stamp
from newsweave.model import ReportArticle, StoryEntity, StoryQuote, StoryReport
from newsweave.outlets import UNKNOWN, outlet_of
from newsweave.render.timeline_view import TimelinePicture, timeline_picture
from newsweave.store.listing import ArticleHeader

MATRIX_ROWS = 40


@dataclass(frozen=True, slots=True)
class ArticleLine:
    """One article in the at-a-glance list; ``copies`` are folded under their original."""

    id: str
    outlet: str
    title: str
    date: dt.date | None
    url: str | None
    author: str | None
    copy_of: str | None = None
    copies: tuple[ArticleLine, ...] = ()


@dataclass(frozen=True, slots=True)
class OutletGroup:
    """The articles of one outlet (``known`` is false for the unknown-outlet group)."""

    name: str
    known: bool
    lines: tuple[ArticleLine, ...]
    n_articles: int


@dataclass(frozen=True, slots=True)
class Claimed:
    """What one article says (its text) in a difference."""

    text: str
    article: str


@dataclass(frozen=True, slots=True)
class Difference:
    """A place where sources differ: a conflict, an update or a misquote."""

    kind: Literal["conflict", "update", "misquote"]
    heading: str
    claims: tuple[Claimed, ...]
    diff: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class MatrixRow:
    text: str
    kind: Literal["consensus", "conflict"]
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Matrix:
    """Facts (rows) by original articles (``columns``); ``hidden`` rows were left out."""

    columns: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    hidden: int


@dataclass(frozen=True, slots=True)
class StoryView:
    """Everything a story's page shows, in the order it shows it."""

    report: StoryReport
    headline: str
    first_seen: dt.date | None
    last_seen: dt.date | None
    n_articles: int
    n_outlets: int
    n_unknown: int
    n_copies: int
    groups: tuple[OutletGroup, ...]
    articles: Mapping[str, ReportArticle]
    labels: Mapping[str, str]
    tooltips: Mapping[str, str]
    differences: tuple[Difference, ...]
    quotes: tuple[StoryQuote, ...]
    timeline: TimelinePicture | None
    matrix: Matrix | None
    entities: tuple[StoryEntity, ...]

    def label(self, article_id: str) -> str:
        """The chip text of an article: its outlet (with the day when the outlet has
        several articles in the story)."""
        return self.labels.get(article_id, UNKNOWN)


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """Word-level diff of ``a`` -> ``b`` as (op, text) with op in equal/del/ins."""
    aw, bw = a.split(), b.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=aw, b=bw, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", " ".join(aw[i1:i2])))
            continue
        if i2 > i1:
            out.append(("del", " ".join(aw[i1:i2])))
        if j2 > j1:
            out.append(("ins", " ".join(bw[j1:j2])))
    return out


def _day(date: dt.date | None) -> str:
    return f"{date.day} {date.strftime('%b')}" if date else "undated"


def _short(text: str, limit: int = 26) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "…"


def _labels(rows: Sequence[ReportArticle]) -> dict[str, str]:
    outlets = {a.id: outlet_of(a.source, a.url) for a in rows}
    per_outlet = Counter(outlets.values())
    labels = {}
    for a in rows:
        outlet = outlets[a.id]
        if outlet is None:  # no outlet to name: the start of its title says which one
            labels[a.id] = f"“{_short(display_title(a))}”"
        elif per_outlet[outlet] == 1:
            labels[a.id] = outlet
        else:
            labels[a.id] = f"{outlet} · {_day(a.date)}" if a.date else outlet
    seen: Counter[str] = Counter(labels.values())
    count: Counter[str] = Counter()
    for a in rows:  # still ambiguous (same outlet, same day): number them
        if seen[labels[a.id]] > 1:
            count[labels[a.id]] += 1
            labels[a.id] = f"{labels[a.id]} #{count[labels[a.id]]}"
    return labels


def display_title(a: ReportArticle, limit: int = 140) -> str:
    """An article's title (unless it is only a dateline or time stamp), else its first
    sentence (cut at a word), else "(untitled)"."""
    title = a.title if a.title and not is_stamp(a.title) else None
    text = " ".join((title or a.lead or a.title or "").split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text or "(untitled)"


def _line(a: ReportArticle, copies: tuple[ArticleLine, ...] = ()) -> ArticleLine:
    return ArticleLine(a.id, outlet_of(a.source, a.url) or UNKNOWN, display_title(a), a.date,
                       a.url, a.author, a.duplicate_of, copies)


def _groups(rows: Sequence[ReportArticle]) -> tuple[OutletGroup, ...]:
    ids = {a.id for a in rows}
    copies: dict[str, list[ReportArticle]] = {}
    for a in rows:
        if a.duplicate_of is not None and a.duplicate_of in ids:
            copies.setdefault(a.duplicate_of, []).append(a)
    groups: dict[str, list[ArticleLine]] = {}
    for a in rows:  # publication order
        if a.duplicate_of is not None and a.duplicate_of in ids:
            continue  # shown under its original
        line = _line(a, tuple(_line(c) for c in copies.get(a.id, ())))
        groups.setdefault(line.outlet, []).append(line)
    ordered = sorted(groups.items(), key=lambda g: (g[0] == UNKNOWN, -len(g[1]), g[0]))
    return tuple(OutletGroup(name, name != UNKNOWN, tuple(lines),
                             sum(1 + len(x.copies) for x in lines)) for name, lines in ordered)


def _differences(report: StoryReport) -> tuple[Difference, ...]:
    out: list[Difference] = []
    for c in report.conflicts or ():
        heading = f"{c.topic}: {c.detail}" if c.detail else c.topic
        out.append(Difference("conflict", heading,
                              tuple(Claimed(x.text, x.article_id) for x in c.claims)))
    for u in report.updates or ():
        verb = "corrected" if u.correction else "changed"
        out.append(Difference("update", f"{u.topic} {verb}: {u.old_value} → {u.new_value}",
                              (Claimed(u.old.text, u.old.article_id),
                               Claimed(u.new.text, u.new.article_id))))
    for q in report.quotes or ():
        for v in q.variants:
            if v.misquote:
                why = f" ({v.differences[0]})" if v.differences else ""
                out.append(Difference(
                    "misquote", f"{q.speaker or 'Unattributed'}: quoted differently{why}",
                    (Claimed(q.quote.text, q.quote.article_id), Claimed(v.text, v.article_id)),
                    tuple(word_diff(q.quote.text, v.text))))
    return tuple(out)


def _matrix(report: StoryReport, rows: Sequence[ReportArticle]) -> Matrix | None:
    ids = {a.id for a in rows}
    columns = tuple(a.id for a in rows if a.duplicate_of is None or a.duplicate_of not in ids)
    original = {a.id: (a.duplicate_of if a.duplicate_of in ids else a.id) for a in rows}
    facts: list[MatrixRow] = []
    for c in report.conflicts or ():
        by = {original.get(x.article_id, x.article_id) for x in c.claims}
        facts.append(MatrixRow(f"{c.topic}: {c.detail}" if c.detail else c.topic, "conflict",
                               tuple("conflict" if a in by else "" for a in columns)))
    for g in sorted(report.consensus or (), key=lambda g: -len(g.sources)):
        by = {original.get(a, a) for a in g.sources}
        facts.append(MatrixRow(g.text, "consensus",
                               tuple("yes" if a in by else "" for a in columns)))
    if not facts:
        return None
    return Matrix(columns, tuple(facts[:MATRIX_ROWS]), max(len(facts) - MATRIX_ROWS, 0))


def _quotes(report: StoryReport) -> tuple[StoryQuote, ...]:
    quotes = list(report.quotes or ())
    order = sorted(range(len(quotes)), key=lambda i: (-len(quotes[i].variants), i))
    return tuple(quotes[i] for i in order)


def story_view(report: StoryReport, rows: Sequence[ReportArticle]) -> StoryView:
    """The view of ``report``; ``rows`` are its articles' report rows (any order)."""
    member = set(report.story.article_ids)
    ordered = sorted((a for a in rows if a.id in member),
                     key=lambda a: (a.date is None, a.date.toordinal() if a.date else 0, a.id))
    duplicate_of = {a.id: a.duplicate_of for a in ordered if a.duplicate_of is not None}
    headers = [ArticleHeader(a.id, a.title, a.date, a.source, a.url) for a in ordered]
    outlets = {o for a in ordered if (o := outlet_of(a.source, a.url)) is not None}
    story = report.story
    return StoryView(
        report=report,
        headline=headline_of(story, headers, duplicate_of),
        first_seen=story.first_date, last_seen=story.last_date,
        n_articles=len(ordered), n_outlets=len(outlets),
        n_unknown=sum(1 for a in ordered if outlet_of(a.source, a.url) is None),
        n_copies=sum(1 for a in ordered if a.duplicate_of in member),
        groups=_groups(ordered),
        articles={a.id: a for a in ordered},
        labels=_labels(ordered),
        tooltips={a.id: display_title(a, 300) for a in ordered},
        differences=_differences(report),
        quotes=_quotes(report),
        timeline=timeline_picture(report.timeline or (), story.first_date, story.last_date),
        matrix=_matrix(report, ordered),
        entities=tuple(sorted(report.entities or (),
                              key=lambda e: (-len(e.article_ids), e.name))),
    )
