"""The remote backend's parts without a server: store URLs, error mapping, VALUES binding."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ciskg.errors import QueryError, QueryTimeout, StoreError
from ciskg.remote import RemoteStore, base_url, is_remote, refused
from ciskg.settings import Settings
from ciskg.sparql.prebind import bind_values, group_start


@pytest.mark.parametrize(
    ("store", "remote"),
    [
        ("sparql+http://127.0.0.1:7878", True),
        ("sparql+https://db.example/ds/", True),
        ("var/store", False),
        ("/abs/store", False),
        ("http://127.0.0.1:7878", False),  # a plain URL is not a store setting
    ],
)
def test_is_remote(store: str, remote: bool) -> None:
    assert is_remote(store) is remote


def test_default_urls_are_oxigraph_serves_and_settings_override_them() -> None:
    store = RemoteStore.from_settings(Settings(store="sparql+http://127.0.0.1:7878/"))
    assert (store.query_url, store.update_url, store.gsp_url) == (
        "http://127.0.0.1:7878/query",
        "http://127.0.0.1:7878/update",
        "http://127.0.0.1:7878/store",
    )
    fuseki = RemoteStore.from_settings(
        Settings(
            store="sparql+https://h:3030/ds",
            store_gsp_url="https://h:3030/ds/data",
            store_union="server",
            store_load="direct",
        )
    )
    assert fuseki.query_url == "https://h:3030/ds/query"
    assert (fuseki.gsp_url, fuseki.union, fuseki.load) == (
        "https://h:3030/ds/data",
        "server",
        "direct",
    )


@pytest.mark.parametrize(
    "store", ["sparql+ftp://h/", "sparql+http://", "sparql+http://h/?x=1", "var/store"]
)
def test_bad_store_urls_fail_loudly(store: str) -> None:
    with pytest.raises(StoreError):
        base_url(store)


def test_store_errors_map_to_what_they_mean_for_the_client() -> None:
    bad = refused("http://s/query", 400, b"error at 4:17: expected a variable", line_offset=1)
    assert isinstance(bad, QueryError) and (bad.line, bad.column) == (3, 17)
    assert str(bad) == "error at 3:17: expected a variable"
    assert isinstance(refused("http://s/query", 504, b""), QueryTimeout)
    for status in (401, 404, 500, 503):
        error = refused("http://s/query", status, b"boom")
        assert isinstance(error, StoreError) and str(status) in str(error)


@pytest.mark.parametrize(
    ("query", "before"),
    [
        ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE {"),
        ("SELECT * { ?x ?p ?o }", "SELECT * {"),
        ("SELECT (EXISTS { ?a ?b ?c } AS ?e) ?x { ?x ?p ?o }", "AS ?e) ?x {"),
        ("PREFIX a: <http://a/> ASK { ?x a:p ?o }", "ASK {"),
        ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", "} WHERE {"),
        ("SELECT ?x FROM <http://g/> WHERE { ?x ?p ?o }", "<http://g/> WHERE {"),
        ("# SELECT { }\nSELECT ?x WHERE { ?x ?p '{' }", "SELECT ?x WHERE {"),
    ],
)
def test_values_go_at_the_start_of_the_where_group(query: str, before: str) -> None:
    offset = group_start(query)
    assert offset is not None and query[:offset].endswith(before)


@pytest.mark.parametrize(
    "query", ["DESCRIBE <http://x/>", "CONSTRUCT WHERE { ?s ?p ?o }", "nonsense"]
)
def test_no_where_group_no_binding(query: str) -> None:
    with pytest.raises(QueryError):
        bind_values(query, {"x": ox.NamedNode("http://x/")})


def test_bound_values_behave_as_substitutions() -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a/"), ox.NamedNode("http://p/"), ox.Literal("A")))
    store.add(ox.Quad(ox.NamedNode("http://b/"), ox.NamedNode("http://p/"), ox.Literal("B")))
    query = "SELECT ?s ?q WHERE { ?s <http://p/> ?o FILTER(?o = ?q) }"
    bound = bind_values(query, {"q": ox.Literal('B" } ; DROP ALL #')})
    assert [r["s"] for r in store.query(bound)] == []
    bound = bind_values(query, {"q": ox.Literal("B")})
    direct = store.query(query, substitutions={ox.Variable("q"): ox.Literal("B")})
    assert (
        [r["s"] for r in store.query(bound)]
        == [r["s"] for r in direct]
        == [ox.NamedNode("http://b/")]
    )


def test_variable_names_are_checked() -> None:
    with pytest.raises(QueryError):
        bind_values("SELECT * { ?s ?p ?o }", {"s) } DROP ALL {(": ox.Literal("x")})


def test_a_bind_of_a_bound_parameter_becomes_a_check() -> None:
    """cq08's pattern: a default through COALESCE, then `BIND(?who AS ?actor)` to project it
    (a syntax error once ?actor is in scope from VALUES)."""
    store = ox.Store()
    for who in ("http://a/", "http://b/"):
        store.add(ox.Quad(ox.NamedNode(who), ox.NamedNode("http://p/"), ox.Literal(who)))
    query = (
        "SELECT ?actor ?o WHERE { BIND(COALESCE(?actor, <http://a/>) AS ?who) "
        "?who <http://p/> ?o . BIND(?who AS ?actor) }"
    )
    bound = bind_values(query, {"actor": ox.NamedNode("http://b/")})
    assert "FILTER(sameTerm((" in bound and "AS ?actor" not in bound
    assert [r["o"].value for r in store.query(bound)] == ["http://b/"]
    assert [r["o"].value for r in store.query(query)] == ["http://a/"]  # the default
