"""Turn browse records into HTML pages and API JSON.

Pages render the shared templates of :mod:`newsweave.render.pages` (the same
story body as the static reports) with web links; this module adds what only
the server shows: the story list with its filters and pages, article pages
with their marks, the side-by-side sentences. No article text is ever inserted
unescaped.
"""

from __future__ import annotations

from typing import Any

from newsweave.browse import (
    ArticleDetail,
    StoryDetail,
    group_by_storyline,
)
from newsweave.grouping import story_title
from newsweave.model import Report, StoryReport
from newsweave.outlets import outlet_name
from newsweave.render.json import report_to_dict
from newsweave.render.pages import Links, html_environment
from newsweave.render.story_view import story_view, word_diff
from newsweave.store.listing import ListingPage, ListingQuery

SORT_LABELS = (("newest", "newest first"), ("oldest", "oldest first"),
               ("outlets", "most outlets"), ("articles", "most articles"))


def aligned_sentences(report: StoryReport) -> dict[str, dict[int, int]]:
    """article id -> {sentence index: alignment group number} from the rewrite pairs."""
    marks: dict[str, dict[int, int]] = {}
    group = 0
    for match in report.rewrites or ():
        for pair in match.pairs:
            group += 1
            marks.setdefault(match.article_id, {})[pair.sentence] = group
            marks.setdefault(match.rewrite_of, {}).setdefault(pair.other_sentence, group)
    return marks


Mark = tuple[int, int, str, str]  # start, end, kind (ent|quote|time), tooltip
LEGEND = (("ent", "entity"), ("quote", "quote"), ("time", "time expression"))


def paragraphs(text: str, marks: tuple[Mark, ...]) -> list[list[tuple[str, str, str]]]:
    """Split ``text`` into paragraphs of (text, kind, tooltip) runs; kind "" is unmarked.

    Overlapping marks are resolved in favour of the one that starts first (then
    the longer one), so every character is shown exactly once.
    """
    chosen: list[Mark] = []
    end = -1
    for mark in sorted(marks, key=lambda m: (m[0], -(m[1] - m[0]))):
        if mark[0] >= end and mark[1] > mark[0]:
            chosen.append(mark)
            end = mark[1]
    runs: list[tuple[int, int, str, str]] = []
    pos = 0
    for start, stop, kind, title in chosen:
        if start > pos:
            runs.append((pos, start, "", ""))
        runs.append((start, stop, kind, title))
        pos = stop
    if pos < len(text):
        runs.append((pos, len(text), "", ""))
    out: list[list[tuple[str, str, str]]] = [[]]
    for start, stop, kind, title in runs:
        pieces = text[start:stop].split("\n\n")
        for i, piece in enumerate(pieces):
            if i:
                out.append([])
            if piece:
                out[-1].append((piece, kind, title))
    return [p for p in out if p]


def listing_json(row: dict[str, Any]) -> dict[str, Any]:
    """A stored story list row (its JSON object) as the API returns it: ``id`` first,
    ``articles`` as in the report contract."""
    data = dict(row)
    story_id = data.pop("story_id")
    return {"id": story_id, **data, "articles": data["article_ids"]}


class Views:
    """Renders the web pages and the API's JSON of browse records."""

    def __init__(self) -> None:
        self.env = html_environment()
        self.links = Links("web")

    def _page(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(links=self.links, **context)

    def stories(self, page: ListingPage, sources: list[str], flt: ListingQuery,
                group: bool = False, prev_url: str | None = None,
                next_url: str | None = None) -> str:
        groups = group_by_storyline(page.rows) if group else None
        return self._page("stories.html", rows=page.rows, total=page.total, sources=sources,
                          flt=flt, groups=groups, sorts=SORT_LABELS, prev_url=prev_url,
                          next_url=next_url)

    def story(self, detail: StoryDetail) -> str:
        return self._page(
            "story.html", v=story_view(detail.report, detail.rows),
            articles=detail.articles, sentences=detail.sentences,
            duplicates=detail.duplicates, siblings=detail.siblings,
            aligned=aligned_sentences(detail.report), word_diff=word_diff,
        )

    def article(self, detail: ArticleDetail) -> str:
        kinds = {m[2] for m in detail.marks}
        a = detail.article
        # An untitled article (a plain .txt, a paste) is headed by its first sentence.
        return self._page("article.html", d=detail, heading=story_title(a),
                          outlet=outlet_name(a.source, a.url),
                          names={i: detail.names.get(i, i) for i in
                                 (detail.duplicate_of, *detail.copies) if i is not None},
                          story_headline=detail.story_headline or (
                              detail.story.title if detail.story else ""),
                          paragraphs=paragraphs(a.text, detail.marks),
                          legend=[(k, label) for k, label in LEGEND if k in kinds])

    def add(self, upload_limit: int) -> str:
        return self._page("add.html", limit=upload_limit)

    def error(self, status: int, message: str) -> str:
        return self._page("error.html", status=status, message=message)

    def docs(self) -> str:
        return self._page("docs.html")

    def story_json(self, detail: StoryDetail) -> dict[str, Any]:
        """One story as in the report contract, with its article rows."""
        report = Report(articles=detail.rows, rejected=(), stories=(detail.report,))
        data = report_to_dict(report)
        story: dict[str, Any] = data["stories"][0]
        story["article_rows"] = data["articles"]
        story["storyline_siblings"] = [s.id for s in detail.siblings]
        return story

    def article_json(self, detail: ArticleDetail) -> dict[str, Any]:
        a = detail.article
        return {
            "id": a.id, "source": a.source, "date": a.date.isoformat() if a.date else None,
            "title": a.title, "url": a.url, "origin": a.origin, "text": a.text,
            "outlet": outlet_name(a.source, a.url) if (a.source or a.url) else None,
            "author": a.author,
            "n_sentences": len(detail.sentences),
            "sentences": [{"index": s.index, "span": [s.start, s.end]} for s in detail.sentences],
            "story": detail.story.id if detail.story else None,
            "duplicate_of": detail.duplicate_of, "copies": list(detail.copies),
        }
