"""Outlet names: the input's source, else the URL's host, else unknown (never an id)."""

from __future__ import annotations

from newsweave.outlets import UNKNOWN, outlet_name, outlet_of


def test_source_wins_then_the_host_name_without_a_section_prefix() -> None:
    assert outlet_of("Reuters", "https://www.example.com/x") == "Reuters"
    assert outlet_of(None, "http://articles.latimes.com/2013/may/03/local") == "latimes.com"
    assert outlet_of("  ", "https://www.bbc.co.uk/news/1") == "bbc.co.uk"
    assert outlet_of(None, "news.example.org/story") == "example.org"
    assert outlet_of(None, "https://news.com/a") == "news.com"  # the site itself, kept
    assert outlet_of(None, None) is None and outlet_of(None, "") is None
    assert outlet_of(None, "http://[::1") is None  # malformed: no host, no crash
    assert outlet_name(None, None) == UNKNOWN
