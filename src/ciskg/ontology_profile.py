"""A small OWL 2 DL sanity check of an RDF graph: the punning and declaration problems that
make owlready2 or HermiT misread an ontology (or ontology plus data).

It is not a full OWL 2 DL profile checker; it finds the mistakes this project can make:
a property used or declared both as an object and as a datatype property (or as an
annotation property too), a `cis:` term used without a declaration, and a class used as
an individual.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ciskg.namespaces import CIS

_BUILTIN = (str(RDF), str(RDFS), str(OWL), str(XSD))
_PROPERTY_KINDS = {
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
}
# Predicates whose objects are classes (or class expressions), not individuals.
_CLASS_POSITION = {
    RDF.type,
    RDFS.subClassOf,
    RDFS.domain,
    RDFS.range,
    OWL.equivalentClass,
    OWL.disjointWith,
    OWL.complementOf,
    OWL.someValuesFrom,
    OWL.allValuesFrom,
    OWL.onClass,
}
# Predicates that relate a term to another term of the same kind, or annotate it.
_STRUCTURAL = _CLASS_POSITION | {
    RDFS.subPropertyOf,
    OWL.inverseOf,
    OWL.equivalentProperty,
    OWL.onProperty,
    RDFS.isDefinedBy,
    RDF.first,
    RDF.rest,
}


def _builtin(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(_BUILTIN)


def _kinds(graph: Graph, term: URIRef) -> set[URIRef]:
    return {k for k in graph.objects(term, RDF.type) if k in _PROPERTY_KINDS}


def check_dl_profile(graph: Graph) -> list[str]:
    """Readable problems that would take the graph out of OWL 2 DL; empty when none is found.

    Pass the ontology together with any data to check, since declarations live in the ontology.
    """
    problems: list[str] = []

    for p in sorted(set(graph.predicates())):
        if _builtin(p):
            continue
        kinds = _kinds(graph, p)
        if len(kinds) > 1:
            names = " and ".join(sorted(_PROPERTY_KINDS[k] for k in kinds))
            problems.append(f"{p.n3()} is declared both {names}")
        objects = list(graph.objects(None, p))
        literal = any(isinstance(o, Literal) for o in objects)
        resource = any(isinstance(o, URIRef | BNode) for o in objects)
        if OWL.AnnotationProperty in kinds:
            continue
        if literal and resource:
            problems.append(f"{p.n3()} has both literal and IRI values")
        elif OWL.ObjectProperty in kinds and literal:
            problems.append(f"object property {p.n3()} has literal values")
        elif OWL.DatatypeProperty in kinds and resource:
            problems.append(f"datatype property {p.n3()} has IRI values")
        if str(p).startswith(str(CIS)) and not kinds:
            problems.append(f"{p.n3()} is used as a property but not declared")

    classes = {c for k in (OWL.Class, RDFS.Class) for c in graph.subjects(RDF.type, k)}
    annotations = set(graph.subjects(RDF.type, OWL.AnnotationProperty))
    for s, p, o in graph:
        if p in _CLASS_POSITION and str(o).startswith(str(CIS)) and o not in classes:
            problems.append(f"{o.n3()} is used as a class but not declared owl:Class")
        if p in _STRUCTURAL or p in annotations or _builtin(p):
            continue
        for term in (s, o):
            if term in classes and not _builtin(term):
                problems.append(f"class {term.n3()} is used as an individual with {p.n3()}")

    for term in sorted(set(graph.subjects(RDF.type, OWL.Class))):
        others = {
            k
            for k in graph.objects(term, RDF.type)
            if k not in (OWL.Class, RDFS.Class) and not _builtin(k)
        }
        if others:
            names = ", ".join(sorted(k.n3() for k in others))
            problems.append(f"class {term.n3()} is also typed as an individual of {names}")
        if _kinds(graph, term):
            problems.append(f"{term.n3()} is declared both a class and a property")

    for term in sorted({t for t in graph.all_nodes() if isinstance(t, URIRef)}):
        if str(term).startswith(str(CIS)) and not list(graph.objects(term, RDF.type)):
            problems.append(f"{term.n3()} is used but not declared")

    return list(dict.fromkeys(problems))
