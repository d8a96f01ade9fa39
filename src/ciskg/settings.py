"""Typed settings, read once at start-up from `CISKG_*` environment variables.

Safe server defaults are named constants here; every one can be changed by setting.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ciskg.namespaces import BASE

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
QUERY_TIMEOUT_S = 10.0
RESULT_ROW_LIMIT = 10_000
MAX_BODY_BYTES = 1_000_000
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
        description="store directory, or sparql+http(s)://… for a remote store",
    )
    build_dir: Path = BUILD_DIR
    base_iri: str = BASE
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    query_timeout_s: float = Field(default=QUERY_TIMEOUT_S, gt=0)
    result_row_limit: int = Field(default=RESULT_ROW_LIMIT, gt=0)
    max_body_bytes: int = Field(default=MAX_BODY_BYTES, gt=0)
    query_workers: int = Field(default=QUERY_WORKERS, ge=1)
    http_workers: int = Field(default=HTTP_WORKERS, ge=1, description="uvicorn worker processes")
    result_cache_bytes: int = Field(default=RESULT_CACHE_BYTES, ge=0, description="0 disables")
    queries_dir: Path = Field(default=QUERIES_DIR, description="named queries served at /queries")
    update_token: str | None = None
    cors_origins: list[str] = Field(default_factory=list)
    in_memory: bool = True
