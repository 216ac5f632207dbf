"""FastAPI application: HTML pages and a REST API over one store file.

(No ``from __future__ import annotations`` here: FastAPI must resolve the
route signatures, which use a dependency alias local to :func:`create_app`.)

Pages and API reads open the store read-only per request; only the upload
worker writes. Routes are thin: each calls one function of
:mod:`newsweave.browse` (reads) or :class:`~newsweave.web.jobs.IngestJobs` (writes).
"""


import dataclasses
import datetime as dt
import hashlib
import threading
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsweave import browse
from newsweave.browse import NotFoundError, StoryFilter
from newsweave.errors import NewsweaveError, StoreError
from newsweave.failures import FailureLog
from newsweave.ingest import IngestLimits
from newsweave.nlp import Models
from newsweave.render.json import report_to_dict, summary_item, timeline_item
from newsweave.report import build_report, storylines_of
from newsweave.settings import Options
from newsweave.store import Store
from newsweave.summarize import MAX_BUDGET_WORDS, SummaryBudget
from newsweave.web.jobs import IngestJobs, Job, JobError
from newsweave.web.security import LOCAL_HOSTS, SecurityMiddleware
from newsweave.web.views import Views

DEFAULT_UPLOAD_LIMIT = 5 * 1024 * 1024


