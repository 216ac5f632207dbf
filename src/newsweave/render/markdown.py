"""Markdown rendering of a report (for reading in a terminal or a notebook).

Rendered from the template ``report.md`` over the same story views as the
HTML pages (:mod:`newsweave.render.pages`): every text is escaped (HTML as
entities, Markdown syntax with backslashes, one line per item), so article
text can never become a tag, a link or a block of its own.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import TextIO

from newsweave.model import Report
from newsweave.render.html import report_views
from newsweave.render.pages import Links, markdown_environment


def _lines(chunks: Iterable[str]) -> Iterator[str]:
    """The lines of the text ``chunks`` make (as ``"".join(chunks).splitlines()``), each
    given as soon as the text after it shows that it is complete."""
    pending = ""
    for chunk in chunks:
        pending += chunk
        parts = pending.splitlines(keepends=True)
        # The last part may go on in the next chunk (no line break yet, or a "\r" whose
        # "\n" is still to come): kept back.
        pending = parts.pop() if parts else ""
        for part in parts:
            yield part.splitlines()[0]  # without its line break
    if pending:
        yield from pending.splitlines()


def write_markdown(report: Report, out: TextIO, *, title: str = "newsweave report") -> None:
    """Write :func:`render_markdown`'s text to ``out`` as the template produces it (stories
    are viewed and written one at a time)."""
    chunks = markdown_environment().get_template("report.md").generate(
        title=title, views=report_views(report), links=Links("page"),
        n_articles=len(report.articles), rejected=report.rejected,
        warnings=report.warnings, failed=report.failed)
    # Blank lines from template control flow collapse to one (Markdown needs no more);
    # the text is stripped at both ends and ends with one line break.
    started = blank = False
    for line in _lines(chunks):
        if not line.strip():
            blank = started
            continue
        if not started:
            line = line.lstrip()
        elif blank:
            out.write("\n")
        out.write(("\n" if started else "") + line.rstrip())
        started, blank = True, False
    out.write("\n")


def render_markdown(report: Report, *, title: str = "newsweave report") -> str:
    """The report as Markdown: stories at a glance with their articles, then rejected
    inputs, repaired inputs and failed analyses."""
    buffer = io.StringIO()
    write_markdown(report, buffer, title=title)
    return buffer.getvalue()
