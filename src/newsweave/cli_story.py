"""``newsweave summarize FILES…`` and ``newsweave timeline FILES…``: articles as one story.

Thin like the rest of the CLI: read the inputs, call :mod:`newsweave.story`,
print. Plain text by default (each sentence with its sources), JSON with
``--json PATH`` (``-`` for standard output). Exit codes as in :mod:`newsweave.cli`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from newsweave.errors import NewsweaveError

_err = Console(stderr=True, soft_wrap=True)
_out = Console(highlight=False, soft_wrap=True)

PathsArg = Annotated[list[str], typer.Argument(
    help="Files, folders (recursive), glob patterns or - for standard input: one story.")]
JsonOpt = Annotated[str | None, typer.Option(
    "--json", help="Write JSON to this file (- for standard output) instead of text.")]
DefaultDateOpt = Annotated[str | None, typer.Option(
    "--default-date", help="Date (YYYY-MM-DD) of articles whose input gives none and whose "
    "text has no dateline (any format).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress messages.")]


def _read(paths: list[str], default_date: str | None, quiet: bool) -> tuple[Any, Any]:
    """The articles read and the rejections (printed); exits 1 when nothing was read."""
    from newsweave.cli_common import _parse_date, _print_rejections
    from newsweave.ingest import read_inputs

    try:
        read = read_inputs(paths, default_date=_parse_date(default_date), stdin=sys.stdin.buffer)
    except NewsweaveError as exc:
        _err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    _print_rejections(read.rejected, quiet)
    if not read.articles:
        _err.print("[bold red]error:[/] no article could be read from the given paths "
                   "(see the rejections above).", highlight=False)
        raise typer.Exit(1)
    return read.articles, read.rejected


def _write(data: dict[str, Any], target: str) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if target == "-":
        sys.stdout.write(text)
    else:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_text(text, encoding="utf-8")


def _articles_json(story: Any) -> list[dict[str, Any]]:
    return [{"id": a.id, "source": a.source, "date": a.date.isoformat() if a.date else None,
             "title": a.title, "duplicate_of": story.duplicate_of.get(a.id)}
            for a in story.articles]


def _cite(ids: tuple[str, ...], by_id: dict[str, Any]) -> str:
    parts = []
    for aid in ids:
        a = by_id[aid]
        extra = ", ".join(x for x in (a.source, a.date.isoformat() if a.date else None) if x)
        parts.append(f"{aid} ({extra})" if extra else aid)
    return "; ".join(parts)


def register(app: typer.Typer) -> None:
    """Add the two commands to the ``newsweave`` app."""

    @app.command()
    def summarize(
        paths: PathsArg,
        focus: Annotated[str | None, typer.Option(
            "--focus", help="A question the summary should answer (query-focused).")] = None,
        words: Annotated[int | None, typer.Option(
            "--words", help="Length limit in words (whitespace tokens, as ROUGE counts).")] = 100,
        sentences: Annotated[int | None, typer.Option(
            "--sentences", help="Length limit in sentences.")] = None,
        json_out: JsonOpt = None,
        default_date: DefaultDateOpt = None,
        quiet: QuietOpt = False,
    ) -> None:
        """Summarise the given articles as one story; every sentence names its sources."""
        from newsweave.render.json import summary_item
        from newsweave.summarize import SummaryBudget

        try:
            budget = SummaryBudget(sentences=sentences, words=words)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
        if focus is not None and not focus.strip():
            raise typer.BadParameter("--focus is empty: give a question or leave it out.")
        articles, rejected = _read(paths, default_date, quiet)
        try:
            from newsweave.nlp import Models
            from newsweave.story import prepare_story, story_summary

            models = Models()
            story = prepare_story(articles, models.splitter, models.embedder)
            summary = story_summary(story, models.embedder, budget=budget, focus=focus)
        except (NewsweaveError, ValueError) as exc:
            _err.print(f"[bold red]error:[/] {exc}", highlight=False)
            raise typer.Exit(1) from exc
        if json_out is not None:
            _write({"articles": _articles_json(story),
                    "rejected": [{"path": r.path, "reason": r.reason} for r in rejected],
                    "focus": focus, "budget": {"words": words, "sentences": sentences},
                    "summary": [summary_item(s) for s in summary]}, json_out)
        else:
            by_id = {a.id: a for a in story.articles}
            if not summary:
                _err.print("No sentence qualifies for a summary (every sentence is a "
                           "fragment, a question, a quote or longer than the budget).")
            for n, s in enumerate(summary, 1):
                _out.print(f"{n}. {s.text}", markup=False)
                _out.print(f"   sources: {_cite(s.sources, by_id)}", markup=False)
        if rejected:
            raise typer.Exit(3)

    @app.command()
    def timeline(
        paths: PathsArg,
        dates: Annotated[int | None, typer.Option(
            "--dates", min=1, help="Keep the N most cited days, one sentence each.")] = None,
        json_out: JsonOpt = None,
        default_date: DefaultDateOpt = None,
        quiet: QuietOpt = False,
    ) -> None:
        """The timeline of the given articles as one story (every dated event, or --dates N)."""
        from newsweave.render.json import timeline_item

        articles, rejected = _read(paths, default_date, quiet)
        try:
            from newsweave.nlp import Models
            from newsweave.story import prepare_story, story_timeline

            models = Models()
            # Only the sentences that can become events are embedded (story_timeline).
            story = prepare_story(articles, models.splitter, None)
            entries = story_timeline(story, dates=dates, embedder=models.embedder)
        except (NewsweaveError, ValueError) as exc:
            _err.print(f"[bold red]error:[/] {exc}", highlight=False)
            raise typer.Exit(1) from exc
        if json_out is not None:
            _write({"articles": _articles_json(story),
                    "rejected": [{"path": r.path, "reason": r.reason} for r in rejected],
                    "timeline": [timeline_item(t) for t in entries]}, json_out)
        else:
            by_id = {a.id: a for a in story.articles}
            if not entries:
                _err.print("No dated event found (undated articles need --default-date).")
            for t in entries:
                when = t.date + (f" – {t.end}" if t.end else "")
                _out.print(f"{when}  {t.text}", markup=False)
                _out.print(f"    sources: {_cite(t.sources, by_id)}", markup=False)
        if rejected:
            raise typer.Exit(3)