class ApiError(Exception):
    """An error to return as JSON ``{"status", "message"}`` with that HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _parse_date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ApiError(400, f"{name}={value!r} is not a date; use YYYY-MM-DD.") from exc


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
    Store.open(db_path).close()  # create + migrate once, so read-only opens work
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
            stories = store.stories()
        result["stories"] = [s.id for s in stories if set(s.article_ids) & set(outcome.added)]
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
    app = FastAPI(title="newsweave", version="1",
                  description="Stories woven from news articles: the JSON of DESIGN.md's "
                              "report contract over a newsweave store.")
    app.add_middleware(SecurityMiddleware, allowed=list(allowed_hosts))
    script = resources.files("newsweave.web").joinpath("static/add.js").read_text("utf-8")

    def reader() -> Iterator[Store]:
        try:
            store = Store.open(db_path, read_only=True)
        except StoreError as exc:
            raise ApiError(503, str(exc)) from exc
        try:
            yield store
        finally:
            store.close()

    StoreDep = Annotated[Store, Depends(reader)]

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

    # -- pages -------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    def stories_page(
        store: StoreDep, q: str | None = None, since: str | None = None,
        until: str | None = None, source: str | None = None, entity: str | None = None,
        group: str | None = None,
    ) -> str:
        flt = StoryFilter(q, _parse_date(since, "since"), _parse_date(until, "until"),
                          source or None, entity or None)
        return views.stories(browse.list_stories(store, flt), browse.all_sources(store), flt,
                             group=group == "storyline")

    # Ids may contain "/" (JSONL ids are kept as given): every id route takes a path.
    @app.get("/stories/{story_id:path}", response_class=HTMLResponse)
    def story_page(story_id: str, store: StoreDep) -> str:
        return views.story(browse.story_detail(store, story_id))

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse)
    def article_page(article_id: str, store: StoreDep) -> str:
        return views.article(browse.article_detail(store, article_id))

    @app.get("/add", response_class=HTMLResponse)
    def add_page() -> str:
        return views.add(upload_limit)

    @app.get("/static/add.js", include_in_schema=False)
    def add_script() -> Response:
        return Response(script, media_type="text/javascript")

    @app.get("/stories", include_in_schema=False)
    def stories_redirect() -> RedirectResponse:
        return RedirectResponse("/")

    # -- API -----------------------------------------------------------------------------

    @app.get("/api/report", summary="The whole report (DESIGN.md contract)")
    def api_report(store: StoreDep) -> dict[str, Any]:
        return report_to_dict(build_report(store))

    @app.get("/api/stories", summary="Stories, newest first, with optional filters")
    def api_stories(
        store: StoreDep, q: str | None = None, since: str | None = None,
        until: str | None = None, source: str | None = None, entity: str | None = None,
    ) -> list[dict[str, Any]]:
        flt = StoryFilter(q, _parse_date(since, "since"), _parse_date(until, "until"),
                          source, entity)
        return [views.story_json(browse.story_detail(store, r.story.id))
                for r in browse.list_stories(store, flt)]

    @app.get("/api/stories/{story_id:path}", summary="One story (DESIGN.md contract)")
    def api_story(story_id: str, store: StoreDep) -> dict[str, Any]:
        return views.story_json(browse.story_detail(store, story_id))

    @app.get("/api/storylines", summary="Storylines: stories of one longer-running subject")
    def api_storylines(store: StoreDep) -> list[dict[str, Any]]:
        return [{"id": line.id, "title": line.title, "stories": list(line.story_ids)}
                for line in storylines_of(store.stories())]

    @app.get("/api/articles", summary="All articles (DESIGN.md contract rows)")
    def api_articles(store: StoreDep) -> list[dict[str, Any]]:
        articles: list[dict[str, Any]] = report_to_dict(build_report(store))["articles"]
        return articles

    @app.get("/api/articles/{article_id:path}",
             summary="One article with its text and sentences")
    def api_article(article_id: str, store: StoreDep) -> dict[str, Any]:
        return views.article_json(browse.article_detail(store, article_id))

    @app.delete("/api/articles/{article_id:path}", status_code=202,
                summary="Delete an article and re-weave its story (a background job)")
    def api_delete_article(article_id: str) -> dict[str, Any]:
        return _queued(jobs.submit_removal([article_id]))

    @app.post("/api/removals", status_code=202,
              summary='Delete articles {"ids": [...]} and re-weave their stories')
    def api_removals(body: Removal) -> dict[str, Any]:
        if not body.ids:
            raise ApiError(400, 'Nothing to remove: send {"ids": ["article-id", ...]}.')
        return _queued(jobs.submit_removal(body.ids))

    @app.get("/api/search", summary="Full-text search over articles (FTS5)")
    def api_search(
        store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=500)],
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
    ) -> list[dict[str, Any]]:
        return [
            {"article": h.article_id, "title": h.title, "source": h.source,
             "date": h.date.isoformat() if h.date else None, "snippet": h.snippet}
            for h in store.search(q, limit=limit)
        ]

    # Summaries and timelines of a chosen set of stored articles (one story). The models
    # are shared with the upload worker, so one request at a time uses them.
    model_lock = threading.Lock()
    IdsQuery = Annotated[str, Query(min_length=1, max_length=20000,
                                    description="Comma-separated article ids: one story.")]

    def chosen(store: Store, ids: str) -> Any:
        from newsweave.analysis import load_embeddings
        from newsweave.story import prepare_story

        articles, sentences = browse.chosen_articles(store, ids)
        embeddings = load_embeddings(store, [a.id for a in articles])  # the rest: computed
        return prepare_story(articles, models.splitter, models.embedder, sentences=sentences,
                             embeddings=embeddings)

    @app.get("/api/summary", summary="Summary of chosen articles as one story")
    def api_summary(
        store: StoreDep, articles: IdsQuery, focus: str | None = None,
        words: Annotated[int | None, Query(ge=1, le=MAX_BUDGET_WORDS)] = 100,
        sentences: Annotated[int | None, Query(ge=1, le=MAX_BUDGET_WORDS)] = None,
    ) -> dict[str, Any]:
        from newsweave.story import story_summary

        if words is None and sentences is None:
            raise ApiError(400, "Give a length limit: words=N, sentences=N or both.")
        if focus is not None and not focus.strip():
            raise ApiError(400, "focus is empty: give a question or leave it out.")
        with model_lock:
            story = chosen(store, articles)
            summary = story_summary(story, models.embedder, focus=focus,
                                    budget=SummaryBudget(sentences=sentences, words=words))
        return {"articles": [a.id for a in story.articles], "focus": focus,
                "summary": [summary_item(s) for s in summary]}

    @app.get("/api/timeline", summary="Timeline of chosen articles as one story")
    def api_timeline(
        store: StoreDep, articles: IdsQuery,
        dates: Annotated[int | None, Query(ge=1, le=10000)] = None,
    ) -> dict[str, Any]:
        from newsweave.story import story_timeline

        with model_lock:
            story = chosen(store, articles)
        entries = story_timeline(story, dates=dates)
        return {"articles": [a.id for a in story.articles],
                "timeline": [timeline_item(t) for t in entries]}

    @app.post("/api/uploads", status_code=202, summary="Add articles (files or pasted text)")
    async def api_upload(request: Request) -> dict[str, Any]:
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > upload_limit + 64 * 1024:
            raise ApiError(413, f"Upload too large: the limit is {upload_limit} bytes.")
        # Pasted text is a form field: allow it the whole upload limit (Starlette's
        # default part size is 1 MB, less than the page promises).
        form = await request.form(max_part_size=upload_limit + 1)
        files: list[tuple[str, bytes]] = []
        total = 0
        for key, value in form.multi_items():
            if isinstance(value, str):
                if key == "text" and value.strip():
                    content = value.encode("utf-8")
                    # Named by content, so each different paste is its own article.
                    digest = hashlib.sha1(content).hexdigest()[:10]
                    files.append((f"pasted-{digest}.txt", content))
                    total += len(content)
                continue
            content = await value.read(upload_limit + 1)
            total += len(content)
            files.append((value.filename or "upload.txt", content))
            if total > upload_limit:
                break
        if total > upload_limit:
            raise ApiError(413, f"Upload too large: the limit is {upload_limit} bytes.")
        if not files:
            raise ApiError(400, "Nothing to add: send files in 'files' or text in 'text'.")
        return _queued(jobs.submit(files))

    @app.get("/api/jobs/{job_id}", summary="Progress of an upload or removal")
    def api_job(job_id: str) -> dict[str, Any]:
        job = jobs.get(job_id)
        if job is None:
            raise ApiError(404, f"No job has id {job_id!r}.")
        return job.as_dict()

    return app


class Removal(BaseModel):
    """Body of ``POST /api/removals``."""

    ids: list[str]


def _queued(job: Job) -> dict[str, Any]:
    return {"job": job.id, "state": job.state, "status_url": f"/api/jobs/{job.id}"}
