"""Turn browse records into HTML (Jinja2, autoescaped) and JSON for the API.

Presentation logic lives here: timeline layout, word-level diffs, the
coverage matrix and sentence highlighting. No article text is ever inserted
unescaped.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from newsweave.browse import (
    ArticleDetail,
    StoryDetail,
    StoryFilter,
    StoryRow,
    group_by_storyline,
)
from newsweave.grouping import story_title
from newsweave.model import Article, Report, ReportArticle, StoryReport
from newsweave.render.json import report_to_dict


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    x: float
    date: str
    text: str
    sources: tuple[str, ...]
    index: int


def _start_of(value: str) -> dt.date:
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def timeline_points(report: StoryReport, width: float = 900.0) -> list[TimelinePoint]:
    """Entries placed on a horizontal axis proportional to their dates."""
    entries = report.timeline or ()
    if not entries:
        return []
    days = [_start_of(e.date).toordinal() for e in entries]
    lo, hi = min(days), max(days)
    span = max(hi - lo, 1)
    margin = 40.0
    return [
        TimelinePoint(margin + (d - lo) / span * (width - 2 * margin), e.date, e.text,
                      e.sources, i)
        for i, (d, e) in enumerate(zip(days, entries, strict=True))
    ]


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """Word-level diff of ``a`` -> ``b`` as (op, text) with op in equal/del/ins."""
    aw, bw = a.split(), b.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=aw, b=bw, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", " ".join(aw[i1:i2])))
            continue
        if i2 > i1:
            out.append(("del", " ".join(aw[i1:i2])))
        if j2 > j1:
            out.append(("ins", " ".join(bw[j1:j2])))
    return out


def coverage_matrix(report: StoryReport, article_ids: list[str]) -> list[dict[str, Any]]:
    """Rows = facts, cells = which articles report them ("yes"), conflict, or nothing."""
    rows: list[dict[str, Any]] = []
    for group in report.consensus or ():
        rows.append({"text": group.text, "kind": "consensus",
                     "cells": ["yes" if a in group.sources else "" for a in article_ids]})
    for conflict in report.conflicts or ():
        by = {c.article_id for c in conflict.claims}
        label = f"{conflict.topic}: {conflict.detail}" if conflict.detail else conflict.topic
        rows.append({"text": label, "kind": "conflict",
                     "cells": ["conflict" if a in by else "" for a in article_ids]})
    for claim in report.single_source or ():
        rows.append({"text": claim.text, "kind": "single",
                     "cells": ["yes" if a == claim.article_id else "" for a in article_ids]})
    return rows


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


def _report_article(a: Article, n_sentences: int, dup: str | None) -> ReportArticle:
    return ReportArticle(a.id, a.source, a.date, a.title, n_sentences, dup, a.origin,
                         date_inferred=a.date_inferred)


class Views:
    """Renders pages from templates packaged in ``newsweave/web/templates``."""

    def __init__(self) -> None:
        self.env = Environment(
            loader=PackageLoader("newsweave.web", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )

    def _page(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

    def stories(self, rows: list[StoryRow], sources: list[str], flt: StoryFilter,
                group: bool = False) -> str:
        groups = group_by_storyline(rows) if group else None
        return self._page("stories.html", rows=rows, sources=sources, flt=flt, groups=groups)

    def story(self, detail: StoryDetail) -> str:
        ids = [a.id for a in detail.articles]
        labels = {a.id: a.source or a.id for a in detail.articles}
        return self._page(
            "story.html", d=detail, r=detail.report, labels=labels, ids=ids,
            points=timeline_points(detail.report), matrix=coverage_matrix(detail.report, ids),
            aligned=aligned_sentences(detail.report), word_diff=word_diff,
        )

    def article(self, detail: ArticleDetail) -> str:
        kinds = {m[2] for m in detail.marks}
        # An untitled article (a plain .txt, a paste) is headed by its first sentence.
        return self._page("article.html", d=detail, heading=story_title(detail.article),
                          paragraphs=paragraphs(detail.article.text, detail.marks),
                          legend=[(k, label) for k, label in LEGEND if k in kinds])

    def add(self, upload_limit: int) -> str:
        return self._page("add.html", limit=upload_limit)

    def error(self, status: int, message: str) -> str:
        return self._page("error.html", status=status, message=message)

    def story_json(self, detail: StoryDetail) -> dict[str, Any]:
        """One story as in the report contract, with its article rows."""
        report = Report(
            articles=tuple(_report_article(a, len(detail.sentences[a.id]),
                                           detail.duplicates.get(a.id))
                           for a in detail.articles),
            rejected=(), stories=(detail.report,))
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
            "n_sentences": len(detail.sentences),
            "sentences": [{"index": s.index, "span": [s.start, s.end]} for s in detail.sentences],
            "story": detail.story.id if detail.story else None,
            "duplicate_of": detail.duplicate_of, "copies": list(detail.copies),
        }
