"""reason: what follows from the graphs, into the `inferred` named graph.

Two kinds of inference, run in turns until nothing new follows (bounded):
- the build's rules, `queries/rules/*.rq`: SPARQL CONSTRUCT queries that say what the
  analysts' questions need (the states a described group stands for, a state's part
  in a process through its meetings); each has a header saying what it concludes;
- the OWL 2 RL closure of ontology and data (inverse, symmetric and transitive
  properties, sub-properties, classes), by `reasonable`, a Rust OWL 2 RL reasoner
  (measured here: 0.3 s on the built graph where owlrl took 3.2 s).
Only conclusions about things (`…/id/…`) are kept: the closure's bookkeeping about
the vocabulary itself (`owl:Thing` types, reflexive `owl:sameAs`) is dropped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import reasonable
from rdflib import BNode, Dataset, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from ciskg.errors import InputError, QueryError
from ciskg.namespaces import ID, sparql_prologue
from ciskg.rdfio import to_rdflib_term
from ciskg.serialize import to_oxigraph_quad

log = logging.getLogger(__name__)

MAX_ROUNDS = 8  # rules and closure alternate; the rules here settle in two or three


@dataclass(frozen=True)
class Rule:
    name: str
    text: str  # a CONSTRUCT query; PREFIXes of the project are added
    # "report": its conclusions follow from one report with the reference layer, so it
    # runs with each batch; "corpus": it joins what several reports say, so it also runs
    # once over the whole corpus (header line `# scope: corpus`)
    scope: str = "report"


def read_rules(folder: Path) -> list[Rule]:
    """Every `*.rq` in the folder, in name order; a rule must be a CONSTRUCT query."""
    rules = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        try:
            ox.Store().query(sparql_prologue() + text)
        except SyntaxError as exc:
            raise InputError(f"not a valid SPARQL query: {exc}", path=str(path)) from exc
        if "CONSTRUCT" not in text.upper():
            raise InputError("a rule must be a CONSTRUCT query", path=str(path))
        scope = "corpus" if re.search(r"^# scope:\s*corpus\b", text, re.MULTILINE) else "report"
        rules.append(Rule(path.stem, text, scope))
    return rules


def reason(dataset: Dataset, rules: list[Rule]) -> Graph:
    """The inferred graph: conclusions of the rules and of the OWL RL closure that are
    not already stated."""
    stated = {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}
    store = ox.Store()
    store.extend(to_oxigraph_quad(s, p, o, None) for s, p, o in stated)
    inferred: set[tuple] = set()
    for round_number in range(1, MAX_ROUNDS + 1):
        new = _apply_rules(store, rules) | _closure([*stated, *inferred])
        new = {t for t in new if t not in stated and t not in inferred and _about_things(t)}
        if not new:
            log.info("reasoning settled after %d round(s): %d triples", round_number, len(inferred))
            break
        inferred |= new
        store.extend(to_oxigraph_quad(*t, None) for t in new)
    else:
        log.warning("reasoning stopped after %d rounds without settling", MAX_ROUNDS)
    graph = Graph()
    for triple in inferred:
        graph.add(triple)
    return graph


def apply_rules(store: ox.Store, rules: list[Rule]) -> set[tuple]:
    """What the rules conclude on a store (all its graphs) that it does not hold yet,
    run to a fixpoint; the conclusions are added to the store's default graph."""
    found: set[tuple] = set()
    for _ in range(MAX_ROUNDS):
        new = {t for t in _apply_rules(store, rules) if t not in found and not _holds(store, t)}
        if not new:
            break
        found |= new
        store.extend(to_oxigraph_quad(*t, None) for t in new)
    return found


def _holds(store: ox.Store, triple: tuple) -> bool:
    q = to_oxigraph_quad(*triple, None)
    return (
        next(iter(store.quads_for_pattern(q.subject, q.predicate, q.object, None)), None)
        is not None
    )


def _apply_rules(store: ox.Store, rules: list[Rule]) -> set[tuple]:
    out: set[tuple] = set()
    for rule in rules:
        try:
            result = store.query(sparql_prologue() + rule.text, use_default_graph_as_union=True)
        except (SyntaxError, OSError) as exc:
            raise QueryError(f"rule {rule.name}: {exc}") from exc
        for t in result:  # type: ignore[union-attr]
            out.add(
                (to_rdflib_term(t.subject), to_rdflib_term(t.predicate), to_rdflib_term(t.object))
            )
    return out


def _closure(triples: list[tuple]) -> set[tuple]:
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(triples)
    return {(s, p, _plain(o)) for s, p, o in reasoner.reason()}


def _plain(term: Node) -> Node:
    """RDF 1.1 says "x" and "x"^^xsd:string are one literal; rdflib tells them apart, so
    the reasoner's typed strings are written back the way the data writes them."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def _about_things(triple: tuple) -> bool:
    s, p, o = triple
    if isinstance(s, BNode) or isinstance(o, BNode) or not str(s).startswith(str(ID)):
        return False
    if p == OWL.sameAs and s == o:
        return False
    return not (p == RDF.type and o in (OWL.Thing, RDFS.Resource, OWL.NamedIndividual))


__all__ = ["Rule", "apply_rules", "read_rules", "reason"]
