"""Load RDF files into an on-disk store, so that any data can be served (`ciskg load`).

Why beside the endpoint: the build writes the project's own store atomically
(`ciskg.store.load_store`); this adds arbitrary files to a store — test data such as the
W3C protocol suite's, or a dump from elsewhere — without a build. Stop a server that
serves the store before loading into it (a read-only reader and a writer must not overlap).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pyoxigraph as ox

from ciskg.errors import InputError, RDFSyntaxError, StoreError

log = logging.getLogger(__name__)


def load_files(paths: list[Path], store_dir: Path, graph: str | None = None) -> int:
    """Add every file to the store at `store_dir` (created if missing); return its quad count.

    The format comes from the file extension. Triples go to `graph` if given, else to the
    default graph (which the endpoint serves as part of its union default graph); quad
    formats keep their own graphs and refuse `graph`.
    """
    target = _graph(graph)
    jobs: list[tuple[Path, ox.RdfFormat]] = []
    for path in paths:
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
        if fmt is None:
            raise InputError(
                "unknown RDF file extension (use .ttl, .nt, .nq, .trig, .jsonld, .rdf …)",
                path=str(path),
            )
        if not path.is_file():
            raise InputError("no such file", path=str(path))
        if target is not None and fmt.supports_datasets:
            raise InputError(
                "--graph applies to triple formats only; this file has quads", path=str(path)
            )
        jobs.append((path, fmt))
    try:
        store_dir.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(store_dir))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {store_dir} for writing: {exc}") from exc
    for path, fmt in jobs:
        try:
            store.bulk_load(
                path=str(path),
                format=fmt,
                base_iri=path.resolve().as_uri(),
                to_graph=target if not fmt.supports_datasets else None,
            )
        except SyntaxError as exc:
            raise RDFSyntaxError(str(exc.msg or exc), path=str(path)) from None
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot load {path} into {store_dir}: {exc}") from exc
        log.info("loaded %s into %s", path, store_dir)
    store.flush()
    count = len(store)
    del store
    return count


def _graph(iri: str | None) -> ox.NamedNode | None:
    if iri is None:
        return None
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise InputError(f"--graph {iri!r} is not an IRI: {exc}") from exc
