"""The gazetteer: names and aliases of reference things → their IRIs, and the
mentions of those names in a text (longest match first, with offsets).

Names come from the reference layer's `rdfs:label`, `skos:prefLabel` and
`skos:altLabel` in English. Acronyms and one-word names match case-sensitively
(so "CIS" is not "cis"); longer names ignore case ("Söderköping process").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ciskg.namespaces import CIS

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
# Things the gazetteer names; concepts (themes, actions) are matched by the extractors.
NAMED_CLASSES = (
    CIS.State,
    CIS.Organization,
    CIS.IntergovernmentalOrganization,
    CIS.GovernmentAgency,
    CIS.NonGovernmentalOrganization,
    CIS.StateGroup,
    CIS.Instrument,
    CIS.Convention,
    CIS.Protocol,
    CIS.SoftLawInstrument,
    CIS.Process,
    CIS.Project,
    CIS.Place,
    CIS.Document,
)


@dataclass(frozen=True, order=True)
class Mention:
    """A span `text[start:end]` that names the thing `iri`."""

    start: int
    end: int
    iri: URIRef
    surface: str


@dataclass(frozen=True)
class Gazetteer:
    names: dict[str, frozenset[URIRef]]  # surface form → the things it names
    kinds: dict[URIRef, URIRef]  # thing → its most specific named class
    _pattern: re.Pattern[str]

    @classmethod
    def from_names(
        cls, names: Iterable[tuple[str, URIRef]], kinds: dict[URIRef, URIRef]
    ) -> Gazetteer:
        table: dict[str, set[URIRef]] = {}
        for name, iri in names:
            name = " ".join(name.split())
            if len(name) >= 2:
                table.setdefault(_key(name), set()).add(iri)
        forms = sorted(table, key=lambda n: (-len(n), n))
        alternatives = "|".join(_regex(f) for f in forms) or r"(?!x)x"
        pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
        return cls({k: frozenset(v) for k, v in table.items()}, kinds, pattern)

    @classmethod
    def from_graph(
        cls, graph: Graph, extra: Iterable[tuple[str, URIRef, URIRef]] = ()
    ) -> Gazetteer:
        """Names of the graph's things; `extra` adds (name, thing, class) the graph lacks."""
        kinds: dict[URIRef, URIRef] = {}
        for klass in NAMED_CLASSES:
            for thing in graph.subjects(RDF.type, klass):
                if isinstance(thing, URIRef):
                    kinds.setdefault(thing, klass)
        names = [
            (str(label), thing)
            for thing in kinds
            for prop in LABEL_PROPERTIES
            for label in graph.objects(thing, prop)
            if getattr(label, "language", None) in (None, "en")
        ]
        for name, thing, klass in extra:
            if thing not in kinds:
                kinds[thing] = klass
            names.append((name, thing))
        return cls.from_names(names, kinds)

    def lookup(self, name: str) -> frozenset[URIRef]:
        """The things a name names exactly (after the same normalisation as matching)."""
        return self.names.get(_key(" ".join(name.split())), frozenset())

    def mentions(self, text: str) -> list[Mention]:
        """Every mention in `text`, leftmost-longest, non-overlapping, in text order.

        A name that names several things yields one mention per thing. Names that
        share a plural head ("the Bali and Söderköping processes") are found first.
        """
        out = self._shared_heads(text)
        taken = [(m.start, m.end) for m in out]
        for m in self._pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            for iri in sorted(self.lookup(m.group(0))):
                out.append(Mention(m.start(), m.end(), iri, m.group(0)))
        return sorted(out)

    def _shared_heads(self, text: str) -> list[Mention]:
        """'the Bali and Söderköping processes' names the Bali Process and the
        Söderköping Process: each name with the head in the singular."""
        out: list[Mention] = []
        for m in _SHARED_HEAD.finditer(text):
            head = _PLURAL_HEADS[m.group("head").lower()]
            for name in re.finditer(r"[A-Z][\w'-]*(?: [A-Z][\w'-]*)*", m.group("names")):
                for iri in sorted(self.lookup(f"{name.group(0)} {head}")):
                    start = m.start("names") + name.start()
                    out.append(Mention(start, start + len(name.group(0)), iri, name.group(0)))
        return out


_PLURAL_HEADS = {
    "processes": "Process",
    "dialogues": "Dialogue",
    "conventions": "Convention",
    "protocols": "Protocol",
    "conferences": "Conference",
}
_NAME = r"[A-Z][\w'-]*(?: [A-Z][\w'-]*)*"
_SHARED_HEAD = re.compile(
    rf"(?P<names>{_NAME}(?:, {_NAME})*,? and {_NAME}) (?P<head>(?i:{'|'.join(_PLURAL_HEADS)}))\b"
)


def _case_sensitive(name: str) -> bool:
    return " " not in name or name.isupper()


def _key(name: str) -> str:
    return name if _case_sensitive(name) else name.casefold()


def _regex(form: str) -> str:
    """A pattern for one surface form: spaces match any whitespace run."""
    parts = [re.escape(p) for p in form.split(" ")]
    body = r"\s+".join(parts)
    return body if _case_sensitive(form) else f"(?i:{body})"
