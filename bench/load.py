"""Load and soak test of `ciskg serve`: throughput, errors, latency, memory over time.

    .venv/bin/python bench/load.py [--store var/store] [--seconds 60] [--concurrency 32]
        [--soak-seconds 600] [--sample-seconds 5] [--warmup-seconds 60] [--json FILE]

Starts `ciskg serve` (default settings, as `make serve` runs it) on a copy of the store, on a
free loopback port, and drives it with `--concurrency` keep-alive connections of a small
asyncio HTTP/1.1 client: first `--seconds` of load, then `--soak-seconds` of soak. Each
request is drawn from a mix of what analysts ask (seeded, reproducible):

- 40 % named queries `/queries/cqNN-…`, half of them with a parameter drawn from the
  graph's own things of the right kind (so many distinct answers, not one cached one);
- 30 % `/sparql`: a thing's properties, a label search, the mentions of a thing, a count
  by class (GET, SPARQL JSON);
- 30 % linked-data pages `/id/…`, as HTML (built from several queries) or Turtle.

Prints, per phase: requests, throughput, errors (any status but 200, or a transport
error), p50 and p99 latency; and the resident memory of the server's process tree (the
HTTP process and its query workers, from /proc) sampled every `--sample-seconds`, with
whether it stays within 10 % of its level right after warm-up (the load phase and the
first `--warmup-seconds` of the soak). Also the machine's load average, since client and
server share the CPU here and another job may be running. Every loop is bounded by time
and by `MAX_REQUESTS`. Loopback only; not run by CI.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from loopback import exchange, free_port

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/ciskg/"
MAX_REQUESTS = 20_000_000  # per phase: a bound far above what a phase can reach
REQUEST_TIMEOUT_S = 30.0
START_TIMEOUT_S = 180.0
FLAT_WITHIN = 0.10
PARAM_KINDS = {  # named-query parameter → the kinds of things it takes
    "actor": ("org", "state"),
    "funder": ("org", "state"),
    "process": ("process",),
    "meeting": ("event",),
    "event": ("event",),
    "instrument": ("instrument",),
}
PREFIXES = (
    "PREFIX cis: <https://w3id.org/ciskg/def#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)


@dataclass
class Target:
    """One request: its kind (for the breakdown), path with query string, Accept."""

    kind: str
    path: str
    accept: str


@dataclass
class Phase:
    name: str
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def record(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    @property
    def ok(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def failed(self) -> int:
        return sum(self.errors.values())

    def summary(self) -> dict[str, object]:
        every = [s for v in self.latencies.values() for s in v]
        kinds = {
            kind: {"requests": len(v), "p50_ms": pct(v, 50), "p99_ms": pct(v, 99)}
            for kind, v in sorted(self.latencies.items())
        }
        return {
            "phase": self.name,
            "seconds": round(self.seconds, 1),
            "requests": self.ok + self.failed,
            "throughput_rps": round((self.ok + self.failed) / self.seconds, 1)
            if self.seconds
            else 0.0,
            "errors": self.failed,
            "error_kinds": self.errors,
            "p50_ms": pct(every, 50),
            "p99_ms": pct(every, 99),
            "by_kind": kinds,
        }


def pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q / 100))] * 1000, 2)


# -- the server ----------------------------------------------------------------------------


class Server:
    """`ciskg serve` on a copy of a store, on loopback, in its own process group."""

    def __init__(self, store: Path, work: Path, env: dict[str, str]) -> None:
        self.store = work / "store"
        shutil.copytree(store, self.store)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = (work / "server.log").open("wb")
        clean = {k: v for k, v in os.environ.items() if not k.startswith("CISKG_")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ciskg", "serve", "--store", str(self.store)]
            + ["--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT,
            env={**clean, **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited (log: {self.log.name})")
            try:
                if httpx.get(self.base + "/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"no /health within {START_TIMEOUT_S} s")

    def tree(self) -> list[int]:
        """The server's process and all its descendants (the query workers)."""
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(stat.parent.name)] = int(fields[1])
        tree, frontier = [self.proc.pid], [self.proc.pid]
        while frontier:
            frontier = [pid for pid, parent in parents.items() if parent in frontier]
            tree.extend(frontier)
        return tree

    def rss_mb(self) -> tuple[float, int]:
        """Resident memory of the process tree (MB) and the number of processes in it."""
        total, count = 0, 0
        for pid in self.tree():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        count += 1
            except OSError:
                continue
        return total / 1024, count

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


# -- the request mix -----------------------------------------------------------------------


def things_by_kind(base: str) -> dict[str, list[str]]:
    query = f'SELECT DISTINCT ?x WHERE {{ ?x ?p ?o FILTER(STRSTARTS(STR(?x), "{BASE}id/")) }}'
    response = httpx.get(
        base + "/sparql", params={"query": query}, headers={"Accept": "text/tab-separated-values"}
    )
    response.raise_for_status()
    kinds: dict[str, list[str]] = {}
    for line in response.text.splitlines()[1:]:
        iri = line.strip().strip("<>")
        rest = iri[len(BASE + "id/") :]
        if "/" in rest and "/para/" not in rest and "/statement/" not in rest:
            kinds.setdefault(rest.split("/", 1)[0], []).append(iri)
    return kinds


