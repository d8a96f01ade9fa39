"""Read and write RDF files with errors that name the file, line and column.

Parsing goes through Oxigraph's parsers: they report positions, never fetch
anything (no external entities in RDF/XML), and are fast; rdflib graphs are built
from the parsed quads where a stage needs rdflib.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from ciskg.errors import InputError, RDFSyntaxError
from ciskg.xml_entities import EntityError, check_entities

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
EXTENSIONS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}


def format_of(path: Path) -> ox.RdfFormat:
    try:
        return EXTENSIONS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(EXTENSIONS))
        raise InputError(f"unknown RDF file extension (known: {known})", path=str(path)) from None


def read_quads(path: Path, *, max_bytes: int | None = None) -> list[ox.Quad]:
    """All quads of an RDF file (triples land in the default graph).

    With `max_bytes`, at most that many bytes are read (a larger file, or a device or pipe
    behind the name, is refused after reading one byte more).
    """
    path = Path(path)
    fmt = format_of(path)
    try:
        with path.open("rb") as file:
            data = file.read() if max_bytes is None else file.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(exc.strerror or "cannot read", path=str(path)) from exc
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(f"file is larger than {max_bytes} bytes", path=str(path))
    return parse_quads(data, fmt, name=str(path))


def parse_quads(data: bytes, fmt: ox.RdfFormat, *, name: str = "<input>") -> list[ox.Quad]:
    """All quads of a document; RDF/XML entities are checked first (`xml_entities`)."""
    try:
        if fmt == ox.RdfFormat.RDF_XML:
            check_entities(data)
        return list(ox.parse(data, format=fmt, base_iri=None))
    except SyntaxError as exc:
        message = str(exc)
        if ": " in message and message.startswith("Parser error"):
            message = message.split(": ", 1)[1]
        raise RDFSyntaxError(message, path=name, line=exc.lineno, column=exc.offset) from exc
    except (EntityError, ValueError, UnicodeDecodeError) as exc:
        raise RDFSyntaxError(str(exc), path=name) from exc


def to_rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # RDF 1.1: "x" and "x"^^xsd:string are one
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def read_graph(path: Path, into: Graph | None = None) -> Graph:
    """An rdflib Graph of the triples of an RDF file (graph names are ignored)."""
    graph = into if into is not None else Graph()
    add_quads(graph, read_quads(path))
    return graph


def add_quads(graph: Graph, quads: Iterable[ox.Quad]) -> None:
    for q in quads:
        graph.add(
            (to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object))
        )


def read_dataset(path: Path) -> Dataset:
    """An rdflib Dataset of an RDF file, named graphs kept."""
    ds = Dataset()
    for q in read_quads(path):
        g = (
            ds
            if isinstance(q.graph_name, ox.DefaultGraph)
            else ds.graph(to_rdflib_term(q.graph_name))
        )
        g.add((to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object)))
    return ds


def read_nquads_graph(data: bytes) -> Graph:
    """The triples of an N-Quads document, graph names dropped."""
    graph = Graph()
    add_quads(graph, parse_quads(data, ox.RdfFormat.N_QUADS))
    return graph


def read_nquads_dataset(data: bytes) -> Dataset:
    """An rdflib Dataset of an N-Quads document, named graphs kept."""
    ds = Dataset()
    for q in parse_quads(data, ox.RdfFormat.N_QUADS):
        g = (
            ds
            if isinstance(q.graph_name, ox.DefaultGraph)
            else ds.graph(to_rdflib_term(q.graph_name))
        )
        g.add((to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object)))
    return ds
