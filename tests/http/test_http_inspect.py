"""The query core without a server: token-level inspection, USING rewriting, negotiation."""

from __future__ import annotations

import pytest

from ciskg.errors import QueryError, QueryRefused
from ciskg.sparql import formats
from ciskg.sparql.inspect import Form, add_using_clauses, inspect_text


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "select * { service silent ?x { ?s ?p ?o } }",
        "SELECT * { #SERVICE\nSERVICE <x:> {} }",
        "SELECT * { ?s ?p '''it's''' . SERVICE <x:> {} }",
        'SELECT * { ?s ?p "a\\"b" SERVICE <x:> {} }',
        "SELECT * { \\u0053ERVICE <x:> {} }",  # refused even though pyoxigraph would not decode it
        "LOAD <http://127.0.0.1:9/data.ttl>",
    ],
)
def test_outbound_keywords_are_refused(query: str) -> None:
    with pytest.raises(QueryRefused):
        inspect_text(query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * { ?s ?p "SERVICE <x:> {}" }',
        "SELECT * { ?s ?p ?o } # SERVICE <x:> {}",
        "PREFIX ex: <http://e/> SELECT ?service { ?s ex:SERVICE ?service }",
        "SELECT * { <http://e/SERVICE> ?p ?o . FILTER(?o < 3 && ?o > 1) }",
        "SELECT * { ?s ?p '''SERVICE\n<x:>''' }",
    ],
)
def test_service_as_data_is_not_a_keyword(query: str) -> None:
    assert inspect_text(query).form is Form.SELECT


@pytest.mark.parametrize(
    ("text", "form", "dataset"),
    [
        ("PREFIX : <http://e/> BASE <http://b/> ASK { :a ?p ?o }", Form.ASK, False),
        ("CONSTRUCT WHERE { ?s ?p ?o }", Form.CONSTRUCT, False),
        ("describe <http://e/>", Form.DESCRIBE, False),
        ("SELECT * FROM <http://g/> { ?s ?p ?o }", Form.SELECT, True),
        ("WITH <http://g/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", Form.UPDATE, True),
        ("CLEAR ALL", Form.UPDATE, False),
    ],
)
def test_form_and_dataset_clause(text: str, form: Form, dataset: bool) -> None:
    inspection = inspect_text(text)
    assert (inspection.form, inspection.has_dataset_clause) == (form, dataset)


def test_using_clauses_go_before_each_modify_where() -> None:
    update = (
        "INSERT { GRAPH <urn:t> { ?s a ?t } } "
        "WHERE { ?s a ?t { SELECT * WHERE { ?a ?b ?c } } }; DELETE WHERE { ?s ?p ?o }"
    )
    out = add_using_clauses(update, ["http://g/1"], ["http://g/2"])
    assert out.count("USING <http://g/1> USING NAMED <http://g/2> WHERE") == 1
    assert "DELETE WHERE" in out


def test_using_conflicts_and_bad_iris_are_refused() -> None:
    with pytest.raises(QueryError):
        add_using_clauses("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["urn:x"], [])
    with pytest.raises(QueryError):
        add_using_clauses("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["urn:x> } ; DROP ALL #"], [])


@pytest.mark.parametrize(
    ("accept", "key"),
    [
        (None, "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv;q=0.1, application/sparql-results+json;q=0.2", "json"),
        ("text/*;q=0.9, text/tab-separated-values", "tsv"),
        ("application/json", "json"),
        ("*/*;q=0, text/csv", "csv"),
        ("image/png", None),
        ("text/csv;q=0", None),
    ],
)
def test_negotiation(accept: str | None, key: str | None) -> None:
    chosen = formats.negotiate(accept, formats.SOLUTION_FORMATS)
    assert (chosen.key if chosen else None) == key
