"""Renderings of a report: JSON (the contract), Markdown and self-contained HTML, the
last two from the same Jinja2 templates as the web pages."""

from newsweave.render.html import render_html, write_html, write_html_pages
from newsweave.render.json import render_json, report_to_dict, write_json
from newsweave.render.markdown import render_markdown, write_markdown

__all__ = ["render_html", "render_json", "render_markdown", "report_to_dict", "write_html",
           "write_html_pages", "write_json", "write_markdown"]
