"""Whole-dataset downloads and the dataset's description.

- `/dump.{ttl,nt,jsonld,trig}`: every named graph, streamed page by page (`ciskg.dumps`);
  TriG keeps the graphs apart, the others merge them.
- `/.well-known/void` (RFC 5785 name from the VoID spec, §6.2): VoID and DCAT in one
  description (`ciskg.dataset_description`), negotiated like the linked-data routes —
  HTML for people, RDF for programs.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ciskg import dataset_description, dumps
from ciskg.describe import Description, add_vocabulary_labels, fetch_labels, serialize
from ciskg.http import negotiation, not_found
from ciskg.http.negotiation import HTML, RDF_FORMATS, SUFFIX_OF, SUFFIXES
from ciskg.http.openapi_docs import responses
from ciskg.http.runner import Runner
from ciskg.http.templating import Page, base_iri, render
from ciskg.sparql import formats

DUMP_FORMATS = {f.key: f for f in formats.GRAPH_FORMATS if f.key in dumps.FORMATS}
VOID_PATH = "/.well-known/void"


def router() -> APIRouter:
    r = APIRouter(tags=["data"])
    r.add_api_route(
        "/dump.{ext}",
        dump,
        methods=["GET"],
        summary="The whole dataset (ext: ttl, nt, jsonld, trig), streamed",
        responses=responses(*DUMP_FORMATS.values(), errors=(404,)),
    )
    r.add_api_route(
        VOID_PATH,
        void,
        methods=["GET"],
        summary="VoID and DCAT description of the dataset",
        responses=responses(HTML, *RDF_FORMATS, errors=(406,)),
    )
    return r


def dump_urls(request: Request) -> dict[str, str]:
    root = str(request.base_url).rstrip("/")
    return {key: f"{root}/dump{SUFFIX_OF[key]}" for key in DUMP_FORMATS}


async def dump(request: Request, ext: str) -> Response:
    key = SUFFIXES.get("." + ext)
    if key not in DUMP_FORMATS:
        return not_found.respond(request, f"{base_iri(request)}dump.{ext}", html=False)
    runner = Runner.of(request)
    graphs = [r["g"].value for r in await runner.select(dumps.GRAPHS_QUERY) if "g" in r]
    chosen = DUMP_FORMATS[key]
    return StreamingResponse(
        dumps.stream(runner.triples, graphs, key, runner.row_limit),
        headers={
            "Content-Type": chosen.content_type,
            "Content-Disposition": f'attachment; filename="ciskg.{ext}"',
        },
    )


async def void(request: Request) -> Response:
    chosen = negotiation.choose(request, RDF_FORMATS)
    runner = Runner.of(request)
    base = base_iri(request)
    stats = await dataset_description.statistics(runner.select, base + "id/")
    root = str(request.base_url).rstrip("/")
    headers = {"Vary": "Accept"}
    if chosen is HTML:
        page = Page(request)
        desc = Description(base)
        await add_vocabulary_labels(runner.select, desc)
        await fetch_labels(runner.select, stats.reports, desc)
        page.labels = desc.labeller(page.languages)
        return render(
            request,
            "void.html",
            page,
            headers=headers,
            stats=stats,
            dumps=dump_urls(request),
            sparql=root + "/sparql",
        )
    triples = dataset_description.triples(
        stats,
        dataset=base,
        vocabulary=base + "def",
        id_space=base + "id/",
        sparql=root + "/sparql",
        dumps=dump_urls(request),
    )
    headers["Content-Type"] = chosen.content_type
    return Response(serialize(triples, formats.rdf_format(chosen.key)), headers=headers)
