"""The one renderer: Jinja2 templates (``newsweave/render/templates``) for the web pages,
the static HTML report and the Markdown report.

HTML templates are autoescaped (no article text is ever inserted unescaped);
the Markdown template escapes with :func:`md` (HTML as entities, Markdown
syntax with backslashes, one line per item). Links differ by medium, not the
templates: :class:`Links` makes a page's links to stories and articles (web
routes, anchors in one page, or files of a static site).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from newsweave.model import ReportArticle
from newsweave.outlets import outlet_of
from newsweave.render.story_view import MATRIX_ROWS, word_diff

# How much of each long list a story shows before "N more" (collapsed, never dropped).
SHOWN = {"differences": 8, "quotes": 8, "timeline": 12, "entities": 16, "lines": 12,
         "chips": 4}


def urlid(value: object) -> str:
    """An id for a URL path, percent-encoded ("a/b" -> "a%2Fb")."""
    return quote(str(value), safe="")


def slug(value: object) -> str:
    """An id as a file name: letters, digits, ``-``, ``_`` and ``.`` kept, the rest ``_``."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", str(value))[:120] or "_"


@dataclass(frozen=True, slots=True)
class Links:
    """Where a page links a story or an article.

    ``web``: the server's routes; ``page``: anchors in one self-contained page;
    ``site``: one file per story (``stories/<id>.html``) next to an index.
    """

    mode: Literal["web", "page", "site"] = "web"
    prefix: str = ""

    def story(self, story_id: str) -> str:
        if self.mode == "web":
            return f"/stories/{urlid(story_id)}"
        if self.mode == "page":
            return f"#story-{urlid(story_id)}"
        return f"{self.prefix}stories/{slug(story_id)}.html"

    def article(self, article_id: str, story_id: str | None = None) -> str:
        if self.mode == "web":
            return f"/articles/{urlid(article_id)}"
        anchor = f"#article-{urlid(article_id)}"
        if self.mode == "site" and story_id is not None:
            return f"{self.prefix}stories/{slug(story_id)}.html{anchor}"
        return anchor


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "undated"


def _span(first: dt.date | None, last: dt.date | None) -> str:
    if first is None:
        return "undated"
    return first.isoformat() if last is None or last == first else f"{first} – {last}"


def short_span(first: dt.date | None, last: dt.date | None) -> str:
    """A date span for reading: ``9 Oct 2025``, ``9–20 Oct 2025``, ``25 Sep – 2 Oct 2025``."""
    if first is None:
        return "undated"
    if last is None or last == first:
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 story``, ``2 stories``."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def html_environment() -> Environment:
    """The autoescaping environment of the HTML templates (web and static)."""
    env = Environment(loader=PackageLoader("newsweave.render", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    _common(env)
    return env


# -- Markdown -------------------------------------------------------------------------
# Characters that would let article text become Markdown structure or raw HTML:
# HTML is escaped as entities (``<script>`` and ``<img onerror>`` show as text in
# every renderer; ``<javascript:...>`` cannot be an autolink), and brackets,
# emphasis, code and table syntax with a backslash (without ``[`` and ``]`` no
# "[x](javascript:...)" link can form). Text is kept on one line, so it cannot
# start a block of its own.
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_MARKDOWN = re.compile(r"([\\`*_\[\]|])")


def md(text: object) -> str:
    """Article text for a Markdown line or table cell: HTML and Markdown syntax escaped."""
    flat = " ".join(str(text).split())  # one line: no block structure from newlines
    return _MARKDOWN.sub(r"\\\1", flat.translate(_HTML))


def code(text: object) -> str:
    """An id as an inline code span: the fence is longer than any backtick run inside."""
    flat = " ".join(str(text).split())
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def cell_code(text: object) -> str:
    """:func:`code` inside a table row, where "|" ends the cell even in a code span (GFM)."""
    return code(text).replace("|", "\\|")


def markdown_environment() -> Environment:
    """The environment of the Markdown template (escaping by the ``md`` filters)."""
    env = Environment(loader=PackageLoader("newsweave.render", "templates"), autoescape=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    _common(env)
    env.filters.update(md=md, code=code, cell_code=cell_code)
    return env


def _outlet(article: ReportArticle) -> str | None:
    return outlet_of(article.source, article.url)


def _common(env: Environment) -> None:
    env.filters.update(urlid=urlid, slug=slug, day=_day)
    env.globals.update(SHOWN=SHOWN, MATRIX_ROWS=MATRIX_ROWS, span=_span, short_span=short_span,
                       plural=plural, word_diff=word_diff, outlet=_outlet)
