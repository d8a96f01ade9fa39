"""The SPARQL service: the one composer the HTTP routers call (no FastAPI here).

A query request goes: inspect the text (refuse SERVICE and updates) → pick the result
format (`format=` first, else the Accept header) → look in the cache → run in the worker
pool under the time and row limits → cache. An update goes: refuse outbound keywords →
apply the protocol's USING graphs → check its syntax on a scratch store (so a bad update
costs no worker restart) → apply it through the pool.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ciskg.errors import NotAcceptable, QueryError, QueryRefused
from ciskg.sparql import formats
from ciskg.sparql.cache import Answer, ResultCache, make_answer
from ciskg.sparql.execute import QueryJob
from ciskg.sparql.inspect import Form, Inspection, add_using_clauses, inspect_text
from ciskg.sparql.lexer import Kind, tokenize

if TYPE_CHECKING:
    from ciskg.sparql.backend import Backend

NON_DETERMINISTIC = {"RAND", "NOW", "UUID", "STRUUID", "BNODE"}


@dataclass(frozen=True, slots=True)
class QueryRequest:
    query: str
    accept: str | None = None
    format: tuple[str, ...] = ()  # `format=` values (keys, aliases or media types); first fit
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    substitutions: dict[str, dict[str, str]] = field(default_factory=dict)


@functools.lru_cache(maxsize=4096)
def _inspect(text: str) -> tuple[Inspection, bool]:
    """Inspection and cacheability of a query text; memoised since clients repeat queries."""
    inspection = inspect_text(text)
    deterministic = not any(
        t.kind is Kind.KEYWORD and t.value in NON_DETERMINISTIC for t in tokenize(text)
    )
    return inspection, deterministic


def choose_format(
    form: Form | None, accept: str | None, names: tuple[str, ...] = ()
) -> formats.ResultFormat:
    """The result format for a query form; raises NotAcceptable when none fits.

    `names` are `format=` values; each may list several names separated by commas
    (SPARQLWrapper sends both `json-ld` and `application/ld+json,…`); the first that
    names an available format wins over the Accept header.
    """
    offers = formats.offers_for(form is not None and form.is_graph, form is Form.ASK)
    if names:
        chosen = formats.by_names(names, offers)
        if chosen is None:
            raise NotAcceptable(
                f"format={', '.join(names)} is not available for this query; "
                "use one of " + ", ".join(o.key for o in offers)
            )
        return chosen
    chosen = formats.negotiate(accept, offers)
    if chosen is None:
        raise NotAcceptable(
            f"none of the accepted media types ({accept}) fits this query's "
            "result; available: " + ", ".join(o.media_type for o in offers)
        )
    return chosen


class SparqlService:
    """Answers queries and applies updates over a backend (the embedded `QueryPool` or a
    remote store, `backend.py`); see the module docstring."""

    def __init__(self, pool: Backend, *, row_limit: int, cache_bytes: int) -> None:
        self.pool = pool
        self.row_limit = row_limit
        self.cache = ResultCache(cache_bytes)

    def plan(self, request: QueryRequest) -> tuple[QueryJob, bool]:
        """The job to run for a request and whether its answer may be cached."""
        inspection, deterministic = _inspect(request.query)
        if inspection.form is Form.UPDATE:
            raise QueryRefused(
                "this is a SPARQL update: the query endpoint is read-only; "
                "updates go to /update with the configured token"
            )
        fmt = choose_format(inspection.form, request.accept, request.format)
        protocol_dataset = bool(request.default_graphs or request.named_graphs)
        return QueryJob(
            query=request.query,
            format=fmt.key,
            base_iri=request.base_iri,
            default_graphs=list(request.default_graphs) if protocol_dataset else None,
            named_graphs=list(request.named_graphs) if protocol_dataset else None,
            union_default=not inspection.has_dataset_clause,
            row_limit=self.row_limit,
            substitutions=request.substitutions,
        ), deterministic and self.cache.max_bytes > 0

    def cached(self, request: QueryRequest) -> Answer | None:
        """The cached answer to `request`, if any; cheap enough for every request."""
        job, cacheable = self.plan(request)
        return self.cache.get(self._key(job)) if cacheable else None

    def _key(self, job: QueryJob) -> tuple[object, ...]:
        return (
            self.pool.version,
            job.query,
            job.format,
            job.base_iri,
            tuple(job.default_graphs or ()),
            tuple(job.named_graphs or ()),
            job.default_graphs is None and job.named_graphs is None,
            tuple(sorted((k, tuple(sorted(v.items()))) for k, v in job.substitutions.items())),
        )

    async def answer(self, request: QueryRequest) -> Answer:
        job, cacheable = self.plan(request)
        key = self._key(job)
        if cacheable and (hit := self.cache.get(key)) is not None:
            return hit
        version = self.pool.version
        result = await self.pool.query(job)
        answer = make_answer(result.body, result.media_type, result.rows)
        if cacheable and version == self.pool.version:
            self.cache.put(key, answer)
        return answer

    async def update(
        self,
        update: str,
        *,
        using: tuple[str, ...] = (),
        using_named: tuple[str, ...] = (),
        base_iri: str | None = None,
    ) -> None:
        inspection = inspect_text(update)
        if inspection.form is not None and inspection.form is not Form.UPDATE:
            raise QueryError("this is a query, not an update: send it to /sparql")
        if using or using_named:
            update = add_using_clauses(update, list(using), list(using_named))
        await self.pool.check_update(update, base_iri)
        await self.pool.update(update, base_iri)
        self.cache.clear()
