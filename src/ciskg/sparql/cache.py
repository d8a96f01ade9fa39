"""A bounded LRU cache of serialised answers, keyed by request and store version.

Why: the store changes only through `/update` (or a rebuild and restart), so the same query
on the same store version has the same answer; analysts and UIs repeat queries a lot, and
a cache hit skips the worker round trip and the serialiser. The ETag is a hash of the
bytes, so it is the same in every server process and survives restarts on the same data,
and clients can revalidate with `If-None-Match` (304). Non-deterministic queries (RAND,
NOW, UUID, BNODE…) are never cached; the caller decides that.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

MAX_CACHED_BODY_BYTES = 4 * 1024 * 1024  # bigger answers are recomputed rather than kept


@dataclass(frozen=True, slots=True)
class Answer:
    body: bytes
    media_type: str
    etag: str  # quoted, as sent in the ETag header
    rows: int


def make_answer(body: bytes, media_type: str, rows: int) -> Answer:
    digest = hashlib.blake2b(body, digest_size=12).hexdigest()
    return Answer(body, media_type, f'"{digest}"', rows)


class ResultCache:
    """LRU by total body bytes; `get`/`put` are O(1) and never raise."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[object, ...], Answer] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[object, ...]) -> Answer | None:
        answer = self._entries.get(key)
        if answer is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return answer

    def put(self, key: tuple[object, ...], answer: Answer) -> None:
        size = len(answer.body)
        if size > min(MAX_CACHED_BODY_BYTES, self.max_bytes) or key in self._entries:
            return
        self._entries[key] = answer
        self._bytes += size
        while self._bytes > self.max_bytes and self._entries:
            _, old = self._entries.popitem(last=False)
            self._bytes -= len(old.body)

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0
