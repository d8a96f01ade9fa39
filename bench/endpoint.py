"""Benchmark: this endpoint vs `oxigraph serve` vs rdflib-endpoint, on the same data and queries.

    .venv/bin/python bench/endpoint.py [--seconds 3] [--large-triples 1000000]
        [--graphs small large] [--queries cq1-join label aggregate path] [--skip-rdflib]

Generates a small (~5,000 triples) and a large (~1M triples) synthetic graph in the shape
of the project's data (states, instruments, treaty actions with dates, a region tree,
paragraphs mentioning states), serves each with every server on loopback, and runs four
queries (a CQ1-like join, a label lookup, an aggregate, a property path) at concurrency 1
and 8 with a small asyncio HTTP/1.1 keep-alive client. `ciskg` is run twice: as configured
by default (answers cached per store version) and with the cache off (`ciskg-nocache`), so
that engine-bound numbers are not a cache's. Every loop is bounded by count and time; each
cell stops after `--seconds` or `MAX_REQUESTS`. rdflib-endpoint is skipped on the large
graph when it cannot load it within `RDFLIB_LOAD_TIMEOUT_S` (said in the output).
Not run by CI. Prints throughput (q/s), p50/p99 (ms) and ratios to each peer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import httpx

from loopback import exchange, free_port

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MAX_REQUESTS = 50_000
REQUEST_TIMEOUT_S = 60.0
START_TIMEOUT_S = 180.0
RDFLIB_LOAD_TIMEOUT_S = 60.0
CIS, ID = "https://w3id.org/ciskg/def#", "https://w3id.org/ciskg/id/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PREFIXES = f"PREFIX cis: <{CIS}> PREFIX rdfs: <{RDFS}> PREFIX skos: <{SKOS}> "
QUERIES = {
    "cq1-join": PREFIXES
    + """SELECT ?stateLabel ?instrumentLabel ?date WHERE {
        ?a a cis:TreatyAction ; cis:actionType cis:accession ; cis:state ?s ;
           cis:instrument ?i ; cis:date ?date .
        ?s rdfs:label ?stateLabel . ?i rdfs:label ?instrumentLabel .
      } ORDER BY DESC(?date) ?stateLabel LIMIT 100""",
    "label": PREFIXES + 'SELECT ?s WHERE { ?s rdfs:label "State 42"@en }',
    "aggregate": PREFIXES
    + """SELECT ?type (COUNT(*) AS ?n) WHERE { ?a cis:actionType ?type }
      GROUP BY ?type ORDER BY ?type""",
    "path": PREFIXES + f"SELECT ?s WHERE {{ ?s cis:inRegion/skos:broader* <{ID}region/3> }}",
}
SERVERS = ("ciskg", "ciskg-nocache", "oxigraph", "rdflib-endpoint")
ACTIONS = ["signature", "ratification", "accession", "succession", "acceptance", "approval"]


def synthesize(path: Path, actions: int, seed: int = 7) -> int:
    """Write an N-Quads file of `6 * actions + 1,649` quads; return the count."""
    rnd = random.Random(seed)
    graph = "https://w3id.org/ciskg/graph/"
    ref, rep = f"<{graph}reference>", f"<{graph}report/synthetic>"
    count = 0
    with path.open("w", encoding="utf-8") as out:

        def quad(s: str, p: str, o: str, g: str) -> None:
            nonlocal count
            out.write(f"{s} {p} {o} {g} .\n")
            count += 1

        a, label = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{RDFS}label>"
        for r in range(1, 1000):
            quad(f"<{ID}region/{r}>", f"<{SKOS}broader>", f"<{ID}region/{max(r // 2, 1)}>", ref)
        for s in range(200):
            node = f"<{ID}state/s{s}>"
            quad(node, a, f"<{CIS}State>", ref)
            quad(node, label, f'"State {s}"@en', ref)
            quad(node, f"<{CIS}inRegion>", f"<{ID}region/{rnd.randrange(500, 1000)}>", ref)
        for i in range(50):
            quad(f"<{ID}instrument/i{i}>", label, f'"Instrument {i}"@en', ref)
        for n in range(actions):
            node, g = f"<{ID}participation/p{n}>", ref if n % 3 else rep
            quad(node, a, f"<{CIS}TreatyAction>", g)
            quad(node, f"<{CIS}state>", f"<{ID}state/s{rnd.randrange(200)}>", g)
            quad(node, f"<{CIS}instrument>", f"<{ID}instrument/i{rnd.randrange(50)}>", g)
            quad(node, f"<{CIS}actionType>", f"<{CIS}{rnd.choice(ACTIONS)}>", g)
            date = f"{rnd.randrange(1950, 2025)}-{rnd.randrange(1, 13):02d}-01"
            quad(node, f"<{CIS}date>", f'"{date}"^^<http://www.w3.org/2001/XMLSchema#date>', g)
            quad(node, f"<{CIS}evidence>", f'"evidence sentence number {n}"', g)
    return count


class Server:
    """A server subprocess on loopback; `url` is its query endpoint."""

    def __init__(
        self, name: str, cmd: list[str], port: int, path: str, env: dict[str, str]
    ) -> None:
        self.name, self.port = name, port
        self.url = f"http://127.0.0.1:{port}{path}"
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (open while the server runs)
        self.proc = subprocess.Popen(
            cmd,
            env={**os.environ, **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                if httpx.get(self.url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    return True
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        return False

    def stop(self) -> None:
        self.log.close()
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def start_ciskg(name: str, data: Path, work: Path, cache: bool) -> Server:
    store = work / "ciskg-store"
    if not store.exists():
        subprocess.run(
            [BIN / "ciskg", "load", str(data), "--store", str(store)],
            check=True,
            capture_output=True,
        )
    port = free_port()
    env = {
        "CISKG_HTTP_WORKERS": "2",
        "CISKG_QUERY_WORKERS": "2",
        "CISKG_QUERY_TIMEOUT_S": str(REQUEST_TIMEOUT_S),
        "CISKG_RESULT_CACHE_BYTES": str(64 << 20 if cache else 0),
    }
    return Server(
        name,
        [str(BIN / "ciskg"), "serve", "--store", str(store), "--port", str(port)],
        port,
        "/sparql",
        env,
    )


def start_oxigraph(data: Path) -> Server:
    port = free_port()
    server = Server(
        "oxigraph",
        [str(BIN / "oxigraph"), "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        port,
        "/query",
        {},
    )
    if server.wait_ready(START_TIMEOUT_S):
        httpx.post(
            f"http://127.0.0.1:{port}/store",
            content=data.read_bytes(),
            headers={"Content-Type": "application/n-quads"},
            timeout=600,
        )
    return server


def start_rdflib(data: Path) -> Server:
    port = free_port()
    return Server(
        "rdflib-endpoint",
        [
            str(BIN / "rdflib-endpoint"),
            "serve",
            str(data),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        port,
        "/",
        {},
    )


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes
) -> tuple[int, bytes]:
    status, _, body = await exchange(reader, writer, raw)
    return status, body


async def load(
    url: str, query: str, concurrency: int, seconds: float
) -> tuple[list[float], int, float]:
    """Latencies of successful requests, error count, wall time; bounded by time and count."""
    parts = urllib.parse.urlsplit(url)
    target = f"{parts.path}?{urllib.parse.urlencode({'query': query})}"
    raw = (
        f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        "Accept: application/sparql-results+json\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        try:
            while time.perf_counter() < deadline and len(latencies) + errors < MAX_REQUESTS:
                started = time.perf_counter()
                try:
                    status, _ = await asyncio.wait_for(
                        _exchange(reader, writer, raw), REQUEST_TIMEOUT_S
                    )
                except (TimeoutError, asyncio.IncompleteReadError, ConnectionError):
                    errors += 1
                    return
                if status == 200:
                    latencies.append(time.perf_counter() - started)
                else:
                    errors += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - started


def rows(url: str, query: str) -> int | str:
    try:
        response = httpx.get(
            url,
            params={"query": query},
            timeout=REQUEST_TIMEOUT_S,
            headers={"Accept": "application/sparql-results+json"},
        )
        return len(json.loads(response.text)["results"]["bindings"])
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        return f"error {exc!r}"[:40]


def bench_graph(label: str, data: Path, work: Path, args: argparse.Namespace) -> list[dict]:
    results: list[dict] = []
    seconds, large = args.seconds, label == "large"
    servers = [
        start_ciskg("ciskg", data, work, cache=True),
        start_ciskg("ciskg-nocache", data, work, cache=False),
        start_oxigraph(data),
    ]
    rdflib = start_rdflib(data) if not args.skip_rdflib else None
    try:
        for server in servers:
            if not server.wait_ready(START_TIMEOUT_S):
                sys.exit(f"{server.name} did not start on the {label} graph")
        if rdflib is None:
            print(f"# {label}: rdflib-endpoint skipped (--skip-rdflib)", flush=True)
        elif rdflib.wait_ready(RDFLIB_LOAD_TIMEOUT_S if large else START_TIMEOUT_S):
            servers.append(rdflib)
        else:
            print(
                f"# {label}: rdflib-endpoint skipped: could not load {data.stat().st_size >> 20}"
                f" MB of N-Quads within {RDFLIB_LOAD_TIMEOUT_S:g} s",
                flush=True,
            )
            rdflib.stop()
        for name in args.queries:
            query = QUERIES[name]
            counts = {s.name: rows(s.url, query) for s in servers}
            if len(set(counts.values())) != 1:
                print(f"# {label} {name}: result sizes differ: {counts}", flush=True)
            for concurrency in (1, 8):
                for server in servers:
                    asyncio.run(load(server.url, query, concurrency, min(seconds, 0.5)))  # warm
                    lat, errors, wall = asyncio.run(load(server.url, query, concurrency, seconds))
                    results.append(
                        {
                            "graph": label,
                            "query": name,
                            "c": concurrency,
                            "server": server.name,
                            "qps": len(lat) / wall,
                            "p50": statistics.median(lat) * 1e3 if lat else float("nan"),
                            "p99": _p99(lat) * 1e3,
                            "n": len(lat),
                            "errors": errors,
                        }
                    )
                    print(_line(results[-1]), flush=True)
    finally:
        for server in servers + ([rdflib] if rdflib else []):
            server.stop()
    return results


def _p99(lat: list[float]) -> float:
    return sorted(lat)[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else float("nan")


def _line(r: dict) -> str:
    return (
        f"{r['graph']:6} {r['query']:10} c={r['c']} {r['server']:16} {r['qps']:9.1f} q/s "
        f"p50 {r['p50']:8.2f} ms p99 {r['p99']:8.2f} ms n={r['n']} err={r['errors']}"
    )


def summary(results: list[dict]) -> None:
    print(
        "\n| graph | query | c | ciskg q/s | nocache q/s | oxigraph q/s | rdflib q/s | "
        "ciskg/oxigraph | nocache/oxigraph | ciskg/rdflib | p99 ciskg / oxigraph (ms) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    cells: dict[tuple, dict[str, dict]] = {}
    for r in results:
        cells.setdefault((r["graph"], r["query"], r["c"]), {})[r["server"]] = r
    for (graph, query, c), by in cells.items():
        qps = {name: by[name]["qps"] if name in by else float("nan") for name in SERVERS}

        def ratio(a: str, b: str, qps: dict[str, float] = qps) -> str:
            return f"{qps[a] / qps[b]:.2f}" if qps[b] > 0 else "n/a"

        print(
            f"| {graph} | {query} | {c} | {qps['ciskg']:.0f} | {qps['ciskg-nocache']:.0f} | "
            f"{qps['oxigraph']:.0f} | {qps['rdflib-endpoint']:.1f} | "
            f"{ratio('ciskg', 'oxigraph')} | {ratio('ciskg-nocache', 'oxigraph')} | "
            f"{ratio('ciskg', 'rdflib-endpoint')} | "
            f"{by['ciskg']['p99']:.1f} / {by['oxigraph']['p99']:.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per cell")
    parser.add_argument("--large-triples", type=int, default=1_000_000)
    parser.add_argument(
        "--graphs", nargs="+", choices=("small", "large"), default=["small", "large"]
    )
    parser.add_argument("--queries", nargs="+", choices=list(QUERIES), default=list(QUERIES))
    parser.add_argument("--skip-rdflib", action="store_true")
    args = parser.parse_args()
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="ciskg-bench-") as tmp:
        sizes = {"small": 560, "large": max(1, (args.large_triples - 1649) // 6)}
        for label in args.graphs:
            actions = sizes[label]
            work = Path(tmp) / label
            work.mkdir()
            data = work / "data.nq"
            count = synthesize(data, actions)
            print(f"# {label}: {count} quads", flush=True)
            results += bench_graph(label, data, work, args)
    summary(results)


if __name__ == "__main__":
    main()
