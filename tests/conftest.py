"""Shared fixtures: the real report, and the dataset built from it once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data" / "reports" / "000_60db2d823c7e5056.txt"


@pytest.fixture(scope="session")
def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def report(report_text: str):
    from ciskg.report import parse_report

    return parse_report(report_text, REPORT.name)


@pytest.fixture(scope="session")
def project():
    from ciskg.sources import Project

    return Project(ROOT)


@pytest.fixture(scope="session")
def built(project, tmp_path_factory):
    """One full build of the project's reports into a temporary dump and store."""
    from ciskg.pipeline import build

    out = tmp_path_factory.mktemp("build")
    return build(project, [], out / "build", out / "store")


@pytest.fixture(scope="session")
def store(built):
    from ciskg.store import open_store

    return open_store(built.dump.parent.parent / "store")


@pytest.fixture(scope="session")
def sparql(store):
    """Run a SELECT on the built store (union default graph); rows as dicts of strings."""
    from ciskg.namespaces import sparql_prologue

    def run(query: str) -> list[dict[str, str]]:
        result = store.query(sparql_prologue() + query, use_default_graph_as_union=True)
        names = [v.value for v in result.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in result]

    return run


@pytest.fixture(scope="session")
def named(store):
    """Run a named query of `queries/` on the built store, parameters bound as IRIs."""
    import pyoxigraph as ox

    def run(name: str, **params: str) -> list[dict[str, str]]:
        text = next((ROOT / "queries").glob(f"{name}*.rq")).read_text(encoding="utf-8")
        substitutions = {ox.Variable(k): ox.NamedNode(v) for k, v in params.items()}
        result = store.query(text, use_default_graph_as_union=True, substitutions=substitutions)
        names = [v.value for v in result.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in result]

    return run
