"""`/sparql`: the SPARQL 1.1 Protocol query operation, and the service description.

GET with `query=`, POST as a form or as `application/sparql-query`; `default-graph-uri`,
`named-graph-uri` and `format=` from the URL (or the form). GET without a query answers
the service description in the negotiated RDF format. Updates are refused here (400):
they go to `/update`. Handlers only translate HTTP to `SparqlService` calls; errors are
raised and become responses in `errors.py`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from ciskg.errors import NotAcceptable, QueryRefused
from ciskg.http import body, query_ui
from ciskg.http.responses import answer_response, endpoint_url
from ciskg.sparql import description, formats
from ciskg.sparql.service import QueryRequest, SparqlService

NAMED_GRAPHS_LISTED = 1000  # the description lists at most this many named graphs
NAMED_GRAPHS_QUERY = f"SELECT ?g WHERE {{ GRAPH ?g {{ }} }} LIMIT {NAMED_GRAPHS_LISTED}"
_READ_ONLY = "this endpoint is read-only: POST updates to /update with the configured token"

_PARAMS = [
    {
        "name": "query",
        "in": "query",
        "schema": {"type": "string"},
        "description": "the SPARQL query; without it, GET answers the service description",
    },
    {
        "name": "default-graph-uri",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
        "description": "graphs whose merge is the default graph",
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
        "description": "graphs available to GRAPH",
    },
    {
        "name": "format",
        "in": "query",
        "schema": {"type": "string"},
        "description": "result format overriding Accept: json, xml, csv, tsv, turtle, ntriples, "
        "jsonld, rdfxml, trig",
    },
]
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the result, in the negotiated format",
        "content": {f.media_type: {} for f in formats.SOLUTION_FORMATS + formats.GRAPH_FORMATS},
    },
    400: {
        "description": "malformed query (parser message and position), SERVICE, an update, "
        "or a result over the row limit"
    },
    406: {"description": "no acceptable result format"},
    413: {"description": "request body over the limit"},
    415: {"description": "POST body of another media type than the protocol's"},
    503: {"description": "the query ran past the time limit and was stopped"},
}


def router() -> APIRouter:
    r = APIRouter(tags=["SPARQL"])
    r.add_api_route(
        "/sparql",
        sparql_get,
        methods=["GET"],
        summary="Query (GET)",
        openapi_extra={"parameters": _PARAMS},
        responses=_RESPONSES,
    )
    r.add_api_route(
        "/sparql",
        sparql_post,
        methods=["POST"],
        summary="Query (POST)",
        openapi_extra={
            "parameters": _PARAMS,
            "requestBody": {
                "content": {
                    body.FORM: {
                        "schema": {"type": "object", "properties": {"query": {"type": "string"}}}
                    },
                    body.QUERY.media_type: {"schema": {"type": "string"}},
                }
            },
        },
        responses=_RESPONSES,
    )
    return r


def _service(request: Request) -> SparqlService:
    service: SparqlService = request.app.state.sparql
    return service


async def sparql_get(request: Request) -> Response:
    params = body.url_params(request)
    if "update" in params:
        raise QueryRefused(_READ_ONLY)
    if "query" not in params:
        if query_ui.wants_page(request):
            return await query_ui.page(request)
        return await service_description(request, params)
    return await _answer(request, body.operation(params, body.QUERY))


async def sparql_post(request: Request) -> Response:
    if body.media_type(request) == body.UPDATE.media_type:
        raise QueryRefused(_READ_ONLY)
    params = await body.read_post(request, body.QUERY)
    if "update" in params:
        raise QueryRefused(_READ_ONLY)
    return await _answer(request, body.operation(params, body.QUERY))


async def _answer(request: Request, op: body.Operation) -> Response:
    answer = await _service(request).answer(
        QueryRequest(
            query=op.text,
            accept=request.headers.get("accept"),
            format=tuple(op.params.get("format", [])),
            default_graphs=op.graphs,
            named_graphs=op.named,
            base_iri=endpoint_url(request),
        )
    )
    return answer_response(request, answer)


async def service_description(request: Request, params: dict[str, list[str]]) -> Response:
    names = params.get("format", [])
    chosen = (
        formats.by_names(names, formats.GRAPH_FORMATS)
        if names
        else formats.negotiate(request.headers.get("accept"), formats.GRAPH_FORMATS)
    )
    if chosen is None:
        raise NotAcceptable(
            "the service description is RDF: accept one of "
            + ", ".join(f.media_type for f in formats.GRAPH_FORMATS)
        )
    service = _service(request)
    graphs_tsv = await service.answer(QueryRequest(NAMED_GRAPHS_QUERY, format=("tsv",)))
    graphs = [line[1:-1] for line in graphs_tsv.body.decode().splitlines()[1:] if line]
    settings = request.app.state.settings
    limits = (
        f"Query time limit {settings.query_timeout_s:g} s; result row limit "
        f"{settings.result_row_limit}; request body limit {settings.max_body_bytes} bytes."
    )
    update = str(request.url_for("update")) if settings.update_token else None
    triples = description.describe(
        endpoint_url(request), graphs, update_endpoint=update, limits=limits
    )
    return Response(
        description.serialize(triples, chosen.key),
        headers={"Content-Type": chosen.content_type, "Vary": "Accept"},
    )
