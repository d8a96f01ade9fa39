"""Reading a SPARQL operation out of an HTTP request, as the SPARQL 1.1 Protocol says.

Why by hand and not with FastAPI parameters: the protocol's rules are about the request as
a whole — exactly one `query` (or `update`), graph parameters that may come from the URL
and from a form body, a body that must be UTF-8, and 4xx for every other media type — and
FastAPI's form parsing would accept several of these silently. Also the body-size limit,
enforced as bytes arrive so that a 2 MB body is refused without being buffered.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ciskg.errors import QueryError
from ciskg.http.errors import BodyTooLarge, UnsupportedMediaType, error_response

FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True, slots=True)
class Operation:
    text: str
    graphs: tuple[str, ...]  # default-graph-uri / using-graph-uri
    named: tuple[str, ...]  # named-graph-uri / using-named-graph-uri
    params: dict[str, list[str]]  # every parameter, URL and form together


@dataclass(frozen=True, slots=True)
class Kind:
    """The names one kind of operation (query or update) uses in the protocol."""

    param: str
    media_type: str
    graph_param: str
    named_param: str


QUERY = Kind("query", "application/sparql-query", "default-graph-uri", "named-graph-uri")
UPDATE = Kind("update", "application/sparql-update", "using-graph-uri", "using-named-graph-uri")


def one(values: list[str], name: str) -> str:
    if len(values) != 1:
        raise QueryError(f"expected exactly one `{name}` parameter, got {len(values)}")
    return values[0]


def url_params(request: Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    return params


def media_type(request: Request) -> str:
    return (request.headers.get("content-type") or "").split(";")[0].strip().lower()


async def read_post(request: Request, kind: Kind) -> dict[str, list[str]]:
    """Every parameter of a POST (URL and form); a direct body goes under `kind.param`."""
    content_type = request.headers.get("content-type") or ""
    options = content_type.partition(";")[2]
    params = url_params(request)
    if media_type(request) == FORM:
        form = parse_qs(_utf8(await request.body()), keep_blank_values=True)
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
    elif media_type(request) == kind.media_type:
        charset = _charset(options)
        if charset not in (None, "utf-8", "utf8"):
            raise UnsupportedMediaType(f"{kind.media_type} must be UTF-8, not {charset}")
        params.setdefault(kind.param, []).append(_utf8(await request.body()))
    else:
        shown = media_type(request) or "no Content-Type"
        raise UnsupportedMediaType(f"{shown}: POST a {kind.param} as {FORM} or {kind.media_type}")
    return params


def operation(params: dict[str, list[str]], kind: Kind) -> Operation:
    """The one operation the parameters carry; 400 for none or several."""
    return Operation(
        text=one(params.get(kind.param, []), kind.param),
        graphs=tuple(params.get(kind.graph_param, [])),
        named=tuple(params.get(kind.named_param, [])),
        params=params,
    )


def _charset(options: str) -> str | None:
    for option in options.split(";"):
        name, _, value = option.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the request body is not UTF-8: {exc}") from None


class BodyLimit:
    """ASGI middleware: 413 for a declared Content-Length over the limit, or once the bytes
    received pass it (chunked bodies)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            response = error_response(self._too_large())
            await response(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise self._too_large()
            return message

        await self.app(scope, limited, send)

    def _too_large(self) -> BodyTooLarge:
        return BodyTooLarge(
            f"the request body is larger than {self.max_bytes} bytes (CISKG_MAX_BODY_BYTES)"
        )
