"""`ciskg build` and `ciskg export`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.console import Console

from ciskg.cli import app
from ciskg.errors import InputError
from ciskg.pipeline import build, write_atomically
from ciskg.serialize import export
from ciskg.settings import BUILD_DIR, STORE_DIR, Settings
from ciskg.sources import Project
from ciskg.store import open_store

ProjectOpt = Annotated[
    Path, typer.Option("--project", help="project root (ontology/, data/, queries/, shapes/)")
]


@app.command("build")
def build_command(
    reports: Annotated[
        list[Path] | None, typer.Argument(help="report files or folders [default: data/reports]")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="where dataset.trig is written")] = BUILD_DIR,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            help="store directory, or sparql+http://host:port/… for a remote store "
            "[default: CISKG_STORE or var/store]",
        ),
    ] = None,
    no_store: Annotated[bool, typer.Option("--no-store", help="write the dump only")] = False,
    cache: Annotated[
        Path | None, typer.Option("--cache", help="artifact cache [default: OUT/cache]")
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="rebuild every report")] = False,
    project: ProjectOpt = Path("."),
) -> None:
    """Build the graph from the reports: parse, extract, reason, validate, dump, load.

    Unchanged reports (same text, code, ontology, reference data, rules and shapes) come
    from the artifact cache. Exit status: 0 built, 1 the data does not validate (the
    previous dump and store are kept), 2 unreadable input.
    """
    cache_dir = None if no_cache else (cache or out / "cache")
    store = store if store is not None else Settings().store
    result = build(Project(project), reports or [], out, None if no_store else store, cache_dir)
    console = Console(stderr=True)
    console.print(
        f"built {len(result.reports)} report(s): {result.quad_count} quads in "
        f"{len(result.graph_names)} graphs → {result.dump}"
        + (
            f", store {store} ({result.store_quads} quads)"
            if result.store_quads is not None
            else ""
        )
    )
    console.print("  " + ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items()))
    if result.warnings:
        console.print(f"{len(result.warnings)} warning(s) (the data looks wrong here):")
        for warning in result.warnings:
            console.print(f"  warning: {warning}", markup=False, highlight=False, soft_wrap=True)


EXPORT_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
}


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", "-F", help="trig|nq|ttl|nt|jsonld|rdf")] = "trig",
    store: Annotated[Path, typer.Option("--store", help="embedded store directory")] = STORE_DIR,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="file [default: stdout]")] = None,
) -> None:
    """Write the built graph in an RDF format (triple formats get the union of all graphs)."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    data = export(open_store(store), EXPORT_FORMATS[fmt])
    if out is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomically(out, data)
