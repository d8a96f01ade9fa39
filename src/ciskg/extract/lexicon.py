"""What the extractors know before reading: the gazetteer, what kind of thing each
reference IRI is, and the words of the action and theme schemes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ciskg.extract.countries import Country, other_countries
from ciskg.gazetteer import Gazetteer
from ciskg.namespaces import CIS

ACTOR_CLASSES = (
    CIS.State,
    CIS.Organization,
    CIS.IntergovernmentalOrganization,
    CIS.GovernmentAgency,
    CIS.NonGovernmentalOrganization,
)
INSTRUMENT_CLASSES = (CIS.Instrument, CIS.Convention, CIS.Protocol, CIS.SoftLawInstrument)


@dataclass(frozen=True)
class Lexicon:
    gazetteer: Gazetteer
    kinds: dict[URIRef, URIRef]
    labels: dict[URIRef, str]  # English preferred label of each reference thing
    actions: list[tuple[re.Pattern[str], URIRef]]  # longest phrase first
    themes: list[tuple[re.Pattern[str], URIRef]]
    members: dict[URIRef, frozenset[URIRef]]  # organisation → member states
    action_verbs: dict[str, URIRef]  # first word of an action's name → the action
    # states the reference layer does not list, known from ISO 3166 (pycountry): IRI → codes
    uncurated: dict[URIRef, Country]

    @classmethod
    def from_graphs(cls, reference: Graph, ontology: Graph) -> Lexicon:
        countries = other_countries(set(reference.subjects(RDF.type, CIS.State)))
        gazetteer = Gazetteer.from_graph(
            reference, [(name, c.iri, CIS.State) for c in countries.values() for name in c.names]
        )
        labels = {thing: _english_label(reference, thing) for thing in gazetteer.kinds}
        members: dict[URIRef, set[URIRef]] = {}
        for state, org in reference.subject_objects(CIS.memberOf):
            members.setdefault(org, set()).add(state)  # type: ignore[arg-type]
        return cls(
            gazetteer,
            gazetteer.kinds,
            labels,
            _phrases(ontology, CIS.ActionScheme),
            _phrases(ontology, CIS.ThemeScheme),
            {k: frozenset(v) for k, v in members.items()},
            _verbs(ontology, CIS.ActionScheme),
            countries,
        )

    def is_actor(self, iri: URIRef) -> bool:
        return self.kinds.get(iri) in ACTOR_CLASSES

    def is_state(self, iri: URIRef) -> bool:
        return self.kinds.get(iri) == CIS.State

    def is_instrument(self, iri: URIRef) -> bool:
        return self.kinds.get(iri) in INSTRUMENT_CLASSES

    def is_process(self, iri: URIRef) -> bool:
        return self.kinds.get(iri) == CIS.Process

    def is_place(self, iri: URIRef) -> bool:
        return self.kinds.get(iri) == CIS.Place

    def action_in(self, text: str) -> URIRef | None:
        """The action whose words come first in `text` (the longest phrase at a place);
        failing any, the action whose name starts with the text's first verb ('share
        with them their experience' → share experience)."""
        best: tuple[int, int, URIRef] | None = None
        for pattern, concept in self.actions:
            m = pattern.search(text)
            if m and (best is None or (m.start(), -len(m.group(0))) < (best[0], best[1])):
                best = (m.start(), -len(m.group(0)), concept)
        if best is not None:
            return best[2]
        first = re.match(r"\s*(?:to |continue to |continue )?([a-z]+)", text)
        if first:
            return self.action_verbs.get(first.group(1))
        return None

    def themes_in(self, text: str) -> list[URIRef]:
        found = {concept for pattern, concept in self.themes if pattern.search(text)}
        return sorted(found)


def _english_label(graph: Graph, thing: URIRef) -> str:
    for prop in (SKOS.prefLabel, RDFS.label):
        for label in sorted(graph.objects(thing, prop)):
            if getattr(label, "language", None) in ("en", None):
                return str(label)
    return str(thing)


def _verbs(ontology: Graph, scheme: URIRef) -> dict[str, URIRef]:
    verbs: dict[str, URIRef] = {}
    for concept in sorted(ontology.subjects(SKOS.inScheme, scheme)):
        label = ontology.value(concept, SKOS.prefLabel)
        if label is not None:
            verbs.setdefault(str(label).split()[0], concept)  # type: ignore[arg-type]
    return verbs


def _phrases(ontology: Graph, scheme: URIRef) -> list[tuple[re.Pattern[str], URIRef]]:
    out = []
    for concept in ontology.subjects(SKOS.inScheme, scheme):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in ontology.objects(concept, prop):
                words = str(label).strip()
                if words:
                    flags = 0 if words.isupper() else re.IGNORECASE
                    body = r"\s+".join(re.escape(w) for w in words.split())
                    out.append((re.compile(rf"(?<![\w-]){body}(?![\w-])", flags), concept))
    out.sort(key=lambda item: (-len(item[0].pattern), str(item[1])))
    return out  # type: ignore[return-value]
