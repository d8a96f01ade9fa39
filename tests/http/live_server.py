"""Start `ciskg serve` in a subprocess on a free loopback port, wait for /health, stop it.

Shared by tests/http and tests/w3c. The server runs exactly as a user runs it (the CLI,
real worker processes), so the tests see what a client sees.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0


def wait_until_ready(
    proc: subprocess.Popen[bytes], url: str, params: dict[str, str], timeout: float, log: Path
) -> bool:
    """Poll `url` until it answers 200 (True), the process exits (an error with its log),
    or `timeout` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text()}")
        try:
            if httpx.get(url, params=params, timeout=1).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `ciskg ARGS…` as a user would, from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "ciskg", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class LiveServer:
    def __init__(self, store: Path, log: Path, **settings: str) -> None:
        self.store = store
        self.log = log
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CISKG_")}
        self.env.update({f"CISKG_{k.upper()}": v for k, v in settings.items()})
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    @property
    def update(self) -> str:
        return self.base + "/update"

    def start(self) -> LiveServer:
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "ciskg",
                    "serve",
                    "--store",
                    str(self.store),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if wait_until_ready(self.proc, self.base + "/health", {}, STARTUP_TIMEOUT_S, self.log):
            return self
        self.stop()
        raise RuntimeError(f"no /health within {STARTUP_TIMEOUT_S} s: {self.log.read_text()}")

    def children(self) -> dict[int, float]:
        """pid → CPU seconds used, of the server's child processes (the query workers)."""
        assert self.proc is not None
        out: dict[int, float] = {}
        ticks = os.sysconf("SC_CLK_TCK")
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid and fields[0] != "Z":
                out[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / ticks
        return out

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
