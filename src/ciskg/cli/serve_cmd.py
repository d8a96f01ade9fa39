"""`ciskg serve` and `ciskg load`: serve a store over HTTP, put any RDF files into one.

Thin: settings come from `CISKG_*` and the options here override them; the app is
`ciskg.http.create_app`. With several HTTP workers uvicorn must import the app in each
process, so the overrides are passed on as environment variables to `app_from_env`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from ciskg.cli import app
from ciskg.http import create_app
from ciskg.http.protocol import PROTOCOL
from ciskg.settings import Settings
from ciskg.sparql.load import load_files


@app.command("serve")
def serve_command(
    store: Annotated[
        str | None,
        typer.Option("--store", help="store directory [default: CISKG_STORE or var/store]"),
    ] = None,
    host: Annotated[
        str | None, typer.Option("--host", help="bind address [default: 127.0.0.1]")
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="port [default: 8000]")] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", help="HTTP worker processes [default: CISKG_HTTP_WORKERS or 1]"),
    ] = None,
) -> None:
    """Serve the store as a SPARQL 1.1 endpoint at /sparql (named queries at /queries)."""
    overrides = {"store": store, "host": host, "port": port, "http_workers": workers}
    for name, value in overrides.items():
        if value is not None:
            os.environ[f"CISKG_{name.upper()}"] = str(value)
    settings = Settings()
    typer.echo(
        f"serving {settings.store} at http://{settings.host}:{settings.port}/sparql", err=True
    )
    if settings.http_workers == 1:
        uvicorn.run(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            http=PROTOCOL,
            log_level="warning",
            access_log=False,
        )
    else:
        create_app(settings)  # fail here, once, on bad settings rather than in every worker
        uvicorn.run(
            "ciskg.http.app:app_from_env",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=settings.http_workers,
            http=PROTOCOL,
            log_level="warning",
            access_log=False,
        )


@app.command("load")
def load_command(
    files: Annotated[list[Path], typer.Argument(help="RDF files (format from the extension)")],
    graph: Annotated[
        str | None,
        typer.Option("--graph", help="named graph for triples [default: the default graph]"),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option("--store", help="store directory [default: CISKG_STORE or var/store]"),
    ] = None,
) -> None:
    """Add RDF files to a store (created if missing); stop a server on it first."""
    target = store if store is not None else Path(Settings().store)
    count = load_files(files, target, graph)
    typer.echo(f"{target}: {count} quads", err=True)
