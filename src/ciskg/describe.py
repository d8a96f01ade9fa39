"""What the server answers for one IRI: its concise bounded description, incoming links, labels.

Why here and not in the HTTP layer: the description is data (what to say about a thing),
the same for every format and for the HTML page; the routers only choose the format. It
knows no FastAPI and no store: it is given `select`, a coroutine that runs a SELECT query
(the server passes one that goes through the worker pool, under its time and row limits)
and returns rows of pyoxigraph terms.

The description of `r` (after the CBD of the W3C member submission, plus what a reader
needs to make sense of it):
- every triple `r ?p ?o`, with the named graphs that hold it;
- the blank-node closure of those triples, `CLOSURE_DEPTH` blank nodes deep — one query,
  since blank-node labels are only stable within one result;
- incoming links `?s ?p r` (at most `INCOMING_LIMIT`; `incoming_truncated` says if more);
- the reified report facts (`rdf:Statement` records) about `r`, with their evidence and
  paragraph;
- labels (`skos:prefLabel`, `rdfs:label`, in every language) and `rdf:type` of `r` and of
  every IRI linked to it, and labels of the vocabulary's terms.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ciskg.labels import ALT_LABEL, COMPACT_PREFIXES, LABEL, PREF_LABEL, Labels
from ciskg.namespaces import CIS, GRAPH_INFERRED, GRAPH_ONTOLOGY, PROV, RDF, sparql_prologue

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Node = ox.NamedNode | ox.BlankNode  # what can be a subject
Row = dict[str, Term]
Select = Callable[[str], Awaitable[list[Row]]]

OUTGOING_LIMIT = 2000  # outgoing triples with their closure; no thing here has near this many
INCOMING_LIMIT = 1000  # incoming links listed; a page says when there are more
EVIDENCE_LIMIT = 500
CLOSURE_DEPTH = 3  # blank nodes followed from the resource (OWL restrictions need 2)
LABEL_BATCH = 300  # IRIs per label query (VALUES)
RDF_TYPE = str(RDF.type)
INFERRED = str(GRAPH_INFERRED)
_LABEL_PROPS = f"<{PREF_LABEL}> <{LABEL}>"


@dataclass(frozen=True, slots=True)
class Arc:
    """One triple that touches the resource, and the named graphs that hold it."""

    subject: Node
    predicate: ox.NamedNode
    object: Term
    graphs: frozenset[str]

    @property
    def inferred_only(self) -> bool:
        """Only the `inferred` graph holds it: concluded by the rules, not read anywhere."""
        return self.graphs == {INFERRED}

    @property
    def triple(self) -> ox.Triple:
        return ox.Triple(self.subject, self.predicate, self.object)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A reified report fact (`rdf:Statement`) about the resource: the words and where."""

    record: Node
    subject: Term
    predicate: ox.NamedNode
    object: Term
    text: ox.Literal | None
    paragraph: ox.NamedNode | None


@dataclass(slots=True)
class Description:
    iri: str
    outgoing: list[Arc] = field(default_factory=list)
    closure: list[Arc] = field(default_factory=list)
    incoming: list[Arc] = field(default_factory=list)
    incoming_truncated: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    labels: dict[str, list[tuple[str, ox.Literal]]] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return bool(self.outgoing or self.incoming)

    def labeller(self, languages: list[str]) -> Labels:
        labels = Labels(languages)
        for iri, names in self.labels.items():
            for prop, literal in names:
                labels.add(iri, prop, literal.value, literal.language or "")
        return labels

    def triples(self) -> list[ox.Triple]:
        """The description as one graph: the arcs, the evidence records, the labels."""
        out: dict[ox.Triple, None] = {}
        for arc in (*self.outgoing, *self.closure, *self.incoming):
            out[arc.triple] = None
        for ev in self.evidence:
            if ev.text is not None:
                out[ox.Triple(ev.record, ox.NamedNode(CIS.evidence), ev.text)] = None
            if ev.paragraph is not None:
                out[ox.Triple(ev.record, ox.NamedNode(PROV.wasDerivedFrom), ev.paragraph)] = None
        for iri, names in self.labels.items():
            for prop, literal in names:
                out[ox.Triple(ox.NamedNode(iri), ox.NamedNode(prop), literal)] = None
        return list(out)


