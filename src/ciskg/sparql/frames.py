"""Length-prefixed frames between the pool and its worker processes (over stdin/stdout).

Why not multiprocessing: a worker that overruns the time limit is killed with SIGKILL, and
the pool must neither break (as `ProcessPoolExecutor` does) nor block its event loop while
reading a large result. A frame is `>II` (header length, body length), a JSON header and
raw body bytes, so results travel as the serialiser wrote them, read by asyncio streams.
"""

from __future__ import annotations

import asyncio
import json
import struct
from typing import Any, BinaryIO

_PREFIX = struct.Struct(">II")
MAX_HEADER_BYTES = 16 * 1024 * 1024  # a query text travels in the header


def encode(header: dict[str, Any], body: bytes = b"") -> bytes:
    raw = json.dumps(header, separators=(",", ":")).encode()
    return _PREFIX.pack(len(raw), len(body)) + raw + body


async def read(reader: asyncio.StreamReader) -> tuple[dict[str, Any], bytes]:
    """One frame; raises `asyncio.IncompleteReadError` when the worker has gone."""
    head_len, body_len = _PREFIX.unpack(await reader.readexactly(_PREFIX.size))
    if head_len > MAX_HEADER_BYTES:
        raise ValueError(f"frame header of {head_len} bytes")
    header = json.loads(await reader.readexactly(head_len))
    body = await reader.readexactly(body_len) if body_len else b""
    return header, body


def read_sync(stream: BinaryIO) -> tuple[dict[str, Any], bytes] | None:
    """One frame from a blocking stream, or None at end of input."""
    prefix = _read_exactly(stream, _PREFIX.size)
    if prefix is None:
        return None
    head_len, body_len = _PREFIX.unpack(prefix)
    header = json.loads(_read_exactly(stream, head_len) or b"{}")
    body = _read_exactly(stream, body_len) or b"" if body_len else b""
    return header, body


def write_sync(stream: BinaryIO, header: dict[str, Any], body: bytes = b"") -> None:
    stream.write(encode(header, body))
    stream.flush()


def _read_exactly(stream: BinaryIO, n: int) -> bytes | None:
    chunks: list[bytes] = []
    while n:
        chunk = stream.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)
