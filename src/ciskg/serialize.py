"""Deterministic serialisation of the dataset: the same graphs give the same bytes.

Blank nodes (OWL unions and lists in the ontology) get canonical labels first, so
their names do not change from one build to the next.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from ciskg.namespaces import PREFIXES


def canonical(graph: Graph) -> Graph:
    """The graph itself, or a copy with canonical blank-node labels if it has any."""
    if not any(isinstance(t, BNode) for triple in graph for t in triple):
        return graph
    return to_canonical_graph(graph)


def _ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph_quad(s: Node, p: Node, o: Node, graph: Node | None) -> ox.Quad:
    """An Oxigraph quad from rdflib terms; `graph` None is the default graph."""
    graph = getattr(graph, "identifier", graph)  # rdflib gives a Graph or its name
    name = ox.DefaultGraph() if graph is None else _ox(graph)
    return ox.Quad(_ox(s), _ox(p), _ox(o), name)  # type: ignore[arg-type]


def nquads_to_trig(nquads: bytes) -> bytes:
    """TriG of sorted N-Quads with the project's prefixes, streamed in the same order."""
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)  # type: ignore[return-value]


def export(store: ox.Store, fmt: ox.RdfFormat) -> bytes:
    """The store's content in `fmt`; triple formats get the union of the named graphs."""
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    if fmt.supports_datasets:
        return store.dump(format=fmt, prefixes=prefixes)  # type: ignore[return-value]
    triples = sorted({q.triple for q in store}, key=str)
    return ox.serialize(triples, format=fmt, prefixes=prefixes)  # type: ignore[return-value]


__all__ = [
    "canonical",
    "export",
    "nquads_to_trig",
    "to_oxigraph_quad",
]
