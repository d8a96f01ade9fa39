"""The query UI: `GET /sparql` with `Accept: text/html`, and `/sparql/ui?query=…`.

Why both: the SPARQL router answers `GET /sparql` and hands a browser's request without
a query to `page` (`wants_page`); the editor then runs queries with `fetch` against
`/sparql` itself, as any client would. Without JavaScript, its form goes to `/sparql/ui`,
which runs the query the same way (through the SPARQL service: time limit, row limit,
SERVICE refused) and renders the results table on the server. The named queries of
`queries/` are the examples, CQ1 first.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from ciskg.errors import CiskgError
from ciskg.http import errors, negotiation
from ciskg.http.openapi_docs import responses
from ciskg.http.templating import Page, render
from ciskg.labels import COMPACT_PREFIXES, compact
from ciskg.named_queries import NamedQuery
from ciskg.sparql import formats
from ciskg.sparql.service import QueryRequest, SparqlService

RESULT_FORMATS = ("ntriples", "json")  # graphs as N-Triples; solutions and booleans as JSON
UI_PATH = "/sparql/ui"


def router() -> APIRouter:
    r = APIRouter(tags=["SPARQL"])
    r.add_api_route(
        UI_PATH,
        page,
        methods=["GET"],
        summary="The query UI (HTML)",
        responses=responses("text/html", errors=(400,), description="a page", error_page=True),
    )
    return r


def wants_page(request: Request) -> bool:
    """A browser asking `GET /sparql` without a query, and no `format=`: show the UI."""
    if "format" in request.query_params:
        return False
    return negotiation.prefers_html(request.headers.get("accept"), formats.GRAPH_FORMATS)


async def page(request: Request) -> Response:
    queries: list[NamedQuery] = request.app.state.named_queries
    examples = [{"name": q.name, "title": q.title, "text": q.text} for q in _ordered(queries)]
    text = request.query_params.get("query")
    example = request.query_params.get("example")
    if text is None:
        ordered = _ordered(queries)
        chosen = next((q for q in queries if q.name == example), ordered[0] if ordered else None)
        text = chosen.text if chosen is not None else "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
        run = False
    else:
        run = True
    view = Page(request)
    table: dict[str, object] | None = None
    error = ""
    status = 200
    if run:
        try:
            table = await _run(request, text, view)
        except CiskgError as exc:
            status = errors.status_of(exc)
            error = f"{type(exc).__name__}: {exc}"
    return render(
        request,
        "sparql.html",
        view,
        status=status,
        query=text,
        examples=examples,
        table=table,
        error=error,
        examples_json=_script_json(examples),
        prefixes_json=_script_json(COMPACT_PREFIXES),
    )


async def _run(request: Request, text: str, view: Page) -> dict[str, object]:
    service: SparqlService = request.app.state.sparql
    answer = await service.answer(QueryRequest(text, format=RESULT_FORMATS))
    if answer.media_type.startswith("application/n-triples"):
        rows = [
            [_cell(t.subject, view), _cell(t.predicate, view), _cell(t.object, view)]
            for t in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)
        ]
        return {"head": ["subject", "predicate", "object"], "rows": rows}
    parsed = json.loads(answer.body)
    if "boolean" in parsed:
        return {"head": ["boolean"], "rows": [[{"text": str(parsed["boolean"]).lower()}]]}
    head = parsed["head"]["vars"]
    rows = [[_json_cell(b.get(v), view) for v in head] for b in parsed["results"]["bindings"]]
    return {"head": head, "rows": rows}


def _cell(term: object, view: Page) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"text": compact(term.value), "href": view.href(term.value)}
    if isinstance(term, ox.Literal):
        return {"text": term.value, "lang": term.language or ""}
    return {"text": str(term)}


def _json_cell(binding: dict[str, str] | None, view: Page) -> dict[str, str]:
    if binding is None:
        return {"text": ""}
    if binding["type"] == "uri":
        return {"text": compact(binding["value"]), "href": view.href(binding["value"])}
    if binding["type"] == "bnode":
        return {"text": "_:" + binding["value"]}
    return {"text": binding["value"], "lang": binding.get("xml:lang", "")}


def _ordered(queries: list[NamedQuery]) -> list[NamedQuery]:
    """The competency questions first (the editor opens with CQ1), then the others."""
    return sorted(queries, key=lambda q: (not q.name.startswith("cq"), q.name))


def _script_json(data: object) -> str:
    """JSON safe inside a <script> element: no `<` at all, so nothing can end it early."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
