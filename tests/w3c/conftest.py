"""A live server of its own for the W3C protocol suite: its data, an update token.

Own server because the suite's update tests DROP and CLEAR everything; the data are the
suite's `data1.nt`–`data3.nt`, loaded as the named graphs the manifest expects
(`<http://kasei.us/2009/09/sparql/data/dataN.rdf>`): with `ciskg load` into a store
directory for the embedded backend, with ciskg's remote loader into a real `oxigraph
serve` on loopback for the remote backend (the suite runs once against each).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "http"))
from live_server import LiveServer, cli  # noqa: E402
from oxigraph_server import OxigraphServer  # noqa: E402
from w3c_suite import SUITE, TOKEN  # noqa: E402

GRAPHS = {n: f"http://kasei.us/2009/09/sparql/data/data{n}.rdf" for n in (1, 2, 3)}


@pytest.fixture(scope="session", params=["embedded", "remote"])
def protocol_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    if not (SUITE / "manifest.ttl").is_file():
        pytest.fail(f"the W3C protocol suite is not at {SUITE}")
    folder = tmp_path_factory.mktemp("w3c")
    oxigraph = None
    if request.param == "remote":
        from ciskg.store import load_into

        oxigraph = OxigraphServer(folder / "oxigraph.log").start()
        trig = "".join(
            f"<{iri}> {{\n{(SUITE / f'data{n}.nt').read_text(encoding='utf-8')}\n}}\n"
            for n, iri in GRAPHS.items()
        )
        load_into(oxigraph.store, trig.encode())
        store: Path | str = oxigraph.store
    else:
        store = folder / "store"
        for n, iri in GRAPHS.items():
            done = cli("load", str(SUITE / f"data{n}.nt"), "--store", str(store), "--graph", iri)
            assert done.returncode == 0, done.stderr
    live = LiveServer(store, folder / "server.log", update_token=TOKEN).start()
    yield live
    live.stop()
    if oxigraph is not None:
        oxigraph.stop()
