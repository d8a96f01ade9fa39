"""OWL: the ontology with the built data is consistent under HermiT, an inconsistent addition
is caught and explained, and ontology plus data stay in OWL 2 DL."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import RDF, RDFS

from ciskg.consistency import check_consistency, explain_clashes, stated_graph
from ciskg.errors import ValidationFailed
from ciskg.namespaces import CIS, GRAPH_INFERRED, GRAPH_REFERENCE, ID
from ciskg.ontology_profile import check_dl_profile
from ciskg.pipeline import build

ARMENIA = ID["state/arm"]
GENEVA = ID["place/geneva"]


@pytest.fixture(scope="module")
def stated(built):
    return stated_graph(built.dataset)


def test_the_built_graph_is_consistent(stated):
    report = check_consistency(stated)
    assert report.consistent, report.explanation
    assert report.unsatisfiable == []
    assert report.triples == len(stated) > 5000


def test_hermit_reasons_over_the_stated_graphs_only(built, stated):
    inferred = len(built.dataset.graph(GRAPH_INFERRED))
    assert inferred > 0
    assert len(stated) < sum(len(g) for g in built.dataset.graphs())


def test_a_state_that_is_a_document_is_inconsistent_and_explained(stated):
    broken = stated_graph(stated)
    broken.add((ARMENIA, RDF.type, CIS.Document))
    report = check_consistency(broken)
    assert not report.consistent
    assert report.explanation.startswith("HermiT finds the ontology and the data inconsistent")
    assert report.clashes == [
        "id:state/arm is a cis:Actor (as a cis:State: asserted) and a cis:Document (asserted), "
        "which are disjoint"
    ]
    assert "id:state/arm" in report.explanation


def test_a_clash_through_a_property_is_explained_by_its_domain(stated):
    """A place used as the agent of nothing but typed through cis:agent's domain."""
    broken = stated_graph(stated)
    broken.add((GENEVA, CIS.agent, ID["org/unhcr"]))
    clashes = explain_clashes(broken)
    assert clashes == [
        "id:place/geneva is a cis:Place (asserted) and a cis:Statement (subject of cis:agent, "
        "whose domain it is), which are disjoint"
    ]


def test_ontology_and_data_are_in_owl2_dl(stated):
    assert check_dl_profile(stated) == []


def test_an_inconsistent_reference_file_fails_the_build_and_keeps_the_store(
    project, built, tmp_path
):
    from ciskg.sources import Project

    root = tmp_path / "proj"
    for part in ("ontology", "data/reference", "data/reports", "queries", "shapes"):
        shutil.copytree(project.root / part, root / part)
    (root / "data" / "reference" / "zz-wrong.ttl").write_text(
        "@prefix cis: <https://w3id.org/ciskg/def#> .\n"
        "<https://w3id.org/ciskg/id/state/arm> a cis:Document .\n",
        encoding="utf-8",
    )
    out = built.dump.parent
    before = built.dump.read_bytes()
    with pytest.raises(ValidationFailed) as failure:
        build(Project(root), [], out, None)
    message = str(failure.value)
    assert "OWL consistency" in message
    assert "id:state/arm is a cis:Actor" in message
    assert built.dump.read_bytes() == before


def test_the_dataset_type_is_accepted(built):
    """check_consistency takes a Dataset too, and leaves `inferred` out."""
    ds = Dataset()
    ds.graph(GRAPH_REFERENCE).add((ARMENIA, RDF.type, CIS.State))
    ds.graph(GRAPH_REFERENCE).add((ARMENIA, RDFS.label, Literal("Armenia", lang="en")))
    ds.graph(GRAPH_INFERRED).add((ARMENIA, RDF.type, CIS.Document))
    assert len(stated_graph(ds)) == 2
