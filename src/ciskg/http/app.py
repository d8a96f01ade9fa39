"""The FastAPI application, built by `create_app(settings)` — never a module global.

Why a factory: tests and the CLI build apps over different stores and settings in the
same process; uvicorn's `--workers` mode calls `app_from_env` in each worker process,
which reads the settings from the environment once. The lifespan starts the query worker
pool (the store is opened there) before the first request and stops it at shutdown.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from ciskg import __version__, named_queries
from ciskg.errors import StoreError
from ciskg.http import (
    data_routes,
    errors,
    health_routes,
    ld_routes,
    not_found,
    page_routes,
    queries_routes,
    query_ui,
    sparql_routes,
    update_routes,
)
from ciskg.http.body import BodyLimit
from ciskg.http.fast_path import CachedAnswers
from ciskg.remote import is_remote
from ciskg.settings import Settings
from ciskg.sparql.backend import cache_bytes, check_store, create_backend
from ciskg.sparql.service import SparqlService

log = logging.getLogger(__name__)


def create_app(settings: Settings) -> FastAPI:
    """An app serving the store `settings.store`; nothing is opened until start-up."""
    if settings.update_token and settings.http_workers > 1 and not is_remote(settings.store):
        raise StoreError(
            "updates need a single HTTP worker process (CISKG_HTTP_WORKERS=1): "
            "every process keeps its own copy of the store"
        )
    queries = named_queries.load_all(settings.queries_dir)
    check_store(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = create_backend(settings)
        await pool.start()
        app.state.sparql = SparqlService(
            pool, row_limit=settings.result_row_limit, cache_bytes=cache_bytes(settings)
        )
        log.info("serving %s with %d query workers", settings.store, settings.query_workers)
        try:
            yield
        finally:
            await pool.close()

    app = FastAPI(
        title="ciskg SPARQL endpoint",
        version=__version__,
        lifespan=lifespan,
        description="SPARQL 1.1 Protocol over the CIS refugees-and-migration knowledge "
        "graph; named queries as an API.",
    )
    app.state.settings = settings
    app.state.named_queries = queries
    errors.install(app)
    app.include_router(health_routes.router())
    app.include_router(sparql_routes.router())
    app.include_router(update_routes.router())
    app.include_router(queries_routes.router(queries))
    app.include_router(query_ui.router())
    app.include_router(ld_routes.router())
    app.include_router(page_routes.router())
    app.include_router(data_routes.router())
    not_found.install(app)
    # Middleware: the last added is the outermost: body limit → CORS → cached answers → app.
    app.add_middleware(CachedAnswers)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_credentials=False,
            allow_headers=["Accept", "Content-Type", "If-None-Match"],
            expose_headers=["ETag"],
        )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app


def app_from_env() -> FastAPI:
    """uvicorn factory for `--workers N`: settings come from `CISKG_*` variables."""
    return create_app(Settings())
