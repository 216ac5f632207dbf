"""Outlet names: what pages, lists and chips call an article's publisher.

An article names its outlet in its input (``source``: a JSONL/CSV field, a
``.txt`` ``source:`` header, an HTML page's site name). When it does not, the
host name of its URL stands in (``articles.latimes.com`` -> ``latimes.com``);
without either the outlet is unknown, and pages say so rather than show an id.
"""

from __future__ import annotations

from urllib.parse import urlsplit

UNKNOWN = "unknown outlet"
# Host prefixes that name a section or a mirror of the site, not the outlet.
_PREFIXES = ("www.", "www2.", "m.", "mobile.", "amp.", "articles.", "news.", "edition.",
             "eu.", "uk.", "us.")


def outlet_of(source: str | None, url: str | None) -> str | None:
    """The outlet of an article: its ``source``, else its URL's host name (without a
    ``www.``-like prefix), else ``None`` (unknown)."""
    if source and source.strip():
        return source.strip()
    if not url:
        return None
    try:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:  # a malformed URL names no host
        return None
    for prefix in _PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
            break
    return host or None


def outlet_name(source: str | None, url: str | None) -> str:
    """:func:`outlet_of`, or :data:`UNKNOWN` for display."""
    return outlet_of(source, url) or UNKNOWN
