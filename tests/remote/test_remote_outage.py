"""The store goes away and comes back: 503 with the reason meanwhile, answers again after.

Real processes on loopback: `oxigraph serve` on disk (so its data survive the restart) is
killed with SIGKILL, as a crash would end it, then started again on the same port; the
app is never restarted. Every wait is bounded.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import httpx
from live_server import LiveServer
from oxigraph_server import OxigraphServer

from ciskg.store import load_into

WAIT_S = 10.0  # the backend probes the store every second while it is away
COUNT = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} within {WAIT_S} s")


def health(app: LiveServer) -> int:
    return httpx.get(app.base + "/health", timeout=5).status_code


def test_the_store_going_away_is_503_and_its_return_needs_no_restart(
    scratch_oxigraph: OxigraphServer, dataset: bytes, tmp_path
) -> None:
    quads = load_into(scratch_oxigraph.store, dataset)
    app = LiveServer(scratch_oxigraph.store, tmp_path / "app.log").start()
    try:
        before = httpx.get(app.sparql, params=COUNT, timeout=10)
        assert before.status_code == 200 and str(quads) in before.text

        scratch_oxigraph.kill()
        started = time.monotonic()
        down = httpx.get(app.sparql, params=COUNT, timeout=10)
        assert time.monotonic() - started < 5  # refused at once, not after a timeout
        assert down.status_code == 503 and down.headers.get("retry-after")
        assert "unreachable" in down.text and str(scratch_oxigraph.port) in down.text
        wait_for(lambda: health(app) == 503, "/health did not report the store gone")

        scratch_oxigraph.start()
        # The first query after the return succeeds: a kept-alive connection to the dead
        # server is retried once on a fresh one.
        after = httpx.get(app.sparql, params=COUNT, timeout=10)
        assert after.status_code == 200, after.text
        assert after.text == before.text
        wait_for(lambda: health(app) == 200, "/health did not see the store back")
    finally:
        app.stop()


def test_an_app_can_start_before_its_store(tmp_path) -> None:
    store = OxigraphServer(tmp_path / "oxigraph.log", tmp_path / "oxigraph")  # not started
    app = LiveServer(store.store, tmp_path / "app.log")
    starting = threading.Thread(target=app.start)  # returns once /health says 200
    starting.start()
    try:
        wait_for(lambda: _status(app) == 503, "the app did not come up without its store")
        assert "unreachable" in httpx.get(app.sparql, params=COUNT, timeout=10).text
        store.start()
        starting.join(WAIT_S)
        assert health(app) == 200
        assert httpx.get(app.sparql, params=COUNT, timeout=10).status_code == 200
    finally:
        starting.join(WAIT_S)
        app.stop()
        store.stop()


def _status(app: LiveServer) -> int:
    try:
        return health(app)
    except httpx.TransportError:
        return 0
