"""Load a built dataset into a remote store, graph by graph, through the Graph Store Protocol.

Why staged by default: the Graph Store Protocol replaces one graph per request, and a
build replaces several. Loaded straight into place, a failure half-way would leave some
graphs new and some old. So (`CISKG_STORE_LOAD=staged`):

1. each named graph is PUT (N-Triples) under a staging name (`remote.STAGING_PREFIX`);
2. the staged graphs are counted; a count that is not the dataset's stops the load;
3. one SPARQL Update request then MOVEs every staged graph onto its name and DROPs the
   project's graphs the dataset no longer has: a single request, which a store runs as
   one transaction (SPARQL 1.1 Update §2.2 "SHOULD"; Oxigraph, Fuseki/TDB2, GraphDB and
   Neptune do; Virtuoso does not by default);
4. the graphs are counted again under their names.

`stage_dataset` does steps 1–2 and `StagedRemote.commit` steps 3–4, the two phases of
the embedded store's `stage_store` / `StagedStore.commit`. Any failure before step 3 (or
a `discard`) drops the staging graphs and leaves the store as it was, so a failed build
never replaces a good store. The price: MOVE copies on the server (measured
in bench/backends.py), and while a load runs the staged copies are part of the union
default graph of `param`/`server` union modes (`list` mode leaves them out). With
`CISKG_STORE_LOAD=direct` each graph is PUT in place (each PUT is atomic, so no graph is
ever half-loaded; a failure names which graphs are new and which are old), then the
counts are checked the same way.

What a remote load does not do: it never writes the store's default graph (that is not
ciskg's to replace; a dataset with default-graph triples is refused), it never touches
graphs outside the project's graph namespace, and it refuses a dataset whose blank nodes
are shared between graphs (a PUT scopes blank nodes to one graph). One build at a time
per store: a load drops the staging graphs it finds left by an interrupted one.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import pyoxigraph as ox

from ciskg import remote
from ciskg.errors import StoreError
from ciskg.namespaces import GRAPH

log = logging.getLogger(__name__)

LOAD_TIMEOUT_S = 1800.0  # one request of a load (a PUT or the switch); loads are large
PROJECT_GRAPHS = str(GRAPH)  # graphs under this namespace are the build's to replace
_SUBJECT_BNODE = re.compile(rb"^_:(\S+) ", re.MULTILINE)
_OBJECT_BNODE = re.compile(rb" _:(\S+) \.\r?$", re.MULTILINE)


def load_dataset(store: remote.RemoteStore, trig: bytes) -> int:
    """Replace the dataset's named graphs in `store` by those of the TriG `trig`.

    Returns the number of quads loaded; raises StoreError when anything fails or the
    store's counts differ from the dataset's (see the module docstring for what is left).
    """
    return stage_dataset(store, trig).commit()


def stage_dataset(store: remote.RemoteStore, trig: bytes) -> StagedRemote:
    """Steps 1–2 of a load (module docstring): the graphs are in the store, not yet live.

    The same two phases as the embedded store's `ciskg.store.stage_store`, so that a build
    can stage, write its other outputs, and only then `commit` (or `discard`). In direct
    mode nothing is written before `commit`.
    """
    local = _parse(trig)
    expected = _plan(local)
    with _link(store) as link:
        present = link.graphs()
        leftover = [g for g in present if g.startswith(remote.STAGING_PREFIX)]
        if leftover:
            log.warning("dropping %d staging graphs left by an interrupted load", len(leftover))
            link.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in leftover))
        stale = [g for g in present if g.startswith(PROJECT_GRAPHS) and g not in expected]
        if store.load == "direct":
            return StagedRemote(store, expected, stale, {}, local)
        load_id = uuid.uuid4().hex[:12]
        staging = {g: f"{remote.STAGING_PREFIX}{load_id}:{n}" for n, g in enumerate(expected)}
        try:
            for graph, name in staging.items():
                link.put(name, _ntriples(local, ox.NamedNode(graph)))
            _verify(link, {staging[g]: n for g, n in expected.items()}, "in staging")
        except BaseException:
            _drop_quietly(link, staging.values())
            raise
    return StagedRemote(store, expected, stale, staging, None)


@dataclass
class StagedRemote:
    """A load staged in a remote store; `commit` makes it live, `discard` drops it."""

    store: remote.RemoteStore
    expected: dict[str, int]  # graph → triples
    stale: list[str]  # the project's graphs the dataset no longer has
    staging: dict[str, str]  # graph → its staging name (staged mode)
    local: ox.Store | None  # the dataset, for direct mode's PUTs

    @property
    def quads(self) -> int:
        return sum(self.expected.values())

    def commit(self) -> int:
        """Step 3–4: switch in one update (or PUT in place), then count; the quads loaded."""
        with _link(self.store) as link:
            if self.local is not None:
                _direct(link, self.local, self.expected, self.stale)
            else:
                try:
                    link.update(
                        " ;\n".join(
                            [f"MOVE GRAPH <{n}> TO GRAPH <{g}>" for g, n in self.staging.items()]
                            + [f"DROP SILENT GRAPH <{g}>" for g in self.stale]
                        )
                    )
                except BaseException:
                    _drop_quietly(link, self.staging.values())
                    raise
            _verify(link, self.expected, "after the load")
        log.info(
            "loaded %d quads in %d graphs into %s",
            self.quads,
            len(self.expected),
            self.store.gsp_url,
        )
        return self.quads

    def discard(self) -> None:
        if self.staging:
            with _link(self.store) as link:
                _drop_quietly(link, self.staging.values())


def _parse(trig: bytes) -> ox.Store:
    local = ox.Store()
    try:
        local.bulk_load(trig, format=ox.RdfFormat.TRIG)
    except SyntaxError as exc:
        raise StoreError(f"the dataset to load is not valid TriG: {exc}") from exc
    return local


def _plan(local: ox.Store) -> dict[str, int]:
    """Triples per named graph; refuses what a graph-by-graph load cannot reproduce."""
    default = sum(1 for _ in local.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if default:
        raise StoreError(
            f"the dataset has {default} triples in the default graph; a remote load writes "
            "named graphs only (the store's default graph is not the build's to replace)"
        )
    expected: dict[str, int] = {}
    owner: dict[bytes, str] = {}
    for graph in local.named_graphs():
        if not isinstance(graph, ox.NamedNode):
            raise StoreError("the dataset has a graph named by a blank node; GSP cannot name it")
        nt = _ntriples(local, graph)
        expected[graph.value] = nt.count(b"\n")
        for label in {*_SUBJECT_BNODE.findall(nt), *_OBJECT_BNODE.findall(nt)}:
            if owner.setdefault(label, graph.value) != graph.value:
                raise StoreError(
                    f"blank node _:{label.decode()} is in graphs <{owner[label]}> and "
                    f"<{graph.value}>; loaded graph by graph it would become two nodes"
                )
    return expected


def _direct(link: _Link, local: ox.Store, expected: dict[str, int], stale: list[str]) -> None:
    done: list[str] = []
    for graph in expected:
        try:
            link.put(graph, _ntriples(local, ox.NamedNode(graph)))
        except StoreError as exc:
            left = [g for g in expected if g not in done]
            raise StoreError(
                f"{exc}. The store now has the new {_names(done) or 'none'} and the old "
                f"{_names(left)}: load again (CISKG_STORE_LOAD=staged avoids this)"
            ) from exc
        done.append(graph)
    if stale:
        link.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in stale))


def _verify(link: _Link, expected: dict[str, int], when: str) -> None:
    counts = link.counts(list(expected))
    wrong = {g: (counts.get(g, 0), n) for g, n in expected.items() if counts.get(g, 0) != n}
    if wrong:
        detail = "; ".join(f"<{g}> has {got}, expected {n}" for g, (got, n) in wrong.items())
        raise StoreError(f"the store's triple counts differ from the dataset's {when}: {detail}")


def _drop_quietly(link: _Link, graphs: Iterable[str]) -> None:
    try:
        link.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
    except StoreError:
        log.exception("could not drop the staging graphs; the next load will")


def _ntriples(local: ox.Store, graph: ox.NamedNode) -> bytes:
    return local.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""


def _names(graphs: list[str], most: int = 5) -> str:
    shown = ", ".join(f"<{g}>" for g in graphs[:most])
    return shown + (f" and {len(graphs) - most} more" if len(graphs) > most else "")


@contextmanager
def _link(store: remote.RemoteStore) -> Iterator[_Link]:
    timeout = httpx.Timeout(LOAD_TIMEOUT_S, connect=remote.CONNECT_TIMEOUT_S)
    with httpx.Client(timeout=timeout) as client:
        yield _Link(client, store)


class _Link:
    """The four requests a load makes, each mapped to StoreError on failure."""

    def __init__(self, client: httpx.Client, store: remote.RemoteStore) -> None:
        self.client = client
        self.store = store

    def put(self, graph: str, ntriples: bytes) -> None:
        self._send(
            "PUT",
            self.store.gsp_url,
            params={"graph": graph},
            content=ntriples,
            headers={"Content-Type": "application/n-triples"},
        )

    def update(self, text: str) -> None:
        self._send("POST", self.store.update_url, data={"update": text})

    def graphs(self) -> list[str]:
        return [row[0] for row in self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")]

    def counts(self, graphs: list[str]) -> dict[str, int]:
        if not graphs:
            return {}
        values = " ".join(f"<{g}>" for g in graphs)
        query = (
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} "
            "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        )
        return {g: int(n) for g, n in self._select(query)}

    def _select(self, query: str) -> list[list[str]]:
        """Rows of plain values (IRIs and lexical forms) from a SELECT."""
        response = self._send(
            "POST",
            self.store.query_url,
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        )
        try:
            results = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise StoreError(f"the store's answer is not SPARQL JSON: {exc}") from exc
        assert isinstance(results, ox.QuerySolutions)
        names = [v.value for v in results.variables]
        return [[row[n].value for n in names if row[n] is not None] for row in results]

    def _send(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        try:
            response = self.client.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.TransportError as exc:
            raise remote.unreachable(url, exc) from exc
        if not 200 <= response.status_code < 300:
            error = remote.refused(url, response.status_code, response.content)
            raise StoreError(f"{method} {url}: {error}")
        return response
