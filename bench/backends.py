"""Benchmark: the embedded store vs a remote `oxigraph serve`, loading and answering.

    .venv/bin/python bench/backends.py [--quads 1000000] [--graphs 100] [--seconds 3]
        [--queries cq1-join label aggregate path] [--skip-remote-load]

One synthetic dataset in the shape of the project's data (bench/endpoint.py's generator,
its report quads spread over `--graphs` report graphs as a corpus would be), then:

1. Bulk load, same quads everywhere: `ciskg.store.load_store` (what a build does: on-disk
   store, TriG), `ciskg.store.memory_store` (what a query worker does), against
   `oxigraph load` of the N-Quads (the CLI's bulk loader: the limit); and the remote
   loader `ciskg.store.load_into("sparql+http://…")` into an empty `oxigraph serve`,
   staged and direct (`ciskg.remote_load`), which go through the Graph Store Protocol and
   SPARQL Update, i.e. through the server's transactions.
2. Endpoint throughput on the same queries: `ciskg serve` over the embedded store and over
   the remote store, both with the result cache off (engine-bound numbers), and the
   remote `oxigraph serve` itself (what the remote backend adds to it). bench/endpoint.py's
   servers and load generator are reused.

Every loop is bounded by count and time (each cell stops after `--seconds` or
`endpoint.MAX_REQUESTS`; each load and server start has a timeout). Not run by CI.
Prints the table and the ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

import endpoint
from ciskg.settings import Settings
from ciskg.store import load_into, load_store, memory_store
from loopback import free_port

LOAD_TIMEOUT_S = 1800.0
G = "https://w3id.org/ciskg/graph/"


def synthesize(path: Path, quads: int, graphs: int) -> int:
    """N-Quads of about `quads` quads: endpoint.synthesize, report quads over `graphs` graphs."""
    raw = path.with_suffix(".raw.nq")
    endpoint.synthesize(raw, max(1, (quads - 1649) // 6))
    report = f"<{G}report/synthetic>".encode()
    count = 0
    with raw.open("rb") as src, path.open("wb") as out:
        for line in src:
            if line.endswith(report + b" .\n"):
                name = f"<{G}report/r{count % graphs}>".encode()
                line = line[: -len(report) - 3] + name + b" .\n"
            out.write(line)
            count += 1
    raw.unlink()
    return count


def timed(what: str, action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    print(f"# {what}: {seconds:.1f} s", flush=True)
    return seconds


def oxigraph_load(data: Path, location: Path) -> None:
    subprocess.run(
        [str(endpoint.BIN / "oxigraph"), "load", "--location", str(location), "--file", str(data)],
        check=True,
        capture_output=True,
        timeout=LOAD_TIMEOUT_S,
    )


def start_oxigraph(location: Path) -> endpoint.Server:
    port = free_port()
    server = endpoint.Server(
        "oxigraph",
        [
            str(endpoint.BIN / "oxigraph"),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",  # for the direct measurements; ciskg sends the parameter
        ],
        port,
        "/query",
        {},
    )
    if not server.wait_ready(endpoint.START_TIMEOUT_S):
        server.stop()
        sys.exit("oxigraph serve did not start")
    return server


def remote_load(trig: bytes, work: Path, mode: str) -> float:
    """Seconds to load `trig` into an empty `oxigraph serve` with the remote loader."""
    server = start_oxigraph(work / f"remote-{mode}")
    store = f"sparql+http://127.0.0.1:{server.port}"
    try:
        settings = Settings(store=store, store_load=mode)
        return timed(f"remote {mode} load", lambda: load_into(store, trig, settings))
    finally:
        server.stop()


def bench_loads(data: Path, trig: bytes, work: Path, skip_remote: bool) -> dict[str, float]:
    times = {
        "oxigraph load (N-Quads, CLI)": timed(
            "oxigraph load", lambda: oxigraph_load(data, work / "cli-load")
        ),
        "embedded on disk (load_store)": timed(
            "load_store", lambda: load_store(trig, work / "embedded")
        ),
        "embedded in memory (memory_store)": timed("memory_store", lambda: memory_store(trig)),
    }
    if not skip_remote:
        for mode in ("direct", "staged"):
            times[f"remote {mode} (GSP into oxigraph serve)"] = remote_load(trig, work, mode)
    return times


def start_ciskg(name: str, store: str, timeout_s: float) -> endpoint.Server:
    port = free_port()
    env = {
        "CISKG_STORE": store,
        "CISKG_HTTP_WORKERS": "2",
        "CISKG_QUERY_WORKERS": "2",
        "CISKG_QUERY_TIMEOUT_S": str(timeout_s),
        "CISKG_RESULT_CACHE_BYTES": "0",
    }
    cmd = [str(endpoint.BIN / "ciskg"), "serve", "--port", str(port)]
    return endpoint.Server(name, cmd, port, "/sparql", env)


def bench_queries(work: Path, args: argparse.Namespace) -> list[dict]:
    """Throughput of ciskg over each backend and of the remote store itself."""
    oxigraph_load_dir = work / "cli-load"  # the store `oxigraph load` made: served remote
    remote = start_oxigraph(oxigraph_load_dir)
    servers = [
        start_ciskg("ciskg-embedded", str(work / "embedded"), endpoint.REQUEST_TIMEOUT_S),
        start_ciskg(
            "ciskg-remote", f"sparql+http://127.0.0.1:{remote.port}", endpoint.REQUEST_TIMEOUT_S
        ),
        remote,
    ]
    results: list[dict] = []
    try:
        for server in servers:
            if not server.wait_ready(endpoint.START_TIMEOUT_S):
                sys.exit(f"{server.name} did not start")
        for name in args.queries:
            query = endpoint.QUERIES[name]
            counts = {s.name: endpoint.rows(s.url, query) for s in servers}
            if len(set(counts.values())) != 1:
                print(f"# {name}: result sizes differ: {counts}", flush=True)
            for concurrency in (1, 8):
                for server in servers:
                    asyncio.run(endpoint.load(server.url, query, concurrency, 0.5))  # warm
                    lat, errors, wall = asyncio.run(
                        endpoint.load(server.url, query, concurrency, args.seconds)
                    )
                    results.append(
                        {
                            "query": name,
                            "c": concurrency,
                            "server": server.name,
                            "qps": len(lat) / wall,
                            "p50": statistics.median(lat) * 1e3 if lat else float("nan"),
                            "errors": errors,
                        }
                    )
                    r = results[-1]
                    print(
                        f"{name:10} c={concurrency} {server.name:15} {r['qps']:8.1f} q/s "
                        f"p50 {r['p50']:8.2f} ms err={errors}",
                        flush=True,
                    )
    finally:
        for server in servers:
            server.stop()
    return results


def report(quads: int, graphs: int, loads: dict[str, float], results: list[dict]) -> None:
    limit = loads["oxigraph load (N-Quads, CLI)"]
    print(f"\n## Bulk load of {quads:,} quads in {graphs + 1} named graphs\n")
    print("| loader | seconds | quads/s | × `oxigraph load` time |")
    print("|---|---|---|---|")
    for name, seconds in loads.items():
        print(f"| {name} | {seconds:.1f} | {quads / seconds:,.0f} | {seconds / limit:.2f} |")
    print("\n## Endpoint throughput (cache off), q/s\n")
    print(
        "| query | c | embedded | remote | oxigraph serve | remote / embedded | "
        "remote / oxigraph | p50 embedded / remote (ms) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    cells: dict[tuple[str, int], dict[str, dict]] = {}
    for r in results:
        cells.setdefault((r["query"], r["c"]), {})[r["server"]] = r
    for (query, c), by in cells.items():
        emb, rem, oxi = (by[n]["qps"] for n in ("ciskg-embedded", "ciskg-remote", "oxigraph"))
        print(
            f"| {query} | {c} | {emb:.0f} | {rem:.0f} | {oxi:.0f} | {_ratio(rem, emb)} | "
            f"{_ratio(rem, oxi)} | "
            f"{by['ciskg-embedded']['p50']:.1f} / {by['ciskg-remote']['p50']:.1f} |"
        )


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b > 0 else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--graphs", type=int, default=100, help="report graphs")
    parser.add_argument("--seconds", type=float, default=3.0, help="per throughput cell")
    parser.add_argument(
        "--queries", nargs="+", choices=list(endpoint.QUERIES), default=list(endpoint.QUERIES)
    )
    parser.add_argument("--skip-remote-load", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ciskg-bench-backends-") as tmp:
        work = Path(tmp)
        data = work / "data.nq"
        quads = synthesize(data, args.quads, args.graphs)
        trig = (
            ox.serialize(
                ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.TRIG
            )
            or b""
        )
        print(f"# {quads:,} quads, {data.stat().st_size >> 20} MB of N-Quads", flush=True)
        loads = bench_loads(data, trig, work, args.skip_remote_load)
        results = bench_queries(work, args)
    report(quads, args.graphs, loads, results)


if __name__ == "__main__":
    main()
