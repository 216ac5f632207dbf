"""HTML pages: main text and metadata extracted with trafilatura."""

from __future__ import annotations

import re
from typing import Any

from newsweave.errors import ModelUnavailableError
from newsweave.ingest.dates import DateError, parse_date
from newsweave.ingest.decode import RejectError
from newsweave.ingest.records import Limits, Naming, build_article
from newsweave.model import Article

NO_TEXT = "no article text found in HTML"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(
    r"\s*<(?:!doctype\s+html|html|head|body|!--|meta|title|article|div|p[\s>]|h1)", re.IGNORECASE
)
# Only metadata dates: no guessing a publication date from dates in the body text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def declared_charset(data: bytes) -> str | None:
    """The encoding named by a ``<meta charset>`` in the first 4 KB, if any."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def looks_like_html(text: str) -> bool:
    """True if ``text`` starts like an HTML document or fragment (used to sniff stdin)."""
    return bool(_HTML_START.match(text[:1024])) or "<html" in text[:4096].lower()


def _extract(html: str) -> Any:
    try:
        import trafilatura
    except ImportError as exc:  # lxml_html_clean must be installed explicitly
        raise ModelUnavailableError(
            f"reading HTML needs trafilatura ({exc}): pip install trafilatura lxml_html_clean"
        ) from exc
    try:
        return trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # lxml/trafilatura raise many types on broken markup; never crash
        raise RejectError(f"HTML could not be parsed: {exc}") from None


def article_from_html(
    html: str, *, origin: str, naming: Naming, limits: Limits, notes: list[str] | None = None
) -> Article:
    """Extract one article from an HTML page or raise :class:`RejectError`.

    The title comes from the page metadata; a first text line equal to the title
    (the page's own headline) is dropped from the body. trafilatura puts each
    block (paragraph, heading, list item) on its own line; they are separated by
    blank lines here so HTML bodies have the same paragraph layout as text files.
    ``source`` is the site name, else the host name; ``author`` trafilatura's byline.
    The date is the page's metadata date as written; without one,
    ``limits.default_date`` applies.
    ``notes`` receives what was repaired (see :func:`~newsweave.ingest.records.build_article`).
    """
    doc = _extract(html)
    body: str = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not body.strip():
        raise RejectError(NO_TEXT)
    title: str | None = doc.title
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if title and lines and " ".join(lines[0].split()) == " ".join(title.split()) and len(lines) > 1:
        lines = lines[1:]
    date = None
    if doc.date:
        try:
            date = parse_date(doc.date)
        except DateError as exc:
            raise RejectError(str(exc)) from None
    return build_article(
        "\n\n".join(lines),
        origin=origin,
        naming=naming,
        limits=limits,
        title=title,
        date=date,
        source=doc.sitename or doc.hostname,
        url=doc.url,
        notes=notes,
        author=doc.author,
    )
