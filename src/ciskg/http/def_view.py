"""The ontology's documentation page (`/def`): every class, property and concept scheme.

Why our own and not pyLODE: pyLODE 3.4.1 as published on PyPI fails on import (it reads
its own pyproject.toml, which the wheel does not ship). This page is read from the
`ontology` graph of the store, so it documents exactly the vocabulary the data uses; each
term has an anchor (`/def#State`), so `https://w3id.org/ciskg/def#State` dereferences to
its entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ciskg.http.templating import Page
from ciskg.http.values import Value, value
from ciskg.labels import Labels
from ciskg.namespaces import CIS, DCTERMS, OWL, RDF, RDFS, SKOS

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
SECTIONS = [  # (section key, heading, rdf:type)
    ("classes", "Classes", str(OWL.Class)),
    ("objectproperties", "Object properties", str(OWL.ObjectProperty)),
    ("datatypeproperties", "Datatype properties", str(OWL.DatatypeProperty)),
    ("annotationproperties", "Annotation properties", str(OWL.AnnotationProperty)),
    ("schemes", "Concept schemes", str(SKOS.ConceptScheme)),
    ("concepts", "Concepts", str(SKOS.Concept)),
]
RELATIONS = [  # (heading, property, inverse?) shown for a term, in this order
    ("Subclass of", str(RDFS.subClassOf), False),
    ("Superclass of", str(RDFS.subClassOf), True),
    ("Equivalent to", str(OWL.equivalentClass), False),
    ("Subproperty of", str(RDFS.subPropertyOf), False),
    ("Inverse of", str(OWL.inverseOf), False),
    ("Domain", str(RDFS.domain), False),
    ("Range", str(RDFS.range), False),
    ("In scheme", str(SKOS.inScheme), False),
    ("Broader", str(SKOS.broader), False),
    ("Close match", str(SKOS.closeMatch), False),
    ("Exact match", str(SKOS.exactMatch), False),
]
CHARACTERISTICS = {
    str(OWL.TransitiveProperty): "transitive",
    str(OWL.SymmetricProperty): "symmetric",
    str(OWL.FunctionalProperty): "functional",
}


@dataclass(slots=True)
class TermDoc:
    anchor: str
    iri: str
    label: str
    comment: str
    alt_labels: list[str] = field(default_factory=list)
    characteristics: list[str] = field(default_factory=list)
    relations: list[tuple[str, list[list[Value]]]] = field(default_factory=list)


@dataclass(slots=True)
class OntologyDoc:
    iri: str
    title: str
    description: str
    metadata: list[tuple[str, Value]]
    sections: list[tuple[str, str, list[TermDoc]]]


class _Index:
    def __init__(self, triples: list[ox.Triple]) -> None:
        self.out: dict[Term, dict[str, list[Term]]] = {}
        self.into: dict[Term, dict[str, list[Term]]] = {}
        for t in triples:
            self.out.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)
            self.into.setdefault(t.object, {}).setdefault(t.predicate.value, []).append(t.subject)

    def objects(self, s: Term, p: str) -> list[Term]:
        return self.out.get(s, {}).get(p, [])

    def subjects(self, o: Term, p: str) -> list[Term]:
        return self.into.get(o, {}).get(p, [])

    def literal(self, s: Term, p: str, page: Page) -> str:
        found = [o for o in self.objects(s, p) if isinstance(o, ox.Literal)]
        for language in (*page.labels.languages, ""):
            for o in found:
                if (o.language or "") == language:
                    return o.value
        return found[0].value if found else ""

    def members(self, node: Term) -> list[Term]:
        """The items of an RDF list, or of an owl:unionOf / owl:members class expression."""
        for p in (str(OWL.unionOf), str(OWL.members)):
            for head in self.objects(node, p):
                return self._list(head)
        return [node]

    def _list(self, head: Term) -> list[Term]:
        items: list[Term] = []
        while isinstance(head, ox.BlankNode) and len(items) < 1000:
            items.extend(self.objects(head, str(RDF.first)))
            rest = self.objects(head, str(RDF.rest))
            head = rest[0] if rest else ox.NamedNode(str(RDF.nil))
        return items


def build(triples: list[ox.Triple], ontology_iri: str, page: Page) -> OntologyDoc:
    index = _Index(triples)
    labels = Labels(page.languages)
    for t in triples:
        if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.Literal):
            labels.add(t.subject.value, t.predicate.value, t.object.value, t.object.language or "")
    page.labels = labels
    onto = ox.NamedNode(ontology_iri)
    metadata = [
        (label, value(o, page))
        for label, p in (
            ("Version", str(OWL.versionInfo)),
            ("Licence", str(DCTERMS.license)),
            ("Created", str(DCTERMS.created)),
        )
        for o in index.objects(onto, p)
    ]
    sections = []
    for key, heading, rdf_type in SECTIONS:
        terms = [
            s
            for s in index.subjects(ox.NamedNode(rdf_type), str(RDF.type))
            if isinstance(s, ox.NamedNode) and _documented(s.value)
        ]
        docs = sorted((_term(index, t, page) for t in terms), key=lambda d: d.label.casefold())
        if docs:
            sections.append((key, heading, docs))
    return OntologyDoc(
        iri=ontology_iri,
        title=index.literal(onto, str(DCTERMS.title), page) or labels.of(ontology_iri),
        description=index.literal(onto, str(DCTERMS.description), page),
        metadata=metadata,
        sections=sections,
    )


def _documented(iri: str) -> bool:
    """The project's own terms: the vocabulary, and the concepts under its id/ space."""
    return iri.startswith(str(CIS)) or "/ciskg/id/" in iri


def _term(index: _Index, term: ox.NamedNode, page: Page) -> TermDoc:
    iri = term.value
    doc = TermDoc(
        anchor=iri.rsplit("#", 1)[1]
        if "#" in iri
        else iri.rsplit("/", 2)[-2] + "-" + iri.rsplit("/", 1)[1],
        iri=iri,
        label=page.labels.of(iri),
        comment=index.literal(term, str(RDFS.comment), page)
        or index.literal(term, str(SKOS.definition), page),
        alt_labels=sorted(
            {o.value for o in index.objects(term, str(SKOS.altLabel)) if isinstance(o, ox.Literal)}
        ),
        characteristics=[
            CHARACTERISTICS[t.value]
            for t in index.objects(term, str(RDF.type))
            if isinstance(t, ox.NamedNode) and t.value in CHARACTERISTICS
        ],
    )
    for heading, prop, inverse in RELATIONS:
        targets = index.subjects(term, prop) if inverse else index.objects(term, prop)
        alternatives = [[value(m, page) for m in index.members(t)] for t in targets]
        if alternatives:
            alternatives.sort(key=lambda vs: [v.text.casefold() for v in vs])
            doc.relations.append((heading, alternatives))
    return doc
