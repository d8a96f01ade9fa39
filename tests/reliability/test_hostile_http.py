"""Hostile input on every HTTP entry point: refused or made harmless, the server goes on.

Extends tests/http/test_http_hostile.py (SERVICE and updates on /sparql by GET and form,
runaway queries, body size, garbage, media types): here the same operations go through
*every* entry point — the three protocol forms, the query UI, named-query parameters,
linked-data paths — and the attacks that need a writable server of their own (a long
literal loaded through /update for the regex test).
"""

from __future__ import annotations

import threading
import time
import uuid

import httpx
import pytest
from harness import (
    TIMEOUT_S,
    WORKERS,
    Trap,
    count_triples,
    raw_request,
    update,
    wait_for_workers,
)

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def query_via(server, how: str, text: str) -> httpx.Response:
    """Send `text` as a query by one of the ways a client can."""
    if how == "get":
        return httpx.get(server.sparql, params={"query": text}, timeout=30)
    if how == "form":
        return httpx.post(server.sparql, data={"query": text}, timeout=30)
    if how == "direct":
        return httpx.post(
            server.sparql,
            content=text,
            headers={"Content-Type": "application/sparql-query"},
            timeout=30,
        )
    assert how == "ui"
    return httpx.get(server.base + "/sparql/ui", params={"query": text}, timeout=30)


ENTRY_POINTS = ["get", "form", "direct", "ui"]


def operations(trap: Trap) -> list[str]:
    """Everything that would write, or reach out, if it ran."""
    return [
        "CLEAR ALL",
        "CLEAR DEFAULT",
        "DROP ALL",
        "DROP GRAPH <https://w3id.org/ciskg/graph/reference>",
        "INSERT DATA { <urn:x> <urn:y> <urn:z> }",
        "DELETE DATA { <urn:x> <urn:y> <urn:z> }",
        "DELETE WHERE { ?s ?p ?o }",
        "INSERT { ?s <urn:copy> ?o } WHERE { ?s ?p ?o }",
        f"LOAD <{trap.url}data.ttl>",
        f"LOAD SILENT <{trap.url}data.ttl> INTO GRAPH <urn:g>",
        f"SELECT * WHERE {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE SILENT <{trap.url}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE { ?s ?p ?o } ; CLEAR ALL",
    ]


@pytest.mark.parametrize("how", ENTRY_POINTS)
def test_writes_and_outbound_calls_are_refused_on_every_query_entry_point(
    server, trap: Trap, how: str
) -> None:
    before = count_triples(server.base)
    for op in operations(trap):
        response = query_via(server, how, op)
        assert response.status_code == 400, (how, op, response.text[:200])
    assert trap.connections() == 0
    assert count_triples(server.base) == before


def test_update_endpoint_refuses_outbound_calls_even_with_the_token(server, trap: Trap) -> None:
    before = count_triples(server.base)
    for op in operations(trap):
        anonymous = httpx.post(
            server.update, content=op, headers={"Content-Type": "application/sparql-update"}
        )
        assert anonymous.status_code == 403, op
    for op in [
        f"LOAD <{trap.url}data.ttl>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}",
        f"DELETE WHERE {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}",
    ]:
        assert update(server.base, op).status_code == 400, op
    assert trap.connections() == 0
    assert count_triples(server.base) == before


# Each tries to end the term it is bound to and add a pattern, a UNION, an update or a
# SERVICE call; each must either be refused (400: not a valid term of the parameter's
# type) or arrive as one literal that matches nothing.
INJECTIONS = [
    "https://w3id.org/ciskg/id/org/iom> } UNION { ?thing ?p ?label } #",
    "https://w3id.org/ciskg/id/org/iom> . ?thing ?p ?label . <urn:x",
    "https://w3id.org/ciskg/id/org/iom>\n} ; CLEAR ALL ; SELECT * {<urn:x",
    '" } UNION { ?thing ?p ?label } #',
    '" . ?thing ?p ?label FILTER(true || "',
    'x\\" } UNION { ?thing ?p ?label } #',
    "'''} UNION { ?thing ?p ?label }'''",
    "<https://w3id.org/ciskg/id/org/iom>",
    "?thing",
    "_:b0",
    "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }",
    "%3E%20%7D%20UNION%20%7B%20%3Fthing%20%3Fp%20%3Flabel%20%7D",
]


