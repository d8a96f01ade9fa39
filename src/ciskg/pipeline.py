"""The build, composed from its stages: parse → mentions → extract → rdfize → reason →
validate → merge → dump → load.

Each stage is a function from plain data to plain data; this module only wires them
and decides the order in which outputs are written, so that a failing build leaves
the previous dump and store as they were. Reports are turned into artifacts one at a
time and reasoned over and validated in batches, each cached by what it depends on, so
a corpus builds in bounded memory and an unchanged report is not read again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from ciskg import leftovers
from ciskg.artifacts import (
    ArtifactCache,
    BatchArtifact,
    ReportArtifact,
    code_fingerprint,
    digest,
    files_fingerprint,
    graph_nquads,
)
from ciskg.errors import InputError, StoreError
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
from ciskg.rdfio import read_nquads_dataset, read_nquads_graph
from ciskg.rdfize import report_triples
from ciskg.rdfize_extract import extraction_triples
from ciskg.reason import Rule, apply_rules, read_rules, reason
from ciskg.report import Report
from ciskg.serialize import canonical, nquads_to_trig
from ciskg.sources import (
    Project,
    parse_report_bytes,
    read_rdf_dir,
    read_report_bytes,
    report_files,
)
from ciskg.store import stage_into

log = logging.getLogger(__name__)


BATCH_SIZE = 25  # reports reasoned over and validated together (bounded memory, fewer JVM starts)


@dataclass(frozen=True)
class Context:
    """What every report of a build shares."""

    project: Project
    ontology: Graph
    reference: Graph
    lexicon: Lexicon
    rules: list[Rule]
    base: bytes  # N-Quads of the ontology and reference graphs
    base_inferred: bytes  # what follows from them alone
    base_closure: frozenset[tuple]
    fingerprint: str  # code and shared inputs: part of every cache key


@dataclass
class BuildResult:
    quads: bytes  # the whole dataset as sorted N-Quads
    reports: list[ReportArtifact]
    timings: dict[str, float] = field(default_factory=dict)
    dump: Path | None = None
    store_quads: int | None = None
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def dataset(self) -> Dataset:
        """The dataset as rdflib objects (for small builds and tests)."""
        return read_nquads_dataset(self.quads)

    @property
    def quad_count(self) -> int:
        return self.quads.count(b"\n")

    @property
    def graph_names(self) -> set[str]:
        return {
            _graph_first(line)[0].decode().strip("<>") for line in self.quads.splitlines() if line
        }


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


def build_dataset(
    project: Project, report_paths: list[Path], cache_dir: Path | None = None
) -> BuildResult:
    """Every stage but writing: reports to artifacts (cached), batches to inferences and
    validation (cached), rules across the corpus, and the merged, sorted dataset."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(timings.get(stage, 0) + now - clock, 3)
        clock = now

    context = load_context(project)
    cache = ArtifactCache(cache_dir)
    lap("load")
    artifacts = [
        report_artifact(path, context, cache)
        for path in report_files(report_paths, project.reports_dir)
    ]
    _check_unique(artifacts)
    lap("extract")
    warnings: list[str] = []
    inferred: list[bytes] = [context.base_inferred]
    for start in range(0, len(artifacts), BATCH_SIZE):
        batch = batch_artifact(artifacts[start : start + BATCH_SIZE], context, cache)
        inferred.append(batch.inferred)
        warnings.extend(batch.warnings)
    lap("reason+validate")
    stated = [context.base, *(a.quads for a in artifacts)]
    corpus_rules = [r for r in context.rules if r.scope == "corpus"]
    inferred.append(corpus_inferences(stated, inferred, corpus_rules))
    quads = merge_nquads([*stated, *inferred])
    lap("merge")
    return BuildResult(quads, artifacts, timings, warnings=warnings)


def load_context(project: Project) -> Context:
    """The shared inputs of a build: ontology, reference layer, rules, and their digest."""
    project.check()
    ontology = read_rdf_dir(project.ontology.parent)
    reference = read_rdf_dir(project.reference_dir)
    rules = read_rules(project.rules_dir)
    inputs = [
        *project.ontology.parent.glob("*.ttl"),
        *project.reference_dir.glob("*.ttl"),
        *project.rules_dir.glob("*.rq"),
        *project.checks_dir.glob("*.rq"),
        *([project.shapes] if project.shapes.is_file() else []),
    ]
    base = merge_nquads(
        [
            graph_nquads(canonical(ontology), str(GRAPH_ONTOLOGY)),
            graph_nquads(reference, str(GRAPH_REFERENCE)),
        ]
    )
    base_closure = reason(assemble(ontology, reference, {}), rules)
    return Context(
        project=project,
        ontology=ontology,
        reference=reference,
        lexicon=Lexicon.from_graphs(reference, ontology),
        rules=rules,
        base=base,
        base_inferred=graph_nquads(base_closure, str(GRAPH_INFERRED)),
        base_closure=frozenset(base_closure),
        fingerprint=digest(code_fingerprint(), files_fingerprint(inputs)),
    )


