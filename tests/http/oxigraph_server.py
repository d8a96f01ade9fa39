"""Start a real `oxigraph serve` (PyPI `oxigraph`) on a free loopback port; stop, kill, restart.

Shared by tests/http (the endpoint suite over the remote backend), tests/remote and
tests/w3c. CI needs nothing else: the `oxigraph` CLI comes with the dev dependencies.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from live_server import free_port, wait_until_ready

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
        ready = wait_until_ready(
            self.proc, self.base + "/query", {"query": "ASK {}"}, STARTUP_TIMEOUT_S, self.log
        )
        if ready:
            return self
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
