"""Which backend answers the endpoint's queries: embedded worker pool or remote store.

Why a seam here: `SparqlService` and the routers need only "run this job, apply this
update, are you ready, which store version"; the embedded `QueryPool` (pool.py) and the
`RemoteBackend` (remote_backend.py) both give that, chosen once from the settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from ciskg.remote import RemoteStore, is_remote
from ciskg.settings import Settings
from ciskg.sparql.execute import QueryJob, QueryResult
from ciskg.sparql.pool import PoolConfig, QueryPool
from ciskg.sparql.remote_backend import RemoteBackend


class Backend(Protocol):
    """What `SparqlService` and the HTTP layer use of a backend."""

    @property
    def version(self) -> int: ...  # changes whenever cached answers may be stale

    @property
    def ready(self) -> bool: ...

    @property
    def workers(self) -> list[int]: ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def query(self, job: QueryJob) -> QueryResult: ...

    async def check_update(self, update: str, base_iri: str | None) -> None: ...

    async def update(self, update: str, base_iri: str | None) -> None: ...


def check_store(settings: Settings) -> None:
    """Fail now, with StoreError, on a remote store URL that cannot work (not at start-up)."""
    if is_remote(settings.store):
        RemoteStore.from_settings(settings)


def create_backend(settings: Settings) -> QueryPool | RemoteBackend:
    """The backend for `settings.store`, not started; StoreError if it is misconfigured."""
    if is_remote(settings.store):
        return RemoteBackend(
            RemoteStore.from_settings(settings),
            timeout_s=settings.query_timeout_s,
            cache_s=settings.store_cache_s,
        )
    return QueryPool(
        PoolConfig(
            store_dir=Path(settings.store),
            mode="memory" if settings.in_memory else "disk",
            size=settings.query_workers,
            timeout_s=settings.query_timeout_s,
        )
    )


def cache_bytes(settings: Settings) -> int:
    """The result cache size: a remote store may change under a replica at any time (other
    replicas' updates, a build), so its answers are cached only if `store_cache_s` allows."""
    if is_remote(settings.store) and settings.store_cache_s <= 0:
        return 0
    return settings.result_cache_bytes
