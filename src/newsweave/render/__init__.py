"""Renderings of a report: JSON (the contract), Markdown and a self-contained HTML page."""

from newsweave.render.html import render_html
from newsweave.render.json import render_json, report_to_dict
from newsweave.render.markdown import render_markdown

__all__ = ["render_html", "render_json", "render_markdown", "report_to_dict"]
