"""The query backend over a remote store: the same interface as `QueryPool`, over HTTP.

Why this shape: `SparqlService` (inspection, negotiation, cache) and every router stay as
they are; only "run this job" changes. The app keeps no state of the store, so any number
of replicas can serve one store. The safety rules hold as on the embedded store:

- SERVICE and LOAD are refused by `SparqlService` before anything is sent;
- the time limit bounds the whole exchange (connect, send, wait, read): past it the
  request is dropped and the caller gets `QueryTimeout` (503). The store may go on
  computing — set its own limit too (see `remote.py`);
- the row limit is counted on the line-per-row formats while the body arrives, and the
  connection is closed as soon as it is passed (`ResultTooLarge`, 400);
- a store that cannot be reached gives `StoreError` (503 with the reason) and marks the
  backend not ready (`/health` 503); a probe every `PROBE_INTERVAL_S` notices its return,
  and any request that gets through does too: no restart is needed.

Queries are sent as POST forms (no URL length limit; dataset parameters in the body as
the protocol allows); `BASE <endpoint>` is put before the text on a line of its own so
relative IRIs resolve against this endpoint as on the embedded store, and the store's
error positions are taken back by one line. A query is retried once if the connection
breaks before an answer (a keep-alive connection to a store that has restarted); updates
are never retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from typing import Any

import httpx
import pyoxigraph as ox

from ciskg import remote
from ciskg.errors import QueryError, QueryTimeout, ResultTooLarge, StoreError
from ciskg.sparql import remote_results
from ciskg.sparql.execute import QueryJob, QueryResult, term_from_json
from ciskg.sparql.inspect import Form, inspect_text
from ciskg.sparql.prebind import bind_values

log = logging.getLogger(__name__)

PROBE_INTERVAL_S = 1.0
PROBE_QUERY = "ASK {}"
GRAPH_LIST_TTL_S = 5.0  # how long the `list` union mode reuses the store's graph list
GRAPH_LIST_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
MAX_RESPONSE_BYTES = 256 * 1024 * 1024  # answers in a non-line format are read whole
OFF_LOOP_BYTES = 64 * 1024  # larger answers are re-serialised in a thread, not the event loop
MAX_CONNECTIONS = 64
_RETRYABLE = (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


class RemoteBackend:
    """Answers `QueryJob`s from a remote store; see the module docstring."""

    def __init__(self, store: remote.RemoteStore, *, timeout_s: float, cache_s: float) -> None:
        self.store = store
        self.timeout_s = timeout_s
        self.cache_s = cache_s
        self.updates = 0
        self.reachable = False
        self._client: httpx.AsyncClient | None = None
        self._watch: asyncio.Task[None] | None = None
        self._graphs: tuple[float, list[str]] = (0.0, [])

    # -- the QueryPool interface -------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self._client is not None and self.reachable

    @property
    def workers(self) -> list[int]:
        """No worker processes: the store does the work."""
        return []

    @property
    def version(self) -> int:
        """What cached answers are keyed by: the updates sent from here, and with
        `cache_s` a clock tick, so that no answer is reused for longer than that."""
        if self.cache_s <= 0:
            return self.updates
        return self.updates + int(time.monotonic() // self.cache_s) * 1_000_000

    async def start(self) -> None:
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(self.timeout_s, connect=remote.CONNECT_TIMEOUT_S),
            limits=httpx.Limits(max_connections=MAX_CONNECTIONS),
        )
        await self._probe()
        if not self.reachable:
            log.warning("the store at %s does not answer yet", self.store.query_url)
        self._watch = asyncio.get_running_loop().create_task(self._watch_store())

    async def close(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def query(self, job: QueryJob) -> QueryResult:
        form = _form_of(job.query)
        text, offset = _with_base(_bound(job), job.base_iri)
        data = [("query", text), *await self._dataset(job)]
        params = (
            {remote.UNION_PARAM: ""} if self.store.union == "param" and _wants_union(job) else None
        )
        graph = form is not None and form.is_graph
        accept = (
            remote_results.ACCEPT_GRAPH
            if graph
            else remote_results.ACCEPT_BOOLEAN
            if form is Form.ASK
            else remote_results.ACCEPT_SOLUTIONS
        )
        body, content_type = await self._deadline(
            self._fetch(self.store.query_url, data, params, accept, job.row_limit, offset),
            "query",
        )
        convert = remote_results.triples if graph else remote_results.solutions
        if len(body) < OFF_LOOP_BYTES:
            return convert(body, content_type, job)
        return await asyncio.to_thread(convert, body, content_type, job)

    async def check_update(self, update: str, base_iri: str | None) -> None:
        """Nothing to do: the store parses the update and answers 400 if it is wrong."""

    async def update(self, update: str, base_iri: str | None) -> None:
        text, offset = _with_base(update, base_iri)
        try:
            await asyncio.wait_for(self._send_update(text, offset), self.timeout_s)
        except QueryError:
            raise  # refused by the store's parser: nothing changed
        except TimeoutError:
            self.updates += 1  # maybe applied: never serve older answers
            raise QueryTimeout(
                f"the store did not confirm the update within {self.timeout_s:g} s; "
                "it may still apply it"
            ) from None
        except BaseException:
            self.updates += 1
            raise
        self.updates += 1

    # -- the exchange ----------------------------------------------------------------

    async def _deadline(self, call: Any, what: str) -> Any:
        try:
            return await asyncio.wait_for(call, self.timeout_s)
        except TimeoutError:
            raise QueryTimeout(
                f"the {what} ran longer than the time limit of {self.timeout_s:g} s "
                "(CISKG_QUERY_TIMEOUT_S) and was stopped"
            ) from None

    async def _fetch(
        self,
        url: str,
        data: list[tuple[str, str]],
        params: dict[str, str] | None,
        accept: str,
        row_limit: int,
        line_offset: int,
    ) -> tuple[bytes, str | None]:
        for attempt in (1, 2):
            try:
                return await self._read(url, data, params, accept, row_limit, line_offset)
            except _RETRYABLE as exc:
                if attempt == 2 or isinstance(exc, httpx.ConnectError):
                    self._lost(exc)
                    raise remote.unreachable(url, exc) from None
                log.info("retrying a query after %r", exc)
            except httpx.TransportError as exc:
                self._lost(exc)
                raise remote.unreachable(url, exc) from None
        raise AssertionError("unreachable")

    async def _read(
        self,
        url: str,
        data: list[tuple[str, str]],
        params: dict[str, str] | None,
        accept: str,
        row_limit: int,
        line_offset: int,
    ) -> tuple[bytes, str | None]:
        client = self._http()
        headers = {"Accept": accept}
        async with client.stream(
            "POST", url, data=_form(data), params=params, headers=headers
        ) as r:
            self.reachable = True
            if r.status_code != 200:
                raise remote.refused(url, r.status_code, await r.aread(), line_offset=line_offset)
            content_type = r.headers.get("content-type")
            header_lines = remote_results.ROW_FORMATS.get(remote_results.media_type(content_type))
            chunks: list[bytes] = []
            size = lines = 0
            async for chunk in r.aiter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if header_lines is not None:
                    lines += chunk.count(b"\n")
                    if lines > row_limit + header_lines:
                        graph = header_lines == 0
                        raise remote_results.too_large(
                            row_limit, "triples" if graph else "solutions"
                        )
                if size > MAX_RESPONSE_BYTES:
                    raise ResultTooLarge(
                        f"the store's answer is larger than {MAX_RESPONSE_BYTES} bytes"
                    )
            return b"".join(chunks), content_type

    async def _send_update(self, text: str, line_offset: int) -> None:
        url = self.store.update_url
        try:
            response = await self._http().post(url, data={"update": text})
        except httpx.TransportError as exc:
            self._lost(exc)
            raise remote.unreachable(url, exc) from None
        self.reachable = True
        if not 200 <= response.status_code < 300:
            raise remote.refused(
                url, response.status_code, response.content, line_offset=line_offset
            )

    async def _dataset(self, job: QueryJob) -> list[tuple[str, str]]:
        """The protocol's dataset parameters for `job` (the union ones in `list` mode)."""
        if job.default_graphs is not None or job.named_graphs is not None:
            return [("default-graph-uri", g) for g in job.default_graphs or []] + [
                ("named-graph-uri", g) for g in job.named_graphs or []
            ]
        if self.store.union != "list" or not job.union_default:
            return []
        graphs = await self._graph_list()
        return [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]

    async def _graph_list(self) -> list[str]:
        fetched, graphs = self._graphs
        if time.monotonic() - fetched < GRAPH_LIST_TTL_S:
            return graphs
        body, content_type = await self._deadline(
            self._fetch(
                self.store.query_url,
                [("query", GRAPH_LIST_QUERY)],
                None,
                remote_results.ACCEPT_SOLUTIONS,
                10_000_000,
                0,
            ),
            "graph list query",
        )
        result = remote_results.solutions(
            body, content_type, QueryJob(GRAPH_LIST_QUERY, "tsv", row_limit=10_000_000)
        )
        graphs = [
            line[1:-1]
            for line in result.body.decode().splitlines()[1:]
            if line.startswith("<") and not line.startswith("<" + remote.STAGING_PREFIX)
        ]
        self._graphs = (time.monotonic(), graphs)
        return graphs

    # -- reachability ----------------------------------------------------------------

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            raise StoreError("the remote store backend is not started")
        return self._client

    def _lost(self, exc: Exception) -> None:
        if self.reachable:
            log.warning("lost the store at %s: %r", self.store.query_url, exc)
        self.reachable = False

    async def _probe(self) -> None:
        try:
            response = await self._http().post(
                self.store.query_url,
                data={"query": PROBE_QUERY},
                headers={"Accept": remote_results.ACCEPT_BOOLEAN},
                timeout=min(self.timeout_s, remote.CONNECT_TIMEOUT_S),
            )
        except httpx.TransportError as exc:
            self._lost(exc)
            return
        if not self.reachable:
            log.info(
                "the store at %s answers (HTTP %d)", self.store.query_url, response.status_code
            )
        self.reachable = response.status_code == 200

    async def _watch_store(self) -> None:
        """Probe while the store is unreachable, so that /health sees it come back."""
        while True:
            await asyncio.sleep(PROBE_INTERVAL_S)
            if not self.reachable:
                await self._probe()


@functools.lru_cache(maxsize=4096)
def _form_of(query: str) -> Form | None:
    return inspect_text(query).form


def _wants_union(job: QueryJob) -> bool:
    return job.union_default and job.default_graphs is None and job.named_graphs is None


def _bound(job: QueryJob) -> str:
    if not job.substitutions:
        return job.query
    terms = {name: term_from_json(term) for name, term in job.substitutions.items()}
    return bind_values(job.query, terms)


def _with_base(text: str, base_iri: str | None) -> tuple[str, int]:
    """`text` with `BASE <base_iri>` on a line before it, and the lines so added."""
    if base_iri is None:
        return text, 0
    try:
        base = ox.NamedNode(base_iri)
    except ValueError as exc:
        raise QueryError(f"the base IRI {base_iri!r} is not an IRI: {exc}") from None
    return f"BASE {base}\n{text}", 1


def _form(data: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form fields for httpx, repeated names kept in order."""
    out: dict[str, list[str]] = {}
    for name, value in data:
        out.setdefault(name, []).append(value)
    return out
