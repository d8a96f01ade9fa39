"""Helpers of the reliability tests: builds, servers, counts, traps, killing processes.

Plain functions and small classes, no fixtures (those are in conftest.py), so that the
test modules can import them by name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "http"))
from live_server import ROOT, LiveServer  # noqa: E402

HTTP_DATA = ROOT / "tests" / "http" / "data"
TOKEN = "reliability-token-not-secret"
TIMEOUT_S = 2.0
WORKERS = 2
BUILD_TIMEOUT_S = 120
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class FreshBuild:
    """The project's build: its dump and store, the cache that makes rebuilds quick."""

    dump: Path
    store: Path
    cache: Path
    quads: int
    warm_seconds: float  # how long a build with a warm cache took here


@dataclass(frozen=True)
class Previous:
    """A good dump and store that a new build is about to replace."""

    out: Path
    store: Path
    dump_bytes: bytes
    quads: int

    @property
    def dump(self) -> Path:
        return self.out / "dataset.trig"


def write_previous(out: Path, store: Path) -> Previous:
    """The synthetic fixture of tests/http as a previous good build: its dump, and its
    store as the project's `load_store` writes it."""
    from ciskg.store import load_store

    trig = (HTTP_DATA / "fixture.trig").read_bytes()
    out.mkdir(parents=True, exist_ok=True)
    (out / "dataset.trig").write_bytes(trig)
    return Previous(out, store, trig, load_store(trig, store))


def build_command(out: Path, store: Path, cache: Path) -> list[str]:
    """`ciskg build` of the project's reports, as a user runs it."""
    return [
        sys.executable,
        "-m",
        "ciskg",
        "build",
        "--out",
        str(out),
        "--store",
        str(store),
        "--cache",
        str(cache),
    ]


def run_build(out: Path, store: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        build_command(out, store, cache),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )


def quad_count(store: Path) -> int:
    """Open a store as the server does (read-only) and count its quads."""
    from ciskg.store import open_store

    return len(open_store(store))


def served_queries(folder: Path) -> Path:
    """The project's named queries and this suite's probe query (typed parameters)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in (ROOT / "queries").glob("*.rq"):
        shutil.copy(path, folder / path.name)
    shutil.copy(Path(__file__).parent / "data" / "probe.rq", folder / "probe.rq")
    return folder


def start_server(store: Path, folder: Path, **settings: str) -> LiveServer:
    """`ciskg serve` on `store` with a short time limit and an update token."""
    defaults = {
        "query_timeout_s": str(TIMEOUT_S),
        "update_token": TOKEN,
        "query_workers": str(WORKERS),
        "queries_dir": str(served_queries(folder / "queries")),
    }
    log = folder / f"server-{time.monotonic_ns()}.log"
    return LiveServer(store, log, **(defaults | settings)).start()


def count_triples(base: str) -> int:
    """Quads in the served store, asked over HTTP (`format=` varies it past the cache)."""
    response = httpx.get(
        base + "/sparql", params={"query": COUNT_QUERY + f" # {time.time_ns()}"}, timeout=30
    )
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def update(base: str, text: str, timeout: float = 30) -> httpx.Response:
    return httpx.post(
        base + "/update",
        content=text,
        headers={
            "Content-Type": "application/sparql-update",
            "Authorization": f"Bearer {TOKEN}",
        },
        timeout=timeout,
    )


def health(server: LiveServer) -> dict[str, str]:
    response = httpx.get(server.base + "/health", timeout=5)
    return {"status_code": str(response.status_code), **response.json()}


def wait_for_workers(server: LiveServer, count: int = WORKERS, timeout_s: float = 20.0) -> bool:
    """Wait (bounded) until the pool has `count` live workers and /health is 200."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        state = health(server)
        if state["status_code"] == "200" and state.get("workers") == str(count):
            return True
        time.sleep(0.1)
    return False


class Trap:
    """A listening loopback socket that records whether anything connected to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.setblocking(False)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"

    def connections(self) -> int:
        count = 0
        while True:
            try:
                conn, _ = self.sock.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1

    def close(self) -> None:
        self.sock.close()


def raw_request(port: int, head: bytes, timeout: float = 10) -> bytes:
    """Send `head` as it is (no client normalises the path) and read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def children(pid: int) -> list[int]:
    """Live child processes of `pid` (from /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_gone(pids: list[int], timeout_s: float) -> list[int]:
    """Wait (bounded) for processes to exit; return those still alive."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        left = [p for p in pids if alive(p)]
        if not left:
            return []
        time.sleep(0.05)
    return [p for p in pids if alive(p)]


def kill_group(proc: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """SIGKILL a process started with start_new_session=True and all it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
