"""`/queries`: the named queries (`queries/*.rq`) as a documented API.

Why one route per query, built at start-up: each query's parameters then appear in the
OpenAPI schema with their types and descriptions, as the header of its file declares them
(see `ciskg.named_queries`). Values are bound by `named_queries.bind` (typed terms passed
as pyoxigraph substitutions), never spliced into the text. Answers are JSON or CSV for
SELECT, JSON for ASK, JSON-LD or Turtle for CONSTRUCT / DESCRIBE.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ciskg import named_queries
from ciskg.errors import NotAcceptable
from ciskg.http.openapi_docs import responses
from ciskg.http.responses import answer_response, endpoint_url
from ciskg.named_queries import NamedQuery
from ciskg.sparql import formats
from ciskg.sparql.inspect import Form
from ciskg.sparql.service import QueryRequest, SparqlService

_OPENAPI_TYPES = {
    "iri": ("string", "uri"),
    "string": ("string", None),
    "integer": ("integer", None),
    "decimal": ("number", None),
    "boolean": ("boolean", None),
    "date": ("string", "date"),
}
_OFFERS = {
    Form.SELECT: ("json", "csv"),
    Form.ASK: ("json",),
    Form.CONSTRUCT: ("jsonld", "turtle"),
    Form.DESCRIBE: ("jsonld", "turtle"),
}


def router(queries: list[NamedQuery]) -> APIRouter:
    r = APIRouter(tags=["named queries"])
    r.add_api_route("/queries", list_queries, methods=["GET"], summary="The named queries")
    for query in queries:
        r.add_api_route(
            f"/queries/{query.name}",
            _endpoint(query),
            methods=["GET"],
            name=query.name,
            summary=query.title,
            description=query.description or query.title,
            openapi_extra={"parameters": _parameters(query)},
            responses=responses(
                *(formats.BY_KEY[k] for k in _OFFERS[query.form]),
                errors=(400, 406),
                description="the answer",
            ),
        )
    return r


def _parameters(query: NamedQuery) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for p in query.params:
        kind, fmt = _OPENAPI_TYPES[p.type]
        schema: dict[str, str] = {"type": kind} | ({"format": fmt} if fmt else {})
        out.append(
            {
                "name": p.name,
                "in": "query",
                "required": False,
                "schema": schema,
                "description": f"{p.description} ({p.type}; unbound if absent)",
            }
        )
    out.append(
        {
            "name": "format",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": list(_OFFERS[query.form])},
        }
    )
    return out


async def list_queries(request: Request) -> JSONResponse:
    queries: list[NamedQuery] = request.app.state.named_queries
    return JSONResponse(
        [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "form": q.form.value,
                "url": str(request.url_for(q.name)),
                "query": q.text,
                "params": [
                    {"name": p.name, "type": p.type, "description": p.description} for p in q.params
                ],
            }
            for q in queries
        ]
    )


def _endpoint(query: NamedQuery) -> Callable[[Request], Awaitable[Response]]:
    async def run_named_query(request: Request) -> Response:
        values = dict(request.query_params)
        name = values.pop("format", None)
        offers = tuple(formats.BY_KEY[k] for k in _OFFERS[query.form])
        chosen = (
            formats.by_name(name, offers)
            if name
            else formats.negotiate(request.headers.get("accept"), offers)
        )
        if chosen is None:
            raise NotAcceptable("this query answers in " + ", ".join(o.key for o in offers))
        service: SparqlService = request.app.state.sparql
        answer = await service.answer(
            QueryRequest(
                query=query.text,
                format=(chosen.key,),
                base_iri=endpoint_url(request),
                substitutions=named_queries.bind(query, values),
            )
        )
        return answer_response(request, answer)

    return run_named_query
