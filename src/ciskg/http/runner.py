"""The pages' and linked-data routes' way to the store: through the endpoint's worker pool.

Why: a query must never run in the event loop (a slow one would stall every request), and
the pool already enforces the time limit, the row limit and the result cache. Pages ask
for SPARQL JSON and read it back natively into pyoxigraph terms; dumps ask for N-Triples
pages and bypass the cache (a dump would evict everything else from it), and so do the
long generated queries that look labels up for a page's own list of IRIs (VALUES): each
is asked once, and keeping their texts would only crowd the caches.
"""

from __future__ import annotations

import pyoxigraph as ox
from starlette.requests import Request

from ciskg.describe import Row
from ciskg.sparql.execute import QueryJob
from ciskg.sparql.service import QueryRequest, SparqlService

UNCACHED_QUERY_CHARS = 4000  # longer texts are generated per page (VALUES lists of IRIs)


class Runner:
    """`select` for `ciskg.describe` and the views, `triples` for dumps; one per request."""

    def __init__(self, service: SparqlService) -> None:
        self.service = service

    @classmethod
    def of(cls, request: Request) -> Runner:
        service: SparqlService = request.app.state.sparql
        return cls(service)

    @property
    def row_limit(self) -> int:
        return self.service.row_limit

    @property
    def version(self) -> int:
        """The store version (updates applied): caches of derived pages key on it."""
        return self.service.pool.version

    async def select(self, query: str, **literals: str) -> list[Row]:
        """Rows of a SELECT; `literals` bind projected variables to plain strings."""
        substitutions = {k: {"type": "literal", "value": v} for k, v in literals.items()}
        if len(query) > UNCACHED_QUERY_CHARS:  # our own text, IRIs checked by pyoxigraph
            job = QueryJob(query, "json", row_limit=self.row_limit, substitutions=substitutions)
            body = (await self.service.pool.query(job)).body
        else:
            request = QueryRequest(query, format=("json",), substitutions=substitutions)
            body = (await self.service.answer(request)).body
        results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if not isinstance(results, ox.QuerySolutions):
            return []
        names = [v.value for v in results.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in results]

    async def triples(self, query: str) -> bytes:
        """The N-Triples of a CONSTRUCT, uncached (dump pages)."""
        job, _ = self.service.plan(QueryRequest(query, format=("ntriples",)))
        result = await self.service.pool.query(job)
        return result.body
