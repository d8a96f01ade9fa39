"""Choosing between an HTML page and an RDF serialisation for a linked-data request.

Why on top of `ciskg.sparql.formats`: the media types, aliases and the RFC 9110 algorithm
are that module's tables; this adds the one offer it does not have (HTML) and the file
suffixes of dereferenceable IRIs (`/id/state/uzb.ttl`). The rule:

1. a suffix (`.ttl`, `.jsonld`, `.nt`, `.rdf`, `.trig` where a dataset is served) decides;
2. else `?format=` (a key or alias of the tables);
3. else `Accept`: HTML only if it ranks strictly above every RDF format, so `*/*` alone
   (curl, most libraries) gets the first RDF format, Turtle, and a client that names
   Turtle as highly as HTML gets Turtle. Browsers name `text/html`, so they get pages.
"""

from __future__ import annotations

from starlette.requests import Request

from ciskg.errors import NotAcceptable
from ciskg.sparql import formats
from ciskg.sparql.formats import ResultFormat

HTML = ResultFormat("html", "text/html", ("application/xhtml+xml", "xhtml"))
RDF_FORMATS = tuple(f for f in formats.GRAPH_FORMATS if f.key != "trig")  # one graph
SUFFIXES: dict[str, str] = {  # file suffix → format key
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".jsonld": "jsonld",
    ".rdf": "rdfxml",
    ".trig": "trig",
    ".html": "html",
}
SUFFIX_OF = {key: suffix for suffix, key in SUFFIXES.items()}


def split_suffix(path: str, offers: tuple[ResultFormat, ...]) -> tuple[str, ResultFormat | None]:
    """`state/uzb.ttl` → (`state/uzb`, Turtle); a path without a known suffix is unchanged."""
    for suffix, key in SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            chosen = next((o for o in offers if o.key == key), None)
            if chosen is not None:
                return path[: -len(suffix)], chosen
    return path, None


def prefers_html(accept: str | None, offers: tuple[ResultFormat, ...] = RDF_FORMATS) -> bool:
    """True if HTML ranks strictly above every offer (HTML comes last, so ties go to RDF)."""
    return bool(accept) and formats.negotiate(accept, (*offers, HTML)) is HTML


def choose(
    request: Request,
    offers: tuple[ResultFormat, ...] = RDF_FORMATS,
    suffix: ResultFormat | None = None,
    *,
    html: bool = True,
) -> ResultFormat:
    """HTML or one of `offers` for this request; NotAcceptable (406) if none fits."""
    if suffix is not None:
        return suffix
    everything = (*offers, HTML) if html else offers
    names = request.query_params.getlist("format")
    if names:
        chosen = formats.by_names(names, everything)
        if chosen is None:
            raise NotAcceptable(
                f"format={', '.join(names)}: use one of " + ", ".join(o.key for o in everything)
            )
        return chosen
    accept = request.headers.get("accept")
    if html and prefers_html(accept, offers):
        return HTML
    chosen = formats.negotiate(accept, offers)
    if chosen is None:
        raise NotAcceptable(
            f"none of the accepted media types ({accept}) is available here: "
            + ", ".join(o.media_type for o in everything)
        )
    return chosen


def alternates(path: str, offers: tuple[ResultFormat, ...] = RDF_FORMATS) -> str:
    """A `Link` header value naming the other serialisations of a resource (RFC 8288)."""
    return ", ".join(
        f'<{path}{SUFFIX_OF[o.key]}>; rel="alternate"; type="{o.media_type}"' for o in offers
    )
