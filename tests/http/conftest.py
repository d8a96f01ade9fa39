"""Session fixtures: one store (synthetic fixture + the project's build), one live server.

The server serves the project's named queries (`queries/*.rq`) and the test's own
(`data/queries/*.rq`), copied together into one folder.

The server fixture is parametrized over the two backends: `embedded` (the store directory)
and `remote` (a real `oxigraph serve` on loopback, loaded with the same data through
ciskg's remote loader), so every test that uses `server` runs against both.

The server runs with a short time limit and a small row limit so that the hostile-input
tests are quick; an update token is configured so that `/update` can be exercised (the
tests never send a successful update to this server: it stays read-only in practice).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from endpoint_settings import CORS_ORIGIN, ROW_LIMIT, TIMEOUT_S, TOKEN
from live_server import ROOT, LiveServer, cli
from oxigraph_server import OxigraphServer

DATA = Path(__file__).parent / "data"
QUERIES = ROOT / "queries"


@pytest.fixture(scope="session")
def endpoint_store(tmp_path_factory: pytest.TempPathFactory, built) -> Path:
    """A store loaded with `ciskg load`: the synthetic fixture and the built dataset."""
    store = tmp_path_factory.mktemp("endpoint") / "store"
    for source in (DATA / "fixture.trig", built.dump):
        done = cli("load", str(source), "--store", str(store))
        assert done.returncode == 0, done.stderr
    return store


@pytest.fixture(scope="session")
def served_queries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("queries")
    for path in [*QUERIES.glob("*.rq"), *(DATA / "queries").glob("*.rq")]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="session")
def remote_store(tmp_path_factory: pytest.TempPathFactory, built):
    """`oxigraph serve` (in memory) holding the same data, loaded by `ciskg.store.load_into`."""
    from ciskg.store import load_into

    oxigraph = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "oxigraph.log").start()
    trig = (DATA / "fixture.trig").read_bytes() + b"\n" + built.dump.read_bytes()
    load_into(oxigraph.store, trig)
    yield oxigraph
    oxigraph.stop()


@pytest.fixture(scope="session", params=["embedded", "remote"])
def server(
    request: pytest.FixtureRequest,
    endpoint_store: Path,
    served_queries: Path,
    tmp_path_factory: pytest.TempPathFactory,
):
    remote = request.param == "remote"
    store = request.getfixturevalue("remote_store").store if remote else endpoint_store
    live = LiveServer(
        store,
        tmp_path_factory.mktemp("log") / "server.log",
        query_timeout_s=str(TIMEOUT_S),
        result_row_limit=str(ROW_LIMIT),
        update_token=TOKEN,
        cors_origins=f'["{CORS_ORIGIN}"]',
        query_workers="2",
        queries_dir=str(served_queries),
    ).start()
    yield live
    live.stop()
