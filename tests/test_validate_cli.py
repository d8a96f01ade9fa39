"""`ciskg validate`: exit 0 when the data conforms, 1 on a Violation, 2 on unreadable input;
every RDF syntax the command promises; the three output formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from typer.testing import CliRunner

from ciskg.cli import _register, app

ROOT = Path(__file__).resolve().parents[1]

PREFIXES = """\
@prefix cis: <https://w3id.org/ciskg/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix state: <https://w3id.org/ciskg/id/state/> .
@prefix instrument: <https://w3id.org/ciskg/id/instrument/> .
@prefix participation: <https://w3id.org/ciskg/id/participation/> .
"""
GOOD = (
    PREFIXES
    + """
state:xyz a cis:State ; rdfs:label "Xyzland"@en ;
    cis:iso3166Alpha2 "XY" ; cis:iso3166Alpha3 "XYZ" ; cis:iso3166Numeric "999" .
instrument:test-convention-2001 a cis:Convention ; rdfs:label "Test Convention"@en ;
    cis:adoptionDate "2001-05-01"^^xsd:date ; dcterms:source <https://example.org/c> .
participation:xyz-test-convention-2001-accession a cis:TreatyAction ;
    rdfs:label "Xyzland: accession to the Test Convention"@en ;
    cis:state state:xyz ; cis:instrument instrument:test-convention-2001 ;
    cis:actionType cis:accession ; cis:date "2003-02-01"^^xsd:date ;
    dcterms:source <https://example.org/record> .
"""
)
# the same, but the treaty action has no date
VIOLATING = GOOD.replace(
    '    cis:actionType cis:accession ; cis:date "2003-02-01"^^xsd:date ;\n', ""
)
# the same, but the treaty action is dated before the convention was adopted
WARNING = GOOD.replace('cis:date "2003-02-01"', 'cis:date "1999-02-01"')


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ciskg", "validate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    _register()
    return CliRunner()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_syntax_error_exits_2_with_file_and_line(tmp_path):
    bad = write(tmp_path, "broken.ttl", GOOD + 'state:xyz rdfs:comment "never closed .\n')
    result = cli(str(bad))
    assert result.returncode == 2, result.stderr
    line = len(GOOD.splitlines()) + 1
    assert result.stderr.startswith(f"error: {bad}:{line}:"), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_violation_exits_1_and_says_what_and_where(tmp_path):
    result = cli(str(write(tmp_path, "violating.ttl", VIOLATING)))
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("does NOT conform: 2 violation(s)")
    assert "VIOLATION cissh:TreatyActionShape" in result.stdout
    assert "  id:participation/xyz-test-convention-2001-accession" in result.stdout
    assert "- cis:actionType: A treaty action needs exactly one cis:actionType" in result.stdout
    assert "- cis:date: A treaty action needs exactly one cis:date, an xsd:date." in result.stdout


def test_conforming_data_exits_0_and_lists_its_warnings(tmp_path):
    result = cli(str(write(tmp_path, "anomaly.ttl", WARNING)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("conforms: 0 violation(s), 1 warning(s)")
    assert "before its instrument was adopted (2001-05-01)" in result.stdout


def test_unknown_extension_and_missing_file_exit_2(tmp_path):
    odd = write(tmp_path, "data.txt", GOOD)
    result = cli(str(odd))
    assert result.returncode == 2
    assert "unknown RDF file extension" in result.stderr
    result = cli(str(tmp_path / "nope.ttl"))
    assert result.returncode == 2
    assert "nope.ttl" in result.stderr


def test_bad_shapes_exit_2(tmp_path):
    data = write(tmp_path, "good.ttl", GOOD)
    shapes = write(tmp_path, "shapes.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n[] sh:x")
    result = cli(str(data), "--shapes", str(shapes))
    assert result.returncode == 2
    assert f"{shapes}:2" in result.stderr


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld", "xml", "trig"])
def test_every_rdf_syntax_is_read(runner, tmp_path, fmt):
    suffix = {"turtle": "ttl", "nt": "nt", "json-ld": "jsonld", "xml": "rdf", "trig": "trig"}[fmt]
    graph = Graph().parse(data=VIOLATING, format="turtle")
    path = tmp_path / f"violating.{suffix}"
    graph.serialize(path, format=fmt, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--project", str(ROOT)])
    assert result.exit_code == 1, result.output
    assert "cis:date: A treaty action needs exactly one cis:date" in result.output


def test_json_and_turtle_reports(runner, tmp_path):
    path = write(tmp_path, "violating.ttl", VIOLATING)
    result = runner.invoke(app, ["validate", str(path), "--format", "json", "--project", str(ROOT)])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["conforms"] is False and doc["counts"]["violations"] == 2
    paths = {r["path"]["value"] for r in doc["results"] if r["severity"] == "Violation"}
    assert paths == {"https://w3id.org/ciskg/def#actionType", "https://w3id.org/ciskg/def#date"}
    result = runner.invoke(
        app, ["validate", str(path), "--format", "turtle", "--project", str(ROOT)]
    )
    assert result.exit_code == 1
    report = Graph().parse(data=result.output, format="turtle")
    sh = "http://www.w3.org/ns/shacl#"
    conforms = report.value(predicate=RDF.type, object=URIRef(sh + "ValidationReport"))
    assert conforms is not None
    assert str(report.value(conforms, URIRef(sh + "conforms"))) == "false"
    assert len(list(report.objects(conforms, URIRef(sh + "result")))) == 2


def test_the_built_graph_and_store_validate(runner, built):
    result = runner.invoke(app, ["validate", str(built.dump), "--project", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("conforms: 0 violation(s)")
    assert "subregional-meeting-1994-10-st-petersburg" in result.output
    assert "read in: A/60/item-42/2005-08-19, para. 46" in result.output
    store = built.dump.parent.parent / "store"
    result = runner.invoke(app, ["validate", "--store", str(store), "--project", str(ROOT)])
    assert result.exit_code == 0, result.output


def test_rdf_xml_external_entities_are_never_read(tmp_path):
    secret = write(tmp_path, "secret.txt", "TOP-SECRET-CONTENT")
    xml = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY leak SYSTEM "file://{secret}"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="https://w3id.org/ciskg/id/place/nowhere">
    <rdfs:comment>&leak;</rdfs:comment>
  </rdf:Description>
</rdf:RDF>
"""
    result = cli(str(write(tmp_path, "entity.rdf", xml)), "--format", "json")
    assert "TOP-SECRET-CONTENT" not in result.stdout + result.stderr
    assert result.returncode in (0, 2), result.stderr
