"""uvicorn's httptools protocol with a bound on the request line and header fields.

Why: httptools (llhttp) has no limit of its own, and uvicorn buffers whatever comes before
the end of the headers — measured: a 50 MB header was read in full (the event loop stalled
for over a second, and memory grows with the header), a 1 MB one was answered 200. This
protocol counts those bytes as they arrive and, past the limit, answers once and closes
the connection: 431 for header fields over `CISKG_MAX_HEADER_BYTES`, 414 for a request
target over `CISKG_MAX_BODY_BYTES` (a GET query is allowed what a POST body is). So a
connection never holds more than the limits plus one read (256 kB) before the request
reaches the app, and the server goes on serving everyone else.

`ciskg serve` selects it by name (`http=PROTOCOL`), so uvicorn's worker processes import
it too; each process reads the limits once from the `CISKG_*` settings.
"""

from __future__ import annotations

import functools
from http import HTTPStatus
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ciskg.settings import Settings

PROTOCOL = "ciskg.http.protocol:BoundedHttpToolsProtocol"


@functools.cache
def limits() -> tuple[int, int]:
    """(header bytes, request-target bytes) of this process's settings."""
    settings = Settings()
    return settings.max_header_bytes, settings.max_body_bytes


class _Refused(Exception):
    """Raised from a parser callback to stop parsing a request that is over a limit."""


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._max_header, self._max_target = limits()
        self._in_head = True  # between the start of a request and the end of its headers
        self._head_bytes = 0  # bytes received while in the head (request line and headers)
        self._header_bytes = 0  # bytes of header fields of the current request
        self._refusal: tuple[HTTPStatus, str] | None = None

    def data_received(self, data: bytes) -> None:
        if self._refusal is not None:
            return
        super().data_received(data)  # a callback's _Refused ends here, through send_400
        if self._refusal is None and self._in_head:
            # Still in the head after all of `data`: every byte of it is head (llhttp keeps
            # a partial header line to itself, so this is what bounds its buffer).
            self._head_bytes += len(data)
            if self._head_bytes > self._max_header + self._max_target:
                self._refuse(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, self._header_message())
                self._send_refusal()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_bytes = 0
        self._header_bytes = 0

    def on_url(self, url: bytes) -> None:
        if len(self.url) + len(url) > self._max_target:
            raise self._refuse(
                HTTPStatus.REQUEST_URI_TOO_LONG,
                f"the request target is longer than {self._max_target} bytes "
                "(CISKG_MAX_BODY_BYTES): POST long queries",
            )
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_bytes += len(name) + len(value) + 4  # ": " and CRLF
        if self._header_bytes > self._max_header:
            raise self._refuse(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, self._header_message())
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head = True

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to a parser error: ours when a limit stopped the parser."""
        if self._refusal is None:
            super().send_400_response(msg)
        else:
            self._send_refusal()

    def _header_message(self) -> str:
        return (
            f"the request header fields are larger than {self._max_header} bytes "
            "(CISKG_MAX_HEADER_BYTES)"
        )

    def _refuse(self, status: HTTPStatus, message: str) -> _Refused:
        """Remember why the request is refused; callbacks raise the result to stop llhttp."""
        self._refusal = (status, message)
        return _Refused(message)

    def _send_refusal(self) -> None:
        assert self._refusal is not None
        status, message = self._refusal
        self.logger.warning("refused a request: %s", message)
        body = f"{status.phrase}: {message}\n".encode()
        head = [f"HTTP/1.1 {status.value} {status.phrase}\r\n".encode()]
        for name, value in self.server_state.default_headers:
            head.append(name + b": " + value + b"\r\n")
        head.append(b"content-type: text/plain; charset=utf-8\r\n")
        head.append(b"content-length: " + str(len(body)).encode() + b"\r\n")
        head.append(b"connection: close\r\n\r\n")
        if not self.transport.is_closing():
            self.transport.write(b"".join(head) + body)
            self.transport.close()
