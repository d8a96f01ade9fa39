"""quality: the build's gate — SHACL shapes, query checks, OWL 2 DL profile, consistency.

`assure` runs after `reason` on the whole dataset. Any SHACL Violation, any check that
returns rows, any OWL 2 DL profile problem or an inconsistency raises `ValidationFailed`
with a readable report; otherwise the Warnings come back to be listed. Nothing is written
here, so a failing build leaves the previous dump and store as they were.

HermiT (a JVM) runs in a thread while pyshacl runs here; the thread mostly waits for the
Java process. Measured on this 2-core machine while other work ran on it: SHACL 1.2-1.5 s,
HermiT 1.2-1.3 s, checks 0.2 s; 2.3-2.9 s in parallel against 2.6-2.8 s one after the other —
the thread gains where a core is free.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from rdflib import Dataset

from ciskg.checks import CheckFailure, run_checks, to_store
from ciskg.consistency import ConsistencyReport, check_consistency, stated_graph
from ciskg.errors import InputError, ValidationFailed
from ciskg.namespaces import GRAPH_ONTOLOGY
from ciskg.ontology_profile import check_dl_profile
from ciskg.rdfio import read_graph
from ciskg.sources import Project
from ciskg.validate import ValidationReport, compact, render_text, validate

log = logging.getLogger(__name__)


@dataclass
class QualityReport:
    validation: ValidationReport
    check_failures: list[CheckFailure] = field(default_factory=list)
    profile_problems: list[str] = field(default_factory=list)
    consistency: ConsistencyReport | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (
            self.validation.conforms
            and not self.check_failures
            and not self.profile_problems
            and (self.consistency is None or self.consistency.consistent)
        )

    @property
    def warnings(self) -> list[str]:
        """One line per SHACL Warning (with the paragraph where the node was read)."""
        lines = []
        for r in self.validation.warnings:
            where = f" [{r.paragraph_label or r.paragraph}]" if r.paragraph is not None else ""
            lines.append(f"{compact(r.focus)}: {r.message}{where}")
        if self.consistency is not None:
            lines += [
                f"{c}: unsatisfiable class (HermiT equates it to owl:Nothing)"
                for c in self.consistency.unsatisfiable
            ]
        return lines

    def explain(self) -> str:
        """Everything that fails, for a person to read."""
        parts = []
        if not self.validation.conforms:
            parts.append(
                "SHACL validation:\n"
                + render_text(self.validation, severities=["Violation"]).rstrip()
            )
        if self.check_failures:
            parts.append(
                "Query checks that returned rows (queries/checks/*-violation.rq):\n"
                + "\n".join(str(f) for f in self.check_failures)
            )
        if self.profile_problems:
            parts.append(
                "OWL 2 DL profile of ontology and data:\n"
                + "\n".join(f"  - {p}" for p in self.profile_problems)
            )
        if self.consistency is not None and not self.consistency.consistent:
            parts.append("OWL consistency:\n" + self.consistency.explanation)
        return "\n\n".join(parts)


def assure(dataset: Dataset, project: Project, *, consistency: bool = True) -> QualityReport:
    """Validate the built dataset; raise ValidationFailed if anything is wrong."""
    if not project.shapes.is_file():
        raise InputError(
            "no SHACL shapes: the build validates against them", path=str(project.shapes)
        )
    shapes = read_graph(project.shapes)
    ontology = dataset.graph(GRAPH_ONTOLOGY)
    timings: dict[str, float] = {}
    stated = stated_graph(dataset)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hermit") as pool:
        hermit = pool.submit(check_consistency, stated) if consistency else None
        validation = validate(dataset, shapes, ontology)
        timings["shacl"] = validation.seconds
        start = time.perf_counter()
        failures = run_checks(to_store(dataset), project.checks_dir)
        profile = check_dl_profile(stated)
        timings["checks"] = round(time.perf_counter() - start, 3)
        report = hermit.result() if hermit is not None else None
    if report is not None:
        timings["consistency"] = report.seconds
    quality = QualityReport(validation, failures, profile, report, timings)
    log.info("quality: ok=%s %s", quality.ok, timings)
    if not quality.ok:
        raise ValidationFailed("the graph does not pass validation\n\n" + quality.explain())
    return quality


__all__ = ["QualityReport", "assure"]
