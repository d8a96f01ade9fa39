"""Names for things in the reader's language, and short names for IRIs that have none.

Why a module of its own: entity pages, search results, the timeline and the network
pictures all show labels, and must agree on one rule. The rule: the reader's languages in
order of preference (from `?lang=`, a cookie or `Accept-Language`), English, then any
language; within a language `skos:prefLabel` before `rdfs:label` before `skos:altLabel`
(the reference layer keeps the UN's form of a name in `skos:prefLabel`). A thing without
any label is shown by a compact form of its IRI, never by nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ciskg.namespaces import BASE, DCAT, PREFIXES, RDFS, SKOS, VOID

PREF_LABEL = str(SKOS.prefLabel)
LABEL = str(RDFS.label)
ALT_LABEL = str(SKOS.altLabel)
RANK = {PREF_LABEL: 0, LABEL: 1, ALT_LABEL: 2}  # lower is preferred within a language
FALLBACK_LANGUAGE = "en"

# Prefixes for compact IRIs: the project's, and the vocabularies the metadata uses.
COMPACT_PREFIXES: dict[str, str] = {p: str(ns) for p, ns in PREFIXES.items()} | {
    "void": str(VOID),
    "dcat": str(DCAT),
    "sd": "http://www.w3.org/ns/sparql-service-description#",
}


@dataclass(frozen=True, slots=True)
class Name:
    """One label of a thing: its text, language tag ('' if none) and the property's rank."""

    text: str
    language: str
    rank: int


class Labels:
    """Every known name per IRI; `of(iri)` picks one for the reader's languages."""

    def __init__(self, languages: list[str]) -> None:
        self.languages = [*languages, FALLBACK_LANGUAGE]
        self.names: dict[str, list[Name]] = {}

    def add(self, iri: str, prop: str, text: str, language: str) -> None:
        rank = RANK.get(prop)
        if rank is not None:
            self.names.setdefault(iri, []).append(Name(text, language.lower(), rank))

    def known(self, iri: str) -> bool:
        return iri in self.names

    def best(self, iri: str) -> Name | None:
        """The preferred name of `iri` for the reader, or None if it has no label at all."""
        names = self.names.get(iri)
        if not names:
            return None
        for language in self.languages:
            matching = [n for n in names if _matches(n.language, language)]
            if matching:
                return min(matching, key=lambda n: (n.rank, n.text))
        return min(names, key=lambda n: (n.rank, n.language, n.text))

    def of(self, iri: str) -> str:
        name = self.best(iri)
        return name.text if name is not None else compact(iri)

    def short(self, iri: str, max_chars: int) -> str:
        """`of(iri)` if it fits in `max_chars`, else the longest name in the reader's
        languages that does (an acronym, "1951 Convention"); for pictures."""
        shown = self.of(iri)
        if len(shown) <= max_chars:
            return shown
        names = self.names.get(iri, [])
        for language in self.languages:
            fits = [n for n in names if _matches(n.language, language) and len(n.text) <= max_chars]
            if fits:
                return max(fits, key=lambda n: (len(n.text), -n.rank)).text
        return shown

    def others(self, iri: str) -> list[Name]:
        """Every name of `iri` except the one `of` shows, preferred names first."""
        shown = self.best(iri)
        unique = {(n.text, n.language): n for n in sorted(self.names.get(iri, []), key=_order)}
        skip = (shown.text, shown.language) if shown is not None else None
        return [n for key, n in unique.items() if key != skip]


def _order(name: Name) -> tuple[int, str, str]:
    return (name.rank, name.language, name.text)


def _matches(tag: str, language: str) -> bool:
    """`zh-hans` matches a reader who asked for `zh` (RFC 4647 basic filtering)."""
    return tag == language or tag.startswith(language + "-")


def compact(iri: str) -> str:
    """`cis:State`, `state/uzb` (for the project's things), or the IRI itself."""
    id_space = BASE + "id/"
    if iri.startswith(id_space):
        return iri[len(id_space) :]
    found, longest = iri, 0
    for prefix, namespace in COMPACT_PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > longest:
            local = iri[len(namespace) :]
            if local and "/" not in local and "#" not in local:
                found, longest = f"{prefix}:{local}", len(namespace)
    return found


def local_name(iri: str) -> str:
    """The last segment of an IRI (after `#` or `/`): a readable stand-in for a label."""
    for separator in ("#", "/"):
        if separator in iri.rstrip(separator):
            return iri.rstrip(separator).rsplit(separator, 1)[1]
    return iri
