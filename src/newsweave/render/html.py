"""A self-contained HTML page of a report: no external files, scripts or fonts.

All text from articles is escaped, so markup inside an article shows as text.
Element ids are the JSON report's story and article ids (``story-<id>``,
``article-<id>``), so every id on the page matches the JSON.
"""

from __future__ import annotations

from html import escape
from typing import Any

from newsweave.model import Report
from newsweave.render.json import report_to_dict

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f6f6f3;color:#1d1d1b}
header{background:#1f3a5f;color:#fff;padding:1rem 2rem}
header h1{margin:0;font-size:1.4rem} main{padding:1rem 2rem;max-width:1100px}
section.story{background:#fff;border:1px solid #ddd;border-radius:6px;margin:1rem 0;padding:1rem}
section.story h2{margin:.1rem 0 .3rem;font-size:1.15rem}
.meta{color:#666;font-size:.85rem} code{font-size:.8rem;color:#555}
table{border-collapse:collapse;width:100%;margin-top:.5rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
th{font-size:.8rem;color:#555;text-transform:uppercase}
.src{display:inline-block;background:#e8eef7;border-radius:3px;padding:0 .35rem;font-size:.8rem}
.dup{color:#a15c00;font-size:.8rem} ul.summary li{margin:.2rem 0}
.conflict{background:#fdecea} del{background:#fbd3d0} ins{background:#d4f2d8;text-decoration:none}
h3{font-size:.95rem;margin:.8rem 0 .2rem} ol.timeline li{margin:.15rem 0}
section.rejected{background:#fff6f4;border:1px solid #f0c8bf;border-radius:6px;padding:1rem}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _article_row(a: dict[str, Any]) -> str:
    dup = (f'<div class="dup">copy of <a href="#article-{_e(a["duplicate_of"])}">'
           f'{_e(a["duplicate_of"])}</a></div>') if a.get("duplicate_of") else ""
    return (
        f'<tr id="article-{_e(a["id"])}" data-article-id="{_e(a["id"])}">'
        f'<td><span class="src">{_e(a["source"] or "unknown source")}</span></td>'
        f'<td>{_e(a["date"] or "undated")}</td>'
        f'<td>{_e(a["title"] or "(untitled)")}<br><code>{_e(a["id"])}</code>{dup}</td>'
        f'<td>{a["n_sentences"]}</td></tr>'
    )


def _chips(ids: list[str], by_id: dict[str, dict[str, Any]]) -> str:
    def label(aid: str) -> str:
        a = by_id.get(aid, {})
        return f"{a.get('source') or aid} {(a.get('date') or '')[5:]}".strip()

    return " ".join(f'<a class="src" href="#article-{_e(a)}" title="{_e(a)}">{_e(label(a))}</a>'
                    for a in ids)


def _stages(story: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> list[str]:
    """The story-level stage results that ran (absent ones are not shown)."""
    out: list[str] = []
    if story.get("summary"):
        out.append('<h3>Summary</h3><ul class="summary">')
        out += [f"<li>{_e(x['text'])} {_chips(x['sources'], by_id)}</li>" for x in story["summary"]]
        out.append("</ul>")
    if story.get("differences"):
        out.append('<h3>Where sources differ</h3><ul class="differences">')
        out += [f"<li>{_e(x['text'])} {_chips(x['sources'], by_id)}</li>"
                for x in story["differences"]]
        out.append("</ul>")
    if story.get("timeline"):
        out.append('<h3>Timeline</h3><ol class="timeline">')
        out += [f"<li><strong>{_e(t['date'])}"
                f"{' – ' + _e(t['end']) if t.get('end') else ''}</strong> {_e(t['text'])} "
                f"{_chips(t['sources'], by_id)}</li>" for t in story["timeline"]]
        out.append("</ol>")
    facts = story.get("facts")
    if facts and facts["conflicts"]:
        out.append('<h3>Conflicts</h3><ul class="conflicts">')
        for c in facts["conflicts"]:
            claims = "; ".join(f"“{_e(x['text'])}” {_chips([x['source']], by_id)}"
                               for x in c["claims"])
            what = c["topic"] + (f" ({c['detail']})" if c.get("detail") else "")
            out.append(f'<li class="conflict"><strong>{_e(what)}</strong>: {claims}</li>')
        out.append("</ul>")
    if facts and facts.get("updates"):
        out.append('<h3>Updates</h3><ul class="updates">')
        for u in facts["updates"]:
            verb = "corrected" if u.get("correction") else "changed"
            out.append(
                f"<li><strong>{_e(u['topic'])}</strong> {verb}: {_e(u['from']['value'])} → "
                f"{_e(u['to']['value'])}: “{_e(u['from']['text'])}” "
                f"{_chips([u['from']['source']], by_id)}; “{_e(u['to']['text'])}” "
                f"{_chips([u['to']['source']], by_id)}</li>")
        out.append("</ul>")
    if facts and facts["consensus"]:
        out.append(f'<h3>Reported by several sources ({len(facts["consensus"])})</h3><ul>')
        out += [f"<li>{_e(g['text'])} {_chips(g['sources'], by_id)}</li>"
                for g in facts["consensus"]]
        out.append("</ul>")
    if facts and facts["single_source"]:
        out.append(f'<h3>Only in one source ({len(facts["single_source"])})</h3>'
                   '<ul class="single-source">')
        out += [f"<li>{_e(c['text'])} <span class=\"meta\">only in {_e(c['only_in'])}</span> "
                f"{_chips([c['source']], by_id)}</li>" for c in facts["single_source"][:10]]
        out.append("</ul>")
    if story.get("quotes"):
        out.append("<h3>Quotes</h3><table class=\"quotes\"><tbody>")
        for q in story["quotes"]:
            variants = "".join(
                f"<div class=\"{'conflict' if v.get('misquote') else 'variant'}\">"
                f"{'<strong>misquote</strong> ' if v.get('misquote') else ''}"
                f"{_e(v['text'])} {_chips([v['article']], by_id)}"
                f"{' · ' + _e('; '.join(v['differences'])) if v['differences'] else ''}</div>"
                for v in q["variants"])
            # Only words in quotation marks are shown as a quotation; reported speech
            # is paraphrase and reads "X said that ...".
            said = (f"“{_e(q['text'])}”" if q["direct"] else
                    f"<span class=\"paraphrase\">{_e(q['speaker'] or 'Someone')} said that "
                    f"{_e(q['text'])}</span>")
            out.append(f"<tr><td>{_e(q['speaker'] or 'unattributed')}</td>"
                       f"<td>{said} {_chips([q['article']], by_id)}{variants}</td></tr>")
        out.append("</tbody></table>")
    if story.get("entities"):
        names = ", ".join(f"{_e(e['name'])} <span class=\"meta\">{_e(e['type'])}</span>"
                          for e in story["entities"][:20])
        out.append(f"<h3>Entities</h3><p>{names}</p>")
    return out


def _story(story: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> str:
    span = story["first_date"] or "undated"
    if story["last_date"] and story["last_date"] != story["first_date"]:
        span += f" – {story['last_date']}"
    members = [by_id[aid] for aid in story["articles"] if aid in by_id]
    sources = sorted({a["source"] for a in members if a["source"]})
    parts = [
        f'<section class="story" id="story-{_e(story["id"])}" data-story-id="{_e(story["id"])}">',
        f"<h2>{_e(story['title'])}</h2>",
        f'<div class="meta">{_e(span)} · {len(members)} articles · '
        f"{len(sources)} named sources · <code>{_e(story['id'])}</code></div>",
    ]
    parts += _stages(story, by_id)
    parts.append("<table><thead><tr><th>source</th><th>date</th><th>title / id</th>"
                 "<th>sentences</th></tr></thead><tbody>")
    parts += [_article_row(a) for a in members]
    parts.append("</tbody></table></section>")
    return "\n".join(parts)


def render_html(report: Report, *, title: str = "newsweave report") -> str:
    """The report as one self-contained HTML document."""
    data = report_to_dict(report)
    by_id = {a["id"]: a for a in data["articles"]}
    body = [f"<header><h1>{_e(title)}</h1><div>{len(data['articles'])} articles · "
            f"{len(data['stories'])} stories · {len(data['rejected'])} rejected inputs"
            "</div></header><main>"]
    body += [_story(s, by_id) for s in data["stories"]]
    if data["rejected"]:
        body.append('<section class="rejected" id="rejected"><h2>Rejected inputs</h2><ul>')
        body += [f"<li><code>{_e(r['path'])}</code>: {_e(r['reason'])}</li>"
                 for r in data["rejected"]]
        body.append("</ul></section>")
    body.append("</main>")
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body) + "\n</body></html>\n"
    )
