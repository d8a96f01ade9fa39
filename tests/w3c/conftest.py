"""A live server of its own for the W3C protocol suite: its data, an update token.

Own server because the suite's update tests DROP and CLEAR everything; the data are the
suite's `data1.nt`–`data3.nt`, loaded with `ciskg load` as the named graphs the manifest
expects (`<http://kasei.us/2009/09/sparql/data/dataN.rdf>`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "http"))
from live_server import LiveServer, cli  # noqa: E402
from w3c_suite import SUITE, TOKEN  # noqa: E402


@pytest.fixture(scope="session")
def protocol_server(tmp_path_factory: pytest.TempPathFactory):
    if not (SUITE / "manifest.ttl").is_file():
        pytest.fail(f"the W3C protocol suite is not at {SUITE}")
    store = tmp_path_factory.mktemp("w3c") / "store"
    for n in (1, 2, 3):
        done = cli(
            "load",
            str(SUITE / f"data{n}.nt"),
            "--store",
            str(store),
            "--graph",
            f"http://kasei.us/2009/09/sparql/data/data{n}.rdf",
        )
        assert done.returncode == 0, done.stderr
    live = LiveServer(store, store.parent / "server.log", update_token=TOKEN).start()
    yield live
    live.stop()