@pytest.mark.parametrize("param", ["thing", "label", "n", "when"])
def test_named_query_parameters_are_bound_as_one_term(server, trap: Trap, param: str) -> None:
    everything = httpx.get(server.base + "/queries/probe", params={"format": "json"})
    assert everything.status_code == 200
    total = len(everything.json()["results"]["bindings"])
    assert total > 100
    for value in [*INJECTIONS, f"{trap.url}> }} SERVICE <{trap.url}> {{ ?s ?p ?o"]:
        response = httpx.get(server.base + "/queries/probe", params={param: value})
        assert response.status_code in (200, 400), (param, value, response.text[:200])
        if response.status_code == 400:
            assert f"parameter {param!r} must be" in response.text
            continue
        rows = response.json()["results"]["bindings"]
        if param == "label":  # a literal no label equals
            assert rows == [], value
        else:  # an IRI that is no thing's (a valid IRI: it is only a name)
            assert len(rows) < total, value
            assert all(r[param]["value"] == value for r in rows)
    assert trap.connections() == 0


def test_unknown_and_repeated_parameters_are_refused(server) -> None:
    url = server.base + "/queries/probe"
    assert httpx.get(url, params={"query": "CLEAR ALL"}).status_code == 400
    assert httpx.get(url, params={"thing; DROP ALL": "x"}).status_code == 400
    assert httpx.get(url, params={"format": "json } CLEAR ALL"}).status_code == 406


def test_sparql_in_linked_data_paths_is_only_a_name(server) -> None:
    before = count_triples(server.base)
    for path in [
        "/id/x%3E%20%7D%20%3B%20CLEAR%20ALL%20%3B%20SELECT%20*%20%7B%20%3Cx",
        "/id/state/uzb%3E%20%3Fp%20%3Fo%20%7D%20UNION%20%7B%20%3Fs",
        "/id/x%22%20%7D%20SERVICE%20%3Chttp%3A%2F%2F127.0.0.1%3A9%2F%3E%20%7B",
        "/graph/x%3E%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20%7D%20CLEAR%20ALL%20%23",
    ]:
        response = httpx.get(server.base + path, headers={"Accept": "text/turtle"})
        assert response.status_code == 404, (path, response.status_code)
    assert count_triples(server.base) == before


# -- deeply nested queries -------------------------------------------------------------

NESTED = {
    "groups": lambda n: "ASK WHERE " + "{" * n + " ?s ?p ?o " + "}" * n,
    "parentheses": lambda n: "ASK { ?s ?p ?o FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "subqueries": lambda n: "ASK { " + "{ SELECT * WHERE " * n + "{ ?s ?p ?o }" + " }" * n + " }",
    "optionals": lambda n: "ASK { " + "OPTIONAL { " * n + "?s ?p ?o" + " }" * n + " }",
    "property lists": lambda n: "ASK { ?s <urn:p> " + "[ <urn:p> " * n + "1" + " ]" * n + " }",
}


@pytest.mark.parametrize("shape", sorted(NESTED))
def test_thousands_of_nested_groups_are_refused_before_they_run(server, shape: str) -> None:
    pids = sorted(server.children())
    for how in ("get", "form", "direct"):
        depth = 2000 if how == "get" else 5000  # a URL holds less (64 kB in httpx)
        response = query_via(server, how, NESTED[shape](depth))
        assert response.status_code == 400, (how, response.text[:200])
        assert "nested more than" in response.text
    deep_update = "INSERT { <urn:a> <urn:b> <urn:c> } WHERE " + NESTED["groups"](5000)[10:]
    response = update(server.base, deep_update)
    assert response.status_code == 400 and "nested more than" in response.text
    assert sorted(server.children()) == pids  # no worker ran it, none was lost
    shallow = query_via(server, "get", NESTED[shape](50))
    assert shallow.status_code == 200, shallow.text[:200]


