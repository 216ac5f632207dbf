"""FastAPI application: HTML pages and a REST API over one store file.

(No ``from __future__ import annotations`` here: FastAPI must resolve the
exception handlers' signatures.)

Two routers: :mod:`newsweave.web.pages` (HTML) and :mod:`newsweave.web.api`
(JSON under ``/api``, typed by :mod:`newsweave.web.schemas`). Pages and API
reads open the store read-only per request; only the upload worker writes.
Routes are thin: each calls one function of :mod:`newsweave.browse` (reads) or
:class:`~newsweave.web.jobs.IngestJobs` (writes). ``/docs`` is Swagger UI
served from the package (no CDN), so it works offline.
"""


import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsweave.browse import NotFoundError
from newsweave.errors import NewsweaveError
from newsweave.failures import FailureLog
from newsweave.ingest import IngestLimits
from newsweave.nlp import Models
from newsweave.settings import Options
from newsweave.store import Store
from newsweave.web.api import api_router
from newsweave.web.jobs import IngestJobs, JobError
from newsweave.web.pages import pages_router
from newsweave.web.security import LOCAL_HOSTS, SecurityMiddleware
from newsweave.web.state import ApiError, AppState
from newsweave.web.views import Views

DEFAULT_UPLOAD_LIMIT = 5 * 1024 * 1024
__all__ = ["DEFAULT_UPLOAD_LIMIT", "ApiError", "create_app"]


def create_app(
    db: str | Path,
    *,
    upload_limit: int = DEFAULT_UPLOAD_LIMIT,
    models: Models | None = None,
    allowed_hosts: Sequence[str] = LOCAL_HOSTS,
) -> FastAPI:
    """The web app over the store file ``db`` (created empty if missing).

    ``models`` load lazily on the first upload (never at server start) unless given.
    Only requests for ``allowed_hosts`` are answered, writes only from this
    server's own pages (see :mod:`newsweave.web.security`).
    """
    db_path = Path(db)
    with Store.open(db_path) as store:  # create + migrate once, so read-only opens work
        from newsweave.listing import refresh_listings

        refresh_listings(store)  # a store woven before the list projection existed
    # Only the single job worker thread (IngestJobs runs one job at a time) uses them.
    models = models or Models()
    # A pasted text may be as long as the upload limit allows (at least the CLI defaults).
    default = IngestLimits()
    upload_options = Options(limits=dataclasses.replace(
        default, max_text_chars=max(default.max_text_chars, upload_limit),
        max_file_bytes=max(default.max_file_bytes, upload_limit)))

    def run_ingest(paths: list[str]) -> dict[str, Any]:
        from newsweave import pipeline

        failures = FailureLog()
        with Store.open(db_path) as store:
            before = store.latest_run_id()
            try:
                outcome = pipeline.ingest(paths, store, options=upload_options, command="upload")
            except NewsweaveError as exc:
                added = store.added_since_run(before)
                raise JobError(f"{len(added)} article(s) were stored before the upload "
                               f"stopped: {exc}", {"added": added}) from exc
            result: dict[str, Any] = {"added": outcome.added, "rejected": outcome.rejected,
                                      "warnings": outcome.warnings}
            try:
                pipeline.update(store, models, failures=failures)
                if failures.items:
                    store.record_failures(outcome.run_id, failures.items)
            except NewsweaveError as exc:
                raise JobError(f"The articles were stored, but updating the stories failed: "
                               f"{exc} The next upload or ingest weaves them.", result) from exc
            # The stories the new articles joined, by index (not every story: issue 19).
            joined = [store.story_of_article(a) for a in outcome.added]
            stories = store.stories_by_id(s for s in joined if s is not None)
        result["stories"] = [s.id for s in stories]
        result["failed"] = failures.items
        return result

    def run_remove(ids: list[str]) -> dict[str, Any]:
        from newsweave import pipeline

        failures = FailureLog()
        with Store.open(db_path) as store:
            before = {s.id for s in store.stories()}
            removed = pipeline.remove(ids, store, models, failures=failures)
            after = store.stories()
        touched = [s.id for s in after if s.id not in before or s.id in removed.stories]
        return {"removed": removed.removed, "missing": removed.missing, "stories": touched,
                "failed": failures.items}

    jobs = IngestJobs(run_ingest, run_remove)
    views = Views()
    state = AppState(db_path, views, jobs, models, upload_limit)
    app = FastAPI(title="newsweave", version="1", docs_url=None, redoc_url=None,
                  description="Stories woven from news articles: the JSON of DESIGN.md's "
                              "report contract over a newsweave store. Lists are paged "
                              "(limit, offset; total and next_offset in every page).")
    app.add_middleware(SecurityMiddleware, allowed=list(allowed_hosts))

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Any:
        if wants_json(request):
            return JSONResponse({"status": exc.status, "message": exc.message}, exc.status)
        return HTMLResponse(views.error(exc.status, exc.message), exc.status)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Any:
        return await api_error(request, ApiError(404, str(exc)))

    @app.exception_handler(NewsweaveError)
    async def newsweave_error(request: Request, exc: NewsweaveError) -> Any:
        return await api_error(request, ApiError(400, str(exc)))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Any:
        detail = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        return await api_error(request, ApiError(422, f"Invalid request: {detail}"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        return await api_error(request, ApiError(exc.status_code, str(exc.detail)))

    app.include_router(pages_router(state))
    app.include_router(api_router(state))
    return app
