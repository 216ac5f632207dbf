"""The story list's rows: headline, snippet, outlets and counts of each story.

:func:`story_listing` is pure: a story, its articles' headers, its report and
the copies among them give one :class:`~newsweave.store.listing.StoryListing`.
:func:`refresh_listings` keeps the store's projection in step with the woven
stories (the pipeline calls it after weaving); a row is recomputed only when
its story's membership, dates or cached report changed.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from newsweave.ingest.datelines import is_dateline
from newsweave.model import Story, StoryReport
from newsweave.outlets import outlet_of
from newsweave.report import REPORT_STAGE, cached_story_report
from newsweave.store import Store
from newsweave.store.listing import ArticleHeader, StoryListing

__all__ = ["LISTING_VERSION", "headline_of", "is_stamp", "refresh_listings", "story_listing"]

# Bump when a row's content changes for the same inputs, so every row is recomputed.
LISTING_VERSION = "1"
MAX_HEADLINE_CHARS = 150
MAX_SNIPPET_CHARS = 240
MAX_ENTITIES = 8
# A page's time stamp is no headline ("14 March 2017 Last updated at 09: 41 GMT").
_TIMESTAMP = re.compile(r"\blast updated\b|\bupdated at\b|\b\d{1,2}:\s?\d{2}\s*(?:GMT|UTC|ET)\b",
                        re.IGNORECASE)


def is_stamp(title: str) -> bool:
    """True for a "title" that is only a dateline or a page's time stamp."""
    return is_dateline(title) or bool(_TIMESTAMP.search(title))


def _usable(title: str | None) -> bool:
    if not title or not title.strip():
        return False
    return (len(title.split()) >= 2 and len(title) <= MAX_HEADLINE_CHARS
            and not is_stamp(title))


def _sentence_like(title: str) -> bool:
    """A first sentence used as a title (ends in a full stop, or runs long)."""
    return title.strip().endswith(".") or len(title.split()) > 16


def headline_of(story: Story, articles: Sequence[ArticleHeader],
                duplicate_of: Mapping[str, str]) -> str:
    """The story's best headline: the earliest original's title that reads as a
    headline (not a dateline, a time stamp or a first sentence ending in a full stop);
    else the story's own title when it is no dateline; else a sentence-like title."""
    ordered = sorted(articles, key=lambda a: (a.id in duplicate_of, a.date is None,
                                              a.date.toordinal() if a.date else 0, a.id))
    titles = [" ".join(a.title.split()) for a in ordered if a.title and _usable(a.title)]
    headline = next((t for t in titles if not _sentence_like(t)), None)
    if headline is not None:
        return headline
    if _usable(story.title) or not titles:
        return story.title
    return titles[0]


def _cut(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def story_listing(story: Story, articles: Sequence[ArticleHeader], report: StoryReport,
                  duplicate_of: Mapping[str, str], lead: str | None = None) -> StoryListing:
    """The list row of ``story`` (``articles``: its members' headers; ``lead``: the first
    sentence of its earliest article, the snippet when there is no summary)."""
    headline = headline_of(story, articles, duplicate_of)
    snippet = next((s.text for s in report.summary or () if s.text.strip()), None) or lead
    if snippet is not None and " ".join(snippet.split()) == headline:
        snippet = None
    outlets = Counter(o for a in articles if (o := outlet_of(a.source, a.url)) is not None)
    entities = sorted(report.entities or (), key=lambda e: (-len(e.article_ids), e.name))
    keys = sorted({" ".join(n.split()).casefold() for e in report.entities or ()
                   for n in (e.name, *e.aliases) if n.strip()})
    return StoryListing(
        story_id=story.id, title=story.title, headline=headline,
        snippet=_cut(snippet, MAX_SNIPPET_CHARS) if snippet else None,
        first_date=story.first_date, last_date=story.last_date,
        article_ids=story.article_ids, n_articles=len(story.article_ids),
        n_outlets=len(outlets),
        n_unknown=sum(1 for a in articles if outlet_of(a.source, a.url) is None),
        n_copies=sum(1 for a in story.article_ids if a in duplicate_of),
        outlets=tuple(name for name, _ in sorted(outlets.items(), key=lambda x: (-x[1], x[0]))),
        entities=tuple(e.name for e in entities[:MAX_ENTITIES]), entity_keys=tuple(keys),
        storyline=story.storyline,
        n_conflicts=None if report.conflicts is None else len(report.conflicts),
        n_quotes=None if report.quotes is None else len(report.quotes),
    )


def listing_key(story: Story, fingerprint: str | None) -> str:
    """What a listing row depends on: the story's fields and members, its report's cache
    fingerprint (which covers the articles' contents) and :data:`LISTING_VERSION`."""
    h = hashlib.sha256(f"{LISTING_VERSION}|{fingerprint}|{story.title}|{story.first_date}|"
                       f"{story.last_date}|{story.storyline}".encode())
    for article_id in story.article_ids:
        h.update(f"|{article_id}".encode())
    return h.hexdigest()[:32]


def refresh_listings(store: Store, fresh: Mapping[str, StoryReport] | None = None,
                     only: Sequence[str] | None = None) -> int:
    """Recompute the listing rows of stories whose inputs changed (rows of removed stories
    went with them); return how many were written. ``fresh`` holds reports just woven
    (story id -> report), used instead of decoding their cached copies (issue 19).
    ``only``: check only these stories (an update that knows every other row is current
    passes the stories it changed, so it reads nothing of the others)."""
    fresh = fresh or {}
    fingerprints = store.story_fingerprints(REPORT_STAGE, only)
    have = store.listing_keys(only)
    stories = store.stories() if only is None else store.stories_by_id(only)
    todo = [(story, key) for story in stories
            if have.get(story.id) != (key := listing_key(story, fingerprints.get(story.id)))]
    if not todo:
        return 0
    members_ids = [a for story, _ in todo for a in story.article_ids]
    headers = {h.id: h for h in store.article_headers(members_ids)}
    # Only the members' copies are looked up (story_listing asks about members only).
    duplicate_of = {m.article_id: m.duplicate_of for m in store.duplicates_among(members_ids)}
    members = {story.id: sorted((headers[a] for a in story.article_ids if a in headers),
                                key=lambda h: (h.date is None,
                                               h.date.toordinal() if h.date else 0, h.id))
               for story, _ in todo}
    leads = store.lead_sentences([own[0].id for own in members.values() if own])
    rows = []
    for story, key in todo:
        own = members[story.id]
        lead = leads.get(own[0].id) if own else None
        report = fresh.get(story.id) or cached_story_report(store, story)
        rows.append((key, story_listing(story, own, report, duplicate_of, lead)))
    store.put_listings(rows)
    return len(rows)
