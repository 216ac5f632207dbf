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

from pathlib import Path
from typing import Any

from newsweave.model import Report
from newsweave.render.pages import Links, html_environment, slug
from newsweave.render.story_view import StoryView, story_view, word_diff


def report_views(report: Report) -> list[StoryView]:
    """The view of every story of ``report``, in the report's order."""
    by_id = {a.id: a for a in report.articles}
    return [story_view(s, [by_id[i] for i in s.story.article_ids if i in by_id])
            for s in report.stories]


# Above this many stories the one-page report is compact (each story's first items, no
# matrix): the per-story pages (write_html_pages) and the JSON have everything.
COMPACT_ABOVE = 20


def _context(report: Report, views: list[StoryView], links: Links, title: str) -> dict[str, Any]:
    return {"title": title, "views": views, "links": links, "word_diff": word_diff,
            "compact": len(views) > COMPACT_ABOVE,
            "n_articles": len(report.articles), "rejected": report.rejected,
            "warnings": report.warnings, "failed": report.failed}


def render_html(report: Report, *, title: str = "newsweave report") -> str:
    """The report as one self-contained HTML document (contents, then every story; compact
    stories when there are more than :data:`COMPACT_ABOVE`)."""
    views = report_views(report)
    env = html_environment()
    return env.get_template("report.html").render(
        _context(report, views, Links("page"), title))


def write_html_pages(report: Report, directory: Path, *,
                     title: str = "newsweave report") -> list[Path]:
    """Write ``directory/index.html`` (contents, rejected inputs) and one self-contained
    page per story under ``directory/stories/``; return the files written."""
    views = report_views(report)
    env = html_environment()
    (directory / "stories").mkdir(parents=True, exist_ok=True)
    index = directory / "index.html"
    index.write_text(env.get_template("report.html").render(
        _context(report, views, Links("site"), title)), encoding="utf-8")
    written = [index]
    page = env.get_template("report_story.html")
    for view in views:
        path = directory / "stories" / f"{slug(view.report.story.id)}.html"
        path.write_text(page.render(v=view, links=Links("site", prefix="../"),
                                    word_diff=word_diff, title=title), encoding="utf-8")
        written.append(path)
    return written
