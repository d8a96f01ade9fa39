"""Where the inputs of a build live, and loading them with clear errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ciskg.errors import InputError, ReportFormatError
from ciskg.rdfio import read_graph
from ciskg.report import Report, parse_report


@dataclass(frozen=True)
class Project:
    """The project's fixed inputs, relative to its root directory."""

    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "ciskg.ttl"

    @property
    def reference_dir(self) -> Path:
        return self.root / "data" / "reference"

    @property
    def reports_dir(self) -> Path:
        return self.root / "data" / "reports"

    @property
    def rules_dir(self) -> Path:
        return self.root / "queries" / "rules"

    @property
    def checks_dir(self) -> Path:
        return self.root / "queries" / "checks"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes" / "ciskg.shacl.ttl"

    def check(self) -> None:
        if not self.ontology.is_file():
            raise InputError(
                "no ontology here: run ciskg from the project directory or pass --project",
                path=str(self.ontology),
            )


def report_files(paths: list[Path], default_dir: Path) -> list[Path]:
    """The report files to build: the given files and folders, or every report in the default."""
    found: list[Path] = []
    for path in paths or [default_dir]:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in (".txt", ".md")))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError("no such report file or folder", path=str(path))
    if not found:
        raise InputError("no report files (*.txt, *.md) found", path=str(paths or default_dir))
    return found


def read_report_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(exc.strerror or "cannot read", path=str(path)) from exc


def parse_report_bytes(data: bytes, path: Path) -> Report:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReportFormatError(f"not UTF-8 text (byte {exc.start})", path=str(path)) from exc
    return parse_report(text, path.name)


def read_report(path: Path) -> Report:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ReportFormatError(f"not UTF-8 text (byte {exc.start})", path=str(path)) from exc
    except OSError as exc:
        raise InputError(exc.strerror or "cannot read", path=str(path)) from exc
    return parse_report(text, path.name)


def read_rdf_dir(directory: Path) -> Graph:
    """The union of every Turtle file in a directory, read in name order."""
    graph = Graph()
    files = sorted(directory.glob("*.ttl"))
    if not files:
        raise InputError("no Turtle files", path=str(directory))
    for f in files:
        read_graph(f, into=graph)
    return graph
