"""404s: a page that helps a person on (search, the kinds of things), plain text for programs.

Why a status handler and not only the linked-data routes: a person who mistypes any path
should land on a page with a way on, while a client that did not ask for HTML keeps the
plain-text bodies every other error of the server has.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ciskg.http import negotiation
from ciskg.http.templating import Page, base_iri, iri_for_path, render
from ciskg.labels import local_name

NOT_FOUND = 404


def respond(request: Request, iri: str, *, html: bool) -> Response:
    """The 404 for an IRI nothing in the graph has."""
    if not html:
        return PlainTextResponse(f"NotFound: no thing has the IRI <{iri}>\n", status_code=404)
    page = Page(request)
    guess = local_name(iri).replace("-", " ")
    kind = iri[len(base_iri(request) + "id/") :].split("/", 1)[0] if "/id/" in iri else ""
    return render(
        request, "not_found.html", page, status=NOT_FOUND, iri=iri, guess=guess, kind=kind
    )


def install(app: FastAPI) -> None:
    """Answer 404s for unknown paths with the page when the client prefers HTML."""

    async def not_found(request: Request, exc: Exception) -> Response:
        if negotiation.prefers_html(request.headers.get("accept")):
            return respond(request, iri_for_path(request.url.path, base_iri(request)), html=True)
        if isinstance(exc, HTTPException):  # as errors.py answers every other HTTP error
            return PlainTextResponse(f"{exc.detail}\n", status_code=NOT_FOUND, headers=exc.headers)
        return PlainTextResponse("Not Found\n", status_code=NOT_FOUND)

    app.add_exception_handler(NOT_FOUND, not_found)