@pytest.mark.parametrize(
    "text",
    [
        "ASK { FILTER(" + "||".join(["true"] * 20000) + ") }",
        "ASK { FILTER(" + "!" * 20000 + "true) }",
        "ASK { " + " UNION ".join(["{ ?s ?p ?o }"] * 20000) + " }",
    ],
    ids=["20000 ORs", "20000 NOTs", "20000 UNIONs"],
)
def test_long_operator_chains_cost_at_most_a_worker_restart(server, text: str) -> None:
    """No bracket nests here, yet the engine's tree is 20,000 deep: the worker may die
    (pyoxigraph overflows its stack; measured: from ~5,000 operators); the client gets
    503, the pool replaces the worker, and the server answers others meanwhile and after."""
    response = query_via(server, "form", text)
    assert response.status_code in (200, 400, 503), response.text[:200]
    assert httpx.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
    assert wait_for_workers(server, WORKERS, timeout_s=30), "the pool did not recover"


# -- regex, LIMIT, OFFSET ----------------------------------------------------------------

LONG = "a" * 400_000 + "!"  # no match for "(a+)+$": a backtracking engine tries 2^400000 ways


def test_regex_dos_on_a_long_literal_stays_under_the_time_limit(server) -> None:
    subject = f"urn:reliability:{uuid.uuid4()}"
    inserted = update(server.base, f'INSERT DATA {{ <{subject}> <urn:text> "{LONG}" }}')
    assert inserted.status_code == 204, inserted.text
    wait_for_workers(server)
    patterns = ["(a+)+$", "(a|aa)+$", "(a*)*b", "^(([a-z])+.)+[A-Z]([a-z])+$", "(.*a){12}$"]
    answered: dict[str, int] = {}

    def attack(pattern: str) -> None:
        query = (
            f"SELECT (COUNT(*) AS ?n) WHERE {{ <{subject}> <urn:text> ?x "
            f'FILTER REGEX(?x, "{pattern}") }}'
        )
        response = httpx.get(server.sparql, params={"query": query}, timeout=30)
        answered[pattern] = response.status_code

    started = time.monotonic()
    threads = [threading.Thread(target=attack, args=(p,)) for p in patterns]
    for thread in threads:
        thread.start()
    quick = httpx.get(server.sparql, params={"query": f'ASK {{ ?s ?p "{uuid.uuid4()}" }}'})
    for thread in threads:
        thread.join(60)
    elapsed = time.monotonic() - started
    assert quick.status_code == 200
    assert set(answered.values()) <= {200, 503}, answered
    # Two workers, five queries: each query is bounded by the limit, all by a few of them.
    assert elapsed < 3 * TIMEOUT_S + 5, elapsed
    update(server.base, f"DELETE WHERE {{ <{subject}> ?p ?o }}")


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_huge_limit_and_offset(server, how: str) -> None:
    big = 10**18
    cases = {
        f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {big}": (200, 400),  # 400: over the row limit
        f"SELECT ?s WHERE {{ ?s <{RDFS_LABEL}> ?o }} LIMIT {big}": (200, 400),
        f"SELECT ?s WHERE {{ ?s ?p ?o }} OFFSET {big}": (200,),
        f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {big} OFFSET {big}": (200,),
        f"SELECT ?s WHERE {{ ?s ?p ?o }} ORDER BY ?s OFFSET {big} LIMIT 1": (200,),
        f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {10**30}": (400,),  # not a 64-bit number
        f"SELECT ?s WHERE {{ ?s ?p ?o }} OFFSET {10**30}": (400,),
        f"SELECT ?s WHERE {{ {{ SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {big} }} }} LIMIT 3": (200,),
    }
    for text, statuses in cases.items():
        started = time.monotonic()
        response = query_via(server, how, text)
        assert response.status_code in statuses, (text, response.text[:200])
        assert time.monotonic() - started < TIMEOUT_S + 1
        if "OFFSET" in text and response.status_code == 200 and "LIMIT 3" not in text:
            assert response.json()["results"]["bindings"] == []


