"""New states: a state a report names that the reference layer does not list yet."""

from __future__ import annotations

from rdflib import Literal

from ciskg.extract.document import Doc
from ciskg.namespaces import CIS


def extract_new_states(doc: Doc) -> None:
    """Mint each state a report names that the reference layer does not list."""
    for _, sentence in doc.sentences():
        for m in sentence.mentions:
            country = doc.lexicon.uncurated.get(m.iri)
            if country is None:
                continue
            evidence = doc.evidence(sentence, m.start - sentence.start, m.end - sentence.start)
            doc.entity(CIS.State, country.name, evidence, iri=country.iri)
            for prop, code in (
                (CIS.iso3166Alpha2, country.alpha2),
                (CIS.iso3166Alpha3, country.alpha3),
                (CIS.iso3166Numeric, country.numeric),
            ):
                doc.fact(country.iri, prop, Literal(code), evidence)  # type: ignore[arg-type]
