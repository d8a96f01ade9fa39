"""The build, composed from its stages: parse → mentions → rdfize → dump → load.

Each stage is a function from plain data to plain data; this module only wires them
and decides the order in which outputs are written, so that a failing build leaves
the previous dump and store as they were.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from ciskg.errors import InputError
from ciskg.extract import Extraction, Lexicon, extract
from ciskg.gazetteer import Gazetteer, Mention
from ciskg.namespaces import (
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_REFERENCE,
    PREFIXES,
    report_graph,
)
from ciskg.quality import assure
from ciskg.rdfize import report_triples
from ciskg.rdfize_extract import extraction_triples
from ciskg.reason import read_rules, reason
from ciskg.report import Report
from ciskg.serialize import dataset_trig
from ciskg.sources import Project, read_rdf_dir, read_report, report_files
from ciskg.store import load_store

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    dataset: Dataset
    reports: list[Report]
    timings: dict[str, float] = field(default_factory=dict)
    dump: Path | None = None
    store_quads: int | None = None
    warnings: list[str] = field(default_factory=list)


def find_mentions(report: Report, gazetteer: Gazetteer) -> dict[str, list[Mention]]:
    """Stage: the gazetteer's mentions in every paragraph (and the summary)."""
    return {p.key: gazetteer.mentions(p.text) for p in report.units()}


def analyse(report: Report, lexicon: Lexicon) -> tuple[dict[str, list[Mention]], Extraction]:
    """Stage: the mentions in a report and what it says."""
    mentions = find_mentions(report, lexicon.gazetteer)
    return mentions, extract(report, mentions, lexicon)


def report_graph_of(report: Report, lexicon: Lexicon) -> Graph:
    """Stage: one report's named graph — its document model, mentions and what it says."""
    mentions, extraction = analyse(report, lexicon)
    graph = report_triples(report, mentions, lexicon.kinds)
    graph += extraction_triples(report, extraction, lexicon.labels)
    return graph


def load_lexicon(project: Project) -> Lexicon:
    project.check()
    return Lexicon.from_graphs(
        read_rdf_dir(project.reference_dir), read_rdf_dir(project.ontology.parent)
    )


def assemble(ontology: Graph, reference: Graph, reports: dict[URIRef, Graph]) -> Dataset:
    """Stage: the named graphs of the dataset."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    for name, graph in [(GRAPH_ONTOLOGY, ontology), (GRAPH_REFERENCE, reference), *reports.items()]:
        target = ds.graph(name)
        for triple in graph:
            target.add(triple)
    return ds


def build_dataset(project: Project, report_paths: list[Path]) -> BuildResult:
    """Parse, link and rdfize every report with the reference layer; nothing is written."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 3)
        clock = now

    project.check()
    ontology = read_rdf_dir(project.ontology.parent)
    reference = read_rdf_dir(project.reference_dir)
    lap("load")
    reports = [read_report(p) for p in report_files(report_paths, project.reports_dir)]
    _check_unique(reports)
    lap("parse")
    lexicon = Lexicon.from_graphs(reference, ontology)
    graphs = {report_graph(r.slug): report_graph_of(r, lexicon) for r in reports}
    lap("extract")
    dataset = assemble(ontology, reference, graphs)
    lap("rdfize")
    inferred = reason(dataset, read_rules(project.rules_dir))
    target = dataset.graph(GRAPH_INFERRED)
    for triple in inferred:
        target.add(triple)
    lap("reason")
    quality = assure(dataset, project)  # raises ValidationFailed: nothing is written then
    lap("validate")
    return BuildResult(dataset, reports, timings, warnings=quality.warnings)


def build(
    project: Project, report_paths: list[Path], out_dir: Path, store_dir: Path | None
) -> BuildResult:
    """The whole build. The dump is written, then the store swapped, only once all
    stages have succeeded."""
    result = build_dataset(project, report_paths)
    start = time.perf_counter()
    trig = dataset_trig(result.dataset)
    result.dump = write_atomically(out_dir / "dataset.trig", trig)
    if store_dir is not None:
        result.store_quads = load_store(trig, store_dir)
    result.timings["write"] = round(time.perf_counter() - start, 3)
    return result


def write_atomically(path: Path, data: bytes) -> Path:
    """Write a file so that readers see the old or the new content, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _check_unique(reports: list[Report]) -> None:
    seen: dict[str, str] = {}
    for r in reports:
        if r.slug in seen:
            raise InputError(
                f"same document identifier {r.identifier!r} as {seen[r.slug]}", path=r.source_name
            )
        seen[r.slug] = r.source_name
