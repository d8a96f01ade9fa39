"""What the extractors find: plain records, each with the paragraph and the verbatim
words it came from. `rdfize_extract` turns them into triples."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef


@dataclass(frozen=True, order=True)
class Evidence:
    """Words of a paragraph: `para_text[start:start + len(text)] == text`."""

    para: str  # paragraph key: "12" or "summary"
    start: int
    text: str


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the text gives: xsd:date, xsd:gYearMonth or xsd:gYear."""

    lexical: str  # "2004-05-26", "2003-10", "2003"
    datatype: URIRef

    def literal(self) -> Literal:
        return Literal(self.lexical, datatype=self.datatype)

    @property
    def first_day(self) -> str:
        """The earliest ISO day it can mean, for ordering."""
        return {4: f"{self.lexical}-01-01", 7: f"{self.lexical}-01"}.get(
            len(self.lexical), self.lexical
        )


@dataclass(frozen=True)
class Entity:
    """A thing the reference layer does not know, met in the text (not yet curated)."""

    iri: URIRef
    kind: URIRef  # a cis: class
    label: str
    evidence: Evidence


@dataclass(frozen=True)
class Group:
    """A group of actors the text describes rather than lists."""

    iri: URIRef
    kind: URIRef  # cis:StateGroup or cis:ActorGroup
    label: str
    evidence: Evidence
    # the population whose every condition members meet: an organisation's members,
    # an event's participants
    drawn_from: tuple[URIRef, ...] = ()
    excludes: tuple[URIRef, ...] = ()
    criterion: URIRef | None = None  # e.g. not yet party to the statement's instruments


@dataclass(frozen=True)
class Event:
    iri: URIRef
    kind: URIRef
    label: str
    evidence: Evidence
    start: DateValue | None = None
    end: DateValue | None = None
    date_text: str | None = None  # the date as written
    place: URIRef | None = None
    country: URIRef | None = None  # where the text gives a country and no city
    part_of: URIRef | None = None


@dataclass(frozen=True)
class Statement:
    """Something the text says an actor did or said: invitation, commitment, …"""

    iri: URIRef
    kind: URIRef
    evidence: Evidence
    agents: tuple[URIRef, ...] = ()
    addressees: tuple[URIRef, ...] = ()
    action: URIRef | None = None
    instruments: tuple[URIRef, ...] = ()
    made_at: URIRef | None = None
    themes: tuple[URIRef, ...] = ()


@dataclass(frozen=True)
class Fact:
    """One triple the text states about things (a role, a relation, a date), with its
    evidence; rdfize adds the triple and a reified record of where it was read."""

    subject: URIRef
    predicate: URIRef
    object: URIRef | Literal
    evidence: Evidence


@dataclass
class Extraction:
    """Everything extracted from one report."""

    entities: list[Entity]
    groups: list[Group]
    events: list[Event]
    statements: list[Statement]
    facts: list[Fact]

    @classmethod
    def empty(cls) -> Extraction:
        return cls([], [], [], [], [])

    def extend(self, other: Extraction) -> None:
        self.entities += other.entities
        self.groups += other.groups
        self.events += other.events
        self.statements += other.statements
        self.facts += other.facts
