"""Generate data/reference/states.ttl from sources/states.csv and pycountry.

Each row of states.csv names a state as UN documents write it, with its
Wikidata QID and the URL where that QID was verified. Codes, official names
and translated names come from pycountry (ISO 3166-1 and its gettext
catalogues); nothing about a state is typed by hand here.

    python -m ciskg.refdata.states
"""

from __future__ import annotations

import csv
import gettext
import importlib.metadata
from collections.abc import Iterable, Mapping
from pathlib import Path

import pycountry
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ciskg.iris import thing
from ciskg.namespaces import CIS, WD
from ciskg.refdata._ttl import write_turtle

ROOT = Path(__file__).resolve().parents[3]
REFERENCE_DIR = ROOT / "data" / "reference"
SOURCE_CSV = REFERENCE_DIR / "sources" / "states.csv"
OUTPUT_TTL = REFERENCE_DIR / "states.ttl"

PYCOUNTRY = URIRef("https://pypi.org/project/pycountry/")

#: Names UN documents use that pycountry does not resolve to the intended
#: country by lookup (kept explicit even where lookup happens to work).
ALIASES: dict[str, str] = {
    "Republic of Moldova": "MD",
    "Russian Federation": "RU",
}

#: The UN's other official languages, as pycountry names its gettext catalogues.
#: Chinese comes from the zh_CN (simplified) catalogue and is tagged "zh".
LANGUAGES: dict[str, str] = {"ar": "ar", "zh": "zh_CN", "es": "es", "fr": "fr", "ru": "ru"}

COLUMNS = ("name", "wikidata_qid", "qid_source_url")


def country(name: str):  # -> pycountry Country record
    """The pycountry record for a state named as UN documents name it."""
    if name in ALIASES:
        return pycountry.countries.get(alpha_2=ALIASES[name])
    return pycountry.countries.lookup(name)


def iso3(name: str) -> str:
    """The lower-case ISO 3166-1 alpha-3 code (the IRI slug) of a named state."""
    return country(name).alpha_3.lower()


def state_iri(name: str) -> URIRef:
    return thing("state", iso3(name))


def _catalogues() -> dict[str, gettext.NullTranslations]:
    return {
        tag: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
        for tag, locale in LANGUAGES.items()
    }


def _translate(catalogue: gettext.NullTranslations, msgid: str) -> str | None:
    """The catalogue's translation of `msgid`, or None where it has no entry.

    gettext() returns the msgid itself for a missing entry, which would pass an
    English name off as, say, Spanish; a translation identical to the English
    (Spanish "Armenia") is kept only when the catalogue really lists it.
    """
    entries = getattr(catalogue, "_catalog", {})
    translated = entries.get(msgid)
    return translated or None


def pycountry_version() -> str:
    return importlib.metadata.version("pycountry")


def read_rows(path: Path = SOURCE_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path}: columns must be {COLUMNS}, got {reader.fieldnames}")
        return [dict(row) for row in reader]


def build_states(rows: Iterable[Mapping[str, str]]) -> Graph:
    """The graph of cis:State nodes for the given states.csv rows."""
    graph = Graph()
    catalogues = _catalogues()
    seen: set[str] = set()
    for row in rows:
        name = row["name"].strip()
        record = country(name)
        node = thing("state", record.alpha_3.lower())
        if str(node) in seen:
            raise ValueError(f"state listed twice: {name}")
        seen.add(str(node))
        forms = [getattr(record, attr, None) for attr in ("name", "official_name", "common_name")]
        forms = [f for f in forms if f]
        if name not in forms:
            raise ValueError(f"{name!r} is none of pycountry's names for {record.alpha_3}: {forms}")

        graph.add((node, RDF.type, CIS.State))
        graph.add((node, RDFS.label, Literal(name, lang="en")))
        graph.add((node, SKOS.prefLabel, Literal(name, lang="en")))
        for form in forms:
            if form != name:
                graph.add((node, SKOS.altLabel, Literal(form, lang="en")))
        for tag, catalogue in catalogues.items():
            translated = _translate(catalogue, name)
            if translated:
                graph.add((node, SKOS.prefLabel, Literal(translated, lang=tag)))
        graph.add((node, CIS.iso3166Alpha2, Literal(record.alpha_2)))
        graph.add((node, CIS.iso3166Alpha3, Literal(record.alpha_3)))
        graph.add((node, CIS.iso3166Numeric, Literal(record.numeric)))
        graph.add((node, DCTERMS.source, PYCOUNTRY))

        qid = row.get("wikidata_qid", "").strip()
        if qid:
            source = row.get("qid_source_url", "").strip()
            if not source:
                raise ValueError(f"{name}: QID {qid} has no source URL")
            graph.add((node, SKOS.exactMatch, WD[qid]))
            graph.add((node, DCTERMS.source, URIRef(source)))
    return graph


def header() -> list[str]:
    return [
        "GENERATED by `python -m ciskg.refdata.states` from data/reference/sources/states.csv;",
        "do not edit by hand.",
        f"ISO 3166-1 codes and names (en, ar, zh, es, fr, ru) from pycountry {pycountry_version()}",
        "(https://pypi.org/project/pycountry/); Wikidata QIDs from the URL cited on each state.",
    ]


def main() -> None:
    graph = build_states(read_rows())
    write_turtle(graph, OUTPUT_TTL, header())
    print(f"wrote {OUTPUT_TTL} ({len(graph)} triples)")


if __name__ == "__main__":
    main()
