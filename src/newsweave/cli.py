"""The ``newsweave`` command. Thin: each command calls one library function.

Exit codes: 0 success; 3 success but some inputs were rejected (each is
listed); 1 an error stopped the command (the message says what to do);
2 the command line itself is wrong.

The commands live by concern: :mod:`newsweave.cli_store` (ingest, search, remove),
:mod:`newsweave.cli_report` (analyze, report), :mod:`newsweave.cli_refresh` (refresh),
:mod:`newsweave.cli_eval` (eval …),
:mod:`newsweave.cli_story` (summarize, timeline); what they share is in
:mod:`newsweave.cli_common`. This module builds the app in the order of ``--help``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

# Re-exported: ``from newsweave.cli import EXIT_REJECTED, app`` and the helpers other
# command modules import from here keep working.
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
from newsweave.cli_refresh import refresh
from newsweave.cli_report import (
    FormatOpt,
    HtmlDirOpt,
    HtmlOpt,
    JsonOpt,
    MdOpt,
    OutputOpt,
    _check_format,
    _print_dating,
    _write_reports,
    analyze,
    report,
)
from newsweave.cli_store import ingest, remove, search
from newsweave.errors import NewsweaveError

__all__ = [
    "EXIT_ERROR", "EXIT_REJECTED", "DatelinesOpt", "DbOpt", "DefaultDateOpt", "FormatOpt",
    "HtmlDirOpt", "HtmlOpt", "JsonOpt", "MdOpt", "MinWordsOpt", "OutputOpt", "PathsArg",
    "QuietOpt", "SchedulerOpt", "WorkersOpt", "_check_format", "_check_inputs", "_executor",
    "_fail", "_models", "_options", "_parse_date", "_print_dating", "_print_notes",
    "_print_rejections", "_progress", "_run_store", "_store_failure", "_write_reports",
    "analyze", "app", "err", "ingest", "main", "refresh", "remove", "report", "search", "serve",
]

app = typer.Typer(
    name="newsweave",
    help="Weave news articles from many outlets into stories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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


for _command in (ingest, analyze, report, refresh, search, remove):
    app.command()(_command)


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
