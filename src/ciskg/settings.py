"""Typed settings, read once at start-up from `CISKG_*` environment variables.

Safe server defaults are named constants here; every one can be changed by setting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ciskg.namespaces import BASE

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
QUERY_TIMEOUT_S = 10.0
RESULT_ROW_LIMIT = 10_000
MAX_BODY_BYTES = 1_000_000
MAX_HEADER_BYTES = 64 * 1024  # request header fields together (431 past it)
QUERY_WORKERS = 2
HTTP_WORKERS = 1
RESULT_CACHE_BYTES = 64 * 1024 * 1024
STORE_DIR = Path("var/store")
BUILD_DIR = Path("build")
REPORTS_DIR = Path("data/reports")
QUERIES_DIR = Path("queries")


class Settings(BaseSettings):
    """Everything a deployment may change; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="CISKG_", frozen=True)

    store: str = Field(
        default=str(STORE_DIR),
        description="store directory, or sparql+http(s)://host:port/path for a remote store",
    )
    # Remote store only (see ciskg.remote): URLs default to `oxigraph serve`'s paths under
    # the store URL (/query, /update, /store); set them for other servers.
    store_query_url: str | None = Field(default=None, description="SPARQL query URL")
    store_update_url: str | None = Field(default=None, description="SPARQL update URL")
    store_gsp_url: str | None = Field(default=None, description="Graph Store Protocol URL")
    store_union: Literal["param", "server", "list"] = Field(
        default="param",
        description="how the default graph becomes the union of the named graphs: "
        "param = Oxigraph's union-default-graph URL parameter; server = the server does it "
        "already (oxigraph --union-default-graph, Fuseki unionDefaultGraph, Virtuoso, "
        "Neptune); list = name every graph in default-graph-uri (any server)",
    )
    store_load: Literal["staged", "direct"] = Field(
        default="staged",
        description="staged = PUT into staging graphs, then switch in one update; "
        "direct = PUT each graph in place (faster, not atomic across graphs)",
    )
    store_cache_s: float = Field(
        default=0.0,
        ge=0,
        description="how long a replica may reuse a remote answer (0: never; another "
        "replica or a build may change the store at any time)",
    )
    build_dir: Path = BUILD_DIR
    base_iri: str = BASE
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    query_timeout_s: float = Field(default=QUERY_TIMEOUT_S, gt=0)
    result_row_limit: int = Field(default=RESULT_ROW_LIMIT, gt=0)
    max_body_bytes: int = Field(default=MAX_BODY_BYTES, gt=0)
    max_header_bytes: int = Field(default=MAX_HEADER_BYTES, gt=0)
    query_workers: int = Field(default=QUERY_WORKERS, ge=1)
    http_workers: int = Field(default=HTTP_WORKERS, ge=1, description="uvicorn worker processes")
    result_cache_bytes: int = Field(default=RESULT_CACHE_BYTES, ge=0, description="0 disables")
    queries_dir: Path = Field(default=QUERIES_DIR, description="named queries served at /queries")
    update_token: str | None = None
    cors_origins: list[str] = Field(default_factory=list)
    in_memory: bool = True
