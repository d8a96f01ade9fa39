"""Dereferenceable IRIs: `/id/{kind}/{slug…}`, `/def`, `/graph/…` on this server.

The request path is mapped onto the configured IRI base (`CISKG_BASE_IRI`, by default
`https://w3id.org/ciskg/`), so `https://w3id.org/ciskg/id/state/uzb` is answered at
`/id/state/uzb` here. Format by suffix (`.ttl`, `.jsonld`, `.nt`, `.rdf`), `?format=` or
`Accept` (see `negotiation`): HTML for browsers, RDF for everything else, `Vary: Accept`
and a `Link` header naming the alternates. An unknown IRI is a 404 — a page with a way
on for people, one line of text for programs.
"""

from __future__ import annotations

import asyncio

import pyoxigraph as ox
from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from ciskg.describe import Description, describe, serialize
from ciskg.http import (
    entity_extras,
    entity_view,
    graph_pages,
    negotiation,
    not_found,
    paragraph_view,
)
from ciskg.http.negotiation import HTML, RDF_FORMATS, SUFFIX_OF
from ciskg.http.openapi_docs import responses
from ciskg.http.runner import Runner
from ciskg.http.templating import Page, base_iri, render
from ciskg.sparql import formats


def router() -> APIRouter:
    r = APIRouter(tags=["linked data"])
    r.add_api_route(
        "/id/{path:path}",
        resource,
        methods=["GET"],
        summary="A thing of the graph: HTML page or RDF description",
        responses=responses(HTML, *RDF_FORMATS, errors=(404, 406)),
    )
    r.add_api_route(
        "/def",
        graph_pages.vocabulary,
        methods=["GET"],
        summary="The ontology",
        responses=responses(HTML, *graph_pages.ONTOLOGY_FORMATS, errors=(406,)),
    )
    r.add_api_route(
        "/def.{ext}",
        graph_pages.vocabulary_file,
        methods=["GET"],
        summary="The ontology as RDF",
        responses=responses(*graph_pages.ONTOLOGY_FORMATS, errors=(404,)),
    )
    r.add_api_route(
        "/graph/{path:path}",
        graph_pages.named_graph,
        methods=["GET"],
        summary="A named graph",
        responses=responses(HTML, *graph_pages.STREAMED, errors=(404, 406)),
    )
    return r


async def resource(request: Request, path: str) -> Response:
    stem, suffix = negotiation.split_suffix(path, (*RDF_FORMATS, HTML))
    iri = base_iri(request) + "id/" + stem
    chosen = negotiation.choose(request, suffix=suffix)
    try:
        ox.NamedNode(iri)
    except ValueError:
        return not_found.respond(request, iri, html=chosen is HTML)
    runner = Runner.of(request)
    desc = await describe(runner.select, iri)
    if not desc.found:
        return not_found.respond(request, iri, html=chosen is HTML)
    headers = {
        "Vary": "Accept",
        "Link": negotiation.alternates("/id/" + stem),
    }
    if chosen is HTML:
        return await entity_page(request, runner, desc, headers)
    body = serialize(desc.triples(), formats.rdf_format(chosen.key))
    headers["Content-Type"] = chosen.content_type
    headers["Content-Location"] = f"/id/{stem}{SUFFIX_OF[chosen.key]}"
    return Response(body, headers=headers)


async def entity_page(
    request: Request, runner: Runner, desc: Description, headers: dict[str, str]
) -> Response:
    """The HTML page of a thing: sections, evidence, pictures (see entity_view)."""
    page = Page(request)
    page.labels = desc.labeller(page.languages)
    said, timeline_svg, paragraph = await asyncio.gather(
        entity_extras.statements(runner.select, desc, page),
        entity_extras.process_timeline(runner.select, desc, page),
        paragraph_view.build(runner.select, desc, page),
    )
    page.labels = desc.labeller(page.languages)  # with every label the parts fetched
    view = entity_view.build(desc, page)
    stem = page.href(desc.iri)
    return render(
        request,
        "entity.html",
        page,
        headers={**headers, "Link": negotiation.alternates(stem)},
        view=view,
        said=said,
        paragraph=paragraph,
        timeline_svg=timeline_svg,
        network_svg=entity_extras.neighbourhood(desc, page),
        alternates=[(f.key, f"{stem}{SUFFIX_OF[f.key]}", f.media_type) for f in RDF_FORMATS],
    )