def labels(base: str) -> list[str]:
    query = PREFIXES + "SELECT ?l WHERE { ?s rdfs:label ?l } LIMIT 2000"
    response = httpx.get(
        base + "/sparql", params={"query": query}, headers={"Accept": "text/tab-separated-values"}
    )
    words = {
        w.lower()
        for line in response.text.splitlines()[1:]
        for w in line.split('"')[1].split()
        if len(w) > 4 and w.isalpha()
    }
    return sorted(words) or ["refugee"]


def request_mix(base: str, rng: random.Random, size: int = 5000) -> list[Target]:
    """`size` requests drawn (seeded) from the mix of the module docstring."""
    kinds = things_by_kind(base)
    things = [iri for iris in kinds.values() for iri in iris]
    words = labels(base)
    named = httpx.get(base + "/queries").json()
    cqs = [q for q in named if q["name"].startswith("cq")]

    def sparql(text: str) -> str:
        return "/sparql?" + urllib.parse.urlencode({"query": PREFIXES + text})

    out: list[Target] = []
    for _ in range(size):
        draw = rng.random()
        if draw < 0.4:
            query = rng.choice(cqs)
            params: dict[str, str] = {}
            for p in query["params"]:
                pool = [i for k in PARAM_KINDS.get(p["name"], ()) for i in kinds.get(k, [])]
                if pool and rng.random() < 0.5:
                    params[p["name"]] = rng.choice(pool)
            path = f"/queries/{query['name']}" + (
                "?" + urllib.parse.urlencode(params) if params else ""
            )
            out.append(Target("named", path, "application/sparql-results+json"))
        elif draw < 0.7:
            thing = rng.choice(things)
            text = rng.choice(
                [
                    f"SELECT ?p ?o WHERE {{ <{thing}> ?p ?o }} LIMIT 200",
                    "SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "
                    f'"{rng.choice(words)}")) }} LIMIT 50',
                    f"SELECT ?p ?n WHERE {{ ?p cis:mentions <{thing}> . "
                    "OPTIONAL { ?p cis:paragraphNumber ?n } }",
                    "SELECT ?t (COUNT(*) AS ?n) WHERE { ?s a ?t } GROUP BY ?t ORDER BY DESC(?n)",
                ]
            )
            out.append(Target("sparql", sparql(text), "application/sparql-results+json"))
        else:
            thing = rng.choice(things)
            accept = rng.choice(["text/html", "text/turtle"])
            out.append(Target(f"id-{accept.split('/')[1]}", "/" + thing[len(BASE) :], accept))
    return out


# -- the client ----------------------------------------------------------------------------


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes
) -> tuple[int, bool]:
    """One request on a keep-alive connection: (status, whether the server keeps it open)."""
    status, headers, _ = await exchange(reader, writer, raw)
    return status, headers.get("connection", "").lower() != "close"


async def drive(port: int, targets: list[Target], phase: Phase, concurrency: int, seconds: float):
    deadline = time.perf_counter() + seconds
    cursor = 0

    async def client(n: int) -> None:
        nonlocal cursor
        conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        while time.perf_counter() < deadline and phase.ok + phase.failed < MAX_REQUESTS:
            target = targets[cursor % len(targets)]
            cursor += 1
            raw = (
                f"GET {target.path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Accept: {target.accept}\r\n\r\n"
            ).encode()
            started = time.perf_counter()
            try:
                if conn is None:
                    conn = await asyncio.open_connection("127.0.0.1", port)
                status, keep = await asyncio.wait_for(
                    _exchange(conn[0], conn[1], raw), REQUEST_TIMEOUT_S
                )
            except (TimeoutError, asyncio.IncompleteReadError, ConnectionError, OSError) as exc:
                phase.error(type(exc).__name__)
                if conn is not None:
                    conn[1].close()
                conn = None
                await asyncio.sleep(0.05)  # bounded retry pace after a transport error
                continue
            if status == 200:
                phase.record(target.kind, time.perf_counter() - started)
            else:
                phase.error(f"{status} {target.kind}")
            if not keep:
                conn[1].close()
                conn = None
        if conn is not None:
            conn[1].close()

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(concurrency)))
    phase.seconds = time.perf_counter() - started


async def sample(server: Server, every: float, samples: list[dict], phase_of: list[str]):
    started = time.monotonic()
    while True:
        rss, processes = server.rss_mb()
        samples.append(
            {
                "t": round(time.monotonic() - started, 1),
                "phase": phase_of[0],
                "rss_mb": round(rss, 1),
                "processes": processes,
                "load": os.getloadavg()[0],
            }
        )
        await asyncio.sleep(every)


