"""`/health`: 200 once the store is open and workers answer, 503 otherwise.

Why it asks the pool and not just "the process is up": a load balancer or a test session
must not send queries before the workers have loaded the store, nor during an update's
restart of the workers.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse

from ciskg.sparql.service import SparqlService


def router() -> APIRouter:
    r = APIRouter(tags=["service"])
    r.add_api_route(
        "/health",
        health,
        methods=["GET"],
        summary="Liveness and readiness",
        responses={503: {"description": "the store is not open (yet)"}},
    )
    return r


async def health(request: Request) -> JSONResponse:
    service: SparqlService | None = getattr(request.app.state, "sparql", None)
    ready = service is not None and service.pool.ready
    payload = {"status": "ok" if ready else "starting"}
    if service is not None:
        payload |= {
            "store_version": str(service.pool.version),
            "workers": str(len(service.pool.workers)),
        }
    return JSONResponse(payload, status_code=200 if ready else 503)
