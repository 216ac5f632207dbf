"""The JSON report (DESIGN.md's contract, version 1).

Fields of stages that did not run are absent. Dates are ISO 8601.
"""

from __future__ import annotations

import json
from typing import Any

from newsweave.model import (
    Claim,
    Conflict,
    Evidence,
    FactGroup,
    Report,
    ReportArticle,
    StoryQuote,
    StoryReport,
    SummarySentence,
    TimelineEntry,
)


def _evidence(items: tuple[Evidence, ...]) -> list[dict[str, Any]]:
    return [{"article": e.article_id, "span": [e.start, e.end]} for e in items]


def summary_item(x: SummarySentence) -> dict[str, Any]:
    """A summary sentence as the report shows it: text, sources, evidence spans."""
    return {"text": x.text, "sources": list(x.sources), "evidence": _evidence(x.evidence)}


def timeline_item(t: TimelineEntry) -> dict[str, Any]:
    """A timeline entry as the report shows it; a date range adds ``end``/``end_precision``."""
    out: dict[str, Any] = {"date": t.date, "precision": t.precision, "text": t.text,
                           "sources": list(t.sources), "evidence": _evidence(t.evidence)}
    if t.end is not None:
        out["end"] = t.end
        out["end_precision"] = t.end_precision
    return out


def _article(a: ReportArticle) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": a.id,
        "source": a.source,
        "date": a.date.isoformat() if a.date else None,
        "title": a.title,
        "n_sentences": a.n_sentences,
        "duplicate_of": a.duplicate_of,
        "date_inferred": a.date_inferred,
    }
    if a.duplicate_of is not None and a.similarity is not None:
        out["duplicate_similarity"] = round(a.similarity, 4)
    if a.origin is not None:
        out["origin"] = a.origin
    return out


def _quote(q: StoryQuote) -> dict[str, Any]:
    return {
        "speaker": q.speaker,
        "text": q.quote.text,
        "article": q.quote.article_id,
        "span": [q.quote.start, q.quote.end],
        "direct": q.quote.direct,
        "variants": [
            {"article": v.article_id, "text": v.text, "differences": list(v.differences),
             "misquote": v.misquote, **({"span": list(v.span)} if v.span else {})}
            for v in q.variants
        ],
    }


def _claim(c: Claim) -> dict[str, Any]:
    return {"text": c.text, "source": c.article_id, "span": [c.start, c.end]}


def _consensus(g: FactGroup) -> dict[str, Any]:
    return {"text": g.text, "sources": list(g.sources),
            "claims": [_claim(c) for c in g.claims]}


def _conflict(c: Conflict) -> dict[str, Any]:
    return {"topic": c.topic, **({"detail": c.detail} if c.detail else {}),
            "claims": [_claim(x) for x in c.claims]}


def _story(r: StoryReport) -> dict[str, Any]:
    s = r.story
    out: dict[str, Any] = {
        "id": s.id,
        "title": s.title,
        "articles": list(s.article_ids),
        "first_date": s.first_date.isoformat() if s.first_date else None,
        "last_date": s.last_date.isoformat() if s.last_date else None,
        "method": s.method,
        "storyline": s.storyline,
    }
    if r.summary is not None:
        out["summary"] = [summary_item(x) for x in r.summary]
    if r.differences is not None:
        out["differences"] = [{"text": x.text, "sources": list(x.sources)} for x in r.differences]
    if r.timeline is not None:
        out["timeline"] = [timeline_item(t) for t in r.timeline]
    if r.quotes is not None:
        out["quotes"] = [_quote(q) for q in r.quotes]
    if r.consensus is not None or r.single_source is not None or r.conflicts is not None:
        out["facts"] = {
            "consensus": [_consensus(g) for g in r.consensus or ()],
            "single_source": [_claim(c) for c in r.single_source or ()],
            "conflicts": [_conflict(c) for c in r.conflicts or ()],
        }
    if r.entities is not None:
        out["entities"] = [
            {"name": e.name, "type": e.type, "aliases": list(e.aliases),
             "articles": list(e.article_ids)}
            for e in r.entities
        ]
    if r.rewrites is not None:
        out["rewrites"] = [
            {"article": w.article_id, "rewrite_of": w.rewrite_of, "share": round(w.share, 4),
             "pairs": [[p.sentence, p.other_sentence, round(p.similarity, 4)] for p in w.pairs]}
            for w in r.rewrites
        ]
    return out


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data, per DESIGN.md's contract."""
    return {
        "version": report.version,
        "articles": [_article(a) for a in report.articles],
        "rejected": [{"path": r.path, "reason": r.reason} for r in report.rejected],
        "stories": [_story(s) for s in report.stories],
        "storylines": [{"id": line.id, "title": line.title, "stories": list(line.story_ids)}
                       for line in report.storylines],
    }


def render_json(report: Report) -> str:
    """The report as indented UTF-8 JSON text (non-ASCII kept as is)."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"
