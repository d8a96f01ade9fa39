"""A raw ASGI layer that answers `GET /sparql` from the result cache without FastAPI.

Why: measured on this machine, FastAPI's routing, request and response objects cost more
than everything else a cached answer needs, and light queries are dominated by them (see
bench/endpoint.py). This layer reads the query string itself, asks
`SparqlService.cached` — the same planning, negotiation and cache key as the full path —
and sends the cached bytes with their ETag (or 304). Anything else, any miss, and any
request it cannot read plainly (several `query` values, an `update`, an error while
planning) goes on to the application untouched, which then answers or raises as usual.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.datastructures import URL
from starlette.types import ASGIApp, Receive, Scope, Send

from ciskg.errors import CiskgError
from ciskg.http.responses import CACHE_CONTROL
from ciskg.sparql.service import QueryRequest, SparqlService

PATH = "/sparql"


class CachedAnswers:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == PATH:
            service: SparqlService | None = getattr(scope["app"].state, "sparql", None)
            if service is not None and await self._try(scope, send, service):
                return
        await self.app(scope, receive, send)

    async def _try(self, scope: Scope, send: Send, service: SparqlService) -> bool:
        params = parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        queries = params.get("query", [])
        if len(queries) != 1 or "update" in params:
            return False
        headers = dict(scope["headers"])
        accept = headers.get(b"accept")
        try:
            answer = service.cached(
                QueryRequest(
                    query=queries[0],
                    accept=accept.decode("latin-1") if accept else None,
                    format=tuple(params.get("format", [])),
                    default_graphs=tuple(params.get("default-graph-uri", [])),
                    named_graphs=tuple(params.get("named-graph-uri", [])),
                    base_iri=str(URL(scope=scope).replace(query="", fragment="")),
                )
            )
        except CiskgError:
            return False
        if answer is None:
            return False
        etag = answer.etag.encode()
        common = [(b"etag", etag), (b"vary", b"Accept"), (b"cache-control", CACHE_CONTROL.encode())]
        if etag in (headers.get(b"if-none-match") or b"").replace(b"W/", b"").split(b", "):
            await send({"type": "http.response.start", "status": 304, "headers": common})
            await send({"type": "http.response.body", "body": b""})
            return True
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", answer.media_type.encode()),
                    (b"content-length", str(len(answer.body)).encode()),
                    *common,
                ],
            }
        )
        await send({"type": "http.response.body", "body": answer.body})
        return True
