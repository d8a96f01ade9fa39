"""A small deterministic Turtle writer for the generated reference files.

rdflib's serializers drop unused prefixes and cannot abbreviate IRIs such as
`…/id/state/uzb`; this writer always emits the same prefix block, one
abbreviation per IRI where a declared namespace allows it, and sorts subjects,
predicates and objects, so the same graph always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ciskg.namespaces import BASE, CIS, ID, WD

#: Prefixes every reference file declares (the kinds of things get one each).
PREFIXES: dict[str, str] = {
    "cis": str(CIS),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "wd": str(WD),
    "id": str(ID),
    "state": f"{BASE}id/state/",
    "organization": f"{BASE}id/org/",  # not "org:", which means W3C ORG in this project
    "instrument": f"{BASE}id/instrument/",
    "process": f"{BASE}id/process/",
    "place": f"{BASE}id/place/",
    "doc": f"{BASE}id/doc/",
    "participation": f"{BASE}id/participation/",
}

_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _iri(term: URIRef, prefixes: Mapping[str, str]) -> str:
    text = str(term)
    if term == RDF.type:
        return "a"
    best = None
    for prefix, ns in prefixes.items():
        fits = text.startswith(ns) and _LOCAL.fullmatch(text[len(ns) :])
        if fits and (best is None or len(ns) > len(prefixes[best])):
            best = prefix
    if best is not None:
        return f"{best}:{text[len(prefixes[best]) :]}"
    return f"<{text}>"


def _literal(term: Literal, prefixes: Mapping[str, str]) -> str:
    body = '"' + "".join(_ESCAPES.get(ch, ch) for ch in str(term)) + '"'
    if term.language:
        return f"{body}@{term.language}"
    if term.datatype and term.datatype != XSD.string:
        return f"{body}^^{_iri(term.datatype, prefixes)}"
    return body


def _term(term: object, prefixes: Mapping[str, str]) -> str:
    if isinstance(term, URIRef):
        return _iri(term, prefixes)
    if isinstance(term, Literal):
        return _literal(term, prefixes)
    if isinstance(term, BNode):
        raise ValueError("reference files use no blank nodes")
    raise TypeError(f"unexpected term {term!r}")


def _sort_key(term: object) -> tuple[int, str, str, str]:
    if isinstance(term, URIRef):
        return (0, str(term), "", "")
    if isinstance(term, Literal):
        return (1, str(term), term.language or "", str(term.datatype or ""))
    return (2, str(term), "", "")


def to_turtle(
    graph: Graph, header: Iterable[str] = (), prefixes: Mapping[str, str] = PREFIXES
) -> str:
    """Serialise `graph` as sorted Turtle, with `header` lines as leading comments."""
    lines = [f"# {line}".rstrip() for line in header]
    if lines:
        lines.append("")
    lines += [f"@prefix {p}: <{ns}> ." for p, ns in prefixes.items()]
    for subject in sorted(set(graph.subjects()), key=_sort_key):
        lines.append("")
        preds = sorted(set(graph.predicates(subject)), key=lambda p: (p != RDF.type, str(p)))
        parts = []
        for pred in preds:
            objs = sorted(graph.objects(subject, pred), key=_sort_key)
            rendered = ", ".join(_term(o, prefixes) for o in objs)
            parts.append(f"    {_term(pred, prefixes)} {rendered}")
        lines.append(_term(subject, prefixes))
        lines.append(" ;\n".join(parts) + " .")
    return "\n".join(lines) + "\n"


def write_turtle(graph: Graph, path: Path, header: Iterable[str] = ()) -> None:
    """Write `graph` to `path` (UTF-8, LF line ends) and check that it parses back."""
    text = to_turtle(graph, header)
    check = Graph()
    check.parse(data=text, format="turtle")
    if len(check) != len(graph):
        raise AssertionError(f"{path}: wrote {len(check)} triples, expected {len(graph)}")
    path.write_text(text, encoding="utf-8", newline="\n")
