"""Hostile and broken input on the live server: each is refused cleanly, the server goes on."""

from __future__ import annotations

import socket
import threading
import time
import uuid

import httpx
import pytest
from endpoint_settings import ROW_LIMIT, TIMEOUT_S, TOKEN

from ciskg.remote import is_remote

# 10^9 rows from inline data alone: runs for minutes on any store, whatever it holds.
CARTESIAN = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(9))
    + " }"
)


def values_query(rows: int) -> str:
    """A SELECT whose result has exactly `rows` solutions (rows = a * b)."""
    side = [str(i) for i in range(rows // 100)]
    return (
        "SELECT ?a ?b WHERE { VALUES ?a { " + " ".join(side) + " } "
        "VALUES ?b { " + " ".join(str(i) for i in range(100)) + " } }"
    )


def test_update_without_or_with_a_wrong_token_is_403(server) -> None:
    update = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    headers = {"Content-Type": "application/sparql-update"}
    assert httpx.post(server.update, content=update, headers=headers).status_code == 403
    wrong = headers | {"Authorization": "Bearer not-" + TOKEN}
    assert httpx.post(server.update, content=update, headers=wrong).status_code == 403
    ask = httpx.get(server.sparql, params={"query": "ASK { <urn:x> ?p ?o }"})
    assert ask.json()["boolean"] is False


@pytest.mark.parametrize("how", ["direct", "form", "get", "form-query"])
def test_update_to_the_query_endpoint_is_refused(server, how: str) -> None:
    update = "DELETE WHERE { ?s ?p ?o }"
    if how == "direct":
        response = httpx.post(
            server.sparql, content=update, headers={"Content-Type": "application/sparql-update"}
        )
    elif how == "form":
        response = httpx.post(server.sparql, data={"update": update})
    elif how == "get":
        response = httpx.get(server.sparql, params={"update": update})
    else:
        response = httpx.post(server.sparql, data={"query": update})
    assert response.status_code == 400, response.text
    assert "read-only" in response.text
    assert httpx.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"]


def test_service_is_refused_before_any_connection(server) -> None:
    with socket.socket() as trap:  # a port that records whether anyone connects
        trap.bind(("127.0.0.1", 0))
        trap.listen(1)
        trap.setblocking(False)
        port = trap.getsockname()[1]
        for target in (f"http://127.0.0.1:{port}/", "http://127.0.0.1:9/"):
            query = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
            response = httpx.get(server.sparql, params={"query": query})
            assert response.status_code == 400
            assert "SERVICE" in response.text
        time.sleep(0.2)
        with pytest.raises(BlockingIOError):
            trap.accept()


@pytest.mark.parametrize(
    "query",
    [
        "select * { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * {\n # a comment\n  OPTIONAL { SeRvIcE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
        'SELECT * { BIND("\\u0022" AS ?x) SERVICE <http://127.0.0.1:9/> {} BIND("""x""" AS ?y) }',
        "SELECT * { { SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }",
    ],
)
def test_service_is_found_however_written(server, query: str) -> None:
    assert httpx.post(server.sparql, data={"query": query}).status_code == 400


def test_service_in_strings_comments_and_names_is_harmless(server) -> None:
    query = (
        "PREFIX ex: <http://example.org/ciskg-test/> # SERVICE <http://127.0.0.1:9/>\n"
        'SELECT ?SERVICE WHERE { ?s ex:note ?SERVICE FILTER(CONTAINS(?SERVICE, "SERVICE")) '
        "OPTIONAL { ?s <http://127.0.0.1:9/SERVICE> ?x } }"
    )
    response = httpx.get(server.sparql, params={"query": query})
    assert response.status_code == 200, response.text
    assert len(response.json()["results"]["bindings"]) == 1


def test_runaway_query_is_cut_with_503_while_others_are_answered(server) -> None:
    if is_remote(server.store):  # no workers to kill; the store would compute for minutes
        pytest.skip("embedded backend only: tests/remote/test_remote_limits.py has the remote's")
    before = server.children()
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["response"] = httpx.get(server.sparql, params={"query": CARTESIAN}, timeout=60)
        outcome["elapsed"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    simple = f'ASK {{ ?s ?p "{uuid.uuid4()}" }}'  # never cached
    started = time.monotonic()
    quick = httpx.get(server.sparql, params={"query": simple})
    quick_s = time.monotonic() - started
    thread.join()
    assert quick.status_code == 200 and quick_s < 0.5
    response = outcome["response"]
    assert isinstance(response, httpx.Response)
    assert response.status_code == 503, response.text
    assert "time limit" in response.text and response.headers.get("retry-after")
    assert TIMEOUT_S <= float(str(outcome["elapsed"])) < TIMEOUT_S + 2
    # The killed worker disappears (SIGKILL; its exit may take a moment on a busy machine)
    # and a fresh one takes its place once it has loaded the store.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        after = server.children()
        if set(before) - set(after) and len(after) == len(before):
            break
        time.sleep(0.1)
    assert set(before) - set(after), "the overrunning worker was not killed"
    assert len(after) == len(before)
    for _ in range(20):  # idle within seconds (the fresh worker may still be loading)
        cpu = sum(server.children().values())
        time.sleep(0.5)
        if sum(server.children().values()) - cpu < 0.1:
            break
    else:
        pytest.fail("a worker is still burning CPU")


def test_large_body_is_413(server) -> None:
    body = "ASK {}" + " " * 2_000_000
    response = httpx.post(
        server.sparql, content=body, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 413


def test_garbage_is_400_with_the_parsers_position(server) -> None:
    bad = "SELECT * WHERE {\n ?s ?p ?o .\n FILTER(?x = ) }"
    response = httpx.get(server.sparql, params={"query": bad})
    assert response.status_code == 400
    assert "3:" in response.text and "error at" in response.text
    assert httpx.get(server.sparql, params={"query": "\x00\x01 garbage"}).status_code == 400


def test_unmatched_accept_is_406(server) -> None:
    response = httpx.get(
        server.sparql,
        params={"query": "SELECT * { ?s ?p ?o } LIMIT 1"},
        headers={"Accept": "image/png"},
    )
    assert response.status_code == 406
    ask = httpx.get(server.sparql, params={"query": "ASK {}"}, headers={"Accept": "text/turtle"})
    assert ask.status_code == 406


def test_row_limit(server) -> None:
    at_limit = httpx.post(
        server.sparql,
        data={"query": values_query(ROW_LIMIT)},
        headers={"Accept": "text/tab-separated-values"},
    )
    assert at_limit.status_code == 200
    assert at_limit.text.count("\n") == ROW_LIMIT + 1
    over = httpx.post(server.sparql, data={"query": values_query(ROW_LIMIT + 100)})
    assert over.status_code == 400 and "row limit" in over.text


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        ("ASK {}", {"Content-Type": "text/plain"}),
        ("query=ASK%20%7B%7D", {}),
        ("ASK {}".encode("utf-16"), {"Content-Type": "application/sparql-query; charset=UTF-16"}),
    ],
)
def test_wrong_media_types_are_415(server, body: str | bytes, headers: dict[str, str]) -> None:
    assert httpx.post(server.sparql, content=body, headers=headers).status_code == 415


def test_non_utf8_body_is_400(server) -> None:
    response = httpx.post(
        server.sparql,
        content=b'ASK { ?s ?p "\xff" }',
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 400


def test_several_queries_are_400(server) -> None:
    response = httpx.get(server.sparql + "?query=ASK%7B%7D&query=ASK%7B%7D")
    assert response.status_code == 400


def test_other_methods_are_405(server) -> None:
    assert httpx.put(server.sparql, params={"query": "ASK {}"}).status_code == 405
    assert httpx.get(server.update, params={"update": "CLEAR ALL"}).status_code == 405
