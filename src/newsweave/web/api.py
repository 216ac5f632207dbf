"""The REST API under ``/api``: typed responses (:mod:`newsweave.web.schemas`), lists paged.

(No ``from __future__ import annotations``: FastAPI must resolve the route
signatures, which use a dependency alias local to :func:`api_router`.)

``/api/stories`` reads the light list projection stored at weave time (one
indexed query per page, never a story's full report); ``/api/stories/{id}``
and ``/api/report`` return the report contract (``docs/report.md``).
"""

import hashlib
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from newsweave import browse
from newsweave.refresh import not_current
from newsweave.render.json import report_to_dict, summary_item, timeline_item
from newsweave.report import build_report, storylines_of
from newsweave.store import Store
from newsweave.store.listing import ListingQuery
from newsweave.summarize import MAX_BUDGET_WORDS, SummaryBudget
from newsweave.web import schemas
from newsweave.web.jobs import Job
from newsweave.web.state import ApiError, AppState, parse_date
from newsweave.web.views import listing_json

MAX_PAGE = 500
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": schemas.ErrorBody, "description": what}
    for code, what in ((400, "Bad parameter"), (404, "Not found"), (422, "Invalid request"),
                       (503, "Store unavailable"))}


def _next(offset: int, limit: int, total: int) -> int | None:
    return offset + limit if offset + limit < total else None


def _queued(job: Job) -> dict[str, Any]:
    return {"job": job.id, "state": job.state, "status_url": f"/api/jobs/{job.id}"}


