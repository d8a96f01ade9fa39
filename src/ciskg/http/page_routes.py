"""Pages for readers: home, label search, lists by kind, the timeline, and static assets.

Thin handlers: the content comes from `site_views` (queries through the worker pool) and
is laid out by the templates. Static files are the few vendored-free assets of
`http/static/` (stylesheet, the query editor's script), served with a long cache life.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from ciskg.http import not_found, site_views
from ciskg.http.openapi_docs import responses
from ciskg.http.runner import Runner
from ciskg.http.templating import Page, render

STATIC = Path(__file__).parent / "static"
STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}
STATIC_MAX_AGE_S = 3600
QUERY_MAX_CHARS = 200


def router() -> APIRouter:
    r = APIRouter(tags=["pages"])
    page = responses("text/html", description="a page")
    r.add_api_route("/", home, methods=["GET"], summary="Home page", name="home", responses=page)
    r.add_api_route(
        "/search",
        search,
        methods=["GET"],
        summary="Search things by label",
        responses=responses("text/html", errors=(303,)),
    )
    r.add_api_route(
        "/browse/{kind}",
        browse,
        methods=["GET"],
        summary="Every thing of a kind",
        responses=responses("text/html", errors=(404,)),
    )
    r.add_api_route(
        "/timeline", timeline, methods=["GET"], summary="Events of every process", responses=page
    )
    r.add_api_route("/static/{name}", static, methods=["GET"], include_in_schema=False)
    return r


async def home(request: Request) -> Response:
    runner = Runner.of(request)
    page = Page(request)
    (per_kind, quads, graphs), network = await asyncio.gather(
        site_views.counts(runner.select), site_views.network_svg(runner.select, Page(request))
    )
    lists = await asyncio.gather(
        *(site_views.members(runner.select, kind, page) for kind in site_views.HOME_KINDS)
    )
    entries = list(zip(site_views.HOME_KINDS, lists, strict=True))
    return render(
        request,
        "home.html",
        page,
        per_kind=per_kind,
        quads=quads,
        graphs=graphs,
        entries=entries,
        network_svg=network,
    )


async def search(request: Request) -> Response:
    query = (request.query_params.get("q") or "").strip()[:QUERY_MAX_CHARS]
    page = Page(request)
    hits = await site_views.search(Runner.of(request).select, query, page) if query else []
    if len(hits) == 1 and hits[0].thing.href:  # one thing has that name: go to it
        return RedirectResponse(hits[0].thing.href, status_code=303)
    return render(request, "search.html", page, query=query, search_query=query, hits=hits)


async def browse(request: Request, kind: str) -> Response:
    if kind not in site_views.KINDS:
        return not_found.respond(request, request.url.path, html=True)
    page = Page(request)
    items = await site_views.members(Runner.of(request).select, kind, page)
    if kind == "event":
        items.sort(key=lambda item: item[1])
    return render(request, "browse.html", page, kind=kind, items=items)


async def timeline(request: Request) -> Response:
    page = Page(request)
    svg, table = await site_views.timeline_svg(Runner.of(request).select, page)
    return render(request, "timeline.html", page, timeline_svg=svg, table=table)


async def static(name: str) -> Response:
    path = STATIC / name
    media_type = STATIC_TYPES.get(path.suffix)
    if media_type is None or "/" in name or not path.is_file():
        return Response("Not Found\n", status_code=404, media_type="text/plain")
    return FileResponse(
        path,
        media_type=media_type,
        headers={"Cache-Control": f"public, max-age={STATIC_MAX_AGE_S}"},
    )
