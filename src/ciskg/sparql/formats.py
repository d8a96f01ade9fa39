"""Result formats and content negotiation: the tables in one place.

Why one module: the HTTP layer, the CLI and the worker must agree on what `format=json`
or `Accept: text/turtle` means, and which pyoxigraph serialiser produces it. Negotiation
follows RFC 9110 §12.5.1: the most specific matching media range gives an offer its
quality, the highest quality wins, ties go to the server's order below, and nothing
acceptable gives `None` (the caller answers 406).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True, slots=True)
class ResultFormat:
    key: str  # the name used in `format=`, in jobs sent to workers, in the CLI
    media_type: str  # what the response says it is (charset added for text types)
    aliases: tuple[str, ...]  # other `format=` names and media types that select it

    @property
    def content_type(self) -> str:
        """The Content-Type header value: text types say their charset."""
        if self.media_type.startswith("text/"):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


# Server preference order: the first is the default when the client accepts anything.
SOLUTION_FORMATS = (
    ResultFormat("json", "application/sparql-results+json", ("application/json",)),
    ResultFormat("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    ResultFormat("csv", "text/csv", ()),
    ResultFormat("tsv", "text/tab-separated-values", ("text/tsv",)),
)
BOOLEAN_FORMATS = SOLUTION_FORMATS[:2]  # CSV/TSV have no boolean form in the standard
GRAPH_FORMATS = (
    ResultFormat("turtle", "text/turtle", ("ttl", "application/x-turtle")),
    ResultFormat("ntriples", "application/n-triples", ("nt", "n-triples", "text/plain")),
    ResultFormat("jsonld", "application/ld+json", ("json-ld", "json", "application/json")),
    ResultFormat("rdfxml", "application/rdf+xml", ("rdf", "xml", "application/xml")),
    ResultFormat("trig", "application/trig", ()),
)

_OX_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_OX_RDF = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
}
BY_KEY = {f.key: f for f in SOLUTION_FORMATS + GRAPH_FORMATS}


def results_format(key: str) -> ox.QueryResultsFormat:
    return _OX_RESULTS[key]


def rdf_format(key: str) -> ox.RdfFormat:
    return _OX_RDF[key]


def offers_for(form_is_graph: bool, form_is_boolean: bool = False) -> tuple[ResultFormat, ...]:
    if form_is_graph:
        return GRAPH_FORMATS
    return BOOLEAN_FORMATS if form_is_boolean else SOLUTION_FORMATS


def by_name(name: str, offers: tuple[ResultFormat, ...]) -> ResultFormat | None:
    """The offer a `format=` value names (a key, an alias or a media type), if any."""
    name = name.strip().lower()
    for offer in offers:
        if name == offer.key or name == offer.media_type or name in offer.aliases:
            return offer
    return None


def by_names(
    names: tuple[str, ...] | list[str], offers: tuple[ResultFormat, ...]
) -> ResultFormat | None:
    """The first of several `format=` values (each maybe comma-separated) that names an offer."""
    for value in names:
        for name in value.split(","):
            if (chosen := by_name(name.split(";")[0], offers)) is not None:
                return chosen
    return None


def negotiate(accept: str | None, offers: tuple[ResultFormat, ...]) -> ResultFormat | None:
    """The best offer for an Accept header; the first offer when there is no header."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    best: ResultFormat | None = None
    best_q = 0.0
    for offer in offers:
        q = _quality(offer, ranges)
        if q > best_q:
            best, best_q = offer, q
    return best


def parse_accept(accept: str) -> list[tuple[str, float]]:
    """Media ranges with their q-values; malformed q-values count as 0 (RFC 9110 §12.4.2)."""
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(offer: ResultFormat, ranges: list[tuple[str, float]]) -> float:
    """q of the most specific range matching the offer; aliases match only exactly."""
    kind = offer.media_type.partition("/")[0]
    aliases = {a for a in offer.aliases if "/" in a}
    best_specificity, best_q = -1, 0.0
    for media, q in ranges:
        if media == offer.media_type or media in aliases:
            specificity = 2
        elif media == f"{kind}/*":
            specificity = 1
        elif media == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity or (specificity == best_specificity and q > best_q):
            best_specificity, best_q = specificity, q
    return best_q