def report_artifact(path: Path, context: Context, cache: ArtifactCache) -> ReportArtifact:
    """Stage: one report file → its named graph; an unchanged report comes from the cache."""
    text = read_report_bytes(path)
    key = digest(context.fingerprint, "report", path.name, text)
    cached = cache.get_report(key)
    if cached is not None:
        return cached
    report = parse_report_bytes(text, path)
    graph = report_graph_of(report, context.lexicon)
    artifact = ReportArtifact(
        report.slug,
        report.identifier,
        report.source_name,
        graph_nquads(graph, str(report_graph(report.slug))),
    )
    cache.put_report(key, artifact)
    return artifact


def batch_artifact(
    reports: list[ReportArtifact], context: Context, cache: ArtifactCache
) -> BatchArtifact:
    """Stage: what follows from a batch of reports with the ontology and reference layer
    (rules and OWL RL closure), validated — shapes, checks, consistency; raises
    ValidationFailed if the batch is wrong. An unchanged batch comes from the cache."""
    key = digest(context.fingerprint, "batch", *(r.quads for r in reports))
    cached = cache.get_batch(key)
    if cached is not None:
        return cached
    graphs = {report_graph(r.slug): read_nquads_graph(r.quads) for r in reports}
    dataset = assemble(context.ontology, context.reference, graphs)
    inferred = reason(dataset, context.rules)
    target = dataset.graph(GRAPH_INFERRED)
    for triple in inferred:
        target.add(triple)
    quality = assure(dataset, context.project)  # raises ValidationFailed: nothing is written
    own = Graph()
    for triple in inferred:
        if triple not in context.base_closure:
            own.add(triple)
    artifact = BatchArtifact(graph_nquads(own, str(GRAPH_INFERRED)), tuple(quality.warnings))
    cache.put_batch(key, artifact)
    return artifact


def corpus_inferences(stated: list[bytes], inferred: list[bytes], rules: list[Rule]) -> bytes:
    """Stage: what the rules conclude across batches (a state in meetings of one process
    reported in different reports), as quads of graph `inferred`."""
    store = ox.Store()
    for part in [*stated, *inferred]:
        if part:
            store.bulk_load(part, format=ox.RdfFormat.N_QUADS)
    graph = Graph()
    for triple in apply_rules(store, rules):
        graph.add(triple)
    return graph_nquads(graph, str(GRAPH_INFERRED))


def merge_nquads(parts: list[bytes]) -> bytes:
    """The union of sorted N-Quads documents, sorted by graph then statement, without
    repeats: the canonical form of the dataset, and what makes dumps byte-identical."""
    lines = {line for part in parts for line in part.splitlines(keepends=True) if line.strip()}
    return b"".join(sorted(lines, key=_graph_first))


def _graph_first(line: bytes) -> tuple[bytes, bytes]:
    return line.rsplit(b" ", 2)[-2], line


def build(
    project: Project,
    report_paths: list[Path],
    out_dir: Path,
    store: str | Path | None,
    cache_dir: Path | None = None,
) -> BuildResult:
    """The whole build. The dump is written, then the store swapped, only once all
    stages have succeeded; the new store is staged before the dump is replaced, so a
    disk that is full or read-only fails the build with both outputs as they were."""
    result = build_dataset(project, report_paths, cache_dir)
    start = time.perf_counter()
    trig = nquads_to_trig(result.quads)
    staged = stage_into(store, trig) if store is not None else None
    try:
        result.dump = write_atomically(out_dir / "dataset.trig", trig)
    except BaseException:
        if staged is not None:
            staged.discard()
        raise
    if staged is not None:
        result.store_quads = staged.commit()
    result.timings["write"] = round(time.perf_counter() - start, 3)
    return result


def write_atomically(path: Path, data: bytes) -> Path:
    """Write a file so that readers see the old or the new content, never a part.

    Raises StoreError (one line: the file and the system's reason) if it cannot be written.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(?P<pid>\d+)\.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for abandoned in leftovers.abandoned(path.parent, pattern):
            leftovers.remove(abandoned)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):  # EROFS even when there is nothing to remove
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
    return path


def _check_unique(reports: list[ReportArtifact]) -> None:
    seen: dict[str, str] = {}
    for r in reports:
        if r.slug in seen:
            raise InputError(
                f"same document identifier {r.identifier!r} as {seen[r.slug]}", path=r.source_name
            )
        seen[r.slug] = r.source_name
