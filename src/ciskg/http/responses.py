"""Turning an answer into an HTTP response: body as serialised, ETag, 304 on a match.

Why a module: `/sparql` and `/queries/{name}` answer the same way, and conditional
requests (RFC 9110 §13.1.2) must behave the same on both.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ciskg.sparql.cache import Answer

CACHE_CONTROL = "no-cache"  # clients may keep answers but must revalidate (cheap: 304)


def answer_response(request: Request, answer: Answer) -> Response:
    headers = {"ETag": answer.etag, "Vary": "Accept", "Cache-Control": CACHE_CONTROL}
    if _matches(request.headers.get("if-none-match"), answer.etag):
        return Response(status_code=304, headers=headers)
    headers["Content-Type"] = answer.media_type
    return Response(answer.body, headers=headers)


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def endpoint_url(request: Request) -> str:
    """The URL the client called, without query string: the base IRI of its operation."""
    return str(request.url.replace(query="", fragment=""))
