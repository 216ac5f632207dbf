"""Markdown rendering of a report (for reading in a terminal or a notebook)."""

from __future__ import annotations

import re
from typing import Any

from newsweave.model import Report
from newsweave.render.json import report_to_dict

# Characters that would let article text become Markdown structure or raw HTML:
# HTML is escaped as entities (``<script>`` and ``<img onerror>`` show as text in
# every renderer; ``<javascript:...>`` cannot be an autolink), and brackets,
# emphasis, code and table syntax with a backslash (without ``[`` and ``]`` no
# "[x](javascript:...)" link can form). Text is kept on one line, so it cannot
# start a block of its own.
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_MARKDOWN = re.compile(r"([\\`*_\[\]|])")


def _md(text: object) -> str:
    """Article text for a Markdown line or table cell: HTML and Markdown syntax escaped."""
    flat = " ".join(str(text).split())  # one line: no block structure from newlines
    return _MARKDOWN.sub(r"\\\1", flat.translate(_HTML))


def _code(text: object) -> str:
    """An id as an inline code span: the fence is longer than any backtick run inside."""
    flat = " ".join(str(text).split())
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _article_line(a: dict[str, Any]) -> str:
    dup = f" — copy of {_code(a['duplicate_of'])}" if a.get("duplicate_of") else ""
    title = f" {_md(a['title'])}" if a.get("title") else ""
    return (
        f"| {_cell_code(a['id'])} | {_md(a['source'] or '—')} | {a['date'] or 'undated'} |"
        f"{title or ' —'} | {a['n_sentences']}{dup} |"
    )


def _cell_code(text: object) -> str:
    # Inside a table row "|" ends the cell even in a code span (GFM): escape it there.
    return _code(text).replace("|", "\\|")


def _cite(ids: list[str]) -> str:
    return "[" + ", ".join(_code(i) for i in ids) + "]"


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

    def update(u: dict[str, Any]) -> str:
        verb = "corrected" if u.get("correction") else "changed"
        old, new = u["from"], u["to"]
        return (f"- {_md(u['topic'])} {verb}: {_md(old['value'])} → {_md(new['value'])}: "
                f"“{_md(old['text'])}” {_cite([old['source']])}; "
                f"“{_md(new['text'])}” {_cite([new['source']])}")

    section("Updates", [update(u) for u in facts.get("updates", [])])
    section("Only in one source", [f"- {_md(c['text'])} (only in {_md(c['only_in'])})"
                                   for c in facts.get("single_source", [])[:10]])

    def quote(q: dict[str, Any]) -> str:
        # Quotation marks only around quoted words; reported speech is a paraphrase.
        if q["direct"]:
            line = f"- {_md(q['speaker'] or 'unattributed')}: “{_md(q['text'])}”"
        else:
            line = f"- {_md(q['speaker'] or 'Someone')} said that {_md(q['text'])}"
        return line + f" {_cite([q['article']])}" + "".join(
            f"; {'**misquote** ' if v.get('misquote') else ''}variant {_cite([v['article']])}: "
            f"{_md('; '.join(v['differences']))}" for v in q["variants"] if v["differences"])

    section("Quotes", [quote(q) for q in story.get("quotes", [])])
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
        lines += [f"## {_md(story['title'])}", "", f"{_code(story['id'])} · {span} · "
                  f"{len(story['articles'])} articles", ""]
        lines += _stages(story)
        lines += ["| article | source | date | title | sentences |", "|---|---|---|---|---|"]
        lines += [_article_line(by_id[aid]) for aid in story["articles"] if aid in by_id]
        lines.append("")
    if data["rejected"]:
        lines += ["## Rejected inputs", ""]
        lines += [f"- {_code(r['path'])}: {_md(r['reason'])}" for r in data["rejected"]]
        lines.append("")
    if data["warnings"]:
        lines += ["## Repaired inputs", ""]
        lines += [f"- {_code(w['path'])}: {_md(w['message'])}" for w in data["warnings"]]
        lines.append("")
    if data["failed"]:
        lines += ["## Failed analyses", ""]
        lines += [f"- {f['kind']} {_code(f['id'])} ({_md(f['stage'])}): {_md(f['reason'])}"
                  for f in data["failed"]]
        lines.append("")
    return "\n".join(lines)
