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
        for item in story.get("summary", []):
            lines.append(f"- {_md(item['text'])} [{', '.join(item['sources'])}]")
        if story.get("summary"):
            lines.append("")
        lines += ["| article | source | date | title | sentences |", "|---|---|---|---|---|"]
        lines += [_article_line(by_id[aid]) for aid in story["articles"] if aid in by_id]
        lines.append("")
    if data["rejected"]:
        lines += ["## Rejected inputs", ""]
        lines += [f"- `{_md(r['path'])}`: {_md(r['reason'])}" for r in data["rejected"]]
        lines.append("")
    return "\n".join(lines)
