"""`ciskg query` against the live server (SPARQLWrapper) and the embedded store; pandas helper."""

from __future__ import annotations

import csv
import io
import json

from live_server import cli

from ciskg.client import to_dataframe

EX = "http://example.org/ciskg-test/"
SIZES = f"SELECT ?s ?n WHERE {{ ?s <{EX}size> ?n }} ORDER BY ?n"


def test_query_remote_json(server) -> None:
    done = cli("query", SIZES, "--endpoint", server.sparql, "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["results"]["bindings"]
    assert [r["n"]["value"] for r in rows] == ["1", "2", "3", "7"]


def test_query_remote_csv_and_table(server) -> None:
    done = cli("query", SIZES, "--endpoint", server.sparql, "--format", "csv")
    assert [r["n"] for r in csv.DictReader(io.StringIO(done.stdout))] == ["1", "2", "3", "7"]
    table = cli("query", SIZES, "--endpoint", server.sparql)
    assert table.returncode == 0 and f"{EX}delta" in table.stdout and "4 row(s)" in table.stdout


def test_query_embedded_store_from_file(endpoint_store, tmp_path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(SIZES)
    done = cli("query", "-f", str(path), "--store", str(endpoint_store), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert [r["n"] for r in csv.DictReader(io.StringIO(done.stdout))] == ["1", "2", "3", "7"]


def test_query_errors_are_one_line_and_exit_2(server) -> None:
    done = cli("query", "SELECT * {", "--endpoint", server.sparql)
    assert done.returncode == 2 and done.stderr.startswith("error:")
    service = cli("query", "SELECT * { SERVICE <http://127.0.0.1:9/> {} }", "--store", "x")
    assert service.returncode == 2 and "SERVICE" in service.stderr


def test_dataframe_helper(server) -> None:
    frame = to_dataframe(server.sparql, SIZES)
    assert list(frame.columns) == ["s", "n"]
    assert frame["n"].tolist() == ["1", "2", "3", "7"]
