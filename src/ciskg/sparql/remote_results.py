"""A remote store's answer, re-serialised natively into the format the client negotiated.

Why re-serialise rather than pass the client's Accept on: negotiation stays in one place
(`formats.py`: `format=`, aliases, q-values, 406, charsets) whatever the store supports;
the row limit is counted exactly, on one line per row; and both backends send the same
bytes for the same answer (same ETags, same prefixes). The store is asked for the
line-per-row formats (TSV, N-Triples) first, which the caller can count while the body
arrives and cut off early (`ROW_FORMATS`); any other format it answers in is parsed and
counted here. Measured cost of the conversion: about 1 µs a row (see execute.py).
"""

from __future__ import annotations

import pyoxigraph as ox

from ciskg.errors import ResultTooLarge, StoreError
from ciskg.namespaces import PREFIXES
from ciskg.sparql import formats
from ciskg.sparql.execute import QueryJob, QueryResult

# What the store is asked for, best first, by query form.
ACCEPT_SOLUTIONS = (
    "text/tab-separated-values, application/sparql-results+json;q=0.9, "
    "application/sparql-results+xml;q=0.8"
)
ACCEPT_BOOLEAN = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
# Media types with one line per solution (after a header line) or per triple.
ROW_FORMATS = {"text/tab-separated-values": 1, "application/n-triples": 0}
_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items()}


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def solutions(body: bytes, content_type: str | None, job: QueryJob) -> QueryResult:
    """A SELECT or ASK answer in `job.format` (the first fitting one if it does not fit)."""
    kind = media_type(content_type)
    fmt = ox.QueryResultsFormat.from_media_type(kind) if kind else None
    if fmt is None:
        raise StoreError(f"the store answered a query in {kind or 'no format'}, not SPARQL results")
    try:
        parsed = ox.parse_query_results(body, format=fmt)
        if isinstance(parsed, ox.QueryBoolean):
            out = formats.BY_KEY[job.format]
            if out not in formats.BOOLEAN_FORMATS:
                out = formats.BOOLEAN_FORMATS[0]
            data = parsed.serialize(format=formats.results_format(out.key)) or b""
            return QueryResult(out.content_type, data, 1)
        tsv = body if fmt == ox.QueryResultsFormat.TSV else parsed.serialize(format=_TSV) or b""
        rows = tsv.count(b"\n") - 1
        if rows > job.row_limit:
            raise too_large(job.row_limit, "solutions")
        out = formats.BY_KEY[job.format]
        if out not in formats.SOLUTION_FORMATS:
            out = formats.SOLUTION_FORMATS[0]
        table = ox.parse_query_results(tsv, format=_TSV)
        data = table.serialize(format=formats.results_format(out.key)) or b""
    except SyntaxError as exc:
        raise StoreError(f"the store's answer is not valid {kind}: {exc}") from None
    return QueryResult(out.content_type, data, max(rows, 0))


def triples(body: bytes, content_type: str | None, job: QueryJob) -> QueryResult:
    """A CONSTRUCT or DESCRIBE answer in `job.format`, with the project's prefixes if used."""
    kind = media_type(content_type)
    fmt = ox.RdfFormat.from_media_type(kind) if kind else None
    if fmt is None or fmt.supports_datasets:
        raise StoreError(f"the store answered a graph query in {kind or 'no format'}")
    try:
        nt = (
            body
            if fmt == ox.RdfFormat.N_TRIPLES
            else ox.serialize(ox.parse(body, format=fmt), format=ox.RdfFormat.N_TRIPLES) or b""
        )
        rows = nt.count(b"\n")
        if rows > job.row_limit:
            raise too_large(job.row_limit, "triples")
        out = formats.BY_KEY[job.format]
        if out not in formats.GRAPH_FORMATS:
            out = formats.GRAPH_FORMATS[0]
        if out.key == "ntriples":
            data = ox.serialize(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), format=_NT) or b""
        else:
            used = {p: ns for p, ns in _PREFIXES.items() if f"<{ns}".encode() in nt}
            data = (
                ox.serialize(
                    ox.parse(nt, format=_NT),
                    format=formats.rdf_format(out.key),
                    prefixes=used or None,
                )
                or b""
            )
    except SyntaxError as exc:
        raise StoreError(f"the store's answer is not valid {kind}: {exc}") from None
    return QueryResult(out.content_type, data, rows)


def too_large(limit: int, what: str) -> ResultTooLarge:
    """The same refusal as the embedded backend's (never a truncated answer)."""
    return ResultTooLarge(
        f"the result has more than {limit} {what} (the row limit, CISKG_RESULT_ROW_LIMIT): "
        "add LIMIT / OFFSET to page through it"
    )


_TSV = ox.QueryResultsFormat.TSV
_NT = ox.RdfFormat.N_TRIPLES