def api_router(state: AppState) -> APIRouter:
    """Every ``/api`` route."""
    router = APIRouter(prefix="/api", responses=ERRORS)

    def reader() -> Iterator[Store]:
        yield from state.reader()

    StoreDep = Annotated[Store, Depends(reader)]
    Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Rows per page.")]
    Offset = Annotated[int, Query(ge=0, description="Rows to skip (next_offset of a page).")]

    @router.get("/report", summary="The whole report (DESIGN.md contract)",
                response_model=schemas.ReportBody, response_model_exclude_unset=True)
    def api_report(store: StoreDep) -> dict[str, Any]:
        # Served as cached (re-weaving a whole store per request could take hours), but
        # never passed off as current: every story whose report is older than its store
        # (issue 19) is listed in ``outdated`` and flagged; its page re-weaves it.
        body = report_to_dict(build_report(store))
        stale = set(not_current(store))
        body["outdated"] = [s["id"] for s in body["stories"] if s["id"] in stale]
        for story in body["stories"]:
            if story["id"] in stale:
                story["outdated"] = True
        return body

    @router.get("/stories", summary="A page of the story list, with optional filters",
                response_model=schemas.StoryPage)
    def api_stories(
        store: StoreDep, q: str | None = None, since: str | None = None,
        until: str | None = None, source: str | None = None, entity: str | None = None,
        sort: Literal["newest", "oldest", "outlets", "articles"] = "newest",
        limit: Limit = 50, offset: Offset = 0,
    ) -> dict[str, Any]:
        query = ListingQuery(q or None, parse_date(since, "since"), parse_date(until, "until"),
                             source or None, entity or None, sort, limit, offset)
        total, rows = store.listing_rows(query)
        return {"total": total, "limit": limit, "offset": offset,
                "next_offset": _next(offset, limit, total),
                "stories": [listing_json(r) for r in rows]}

    @router.get("/stories/{story_id:path}", summary="One story (DESIGN.md contract)",
                response_model=schemas.StoryDetailItem, response_model_exclude_unset=True)
    def api_story(story_id: str, store: StoreDep) -> dict[str, Any]:
        state.ensure_current(story_id)  # an outdated report is re-woven when read
        return state.views.story_json(browse.story_detail(store, story_id))

    @router.get("/storylines", summary="Storylines: stories of one longer-running subject",
                response_model=list[schemas.StorylineItem])
    def api_storylines(store: StoreDep) -> list[dict[str, Any]]:
        return [{"id": line.id, "title": line.title, "stories": list(line.story_ids)}
                for line in storylines_of(store.stories())]

    @router.get("/articles", summary="All articles (DESIGN.md contract rows)",
                response_model=list[schemas.ArticleRow], response_model_exclude_unset=True)
    def api_articles(store: StoreDep) -> list[dict[str, Any]]:
        articles: list[dict[str, Any]] = report_to_dict(build_report(store))["articles"]
        return articles

    @router.get("/articles/{article_id:path}",
                summary="One article with its text and sentences",
                response_model=schemas.ArticleBody)
    def api_article(article_id: str, store: StoreDep) -> dict[str, Any]:
        return state.views.article_json(browse.article_detail(store, article_id))

    @router.delete("/articles/{article_id:path}", status_code=202,
                   summary="Delete an article and re-weave its story (a background job)",
                   response_model=schemas.Queued)
    def api_delete_article(article_id: str) -> dict[str, Any]:
        return _queued(state.jobs.submit_removal([article_id]))

    @router.post("/removals", status_code=202, response_model=schemas.Queued,
                 summary='Delete articles {"ids": [...]} and re-weave their stories')
    def api_removals(body: schemas.Removal) -> dict[str, Any]:
        if not body.ids:
            raise ApiError(400, 'Nothing to remove: send {"ids": ["article-id", ...]}.')
        return _queued(state.jobs.submit_removal(body.ids))

    @router.get("/search", summary="Full-text search over articles (FTS5), paged",
                response_model=schemas.SearchPage)
    def api_search(
        store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=500)],
        limit: Annotated[int, Query(ge=1, le=200)] = 20, offset: Offset = 0,
    ) -> dict[str, Any]:
        total = store.search_count(q)
        hits = store.search(q, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset,
                "next_offset": _next(offset, limit, total),
                "hits": [{"article": h.article_id, "title": h.title, "source": h.source,
                          "date": h.date.isoformat() if h.date else None,
                          "snippet": h.snippet} for h in hits]}

    IdsQuery = Annotated[str, Query(min_length=1, max_length=20000,
                                    description="Comma-separated article ids: one story.")]

    def chosen(store: Store, ids: str) -> Any:
        from newsweave.analysis import load_embeddings
        from newsweave.story import prepare_story

        articles, sentences = browse.chosen_articles(store, ids)
        embeddings = load_embeddings(store, [a.id for a in articles])  # the rest: computed
        return prepare_story(articles, state.models.splitter, state.models.embedder,
                             sentences=sentences, embeddings=embeddings)

    @router.get("/summary", summary="Summary of chosen articles as one story",
                response_model=schemas.ChosenSummary)
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
        with state.model_lock:  # the models are shared with the upload worker
            story = chosen(store, articles)
            summary = story_summary(story, state.models.embedder, focus=focus,
                                    budget=SummaryBudget(sentences=sentences, words=words))
        return {"articles": [a.id for a in story.articles], "focus": focus,
                "summary": [summary_item(s) for s in summary]}

    @router.get("/timeline", summary="Timeline of chosen articles as one story",
                response_model=schemas.ChosenTimeline)
    def api_timeline(
        store: StoreDep, articles: IdsQuery,
        dates: Annotated[int | None, Query(ge=1, le=10000)] = None,
    ) -> dict[str, Any]:
        from newsweave.story import story_timeline

        with state.model_lock:
            story = chosen(store, articles)
        entries = story_timeline(story, dates=dates)
        return {"articles": [a.id for a in story.articles],
                "timeline": [timeline_item(t) for t in entries]}

    @router.post("/uploads", status_code=202, response_model=schemas.Queued,
                 summary="Add articles (files or pasted text)")
    async def api_upload(request: Request) -> dict[str, Any]:
        limit = state.upload_limit
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit + 64 * 1024:
            raise ApiError(413, f"Upload too large: the limit is {limit} bytes.")
        # Pasted text is a form field: allow it the whole upload limit (Starlette's
        # default part size is 1 MB, less than the page promises).
        form = await request.form(max_part_size=limit + 1)
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
            content = await value.read(limit + 1)
            total += len(content)
            files.append((value.filename or "upload.txt", content))
            if total > limit:
                break
        if total > limit:
            raise ApiError(413, f"Upload too large: the limit is {limit} bytes.")
        if not files:
            raise ApiError(400, "Nothing to add: send files in 'files' or text in 'text'.")
        return _queued(state.jobs.submit(files))

    @router.get("/jobs/{job_id}", summary="Progress of an upload or removal",
                response_model=schemas.JobBody, response_model_exclude_unset=True)
    def api_job(job_id: str) -> dict[str, Any]:
        job = state.jobs.get(job_id)
        if job is None:
            raise ApiError(404, f"No job has id {job_id!r}.")
        return job.as_dict()

    return router
