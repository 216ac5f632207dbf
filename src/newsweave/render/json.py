"""The JSON report (DESIGN.md's contract, version 1).

Fields of stages that did not run are absent. Dates are ISO 8601.
"""

from __future__ import annotations

import io
import json
from typing import Any, TextIO

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
    TimeExpression,
    TimelineEntry,
    Update,
)
from newsweave.outlets import outlet_of


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
        "outlet": outlet_of(a.source, a.url),
    }
    if a.url is not None:
        out["url"] = a.url
    if a.author is not None:
        out["author"] = a.author
    if a.duplicate_of is not None and a.similarity is not None:
        out["duplicate_similarity"] = round(a.similarity, 4)
    if a.origin is not None:
        out["origin"] = a.origin
    if a.times is not None:
        out["time"] = [_time(t) for t in a.times]
    return out


def _time(t: TimeExpression) -> dict[str, Any]:
    return {"text": t.text, "span": [t.start, t.end], "type": t.type, "value": t.timex_value,
            "date": t.value, "precision": t.precision}


def _span(s: tuple[int, int] | None) -> list[int] | None:
    return list(s) if s is not None else None


def _quote(q: StoryQuote) -> dict[str, Any]:
    x = q.quote
    return {
        "speaker": q.speaker,
        "text": x.text,
        "article": x.article_id,
        "span": [x.start, x.end],
        "direct": x.direct,
        "is_direct": x.direct,
        "cue_span": _span(x.cue_span),
        "speaker_span": _span(x.speaker_span),
        "speaker_entity": q.entity,
        "speaker_id": x.speaker_id,
        "speaker_kind": x.speaker_kind,
        "confidence": round(x.confidence, 3),
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
            "claims": [_claim(c) for c in g.claims], "confidence": round(g.confidence, 3)}


def _conflict(c: Conflict) -> dict[str, Any]:
    claims = [_claim(x) for x in c.claims]
    for claim, value in zip(claims, c.values, strict=False):
        claim["value"] = value
    return {"topic": c.topic, **({"detail": c.detail} if c.detail else {}),
            "claims": claims, "confidence": round(c.confidence, 3)}


def _update(u: Update, dates: dict[str, str | None]) -> dict[str, Any]:
    def end(claim: Claim, value: str) -> dict[str, Any]:
        return {**_claim(claim), "value": value, "date": dates.get(claim.article_id)}

    return {"topic": u.topic, "from": end(u.old, u.old_value), "to": end(u.new, u.new_value),
            "correction": u.correction, "confidence": round(u.confidence, 3)}


def _single(c: Claim, outlets: dict[str, str]) -> dict[str, Any]:
    return {**_claim(c), "only_in": outlets.get(c.article_id, c.article_id)}


def _story(r: StoryReport, by_id: dict[str, ReportArticle]) -> dict[str, Any]:
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
        out["differences"] = [{"text": x.text, "sources": list(x.sources),
                               "evidence": _evidence(x.evidence)} for x in r.differences]
    if r.timeline is not None:
        out["timeline"] = [timeline_item(t) for t in r.timeline]
    if r.quotes is not None:
        out["quotes"] = [_quote(q) for q in r.quotes]
    if r.consensus is not None or r.single_source is not None or r.conflicts is not None:
        # Only the articles this story's facts name, not the whole report's (issue 19: once
        # per story over 100,000 articles made a 20,000-story report quadratic).
        named = {*s.article_ids, *(c.article_id for c in r.single_source or ()),
                 *(c.article_id for u in r.updates or () for c in (u.old, u.new))}
        known = [(a, by_id[a]) for a in named if a in by_id]
        dates = {a: (x.date.isoformat() if x.date else None) for a, x in known}
        outlets = {a: x.source or a for a, x in known}
        out["facts"] = {
            "consensus": [_consensus(g) for g in r.consensus or ()],
            "single_source": [_single(c, outlets) for c in r.single_source or ()],
            "conflicts": [_conflict(c) for c in r.conflicts or ()],
            "updates": [_update(u, dates) for u in r.updates or ()],
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
    by_id = {a.id: a for a in report.articles}
    return {**_head(report), "stories": [_story(s, by_id) for s in report.stories],
            "storylines": _storylines(report)}


# Stands for the stories in the head's text. Found as the top-level key's line (a raw line
# break and two spaces: nothing nested or inside a JSON string can look like that).
_STORIES = "\x00stories\x00"
_STORIES_LINE = '\n  "stories": ' + json.dumps(_STORIES)


def _head(report: Report) -> dict[str, Any]:
    return {
        "version": report.version,
        "articles": [_article(a) for a in report.articles],
        "rejected": [{"path": r.path, "reason": r.reason} for r in report.rejected],
        "warnings": [{"path": w.path, "message": w.message} for w in report.warnings],
        "failed": [{"kind": f.kind, "id": f.item, "stage": f.stage, "reason": f.reason}
                   for f in report.failed],
    }


def _storylines(report: Report) -> list[dict[str, Any]]:
    return [{"id": line.id, "title": line.title, "stories": list(line.story_ids)}
            for line in report.storylines]


def write_json(report: Report, out: TextIO) -> None:
    """Write :func:`render_json`'s text to ``out`` one story at a time: the stories are
    converted, written and dropped in turn (with a streamed report, issue 19, each is read
    from the store only then), so memory does not grow with the number of stories.

    The text is ``json.dumps(report_to_dict(report), ensure_ascii=False, indent=2)``
    byte for byte: a story at depth 2 is its own ``dumps`` with every line indented by
    4 more spaces (JSON strings never hold a raw line break), joined as ``dumps`` joins
    list items."""
    head = json.dumps({**_head(report), "stories": _STORIES, "storylines": _storylines(report)},
                      ensure_ascii=False, indent=2)
    before, after = head.split(_STORIES_LINE)
    out.write(before + '\n  "stories": ')
    by_id = {a.id: a for a in report.articles}
    first = True
    for story in report.stories:
        text = json.dumps(_story(story, by_id), ensure_ascii=False, indent=2)
        out.write(("[\n    " if first else ",\n    ") + text.replace("\n", "\n    "))
        first = False
    out.write("[]" if first else "\n  ]")
    out.write(after + "\n")


def render_json(report: Report) -> str:
    """The report as indented UTF-8 JSON text (non-ASCII kept as is)."""
    buffer = io.StringIO()
    write_json(report, buffer)
    return buffer.getvalue()