def serialize(triples: list[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    """Triples in `fmt`, grouped by subject in order of first appearance (so a description
    starts with its resource), with the prefixes that are used. The `id:` prefix is left
    out: `id:state\\/uzb` is valid Turtle but reads worse than the full IRI."""
    first: dict[Node | ox.Triple, int] = {}
    for t in triples:
        first.setdefault(t.subject, len(first))
    ordered = sorted(triples, key=lambda t: first[t.subject])
    text = " ".join(str(t) for t in ordered)
    used = {p: ns for p, ns in COMPACT_PREFIXES.items() if p != "id" and f"<{ns}" in text}
    return ox.serialize(ordered, format=fmt, prefixes=used or None) or b""


def _outgoing_query(iri: str) -> str:
    r = ox.NamedNode(iri)
    branches = [f"{{ GRAPH ?g {{ {r} ?p ?o }} BIND({r} AS ?s) }}"]
    chain, last = "", str(r)
    for depth in range(CLOSURE_DEPTH):
        hop = f"{last} ?_p{depth} ?s . FILTER(isBlank(?s))"
        branches.append(f"{{ {chain} {hop} GRAPH ?g {{ ?s ?p ?o }} }}")
        chain += f" {last} ?_p{depth} ?_b{depth} . FILTER(isBlank(?_b{depth}))"
        last = f"?_b{depth}"
    union = " UNION ".join(branches)
    return f"SELECT DISTINCT ?g ?s ?p ?o WHERE {{ {union} }} LIMIT {OUTGOING_LIMIT}"


def _incoming_query(iri: str) -> str:
    r = ox.NamedNode(iri)
    return f"SELECT ?g ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p {r} }} }} LIMIT {INCOMING_LIMIT + 1}"


def _evidence_query(iri: str) -> str:
    r = ox.NamedNode(iri)
    return (
        sparql_prologue()
        + f"""SELECT DISTINCT ?a ?s ?p ?o ?text ?para WHERE {{
  {{ ?a rdf:subject {r} }} UNION {{ ?a rdf:object {r} }}
  ?a a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL {{ ?a cis:evidence ?text }}
  OPTIONAL {{ ?a prov:wasDerivedFrom ?para }}
}} LIMIT {EVIDENCE_LIMIT}"""
    )


VOCABULARY_LABELS = f"""SELECT ?x ?k ?v WHERE {{
  GRAPH <{GRAPH_ONTOLOGY}> {{ VALUES ?k {{ {_LABEL_PROPS} }} ?x ?k ?v FILTER(isIRI(?x)) }}
}}"""


def labels_query(iris: Iterable[str]) -> str:
    """Names (preferred, label, alternative) and types of `iris`: rows ?x ?k ?v, ?k the
    property. Alternative names give the pictures short forms ("UNHCR")."""
    values = " ".join(str(ox.NamedNode(i)) for i in iris)
    return f"""SELECT DISTINCT ?x ?k ?v WHERE {{
  VALUES ?x {{ {values} }}
  {{ VALUES ?k {{ {_LABEL_PROPS} <{ALT_LABEL}> }} ?x ?k ?v }}
  UNION {{ ?x a ?v BIND(<{RDF_TYPE}> AS ?k) }}
}}"""


async def add_vocabulary_labels(select: Select, into: Description) -> None:
    """Labels of the ontology's terms (properties, classes) — one cached query."""
    _add_label_rows(await select(VOCABULARY_LABELS), into)


async def fetch_labels(select: Select, iris: Iterable[str], into: Description) -> None:
    """Add the labels and types of `iris` (in batches, concurrently) to `into`."""
    todo = sorted(set(iris))
    batches = [todo[i : i + LABEL_BATCH] for i in range(0, len(todo), LABEL_BATCH)]
    for rows in await asyncio.gather(*(select(labels_query(b)) for b in batches)):
        _add_label_rows(rows, into)


def _add_label_rows(rows: list[Row], into: Description) -> None:
    for row in rows:
        x, k, v = row.get("x"), row.get("k"), row.get("v")
        if not isinstance(x, ox.NamedNode) or not isinstance(k, ox.NamedNode) or v is None:
            continue
        if k.value == RDF_TYPE:
            if isinstance(v, ox.NamedNode):
                into.types.setdefault(x.value, set()).add(v.value)
        elif isinstance(v, ox.Literal):
            names = into.labels.setdefault(x.value, [])
            if (k.value, v) not in names:
                names.append((k.value, v))


async def describe(select: Select, iri: str) -> Description:
    """The description of `iri` (see the module docstring); `found` is False if unknown."""
    desc = Description(iri)
    out_rows, in_rows, ev_rows, vocab_rows = await asyncio.gather(
        select(_outgoing_query(iri)),
        select(_incoming_query(iri)),
        select(_evidence_query(iri)),
        select(VOCABULARY_LABELS),
    )
    desc.outgoing, desc.closure = _arcs_out(out_rows, iri)
    desc.incoming = _arcs_in(in_rows[:INCOMING_LIMIT], iri)
    desc.incoming_truncated = len(in_rows) > INCOMING_LIMIT
    desc.evidence = [e for row in ev_rows if (e := _evidence(row)) is not None]
    if not desc.found:
        return desc
    _add_label_rows(vocab_rows, desc)
    linked: set[str] = {iri}
    for arc in (*desc.outgoing, *desc.closure, *desc.incoming):
        for term in (arc.subject, arc.predicate, arc.object):
            if isinstance(term, ox.NamedNode):
                linked.add(term.value)
    for ev in desc.evidence:
        for part in (ev.subject, ev.object, ev.paragraph):
            if isinstance(part, ox.NamedNode):
                linked.add(part.value)
    await fetch_labels(select, linked - set(desc.labels), desc)
    return desc


def _arcs_out(rows: list[Row], iri: str) -> tuple[list[Arc], list[Arc]]:
    graphs: dict[tuple[Node, ox.NamedNode, Term], set[str]] = {}
    for row in rows:
        s, p, o, g = row.get("s"), row.get("p"), row.get("o"), row.get("g")
        if not isinstance(s, Node) or not isinstance(p, ox.NamedNode) or o is None:
            continue
        graphs.setdefault((s, p, o), set()).add(g.value if g is not None else "")
    arcs = [Arc(s, p, o, frozenset(gs)) for (s, p, o), gs in graphs.items()]
    outgoing = [a for a in arcs if isinstance(a.subject, ox.NamedNode) and a.subject.value == iri]
    closure = [a for a in arcs if isinstance(a.subject, ox.BlankNode)]
    return outgoing, closure


def _arcs_in(rows: list[Row], iri: str) -> list[Arc]:
    target = ox.NamedNode(iri)
    graphs: dict[tuple[Node, ox.NamedNode], set[str]] = {}
    for row in rows:
        s, p, g = row.get("s"), row.get("p"), row.get("g")
        if isinstance(s, Node) and isinstance(p, ox.NamedNode):
            graphs.setdefault((s, p), set()).add(g.value if g is not None else "")
    return [Arc(s, p, target, frozenset(gs)) for (s, p), gs in graphs.items()]


def _evidence(row: Row) -> Evidence | None:
    a, s, p, o = row.get("a"), row.get("s"), row.get("p"), row.get("o")
    text, para = row.get("text"), row.get("para")
    if not isinstance(a, ox.NamedNode | ox.BlankNode) or not isinstance(p, ox.NamedNode):
        return None
    if s is None or o is None:
        return None
    return Evidence(
        a,
        s,
        p,
        o,
        text if isinstance(text, ox.Literal) else None,
        para if isinstance(para, ox.NamedNode) else None,
    )
