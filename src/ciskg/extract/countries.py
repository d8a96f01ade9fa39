"""States the reference layer does not list yet, known from ISO 3166 (pycountry).

A later report will name countries this one does not ("Afghanistan"); such a state is
linked under the same IRI scheme as the curated ones (its ISO alpha-3 code) and minted
in the report's graph as not yet curated, with its codes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pycountry
from rdflib import URIRef

from ciskg import iris


@dataclass(frozen=True)
class Country:
    iri: URIRef
    name: str
    names: tuple[str, ...]
    alpha2: str
    alpha3: str
    numeric: str


def other_countries(known: set) -> dict[URIRef, Country]:
    """Every ISO 3166-1 country that is not among the `known` state IRIs."""
    out: dict[URIRef, Country] = {}
    for c in pycountry.countries:
        iri = iris.thing("state", c.alpha_3.lower())
        if iri in known:
            continue
        names = {c.name, getattr(c, "official_name", c.name), getattr(c, "common_name", c.name)}
        name = getattr(c, "official_name", c.name) if "," in c.name else c.name
        out[iri] = Country(iri, name, tuple(sorted(names)), c.alpha_2, c.alpha_3, c.numeric)
    return out
