"""Loading a built dataset into a remote store through the Graph Store Protocol.

Against a real `oxigraph serve`: counts after the load, a reload that replaces and prunes
the project's graphs (and no others), a failure half-way that leaves the store as it
was (staged) or says what it left (direct), and what a graph-by-graph load refuses.
"""

from __future__ import annotations

import httpx
import pytest
from oxigraph_server import OxigraphServer

from ciskg.errors import StoreError
from ciskg.remote import STAGING_PREFIX
from ciskg.settings import Settings
from ciskg.store import load_into

G = "https://w3id.org/ciskg/graph/"
OTHER = "http://example.org/not-ciskg"
TRIG = f"""
<{G}reference> {{ <urn:a> <urn:p> "one" . <urn:b> <urn:p> "two" . }}
<{G}report/x> {{ <urn:a> <urn:q> <urn:b> . }}
<{G}report/y> {{ <urn:b> <urn:q> _:n . _:n <urn:r> "nested" . }}
""".encode()


def counts(server: OxigraphServer) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    response = httpx.post(
        server.base + "/query", data={"query": query}, headers={"Accept": "text/csv"}
    )
    lines = response.text.splitlines()[1:]
    return {g: int(n) for g, n in (line.rsplit(",", 1) for line in lines)}


@pytest.mark.parametrize("mode", ["staged", "direct"])
def test_load_counts_replaces_and_prunes_only_the_projects_graphs(
    scratch_oxigraph: OxigraphServer, mode: str
) -> None:
    settings = Settings(store_load=mode)
    httpx.put(
        scratch_oxigraph.base + "/store",
        params={"graph": OTHER},
        content=b"<urn:z> <urn:z> <urn:z> .",
        headers={"Content-Type": "application/n-triples"},
    ).raise_for_status()
    assert load_into(scratch_oxigraph.store, TRIG, settings) == 5
    assert counts(scratch_oxigraph) == {
        f"{G}reference": 2,
        f"{G}report/x": 1,
        f"{G}report/y": 2,
        OTHER: 1,
    }
    second = (
        f'<{G}reference> {{ <urn:a> <urn:p> "uno" . }} '
        f"<{G}report/x> {{ <urn:a> <urn:q> <urn:c> . }}"
    )
    assert load_into(scratch_oxigraph.store, second.encode(), settings) == 2
    assert counts(scratch_oxigraph) == {f"{G}reference": 1, f"{G}report/x": 1, OTHER: 1}


def test_a_staged_load_that_fails_leaves_the_store_as_it_was(
    scratch_oxigraph: OxigraphServer,
) -> None:
    load_into(scratch_oxigraph.store, TRIG)
    before = counts(scratch_oxigraph)
    broken = Settings(store_update_url=scratch_oxigraph.base + "/no-such-update-service")
    with pytest.raises(StoreError, match="404"):
        load_into(
            scratch_oxigraph.store, f"<{G}reference> {{ <urn:x> <urn:p> 1 }}".encode(), broken
        )
    after = counts(scratch_oxigraph)
    assert {g: n for g, n in after.items() if not g.startswith(STAGING_PREFIX)} == before
    assert any(g.startswith(STAGING_PREFIX) for g in after)  # its cleanup failed too
    assert load_into(scratch_oxigraph.store, TRIG) == 5  # the next load clears them
    assert counts(scratch_oxigraph) == before


def test_a_direct_load_that_fails_says_what_it_left(scratch_oxigraph: OxigraphServer) -> None:
    broken = Settings(store_load="direct", store_gsp_url=scratch_oxigraph.base + "/no-gsp")
    with pytest.raises(StoreError, match="new none and the old"):
        load_into(scratch_oxigraph.store, TRIG, broken)


@pytest.mark.parametrize(
    ("trig", "message"),
    [
        (b"<urn:a> <urn:p> <urn:b> .", "default graph"),
        (f"<{G}a> {{ _:x <urn:p> 1 }} <{G}b> {{ <urn:s> <urn:p> _:x }}".encode(), "blank node"),
        (b"<urn:g> { <urn:a> <urn:p> ", "not valid TriG"),
    ],
)
def test_what_a_graph_by_graph_load_refuses_before_sending_anything(
    trig: bytes, message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        load_into("sparql+http://127.0.0.1:9", trig)  # nothing listens there


def test_an_unreachable_store_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="unreachable"):
        load_into("sparql+http://127.0.0.1:9", TRIG)
