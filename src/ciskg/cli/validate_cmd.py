"""`ciskg validate`: SHACL validation of the built graph or of any RDF files."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rdflib import Graph

from ciskg.cli import app
from ciskg.errors import InputError, StoreError, ValidationFailed
from ciskg.rdfio import add_quads, read_quads
from ciskg.settings import BUILD_DIR
from ciskg.sources import Project, read_rdf_dir
from ciskg.validate import render_json, render_text, render_turtle, validate


class Format(StrEnum):
    text = "text"
    turtle = "turtle"
    json = "json"


class Inference(StrEnum):
    none = "none"
    rdfs = "rdfs"
    owlrl = "owlrl"
    both = "both"


RENDERERS = {Format.text: render_text, Format.turtle: render_turtle, Format.json: render_json}
# Data files together: validation holds them as rdflib objects, ~45 bytes of memory per
# byte of N-Triples (measured: 10 MB, 100k triples → 450 MB and 8 s), so a 100 MB upload
# would need gigabytes and minutes. Past the limit a file is refused before it is parsed.
MAX_INPUT_BYTES = 32 * 1024 * 1024


HELP = "\n\n".join(
    [
        "Validate the built graph, or your own RDF files, against the SHACL shapes.",
        "The ontology's class hierarchy is added to the data. The report lists Violations "
        "(the data is wrong), Warnings (it looks wrong) and Infos, grouped by shape and focus "
        "node, with the message, the path, the offending value and the paragraph the node "
        "was read in.",
        "Exit codes: 0 the data conforms (Warnings allowed); 1 at least one Violation; "
        "2 an input (data, shapes or ontology) could not be read or parsed.",
    ]
)


@app.command("validate", help=HELP)
def validate_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="RDF files to validate: Turtle (.ttl), N-Triples (.nt), N-Quads (.nq), "
            "TriG (.trig), JSON-LD (.jsonld), RDF/XML (.rdf, .owl, .xml) "
            "[default: the built graph, build/dataset.trig]",
            show_default=False,
        ),
    ] = None,
    shapes: Annotated[
        list[Path] | None,
        typer.Option(
            "--shapes", help="shapes file(s) [default: shapes/ciskg.shacl.ttl]", show_default=False
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="text, turtle or json")] = Format.text,
    store: Annotated[
        Path | None,
        typer.Option("--store", help="validate this embedded store (e.g. var/store) instead"),
    ] = None,
    inference: Annotated[
        Inference,
        typer.Option(
            "--inference",
            help="pyshacl inference before validating; the built graph needs none (it holds "
            "the OWL RL closure)",
        ),
    ] = Inference.none,
    project: Annotated[
        Path, typer.Option("--project", help="project root (ontology/ and shapes/)")
    ] = Path("."),
    max_bytes: Annotated[
        int,
        typer.Option("--max-bytes", help="refuse data files larger than this, together", min=1),
    ] = MAX_INPUT_BYTES,
) -> None:
    root = Project(project)
    root.check()
    data = _data(files or [], store, root, max_bytes)
    shapes_graph = Graph()
    for path in shapes or [root.shapes]:
        add_quads(shapes_graph, read_quads(path))
    report = validate(data, shapes_graph, read_rdf_dir(root.ontology.parent), inference=inference)
    sys.stdout.write(RENDERERS[fmt](report))
    if not report.conforms:
        raise typer.Exit(ValidationFailed.exit_code)


def _data(files: list[Path], store: Path | None, root: Project, max_bytes: int) -> Graph:
    if files and store is not None:
        raise InputError("give files or --store, not both")
    if store is not None:
        return _store_dataset(store)
    if not files:
        dump = root.root / BUILD_DIR / "dataset.trig"
        if not dump.is_file():
            raise InputError(
                "no built graph here: run `ciskg build`, or name files", path=str(dump)
            )
        files = [dump]
    sizes = [path.stat().st_size for path in files if path.is_file()]
    if sum(sizes) > max_bytes:
        raise InputError(
            f"the data files hold {sum(sizes)} bytes, more than --max-bytes {max_bytes}: "
            "validation holds the whole graph in memory"
        )
    data = Graph()
    for path in files:
        add_quads(data, read_quads(path, max_bytes=max_bytes))  # bounded, even for a pipe
    return data


def _store_dataset(path: Path) -> Graph:
    if not path.is_dir():
        raise StoreError(f"no store at {path}")
    try:
        store = ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {path}: {exc}") from exc
    data = Graph()
    add_quads(data, store.quads_for_pattern(None, None, None, None))
    return data
