"""`/update`: the SPARQL 1.1 Protocol update operation, behind a bearer token.

Why a separate path: the public query endpoint stays read-only whatever is sent to it,
and the only way to change the store is this one, which answers 403 to anyone without
the configured `CISKG_UPDATE_TOKEN` (and to everyone when none is configured). The token
is compared in constant time. `using-graph-uri` / `using-named-graph-uri` are honoured.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from ciskg.errors import AccessDenied
from ciskg.http import body
from ciskg.http.openapi_docs import errors
from ciskg.http.responses import endpoint_url
from ciskg.sparql.service import SparqlService


def router() -> APIRouter:
    r = APIRouter(tags=["SPARQL"])
    r.add_api_route(
        "/update",
        update,
        methods=["POST"],
        name="update",
        status_code=204,
        summary="Update (needs the bearer token)",
        openapi_extra={
            "parameters": [
                {
                    "name": "using-graph-uri",
                    "in": "query",
                    "schema": {"type": "array", "items": {"type": "string"}},
                },
                {
                    "name": "using-named-graph-uri",
                    "in": "query",
                    "schema": {"type": "array", "items": {"type": "string"}},
                },
            ],
            "requestBody": {
                "content": {
                    body.FORM: {
                        "schema": {"type": "object", "properties": {"update": {"type": "string"}}}
                    },
                    body.UPDATE.media_type: {"schema": {"type": "string"}},
                }
            },
            "security": [{"bearer": []}],
        },
        responses={
            204: {"description": "applied"},
            403: {"description": "no or wrong token", "content": {"text/plain": {}}},
            **errors(400, 413, 415),
        },
    )
    return r


def check_token(request: Request) -> None:
    expected: str | None = request.app.state.settings.update_token
    if not expected:
        raise AccessDenied("updates are disabled on this server (no CISKG_UPDATE_TOKEN)")
    scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), expected.encode()
    ):
        raise AccessDenied("an update needs `Authorization: Bearer <token>` with the right token")


async def update(request: Request) -> Response:
    check_token(request)
    params = await body.read_post(request, body.UPDATE)
    op = body.operation(params, body.UPDATE)
    service: SparqlService = request.app.state.sparql
    await service.update(
        op.text, using=op.graphs, using_named=op.named, base_iri=endpoint_url(request)
    )
    return Response(status_code=204)
