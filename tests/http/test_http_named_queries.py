"""Named queries as an API: listed, documented, parameters bound as typed terms only."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from live_server import ROOT

from ciskg import named_queries
from ciskg.errors import InputError, QueryError

EX = "http://example.org/ciskg-test/"


def test_every_query_file_is_listed(server, served_queries) -> None:
    listed = {q["name"]: q for q in httpx.get(server.base + "/queries").json()}
    assert set(listed) == {p.stem for p in served_queries.glob("*.rq")}
    assert {p.stem for p in (ROOT / "queries").glob("*.rq")} <= set(listed)
    labels = listed["labels"]
    assert labels["title"] and labels["params"] == [
        {
            "name": "thing",
            "type": "iri",
            "description": "the resource whose labels to list (all resources if absent)",
        }
    ]


def test_openapi_documents_each_query_and_its_parameters(server) -> None:
    paths = httpx.get(server.base + "/openapi.json").json()["paths"]
    operation = paths["/queries/labels"]["get"]
    assert operation["summary"] == "Labels of things (test query)"
    assert "thing" in [p["name"] for p in operation["parameters"]]


def test_parameter_is_bound(server) -> None:
    response = httpx.get(server.base + "/queries/labels", params={"thing": EX + "delta"})
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    assert sorted(r["label"]["value"] for r in rows) == ["Delta", "Дельта"]
    assert {r["thing"]["value"] for r in rows} == {EX + "delta"}


def test_csv_answer(server) -> None:
    response = httpx.get(
        server.base + "/queries/labels", params={"thing": EX + "alpha", "format": "csv"}
    )
    assert response.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(response.text))) == [
        ["thing", "label"],
        [EX + "alpha", "Alpha"],
    ]


@pytest.mark.parametrize(
    "value",
    [
        EX + "alpha> ?p ?o } ; DROP ALL #",
        "not an iri",
        '"literal"',
    ],
)
def test_injection_attempts_are_refused_not_spliced(server, value: str) -> None:
    response = httpx.get(server.base + "/queries/labels", params={"thing": value})
    assert response.status_code == 400
    assert httpx.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"]


def test_unknown_parameter_is_400(server) -> None:
    response = httpx.get(server.base + "/queries/labels", params={"nope": "1"})
    assert response.status_code == 400 and "unknown parameter" in response.text


def test_typed_binding_and_header_grammar(tmp_path) -> None:
    path = tmp_path / "by-size.rq"
    path.write_text(
        "# title: Things of a size\n# description: first line\n#   second line\n"
        "# a plain comment\n# param: n integer the size\n#   in units\n"
        "SELECT ?s ?n WHERE { ?s <http://example.org/ciskg-test/size> ?n }\n"
    )
    query = named_queries.load(path)
    assert query.description == "first line second line"
    assert query.params[0].description == "the size in units"
    assert named_queries.bind(query, {"n": "7"}) == {
        "n": {
            "type": "literal",
            "value": "7",
            "datatype": "http://www.w3.org/2001/XMLSchema#integer",
        }
    }
    with pytest.raises(QueryError):
        named_queries.bind(query, {"n": "7 } ; DROP ALL"})


def test_parameter_must_be_projected(tmp_path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text("# title: Bad\n# param: x string a value\nSELECT ?s WHERE { ?s ?p ?x }\n")
    with pytest.raises(InputError, match="listed after SELECT"):
        named_queries.load(path)
