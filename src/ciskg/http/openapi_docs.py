"""The responses routes declare in the OpenAPI schema: media types and error statuses.

Why one place: FastAPI documents a route that declares nothing as `200 application/json`,
but most routes here answer HTML or negotiated RDF, and every route may answer the errors
that `errors.py` maps (plain text). A client generated from `/openapi.json`, or the
fuzzer that checks every response against it (`tests/reliability/test_fuzz.py`), must see
what the server really sends.
"""

from __future__ import annotations

from typing import Any

from ciskg.sparql.formats import ResultFormat

Responses = dict[int | str, dict[str, Any]]

_TEXT: dict[str, dict[str, Any]] = {"text/plain": {}}
_ERRORS: dict[int, dict[str, Any]] = {
    303: {"description": "one thing has this name: its page"},
    400: {"description": "bad parameters or query (the parser's message)", "content": _TEXT},
    404: {
        "description": "nothing here (a page for browsers, a line for programs)",
        "content": {"text/html": {}, **_TEXT},
    },
    406: {"description": "none of the accepted media types is available", "content": _TEXT},
    413: {"description": "request body over the limit", "content": _TEXT},
    415: {"description": "a body of another media type than the protocol's", "content": _TEXT},
    503: {
        "description": "the store is not open, or a query ran past the time limit",
        "content": _TEXT,
    },
}


def responses(
    *offers: ResultFormat | str,
    errors: tuple[int, ...] = (),
    description: str = "the resource",
    error_page: bool = False,
) -> Responses:
    """A 200 in the media types `offers`, and the `errors` (503 always: any store call);
    `error_page` for routes that show their errors on an HTML page."""
    types = [o if isinstance(o, str) else o.media_type for o in offers]
    out: Responses = {200: {"description": description, "content": {t: {} for t in types}}}
    for status in sorted({*errors, 503}):
        out[status] = _ERRORS[status]
        if error_page and "content" in out[status]:
            out[status] = out[status] | {"content": {"text/html": {}}}
    return out


def errors(*statuses: int) -> Responses:
    """The error statuses alone, for routes that document their 200 themselves."""
    return {status: _ERRORS[status] for status in sorted({*statuses, 503})}