# -- path traversal ----------------------------------------------------------------------

TRAVERSALS = [
    "/id/../../../../etc/passwd",
    "/id/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/id/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/id/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/id//etc/passwd",
    "/id/%2Fetc%2Fpasswd",
    "/id/..%5c..%5c..%5cetc%5cpasswd",
    "/id/state/uzb%00.ttl",
    "/id/%252e%252e/%252e%252e/etc/passwd",
    "/queries/../../../etc/passwd",
    "/queries/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/queries/..%2fcanary",
    "/queries/..%2f..%2fcanary",
    "/queries/%2Fetc%2Fpasswd",
    "/queries//etc/passwd",
    "/queries/probe%2f..%2f..%2fcanary",
    "/queries/probe.rq",
    "/queries/..",
    "/dump.%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/dump../../../etc/passwd",
    "/dump.ttl/../../etc/passwd",
    "/graph/..%2f..%2f..%2fetc%2fpasswd",
    "/def.%2e%2e%2fpasswd",
    "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/templating.py",
    "/static/..%2fhttp%2ftemplating.py",
    "/../../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
]


def test_path_traversal_never_reads_a_file(server) -> None:
    queries = server.env["CISKG_QUERIES_DIR"]
    canary = f"CANARY-{uuid.uuid4()}"
    for folder in (f"{queries}/..", f"{queries}/../.."):
        with open(f"{folder}/canary", "w") as out:  # where ../canary would lead
            out.write(canary)
        with open(f"{folder}/canary.rq", "w") as out:
            out.write(f"# title: {canary}\nSELECT * WHERE {{ ?s ?p ?o }}\n")
    for path in TRAVERSALS:
        for accept in (b"text/plain", b"text/html"):
            answer = raw_request(
                server.port,
                b"GET "
                + path.encode()
                + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: "
                + accept
                + b"\r\nConnection: close\r\n\r\n",
            )
            status = int(answer.split(b" ", 2)[1])
            assert status in (400, 404), (path, answer[:300])
            assert b"root:x:0:0" not in answer and canary.encode() not in answer, path
            assert b"import " not in answer, path  # no Python source either
    assert httpx.get(server.base + "/health").status_code == 200


# -- oversized headers -------------------------------------------------------------------


def test_oversized_headers_are_431_and_the_server_goes_on(server) -> None:
    big = httpx.get(server.base + "/health", headers={"X-Big": "a" * 100_000})
    assert big.status_code == 431, big.text
    assert "CISKG_MAX_HEADER_BYTES" in big.text
    many = httpx.get(server.base + "/health", headers={f"X-H{i}": "b" * 1000 for i in range(100)})
    assert many.status_code == 431
    cookie = httpx.get(server.sparql, headers={"Cookie": "c=" + "d" * 200_000})
    assert cookie.status_code == 431
    fine = httpx.get(server.base + "/health", headers={"X-Fine": "a" * 8000})
    assert fine.status_code == 200


def test_a_huge_request_target_is_414(server) -> None:
    target = b"/sparql?query=" + b"A" * 1_100_000
    answer = raw_request(server.port, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 414 ")


def test_an_endless_header_is_cut_off_early(server) -> None:
    """A client that never ends its header line: the server answers 431 and closes after
    about its limits (64 kB of headers + 1 MB of target), not after the client is done."""
    import socket

    sent = 0
    answer = b""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Endless: ")
        chunk = b"e" * 65536
        try:
            while sent < 200_000_000:  # bounded: 200 MB at most
                sock.sendall(chunk)
                sent += len(chunk)
        except OSError:  # reset by the server
            pass
        try:
            answer = sock.recv(200)
        except OSError:
            answer = b""
    assert sent < 50_000_000, f"the server read {sent} bytes of one header"
    assert answer == b"" or answer.startswith(b"HTTP/1.1 431 ")
    assert httpx.get(server.base + "/health").status_code == 200
