"""Errors to HTTP statuses: the one place that decides how an error looks on the wire.

The core raises `ciskg.errors`; the two errors only HTTP can have (a body too large, a
media type the protocol does not define) are declared here as part of the same
hierarchy. Bodies are plain text — the parser's message with its line and column — since
SPARQL clients show the body of an error response to their user as it is.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import PlainTextResponse, Response

from ciskg import errors

log = logging.getLogger(__name__)


class BodyTooLarge(errors.CiskgError):
    """A request body over the configured limit (CISKG_MAX_BODY_BYTES)."""


class UnsupportedMediaType(errors.CiskgError):
    """A POST body whose media type or charset the SPARQL 1.1 Protocol does not define."""


# Most specific first: the first class an error is an instance of decides.
STATUS: list[tuple[type[errors.CiskgError], int]] = [
    (BodyTooLarge, 413),
    (UnsupportedMediaType, 415),
    (errors.NotAcceptable, 406),
    (errors.AccessDenied, 403),
    (errors.QueryTimeout, 503),
    (errors.QueryError, 400),  # includes QueryRefused (SERVICE, updates) and ResultTooLarge
    (errors.InputError, 400),
    (errors.StoreError, 503),
    (errors.CiskgError, 500),
]
RETRY_AFTER_S = "1"


def status_of(exc: errors.CiskgError) -> int:
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def error_response(exc: errors.CiskgError) -> Response:
    status = status_of(exc)
    message = str(exc)
    line, column = getattr(exc, "line", None), getattr(exc, "column", None)
    if line is not None and f"{line}:{column}" not in message:
        message += f" (line {line}, column {column})"
    headers = {"Retry-After": RETRY_AFTER_S} if status == 503 else {}
    if status == 403:
        headers["WWW-Authenticate"] = 'Bearer realm="ciskg-update"'
    if status >= 500:
        log.warning("%s: %s", type(exc).__name__, message)
    return PlainTextResponse(
        f"{type(exc).__name__}: {message}\n", status_code=status, headers=headers
    )


def install(app: FastAPI) -> None:
    """Register the handlers; routers raise, they never build error responses."""

    async def ciskg_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, errors.CiskgError)
        return error_response(exc)

    async def validation_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        return PlainTextResponse(f"bad parameters: {details}\n", status_code=400)

    async def http_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return PlainTextResponse(
            f"{exc.detail}\n", status_code=exc.status_code, headers=exc.headers
        )

    app.add_exception_handler(errors.CiskgError, ciskg_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
