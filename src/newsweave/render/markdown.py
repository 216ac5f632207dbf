"""Markdown rendering of a report (for reading in a terminal or a notebook).

Rendered from the template ``report.md`` over the same story views as the
HTML pages (:mod:`newsweave.render.pages`): every text is escaped (HTML as
entities, Markdown syntax with backslashes, one line per item), so article
text can never become a tag, a link or a block of its own.
"""

from __future__ import annotations

from newsweave.model import Report
from newsweave.render.html import report_views
from newsweave.render.pages import Links, markdown_environment


def render_markdown(report: Report, *, title: str = "newsweave report") -> str:
    """The report as Markdown: stories at a glance with their articles, then rejected
    inputs, repaired inputs and failed analyses."""
    text = markdown_environment().get_template("report.md").render(
        title=title, views=report_views(report), links=Links("page"),
        n_articles=len(report.articles), rejected=report.rejected,
        warnings=report.warnings, failed=report.failed)
    # Blank lines from template control flow collapse to one (Markdown needs no more).
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"
