"""Markdown rendering of a report (for reading in a terminal or a notebook)."""

from __future__ import annotations

from typing import Any

from newsweave.model import Report
from newsweave.render.json import report_to_dict


def _md(text: object) -> str:
    """Escape characters that would change Markdown structure in table cells/lines."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _article_line(a: dict[str, Any]) -> str:
    dup = f" — copy of `{a['duplicate_of']}`" if a.get("duplicate_of") else ""
    title = f" {_md(a['title'])}" if a.get("title") else ""
    return (
        f"| `{a['id']}` | {_md(a['source'] or '—')} | {a['date'] or 'undated'} |"
        f"{title or ' —'} | {a['n_sentences']}{dup} |"
    )


def _cite(ids: list[str]) -> str:
    return "[" + ", ".join(f"`{i}`" for i in ids) + "]"


def _stages(story: dict[str, Any]) -> list[str]:
    """The story-level stage results that ran, as Markdown sections."""
    out: list[str] = []

    def section(title: str, items: list[str]) -> None:
        if items:
            out.extend([f"**{title}**", "", *items, ""])

    section("Summary", [f"- {_md(x['text'])} {_cite(x['sources'])}"
                        for x in story.get("summary", [])])
    section("Where sources differ", [f"- {_md(x['text'])} {_cite(x['sources'])}"
                                     for x in story.get("differences", [])])
    section("Timeline", [f"- **{t['date']}{' – ' + t['end'] if t.get('end') else ''}** "
                         f"{_md(t['text'])} {_cite(t['sources'])}"
                         for t in story.get("timeline", [])])
    facts = story.get("facts") or {}
    def conflict(c: dict[str, Any]) -> str:
        what = _md(c["topic"]) + (f" ({_md(c['detail'])})" if c.get("detail") else "")
        told = "; ".join(f"“{_md(x['text'])}” {_cite([x['source']])}" for x in c["claims"])
        return f"- {what}: {told}"

    section("Conflicts", [conflict(c) for c in facts.get("conflicts", [])])
    section("Quotes", [
        f"- {_md(q['speaker'] or 'unknown speaker')}: “{_md(q['text'])}” {_cite([q['article']])}"
        + "".join(f"; variant {_cite([v['article']])}: {_md('; '.join(v['differences']))}"
                  for v in q["variants"] if v["differences"])
        for q in story.get("quotes", [])])
    return out


def render_markdown(report: Report) -> str:
    """The report as Markdown: stories with their articles, then rejected inputs."""
    data = report_to_dict(report)
    by_id = {a["id"]: a for a in data["articles"]}
    lines = [
        "# newsweave report",
        "",
        f"{len(data['articles'])} articles, {len(data['stories'])} stories, "
        f"{len(data['rejected'])} rejected inputs.",
        "",
    ]
    for story in data["stories"]:
        span = story["first_date"] or "undated"
        if story["last_date"] and story["last_date"] != story["first_date"]:
            span += f" – {story['last_date']}"
        lines += [f"## {_md(story['title'])}", "", f"`{story['id']}` · {span} · "
                  f"{len(story['articles'])} articles", ""]
        lines += _stages(story)
        lines += ["| article | source | date | title | sentences |", "|---|---|---|---|---|"]
        lines += [_article_line(by_id[aid]) for aid in story["articles"] if aid in by_id]
        lines.append("")
    if data["rejected"]:
        lines += ["## Rejected inputs", ""]
        lines += [f"- `{_md(r['path'])}`: {_md(r['reason'])}" for r in data["rejected"]]
        lines.append("")
    return "\n".join(lines)
