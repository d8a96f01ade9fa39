"""Build artifacts and their cache: what makes a build incremental.

A report's named graph depends only on its text, the code and the shared inputs
(ontology, reference data); what is inferred and validated for a batch of reports
depends on their graphs and on the rules and shapes too. Each is kept as sorted N-Quads
under a key made of all it depends on, so an unchanged report is not read again and an
unchanged batch is not reasoned over or validated again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

import ciskg
from ciskg.serialize import to_oxigraph_quad

log = logging.getLogger(__name__)
CACHE_FORMAT = 1  # bump when the layout of cached artifacts changes


@dataclass(frozen=True)
class ReportArtifact:
    """One report's named graph, as sorted N-Quads, and what identifies it."""

    slug: str
    identifier: str
    source_name: str
    quads: bytes


@dataclass(frozen=True)
class BatchArtifact:
    """What follows from a batch of reports (graph `inferred`), and its warnings."""

    inferred: bytes
    warnings: tuple[str, ...]


def graph_nquads(graph: Graph, name: str) -> bytes:
    """Sorted N-Quads of an rdflib graph placed in the named graph `name`."""
    graph_name = URIRef(name)
    lines = sorted(f"{to_oxigraph_quad(s, p, o, graph_name)} .\n" for s, p, o in graph)
    return "".join(lines).encode("utf-8")


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()


def code_fingerprint() -> str:
    """A digest of the package's own source: a change of code invalidates every artifact."""
    root = Path(ciskg.__file__).parent
    files = sorted(root.rglob("*.py"))
    return digest(
        ciskg.__version__,
        str(CACHE_FORMAT),
        *(p.relative_to(root).as_posix() for p in files),
        *(p.read_bytes() for p in files),
    )


def files_fingerprint(paths: Iterable[Path]) -> str:
    """A digest of input files (ontology, reference data, rules, shapes, checks)."""
    files = sorted(paths)
    return digest(*(p.name for p in files), *(p.read_bytes() for p in files))


class ArtifactCache:
    """A folder of artifacts; every write is atomic, a damaged entry is a miss."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get_report(self, key: str) -> ReportArtifact | None:
        info = self._read(key)
        quads = self._bytes(f"{key}.nq")
        if info is None or quads is None:
            return None
        return ReportArtifact(info["slug"], info["identifier"], info["source_name"], quads)

    def put_report(self, key: str, artifact: ReportArtifact) -> None:
        info = {
            "slug": artifact.slug,
            "identifier": artifact.identifier,
            "source_name": artifact.source_name,
        }
        self._write(f"{key}.nq", artifact.quads)
        self._write(f"{key}.json", json.dumps(info, sort_keys=True).encode())

    def get_batch(self, key: str) -> BatchArtifact | None:
        info = self._read(key)
        quads = self._bytes(f"{key}.nq")
        if info is None or quads is None:
            return None
        return BatchArtifact(quads, tuple(info["warnings"]))

    def put_batch(self, key: str, artifact: BatchArtifact) -> None:
        self._write(f"{key}.nq", artifact.inferred)
        self._write(f"{key}.json", json.dumps({"warnings": list(artifact.warnings)}).encode())

    def _read(self, key: str) -> dict | None:
        raw = self._bytes(f"{key}.json")
        try:
            return json.loads(raw) if raw is not None else None
        except ValueError:
            log.warning("ignoring a damaged cache entry %s", key)
            return None

    def _bytes(self, name: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            return (self.folder / name).read_bytes()
        except OSError:
            return None

    def _write(self, name: str, data: bytes) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{name}.{os.getpid()}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, self.folder / name)
        except OSError as exc:  # a cache that cannot be written only costs time
            log.warning("cannot write the artifact cache at %s: %s", self.folder, exc)
