"""Generate data/reference/participation.ttl from sources/participation.csv.

One row is one sourced fact: a state's signature, ratification, accession,
succession, acceptance or approval of an instrument on a date (a
cis:TreatyAction), or its absence from a complete participant list known to
reflect at least a date ("not party as of <date>", a cis:NonParticipation).
Rows that state the same fact from several sources become one record with
several dcterms:source values.

    python -m ciskg.refdata.participation
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from ciskg.iris import thing
from ciskg.namespaces import CIS
from ciskg.refdata._ttl import write_turtle
from ciskg.refdata.states import REFERENCE_DIR, iso3

SOURCE_CSV = REFERENCE_DIR / "sources" / "participation.csv"
OUTPUT_TTL = REFERENCE_DIR / "participation.ttl"

COLUMNS = ("state", "instrument", "action", "date", "source_url", "verified", "origin", "note")

#: Instrument names as the source tables write them -> instrument IRI slugs.
INSTRUMENTS: dict[str, str] = {
    "1951 Convention relating to the Status of Refugees": "refugee-convention-1951",
    "1967 Protocol relating to the Status of Refugees": "refugee-protocol-1967",
    "1954 Convention relating to the Status of Stateless Persons": (
        "stateless-persons-convention-1954"
    ),
    "1961 Convention on the Reduction of Statelessness": "statelessness-convention-1961",
    "1990 International Convention on the Protection of the Rights of All Migrant Workers "
    "and Members of Their Families": "migrant-workers-convention-1990",
    "2000 United Nations Convention against Transnational Organized Crime": (
        "organized-crime-convention-2000"
    ),
    "2000 Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women "
    "and Children": "trafficking-protocol-2000",
    "2000 Protocol against the Smuggling of Migrants by Land, Sea and Air": (
        "smuggling-protocol-2000"
    ),
    "1989 Convention on the Rights of the Child": "crc-1989",
    "1997 European Convention on Nationality": "european-convention-on-nationality-1997",
    "2005 Council of Europe Convention on Action against Trafficking in Human Beings": (
        "coe-trafficking-convention-2005"
    ),
}

#: The values of cis:actionType (concepts of cis:TreatyActionTypeScheme).
ACTION_TYPES: dict[str, URIRef] = {
    "signature": CIS.signature,
    "ratification": CIS.ratification,
    "accession": CIS.accession,
    "succession": CIS.succession,
    "acceptance": CIS.acceptance,
    "approval": CIS.approval,
}
#: Action types that make a state party (they carry cis:makesParty true in the ontology).
PARTY_MAKING = frozenset({"ratification", "accession", "succession", "acceptance", "approval"})

_NOT_PARTY = re.compile(r"not party as of (\d{4}-\d{2}-\d{2})")


@dataclass
class Record:
    """One TreatyAction or NonParticipation, with every source that states it."""

    iri: URIRef
    kind: URIRef
    state: str
    instrument: str
    action: str  # an ACTION_TYPES key, or "not-party"
    date: dt.date
    sources: set[str] = field(default_factory=set)

    def label(self) -> str:
        if self.action == "not-party":
            return f"{self.state}: not party to {self.instrument} as of {self.date.isoformat()}"
        preposition = "to" if self.action in ("accession", "succession") else "of"
        when = self.date.isoformat()
        return f"{self.state}: {self.action} {preposition} {self.instrument}, {when}"


def read_rows(path: Path = SOURCE_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path}: columns must be {COLUMNS}, got {reader.fieldnames}")
        return [dict(row) for row in reader]


def _record(row: Mapping[str, str]) -> Record:
    state = row["state"].strip()
    instrument = row["instrument"].strip()
    action = row["action"].strip()
    date = dt.date.fromisoformat(row["date"].strip())
    if instrument not in INSTRUMENTS:
        raise ValueError(f"unknown instrument {instrument!r}")
    slug = f"{iso3(state)}-{INSTRUMENTS[instrument]}"
    if action in ACTION_TYPES:
        kind, suffix = CIS.TreatyAction, action
    elif match := _NOT_PARTY.fullmatch(action):
        if match.group(1) != row["date"].strip():
            raise ValueError(f"{state}/{instrument}: {action!r} disagrees with date {date}")
        kind, suffix, action = CIS.NonParticipation, "not-party", "not-party"
    else:
        raise ValueError(f"unknown action {action!r}")
    return Record(
        iri=thing("participation", f"{slug}-{suffix}"),
        kind=kind,
        state=state,
        instrument=instrument,
        action=action,
        date=date,
    )


def records(rows: Iterable[Mapping[str, str]]) -> list[Record]:
    """Merge rows into records; the same fact from several sources is one record."""
    merged: dict[URIRef, Record] = {}
    for row in rows:
        if row.get("verified", "").strip() != "yes":
            raise ValueError(f"unverified row in the source table: {dict(row)}")
        source = row["source_url"].strip()
        if not source.startswith(("http://", "https://")):
            raise ValueError(f"row without a source URL: {dict(row)}")
        record = _record(row)
        known = merged.setdefault(record.iri, record)
        if known.date != record.date:
            raise ValueError(f"{record.iri}: conflicting dates {known.date} and {record.date}")
        known.sources.add(source)
    return sorted(merged.values(), key=lambda r: str(r.iri))


def build_participation(rows: Iterable[Mapping[str, str]]) -> Graph:
    """The graph of cis:TreatyAction and cis:NonParticipation records."""
    graph = Graph()
    for rec in records(rows):
        node = rec.iri
        graph.add((node, RDF.type, rec.kind))
        graph.add((node, RDFS.label, Literal(rec.label(), lang="en")))
        graph.add((node, CIS.state, thing("state", iso3(rec.state))))
        graph.add((node, CIS.instrument, thing("instrument", INSTRUMENTS[rec.instrument])))
        date = Literal(rec.date.isoformat(), datatype=XSD.date)
        if rec.kind == CIS.TreatyAction:
            graph.add((node, CIS.actionType, ACTION_TYPES[rec.action]))
            graph.add((node, CIS.date, date))
        else:
            graph.add((node, CIS.asOf, date))
        for source in sorted(rec.sources):
            graph.add((node, DCTERMS.source, URIRef(source)))
    return graph


def header() -> list[str]:
    return [
        "GENERATED by `python -m ciskg.refdata.participation` from",
        "data/reference/sources/participation.csv; do not edit by hand.",
        "Each record cites (dcterms:source) the status table where its fact was read.",
        "cis:TreatyAction dates are depositary dates (signature / deposit of instrument),",
        "not entry-into-force dates. cis:NonParticipation: the state is absent from a",
        "complete participant list known to reflect the status at least as of cis:asOf.",
    ]


def main() -> None:
    graph = build_participation(read_rows())
    write_turtle(graph, OUTPUT_TTL, header())
    print(f"wrote {OUTPUT_TTL} ({len(graph)} triples)")


if __name__ == "__main__":
    main()
