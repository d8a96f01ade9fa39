"""A remote store: any SPARQL 1.1 Query/Update + Graph Store Protocol server.

Why: one embedded store per process does not scale out; with `CISKG_STORE=sparql+http://
host:port/path` the app becomes stateless (any number of replicas in front of one store)
and the build loads its named graphs into that server (`remote_load.py`). Everything here
is written to the W3C protocols, not to one server; where servers differ, a setting says
which way to go:

- `oxigraph serve`: `sparql+http://h:7878`; the default URLs (/query, /update, /store);
  union `param` (the default), or `server` if it runs with `--union-default-graph`.
- Fuseki: `sparql+http://h:3030/ds`; GSP URL /ds/data; union `server` with
  `tdb2:unionDefaultGraph true`, else `list`.
- GraphDB: `sparql+http://h:7200/repositories/r`; query …/r, update …/r/statements, GSP
  …/r/rdf-graphs/service; union `server` (its default graph holds every statement).
- Virtuoso: `sparql+http://h:8890`; query and update /sparql(-auth), GSP
  /sparql-graph-crud(-auth); union `server` (a query without FROM sees every graph).
- Neptune: `sparql+https://h:8182`; query and update /sparql, GSP /sparql/gsp/; union
  `server` (its default graph is the union of the named graphs).

`list` works on any server: the default graph is named graph by graph in
`default-graph-uri` (and `named-graph-uri`, since naming one replaces the whole dataset,
SPARQL 1.1 Protocol §2.1.4), read from the store at most every `GRAPH_LIST_TTL_S`.

Time limits: the app stops waiting after CISKG_QUERY_TIMEOUT_S and answers 503, but no
protocol lets it tell the store to stop computing; give the store its own limit (Fuseki
`arq:queryTimeout`, GraphDB `graphdb.query.timeout`, Virtuoso `MaxQueryExecutionTime`,
Neptune `neptune_query_timeout`). `oxigraph serve --timeout-s 2` (0.5.13) did not stop a
COUNT over 10^9 VALUES rows here: it ran for 95 s.

This module holds the configuration and the mapping of HTTP failures to ciskg errors,
shared by the loader (sync) and the query backend (`sparql/remote_backend.py`, async).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ciskg.errors import CiskgError, QueryError, QueryTimeout, StoreError

if TYPE_CHECKING:  # kept out of the import of this module: the embedded store's workers
    import httpx  # import `is_remote` through ciskg.store and start faster without these

    from ciskg.settings import Settings

SCHEMES = {"sparql+http": "http", "sparql+https": "https"}
DEFAULT_PATHS = {"query": "/query", "update": "/update", "gsp": "/store"}  # oxigraph serve
UNION_PARAM = "union-default-graph"  # Oxigraph's extension (not in the protocol)
STAGING_PREFIX = "urn:x-ciskg-staging:"  # graphs a staged load writes before its switch
CONNECT_TIMEOUT_S = 5.0
MAX_MESSAGE_CHARS = 2000  # of a store's error body, repeated to the client
_POSITION = re.compile(r"error at (\d+):(\d+)")


def is_remote(store: str | Path) -> bool:
    """Whether CISKG_STORE names a remote store (`sparql+http(s)://…`), not a directory.

    Only the scheme is looked at, so that a URL that went through `Path` (which folds
    `//`) is still recognised and never taken for a directory.
    """
    return str(store).split(":", 1)[0] in SCHEMES


@dataclass(frozen=True, slots=True)
class RemoteStore:
    """Where a remote store answers and how to ask it; see the module docstring."""

    query_url: str
    update_url: str
    gsp_url: str
    union: str = "param"  # "param" | "server" | "list"
    load: str = "staged"  # "staged" | "direct" (remote_load.py)

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteStore:
        """The remote store of `settings.store`; StoreError if it is not a usable URL."""
        base = base_url(settings.store)
        return cls(
            query_url=settings.store_query_url or base + DEFAULT_PATHS["query"],
            update_url=settings.store_update_url or base + DEFAULT_PATHS["update"],
            gsp_url=settings.store_gsp_url or base + DEFAULT_PATHS["gsp"],
            union=settings.store_union,
            load=settings.store_load,
        )


def base_url(store: str) -> str:
    """`sparql+http://h:p/path/` → `http://h:p/path` (the base the default paths go under)."""
    scheme, sep, rest = store.partition("://")
    if not sep or scheme not in SCHEMES:
        raise StoreError(f"{store!r} is not a remote store URL (sparql+http://host:port/…)")
    url = f"{SCHEMES[scheme]}://{rest}".rstrip("/")
    parts = urlsplit(url)
    if not parts.hostname or parts.query or parts.fragment:
        raise StoreError(f"{store!r}: a remote store URL is sparql+http(s)://host[:port][/path]")
    return url


def unreachable(url: str, exc: httpx.TransportError) -> StoreError:
    """The error for a store that cannot be reached (503 on the wire; retried next request)."""
    reason = type(exc).__name__
    detail = str(exc).strip()
    return StoreError(
        f"the store at {url} is unreachable ({reason}{': ' + detail if detail else ''}); "
        "the request can be retried once it is back"
    )


def refused(url: str, status: int, body: bytes, *, line_offset: int = 0) -> CiskgError:
    """The error for a non-2xx answer of the store, by what the status means for the caller.

    400 is the client's fault (the store's parser message goes back with its position,
    `line_offset` lines of prologue that ciskg added taken off); 408/504 are timeouts;
    everything else is the store's side (503 on the wire).
    """
    message = body.decode("utf-8", "replace").strip()[:MAX_MESSAGE_CHARS] or "(no message)"
    if status == 400:
        return _query_error(message, line_offset)
    if status in (408, 504):
        return QueryTimeout(f"the store at {url} gave up on the request (HTTP {status}): {message}")
    if status in (401, 403):
        return StoreError(
            f"the store at {url} refused access (HTTP {status}): {message}; "
            "give the credentials in the store URL (sparql+http://user:password@host/…)"
        )
    if status == 404:
        return StoreError(
            f"no SPARQL service at {url} (HTTP 404): check CISKG_STORE and the "
            "CISKG_STORE_*_URL settings"
        )
    return StoreError(f"the store at {url} failed (HTTP {status}): {message}")


def _query_error(message: str, line_offset: int) -> QueryError:
    m = _POSITION.search(message)
    if m is None:
        return QueryError(message)
    line, column = int(m.group(1)) - line_offset, int(m.group(2))
    message = message[: m.start()] + f"error at {line}:{column}" + message[m.end() :]
    return QueryError(message, line=line, column=column)
