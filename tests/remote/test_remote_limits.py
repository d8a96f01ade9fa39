"""The time and row limits over the remote backend (tests/http's hostile suite has the rest).

The runaway query is sent to a store of the test's own: `oxigraph serve` 0.5 goes on
computing after the client has gone (its --timeout-s did not stop this query here), so
the test stops that server at the end rather than leave it burning a CPU.
"""

from __future__ import annotations

import threading
import time

import httpx
from live_server import LiveServer
from oxigraph_server import OxigraphServer
from remote_settings import ROW_LIMIT

TIMEOUT_S = 1.0
# 10^9 rows from inline data alone: minutes on any store, whatever it holds.
CARTESIAN = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(9))
    + " }"
)


def values_pattern(rows: int) -> str:
    """A group pattern with exactly `rows` solutions (a multiple of 10)."""
    side = " ".join(str(i) for i in range(rows // 10))
    return f"{{ VALUES ?a {{ {side} }} VALUES ?b {{ 0 1 2 3 4 5 6 7 8 9 }} }}"


def test_the_time_limit_cuts_a_query_and_others_are_answered(
    scratch_oxigraph: OxigraphServer, tmp_path
) -> None:
    app = LiveServer(
        scratch_oxigraph.store, tmp_path / "app.log", query_timeout_s=str(TIMEOUT_S)
    ).start()
    try:
        outcome: dict[str, object] = {}

        def runaway() -> None:
            started = time.monotonic()
            outcome["response"] = httpx.get(app.sparql, params={"query": CARTESIAN}, timeout=30)
            outcome["elapsed"] = time.monotonic() - started

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.3)
        started = time.monotonic()
        quick = httpx.get(app.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
        quick_s = time.monotonic() - started
        thread.join(30)
        assert quick.status_code == 200 and quick_s < 0.5
        response = outcome["response"]
        assert isinstance(response, httpx.Response)
        assert response.status_code == 503, response.text
        assert "time limit" in response.text and response.headers.get("retry-after")
        assert TIMEOUT_S <= float(str(outcome["elapsed"])) < TIMEOUT_S + 1
    finally:
        app.stop()


def test_the_row_limit_is_exact(remote_app: LiveServer) -> None:
    tsv = {"Accept": "text/tab-separated-values"}
    query = "SELECT ?a ?b WHERE " + values_pattern(ROW_LIMIT)
    at = httpx.post(remote_app.sparql, data={"query": query}, headers=tsv)
    assert at.status_code == 200 and at.text.count("\n") == ROW_LIMIT + 1
    over = httpx.post(remote_app.sparql, data={"query": query.replace(" 0 1 2", " -1 0 1 2")})
    assert over.status_code == 400 and "row limit" in over.text
    pattern = values_pattern(ROW_LIMIT + 10)[:-1] + 'BIND(IRI(CONCAT("urn:a", STR(?a))) AS ?s) }'
    graph = "CONSTRUCT { ?s <urn:p> ?b } WHERE " + pattern
    response = httpx.post(remote_app.sparql, data={"query": graph})
    assert response.status_code == 400 and "more than 5000 triples" in response.text
