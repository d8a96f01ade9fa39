"""Fixtures of the remote-backend tests: real servers on loopback, bounded waits.

One `oxigraph serve` (in memory) is loaded with the project's build through ciskg's
remote loader (`ciskg.store.load_into`); two ciskg apps serve the same data, one over that
store and one over an embedded store loaded from the same dump, so that answers can be
compared request for request. Tests that change data or kill the store start their own
`oxigraph serve` (`scratch_oxigraph`). CI needs nothing but the `oxigraph` CLI of the dev
dependencies: the fixtures start and stop every server themselves.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "http"))
from live_server import LiveServer  # noqa: E402
from oxigraph_server import OxigraphServer  # noqa: E402
from remote_settings import ROW_LIMIT, TIMEOUT_S, TOKEN  # noqa: E402

from ciskg.store import load_into  # noqa: E402

APP_SETTINGS = {
    "query_timeout_s": str(TIMEOUT_S),
    "result_row_limit": str(ROW_LIMIT),
    "update_token": TOKEN,
}


@pytest.fixture(scope="session")
def dataset(built) -> bytes:
    """The project's build as TriG (built once per session by tests/conftest.py)."""
    return built.dump.read_bytes()


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory, dataset: bytes) -> Iterator[OxigraphServer]:
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "oxigraph.log").start()
    load_into(server.store, dataset)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def remote_app(
    oxigraph: OxigraphServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("remote-app")
    app = LiveServer(oxigraph.store, folder / "app.log", **APP_SETTINGS).start()
    yield app
    app.stop()


@pytest.fixture(scope="session")
def embedded_app(dataset: bytes, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("embedded-app")
    load_into(folder / "store", dataset)
    app = LiveServer(folder / "store", folder / "app.log", **APP_SETTINGS).start()
    yield app
    app.stop()


@pytest.fixture
def scratch_oxigraph(tmp_path: Path) -> Iterator[OxigraphServer]:
    """An `oxigraph serve` of the test's own, on disk (it survives a restart)."""
    server = OxigraphServer(tmp_path / "oxigraph.log", tmp_path / "oxigraph").start()
    yield server
    server.stop()
