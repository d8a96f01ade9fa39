"""Run one query on a pyoxigraph store and serialise its result natively, within a row limit.

Why this shape: results never become Python objects row by row. A SELECT result is written
by pyoxigraph's TSV serialiser into a writer that counts lines and stops the (lazy)
evaluation as soon as the row limit is passed; the TSV is then converted natively to the
requested format (TSV → parse → JSON/XML/CSV, measured at ~1 µs a row). CONSTRUCT and
DESCRIBE go the same way through N-Triples (one triple a line). So the limit is exact, the
engine stops early on huge results, and the bytes sent are pyoxigraph's own.

This module is used by the query worker processes and by `ciskg query --store`; it holds
no HTTP and no process logic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO, Any, cast

import pyoxigraph as ox

from ciskg.errors import QueryError, ResultTooLarge, StoreError
from ciskg.sparql import formats


@dataclass(frozen=True, slots=True)
class QueryJob:
    """Everything needed to run a query, in plain data (it crosses a process boundary)."""

    query: str
    format: str  # a key of formats.BY_KEY
    base_iri: str | None = None
    default_graphs: list[str] | None = None  # protocol default-graph-uri
    named_graphs: list[str] | None = None  # protocol named-graph-uri
    union_default: bool = True  # default graph = union of all graphs (unless the above)
    row_limit: int = 10_000
    substitutions: dict[str, dict[str, str]] = field(default_factory=dict)  # SPARQL-JSON terms

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class QueryResult:
    media_type: str  # the Content-Type to send
    body: bytes
    rows: int  # solutions or triples (1 for ASK)


class _LimitWriter:
    """A binary sink that refuses to take more than `limit` lines after `skip` header lines."""

    def __init__(self, limit: int, skip: int) -> None:
        self.parts: list[bytes] = []
        self.lines = 0
        self.limit = limit + skip

    def write(self, chunk: bytes) -> int:
        self.lines += chunk.count(b"\n")
        self.parts.append(bytes(chunk))
        if self.lines > self.limit:
            raise _Overflow
        return len(chunk)

    def flush(self) -> None:
        return None


class _Overflow(Exception):
    pass


_POSITION = re.compile(r"error at (\d+):(\d+)")


def run_query(
    store: ox.Store, job: QueryJob, prefixes: dict[str, str] | None = None
) -> QueryResult:
    """Evaluate `job` on `store`; raise QueryError, ResultTooLarge or StoreError."""
    try:
        result = store.query(
            job.query,
            base_iri=job.base_iri,
            substitutions=_substitutions(job.substitutions) or None,
            **dataset_options(job),
        )
        if isinstance(result, ox.QueryBoolean):
            fmt = formats.BY_KEY[job.format]
            if fmt not in formats.BOOLEAN_FORMATS:
                fmt = formats.BOOLEAN_FORMATS[0]
            return QueryResult(
                fmt.content_type,
                result.serialize(format=formats.results_format(fmt.key)) or b"",
                1,
            )
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, job)
        return _triples(result, job, prefixes)
    except SyntaxError as exc:
        raise syntax_error(exc) from None
    except (RuntimeError, ValueError) as exc:  # a substitution of an unprojected variable,
        raise QueryError(str(exc)) from None  # a base IRI that is not an IRI
    except OSError as exc:
        raise StoreError(f"the store failed while answering: {exc}") from exc


def syntax_error(exc: SyntaxError) -> QueryError:
    """A QueryError with the parser's message and its line and column."""
    message = str(exc.msg if exc.msg else exc)
    m = _POSITION.search(message)
    if m:
        return QueryError(message, line=int(m.group(1)), column=int(m.group(2)))
    return QueryError(message)


def dataset_options(job: QueryJob) -> dict[str, Any]:
    """pyoxigraph's dataset arguments for the protocol's dataset (SPARQL 1.1 Protocol §2.1.4).

    Protocol graphs override FROM / FROM NAMED; a protocol dataset with only named graphs
    has an empty default graph and vice versa. Without either, the default graph is the
    union of all graphs, unless the query has its own FROM (the caller says so by
    `union_default=False`), since pyoxigraph ignores FROM under the union option.
    """
    if job.default_graphs is None and job.named_graphs is None:
        return {"use_default_graph_as_union": True} if job.union_default else {}
    try:
        return {
            "default_graph": [ox.NamedNode(g) for g in job.default_graphs or []],
            "named_graphs": [ox.NamedNode(g) for g in job.named_graphs or []],
        }
    except ValueError as exc:
        raise QueryError(f"a graph IRI of the request is not an IRI: {exc}") from exc


def _solutions(result: ox.QuerySolutions, job: QueryJob) -> QueryResult:
    sink = _LimitWriter(job.row_limit, skip=1)
    try:
        result.serialize(cast(IO[bytes], sink), format=ox.QueryResultsFormat.TSV)
    except _Overflow:
        raise _too_large(job.row_limit, "solutions") from None
    tsv = b"".join(sink.parts)
    fmt = formats.BY_KEY[job.format]
    if fmt not in formats.SOLUTION_FORMATS:
        fmt = formats.SOLUTION_FORMATS[0]
    if fmt.key == "tsv":
        return QueryResult(fmt.content_type, tsv, sink.lines - 1)
    body = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(
        format=formats.results_format(fmt.key)
    )
    return QueryResult(fmt.content_type, body or b"", sink.lines - 1)


def _triples(
    result: ox.QueryTriples, job: QueryJob, prefixes: dict[str, str] | None
) -> QueryResult:
    sink = _LimitWriter(job.row_limit, skip=0)
    try:
        result.serialize(cast(IO[bytes], sink), format=ox.RdfFormat.N_TRIPLES)
    except _Overflow:
        raise _too_large(job.row_limit, "triples") from None
    nt = b"".join(sink.parts)
    fmt = formats.BY_KEY[job.format]
    if fmt not in formats.GRAPH_FORMATS:
        fmt = formats.GRAPH_FORMATS[0]
    if fmt.key == "ntriples":
        return QueryResult(fmt.content_type, nt, sink.lines)
    used = {p: ns for p, ns in (prefixes or {}).items() if f"<{ns}".encode() in nt}
    body = ox.serialize(
        ox.parse(nt, format=ox.RdfFormat.N_TRIPLES),
        format=formats.rdf_format(fmt.key),
        prefixes=used or None,
    )
    return QueryResult(fmt.content_type, body or b"", sink.lines)


def _too_large(limit: int, what: str) -> ResultTooLarge:
    return ResultTooLarge(
        f"the result has more than {limit} {what} (the row limit, CISKG_RESULT_ROW_LIMIT): "
        "add LIMIT / OFFSET to page through it"
    )


def _substitutions(terms: dict[str, dict[str, str]]) -> dict[ox.Variable, Any]:
    return {ox.Variable(name): term_from_json(t) for name, t in terms.items()}


def term_from_json(term: dict[str, str]) -> ox.NamedNode | ox.Literal:
    """A pyoxigraph term from its SPARQL 1.1 JSON results form (`type`, `value`, …)."""
    try:
        if term["type"] == "uri":
            return ox.NamedNode(term["value"])
        if "xml:lang" in term:
            return ox.Literal(term["value"], language=term["xml:lang"])
        if "datatype" in term:
            return ox.Literal(term["value"], datatype=ox.NamedNode(term["datatype"]))
        return ox.Literal(term["value"])
    except (KeyError, ValueError) as exc:
        raise QueryError(f"not a valid RDF term: {term!r} ({exc})") from exc
