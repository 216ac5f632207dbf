"""The HTML pages: the story list, a story, an article, the upload page and the API docs.

(No ``from __future__ import annotations``: FastAPI must resolve the route
signatures, which use a dependency alias local to :func:`pages_router`.)
"""

from collections.abc import Iterator
from importlib import resources
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsweave import browse
from newsweave.store import Store
from newsweave.store.listing import ListingQuery
from newsweave.web.state import AppState, parse_date

PAGE_SIZE = 50
# Swagger UI, bundled with the fastapi-offline package (no CDN): /docs works offline.
_DOCS_ASSETS = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css"}


def _static(name: str) -> str:
    return resources.files("newsweave.web").joinpath(f"static/{name}").read_text("utf-8")


def pages_router(state: AppState) -> APIRouter:
    """The routes that answer with HTML (and the pages' own scripts and styles)."""
    router = APIRouter(include_in_schema=False)

    def reader() -> Iterator[Store]:
        yield from state.reader()

    StoreDep = Annotated[Store, Depends(reader)]
    scripts = {"add.js": _static("add.js"), "docs.js": _static("docs.js")}

    @router.get("/", response_class=HTMLResponse)
    def stories_page(
        request: Request, store: StoreDep, q: str | None = None, since: str | None = None,
        until: str | None = None, source: str | None = None, entity: str | None = None,
        group: str | None = None,
        sort: Literal["newest", "oldest", "outlets", "articles"] = "newest",
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> str:
        query = ListingQuery(q or None, parse_date(since, "since"), parse_date(until, "until"),
                             source or None, entity or None, sort, PAGE_SIZE, offset)
        page = browse.list_stories(store, query)

        def at(new_offset: int) -> str:
            params = {k: v for k, v in request.query_params.items() if k != "offset"}
            return "/?" + urlencode({**params, "offset": new_offset})

        prev_url = at(max(offset - PAGE_SIZE, 0)) if offset > 0 else None
        next_url = at(offset + PAGE_SIZE) if offset + PAGE_SIZE < page.total else None
        return state.views.stories(page, browse.all_sources(store), query,
                                   group=group == "storyline", prev_url=prev_url,
                                   next_url=next_url)

    # Ids may contain "/" (JSONL ids are kept as given): every id route takes a path.
    @router.get("/stories/{story_id:path}", response_class=HTMLResponse)
    def story_page(story_id: str, store: StoreDep) -> str:
        state.ensure_current(story_id)  # an outdated report is re-woven when read
        return state.views.story(browse.story_detail(store, story_id))

    @router.get("/articles/{article_id:path}", response_class=HTMLResponse)
    def article_page(article_id: str, store: StoreDep) -> str:
        return state.views.article(browse.article_detail(store, article_id))

    @router.get("/add", response_class=HTMLResponse)
    def add_page() -> str:
        return state.views.add(state.upload_limit)

    @router.get("/docs", response_class=HTMLResponse)
    def docs_page() -> str:
        return state.views.docs()

    @router.get("/static/docs/{name}")
    def docs_asset(name: str) -> Response:
        if name not in _DOCS_ASSETS:
            return Response("Not found", status_code=404, media_type="text/plain")
        try:
            body = resources.files("fastapi_offline").joinpath(f"static/{name}").read_bytes()
        except ModuleNotFoundError:  # pragma: no cover - part of the web extra
            return Response("The API docs need `pip install 'newsweave[web]'`.",
                            status_code=503, media_type="text/plain")
        return Response(body, media_type=_DOCS_ASSETS[name],
                        headers={"cache-control": "public, max-age=86400"})

    @router.get("/static/{name}")
    def script(name: str) -> Response:
        if name not in scripts:
            return Response("Not found", status_code=404, media_type="text/plain")
        return Response(scripts[name], media_type="text/javascript")

    @router.get("/stories")
    def stories_redirect() -> RedirectResponse:
        return RedirectResponse("/")

    return router
