"""Start a real `oxigraph serve` (PyPI `oxigraph`) on a free loopback port; stop, kill, restart.

Shared by tests/http (the endpoint suite over the remote backend), tests/remote and
tests/w3c. CI needs nothing else: the `oxigraph` CLI comes with the dev dependencies.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from live_server import free_port

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
STARTUP_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0


class OxigraphServer:
    """`oxigraph serve` on 127.0.0.1; on disk at `location`, or in memory without one."""

    def __init__(self, log: Path, location: Path | None = None, *extra: str) -> None:
        self.log = log
        self.location = location
        self.extra = extra
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.store = f"sparql+http://127.0.0.1:{self.port}"  # CISKG_STORE for it
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> OxigraphServer:
        location = ["--location", str(self.location)] if self.location is not None else []
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    str(OXIGRAPH),
                    "serve",
                    *location,
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    *self.extra,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"oxigraph exited: {self.log.read_text()}")
            try:
                query = {"query": "ASK {}"}
                if httpx.get(self.base + "/query", params=query, timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"oxigraph did not answer within {STARTUP_TIMEOUT_S} s")

    def kill(self) -> None:
        """SIGKILL, as a crash or an out-of-memory kill would end it."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(STOP_TIMEOUT_S)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.kill()
