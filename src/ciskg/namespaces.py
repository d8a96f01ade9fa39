"""The namespaces and fixed IRIs of the project: vocabulary, things, named graphs."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/ciskg/"
CIS = Namespace(BASE + "def#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")

GRAPH_ONTOLOGY = GRAPH["ontology"]
GRAPH_REFERENCE = GRAPH["reference"]
GRAPH_INFERRED = GRAPH["inferred"]


def report_graph(doc_slug: str) -> URIRef:
    """The IRI of the named graph that holds what one report says."""
    return GRAPH[f"report/{doc_slug}"]


PREFIXES: dict[str, Namespace] = {
    "cis": CIS,
    "id": ID,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "org": ORG,
    "schema": SCHEMA,
    "wd": WD,
}


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, for queries written in code."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