def flatness(samples: list[dict], after_s: float) -> dict[str, object]:
    """Whether RSS stays within FLAT_WITHIN of its level just after warm-up."""
    steady = [s for s in samples if s["phase"] == "soak" and s["t"] >= after_s]
    if len(steady) < 3:
        return {"flat": None, "reason": "too few samples after warm-up"}
    head = steady[: max(3, len(steady) // 10)]
    baseline = statistics.median(s["rss_mb"] for s in head)
    deviation = max(abs(s["rss_mb"] - baseline) / baseline for s in steady)
    ts = [s["t"] for s in steady]
    rs = [s["rss_mb"] for s in steady]
    slope = statistics.linear_regression(ts, rs).slope * 60 if len(set(ts)) > 1 else 0.0
    return {
        "flat": deviation <= FLAT_WITHIN,
        "baseline_mb": round(baseline, 1),
        "min_mb": min(rs),
        "max_mb": max(rs),
        "last_mb": rs[-1],
        "max_deviation_pct": round(deviation * 100, 1),
        "slope_mb_per_min": round(slope, 2),
        "samples": len(steady),
    }


async def run(args: argparse.Namespace, server: Server, targets: list[Target]) -> dict:
    samples: list[dict] = []
    phase_of = ["load"]
    sampler = asyncio.create_task(sample(server, args.sample_seconds, samples, phase_of))
    load = Phase("load")
    await drive(server.port, targets, load, args.concurrency, args.seconds)
    soak = Phase("soak")
    phase_of[0] = "soak"
    soak_started = samples[-1]["t"] if samples else 0.0
    if args.soak_seconds > 0:
        await drive(server.port, targets, soak, args.soak_concurrency, args.soak_seconds)
    sampler.cancel()
    rss, processes = server.rss_mb()
    samples.append(
        {
            "t": samples[-1]["t"] + 0.1 if samples else 0,
            "phase": "end",
            "rss_mb": round(rss, 1),
            "processes": processes,
            "load": os.getloadavg()[0],
        }
    )
    return {
        "phases": [load.summary(), soak.summary()] if args.soak_seconds > 0 else [load.summary()],
        "memory": flatness(samples, soak_started + args.warmup_seconds),
        "samples": samples,
    }


def report(result: dict, args: argparse.Namespace) -> None:
    print(
        f"\nciskg serve under load: concurrency {args.concurrency} "
        f"(soak {args.soak_concurrency}), mix of named queries, /sparql and /id pages"
    )
    print(
        f"{'phase':<6} {'s':>6} {'requests':>9} {'req/s':>8} {'errors':>7} "
        f"{'p50 ms':>8} {'p99 ms':>8}"
    )
    for p in result["phases"]:
        print(
            f"{p['phase']:<6} {p['seconds']:>6} {p['requests']:>9} {p['throughput_rps']:>8} "
            f"{p['errors']:>7} {p['p50_ms']:>8} {p['p99_ms']:>8}"
        )
        for kind, k in p["by_kind"].items():
            print(
                f"  {kind:<12} {k['requests']:>9}  p50 {k['p50_ms']:>7} ms  p99 {k['p99_ms']:>8} ms"
            )
        if p["error_kinds"]:
            print(f"  errors: {p['error_kinds']}")
    m = result["memory"]
    print(f"memory (RSS of the server's process tree, every {args.sample_seconds:g} s): {m}")
    loads = [s["load"] for s in result["samples"]]
    print(
        f"load average (1 min) during the run: min {min(loads):.2f}, "
        f"mean {statistics.fmean(loads):.2f}, max {max(loads):.2f} on {os.cpu_count()} CPUs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=ROOT / "var" / "store")
    parser.add_argument("--seconds", type=float, default=60.0, help="load phase")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--soak-seconds", type=float, default=600.0)
    parser.add_argument("--soak-concurrency", type=int, default=None, help="[--concurrency]")
    parser.add_argument("--sample-seconds", type=float, default=5.0)
    parser.add_argument("--warmup-seconds", type=float, default=60.0, help="of the soak")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    parser.add_argument(
        "--env", action="append", default=[], help="CISKG_NAME=value for the server"
    )
    args = parser.parse_args()
    args.soak_concurrency = args.soak_concurrency or args.concurrency
    if not (args.store / "CURRENT").exists():
        raise SystemExit(f"no store at {args.store}: run `ciskg build` first")
    env = dict(item.split("=", 1) for item in args.env)
    with tempfile.TemporaryDirectory(prefix="ciskg-load-") as work:
        server = Server(args.store, Path(work), env)
        try:
            server.wait_ready()
            targets = request_mix(server.base, random.Random(args.seed))
            print(
                f"server pid {server.proc.pid} on {server.base}, store {args.store}; "
                f"{len(targets)} requests in the mix; load average {os.getloadavg()}",
                flush=True,
            )
            result = asyncio.run(run(args, server, targets))
        finally:
            server.stop()
    result["settings"] = {k: str(v) for k, v in vars(args).items()}
    report(result, args)
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
