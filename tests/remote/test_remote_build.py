"""`ciskg build --store sparql+http://…` loads the build into a running `oxigraph serve`."""

from __future__ import annotations

import httpx
from live_server import ROOT, cli
from oxigraph_server import OxigraphServer


def test_build_into_a_remote_store(scratch_oxigraph: OxigraphServer, tmp_path) -> None:
    done = cli("build", "--store", scratch_oxigraph.store, "--out", str(tmp_path / "build"))
    assert done.returncode == 0, done.stderr
    assert "quads)" in done.stderr
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = httpx.post(
        scratch_oxigraph.base + "/query", data={"query": query}, headers={"Accept": "text/csv"}
    )
    assert int(response.text.splitlines()[1]) > 1000


def test_build_refuses_a_remote_store_it_cannot_reach(tmp_path) -> None:
    done = cli("build", "--store", "sparql+http://127.0.0.1:9", "--out", str(tmp_path / "b"))
    assert done.returncode == 2 and done.stderr.startswith("error:")
    assert not (ROOT / "sparql+http:").exists()  # never taken for a directory
