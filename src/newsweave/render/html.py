"""The static HTML report: one self-contained page, or one page per story.

Rendered from the same Jinja2 templates as the web pages
(:mod:`newsweave.render.pages`): a table of contents first, then every story
at a glance (:func:`~newsweave.render.story_view.story_view`). No external
files, scripts or fonts; all article text is escaped. Element ids are the JSON
report's story and article ids (``story-<id>``, ``article-<id>``, percent-
encoded), and ``data-story-id`` / ``data-article-id`` carry them as written.

For a large corpus :func:`write_html_pages` writes ``index.html`` (the
contents) and ``stories/<id>.html`` (one page per story) instead.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO, overload

from newsweave.model import Report, ReportArticle
from newsweave.render.pages import Links, html_environment, slug
from newsweave.render.story_view import StoryView, story_view, word_diff


class StoryViews(Sequence[StoryView]):
    """The view of every story of a report, in the report's order, each made when asked
    for and not kept (a streamed report reads its stories from the store: issue 19)."""

    def __init__(self, report: Report) -> None:
        self._stories = report.stories
        self._by_id = {a.id: a for a in report.articles}

    def _members(self, ids: Sequence[str]) -> list[ReportArticle]:
        return [self._by_id[i] for i in ids if i in self._by_id]

    def __len__(self) -> int:
        return len(self._stories)

    @overload
    def __getitem__(self, index: int) -> StoryView: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[StoryView]: ...

    def __getitem__(self, index: int | slice) -> StoryView | Sequence[StoryView]:
        if isinstance(index, slice):
            return [story_view(s, self._members(s.story.article_ids))
                    for s in self._stories[index]]
        s = self._stories[index]
        return story_view(s, self._members(s.story.article_ids))

    def __iter__(self) -> Iterator[StoryView]:
        for s in self._stories:
            yield story_view(s, self._members(s.story.article_ids))


def report_views(report: Report) -> Sequence[StoryView]:
    """The view of every story of ``report``, in the report's order (made as iterated)."""
    return StoryViews(report)


# Above this many stories the one-page report is compact (each story's first items, no
# matrix): the per-story pages (write_html_pages) and the JSON have everything.
COMPACT_ABOVE = 20


def _context(report: Report, views: Sequence[StoryView], links: Links,
             title: str) -> dict[str, Any]:
    return {"title": title, "views": views, "links": links, "word_diff": word_diff,
            "compact": len(views) > COMPACT_ABOVE,
            "n_articles": len(report.articles), "rejected": report.rejected,
            "warnings": report.warnings, "failed": report.failed}


def write_html(report: Report, out: TextIO, *, title: str = "newsweave report") -> None:
    """Write :func:`render_html`'s text to ``out`` as the template produces it (stories
    are viewed and written one at a time)."""
    env = html_environment()
    for chunk in env.get_template("report.html").generate(
            _context(report, report_views(report), Links("page"), title)):
        out.write(chunk)


def render_html(report: Report, *, title: str = "newsweave report") -> str:
    """The report as one self-contained HTML document (contents, then every story; compact
    stories when there are more than :data:`COMPACT_ABOVE`)."""
    buffer = io.StringIO()
    write_html(report, buffer, title=title)
    return buffer.getvalue()


def write_html_pages(report: Report, directory: Path, *,
                     title: str = "newsweave report") -> list[Path]:
    """Write ``directory/index.html`` (contents, rejected inputs) and one self-contained
    page per story under ``directory/stories/``; return the files written."""
    views = report_views(report)
    env = html_environment()
    (directory / "stories").mkdir(parents=True, exist_ok=True)
    index = directory / "index.html"
    with index.open("w", encoding="utf-8") as out:
        for chunk in env.get_template("report.html").generate(
                _context(report, views, Links("site"), title)):
            out.write(chunk)
    written = [index]
    page = env.get_template("report_story.html")
    for view in views:
        path = directory / "stories" / f"{slug(view.report.story.id)}.html"
        path.write_text(page.render(v=view, links=Links("site", prefix="../"),
                                    word_diff=word_diff, title=title), encoding="utf-8")
        written.append(path)
    return written
