"""The server killed with SIGKILL — mid-load, mid-update — and started again on its store.

What must hold: the store opens and serves the same triples (or, for an update, exactly
the triples before or after it); the query workers die with the server, even one busy with
a runaway query; and what the killed server left in /tmp is removed by the next one.

The remote backend going away (503, then recovery) is tested in tests/remote/.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from harness import (
    FreshBuild,
    children,
    count_triples,
    kill_group,
    quad_count,
    start_server,
    update,
    wait_gone,
)

# 10^9 rows from inline data alone: runs for minutes whatever the store holds.
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(9))
    + " }"
)
BURST_THREADS = 8
BURST_REQUESTS = 40  # per thread: bounded in count …
REQUEST_TIMEOUT_S = 5  # … and in time


def burst(base: str, stop: threading.Event, outcomes: list[str]) -> None:
    """A bounded mix of what clients ask: named queries, SPARQL, linked-data pages."""
    paths = [
        "/queries/cq02-lead-agencies",
        "/queries/cq04-timeline",
        "/queries/cq08-actor-dossier",
        "/id/org/iom",
        "/id/state/uzb.ttl",
    ]
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT_S) as client:
        for n in range(BURST_REQUESTS):
            if stop.is_set():
                return
            try:
                if n % 3 == 0:
                    query = f'SELECT ?s WHERE {{ ?s ?p "{n} {time.time_ns()}" }}'
                    response = client.get("/sparql", params={"query": query})
                else:
                    response = client.get(paths[n % len(paths)])
                outcomes.append(str(response.status_code))
            except httpx.TransportError as exc:
                outcomes.append(type(exc).__name__)


def test_sigkill_mid_load_then_restart_serves_the_same_triples(
    fresh_build: FreshBuild, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    shutil.copytree(fresh_build.store, store)
    live = start_server(store, tmp_path, query_workers="2")
    restarted = None
    try:
        before = count_triples(live.base)
        assert before == quad_count(store) == fresh_build.quads
        workers = sorted(children(live.proc.pid))
        assert len(workers) == 2
        runaway = threading.Thread(
            target=_quietly,
            args=(lambda: httpx.get(live.sparql, params={"query": RUNAWAY}, timeout=30),),
            daemon=True,
        )
        stop = threading.Event()
        outcomes: list[str] = []
        threads = [
            threading.Thread(target=burst, args=(live.base, stop, outcomes))
            for _ in range(BURST_THREADS)
        ]
        runaway.start()
        for thread in threads:
            thread.start()
        time.sleep(0.8)  # mid-load: requests in flight, one worker on the runaway query
        answered_before_kill = len(outcomes)
        os.kill(live.proc.pid, signal.SIGKILL)
        live.proc.wait(10)
        killed = live.proc.pid
        stop.set()
        for thread in threads:
            thread.join(REQUEST_TIMEOUT_S * 2)
        assert answered_before_kill > 0
        assert "500" not in outcomes and "502" not in outcomes, outcomes
        # The workers die with the server, the busy one too (no orphan burning a core).
        assert wait_gone(workers, 5) == [], "query workers outlived the killed server"

        restarted = start_server(store, tmp_path, query_workers="2")
        assert count_triples(restarted.base) == before
        assert quad_count(store) == fresh_build.quads
        leftovers = list(Path(tempfile.gettempdir()).glob(f"ciskg-snapshot-{killed}-*"))
        assert leftovers == [], "the killed server's snapshot was not removed"
    finally:
        kill_group(live.proc)  # type: ignore[arg-type]
        if restarted is not None:
            restarted.stop()


def test_sigkill_during_an_update_leaves_the_store_before_or_after_it(
    fresh_build: FreshBuild, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    shutil.copytree(fresh_build.store, store)
    live = start_server(store, tmp_path, query_workers="1")
    restarted = None
    try:
        before = count_triples(live.base)
        distinct = (
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
            "WHERE { GRAPH ?g { ?s ?p ?o } } }"
        )
        answer = httpx.get(live.sparql, params={"query": distinct}).json()
        added = int(answer["results"]["bindings"][0]["n"]["value"])
        copy = (
            "INSERT { GRAPH <urn:reliability:copy> { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }"
        )
        writer = threading.Thread(
            target=_quietly, args=(lambda: update(live.base, copy),), daemon=True
        )
        writer.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not _writer_started(live.proc.pid):
            time.sleep(0.01)
        assert _writer_started(live.proc.pid), "the update never started its writer"
        time.sleep(random.uniform(0, 0.5))  # anywhere in the write
        kill_group(live.proc)  # type: ignore[arg-type]
        writer.join(10)

        restarted = start_server(store, tmp_path, query_workers="1")
        after = count_triples(restarted.base)
        assert after in (before, before + added), (before, added, after)
    finally:
        kill_group(live.proc)  # type: ignore[arg-type]
        if restarted is not None:
            restarted.stop()


def _writer_started(server_pid: int) -> bool:
    for pid in children(server_pid):
        try:
            if b"write" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0"):
                return True
        except OSError:
            continue
    return False


def _quietly(call: Callable[[], object]) -> None:
    with contextlib.suppress(httpx.TransportError):  # the server is killed under it
        call()
