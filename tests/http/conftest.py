"""Session fixtures: one store (synthetic fixture + the project's build), one live server.

The server serves the project's named queries (`queries/*.rq`) and the test's own
(`data/queries/*.rq`), copied together into one folder.

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
def server(endpoint_store: Path, served_queries: Path, tmp_path_factory: pytest.TempPathFactory):
    live = LiveServer(
        endpoint_store,
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
