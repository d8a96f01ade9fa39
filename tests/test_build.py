"""The build on the real report: dump, store, determinism, atomicity, mentions."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ciskg.errors import InputError, RDFSyntaxError, ReportFormatError
from ciskg.pipeline import build

ID = "https://w3id.org/ciskg/id/"


def test_dump_and_store_hold_the_same_quads(built, store):
    assert built.dump.exists()
    assert built.store_quads == len(store) > 5000


def test_named_graphs(sparql):
    graphs = {r["g"] for r in sparql("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert graphs == {
        "https://w3id.org/ciskg/graph/ontology",
        "https://w3id.org/ciskg/graph/reference",
        "https://w3id.org/ciskg/graph/report/a-60-item-42-2005-08-19",
    } | ({"https://w3id.org/ciskg/graph/inferred"} & graphs)


def test_iom_is_mentioned_in_the_paragraphs_cq8_lists(sparql):
    rows = sparql(
        f"""SELECT ?key WHERE {{ ?p cis:mentions <{ID}org/iom> .
            OPTIONAL {{ ?p cis:paragraphNumber ?n }}
            BIND(COALESCE(STR(?n), "summary") AS ?key) }}"""
    )
    keys = {r["key"] for r in rows}
    assert keys == {"summary", "2", "5", "7", "9", "32", "44", "47", "51", "53", "57", "60"}


def test_mentions_carry_offsets_into_their_paragraph(sparql):
    rows = sparql(
        """SELECT ?text ?start ?end ?anchor WHERE { ?m a cis:Mention ; cis:inParagraph ?p ;
           cis:start ?start ; cis:end ?end ; cis:anchorText ?anchor . ?p cis:text ?text }"""
    )
    assert len(rows) > 250
    for r in rows:
        assert r["text"][int(r["start"]) : int(r["end"])] == r["anchor"]


def test_coordinated_names_share_their_head(sparql):
    rows = sparql(
        f"""SELECT ?n WHERE {{ ?p cis:mentions <{ID}process/bali-process> ;
                                  cis:paragraphNumber ?n }}"""
    )
    assert [r["n"] for r in rows] == ["49"]


def test_two_builds_give_identical_dumps(project, built, tmp_path):
    again = build(project, [], tmp_path / "out", None)
    assert again.dump.read_bytes() == built.dump.read_bytes()


def test_paragraph_iris_are_stable(sparql):
    rows = sparql("SELECT ?p WHERE { ?p cis:paragraphNumber 16 }")
    assert rows == [{"p": f"{ID}doc/a-60-item-42-2005-08-19/para/16"}]


def _copy_project(project, tmp_path):
    root = tmp_path / "proj"
    for part in ("ontology", "data/reference", "data/reports"):
        shutil.copytree(project.root / part, root / part)
    return root


def test_bad_turtle_in_reference_fails_with_file_and_line(project, tmp_path):
    from ciskg.sources import Project

    root = _copy_project(project, tmp_path)
    bad = root / "data" / "reference" / "zz-broken.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open\n')
    with pytest.raises(RDFSyntaxError, match=r"zz-broken\.ttl:3"):
        build(Project(root), [], tmp_path / "out", None)


def test_failed_build_keeps_the_previous_dump_and_store(project, tmp_path):
    from ciskg.sources import Project
    from ciskg.store import open_store

    out, store_dir = tmp_path / "out", tmp_path / "store"
    good = build(project, [], out, store_dir)
    before = good.dump.read_bytes()
    root = _copy_project(project, tmp_path)
    truncated = root / "data" / "reports" / "000_60db2d823c7e5056.txt"
    text = truncated.read_text()
    truncated.write_text(text[: text.index("45. The intergovernmental") + 200])
    with pytest.raises(ReportFormatError, match="truncated"):
        build(Project(root), [], out, store_dir)
    assert (out / "dataset.trig").read_bytes() == before
    assert len(open_store(store_dir)) == good.store_quads


def test_missing_report_is_an_input_error(project, tmp_path):
    with pytest.raises(InputError, match="no such report"):
        build(project, [tmp_path / "nope.txt"], tmp_path / "out", None)


def _cli(*args: str, cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ciskg", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_cli_reports_one_clear_line_on_a_broken_report(project, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text("1. A paragraph that stops in the middle of")
    result = _cli(
        "build", str(broken), "--out", str(tmp_path / "o"), "--no-store", cwd=project.root
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: broken.txt:1: paragraph 1 ends mid-sentence ('…ph that stops in the middle of'): "
        "the report looks truncated"
    ]
    assert "Traceback" not in result.stderr


def test_cli_export_formats(project, built, tmp_path):
    store_dir = built.dump.parent.parent / "store"
    for fmt in ("ttl", "nt", "jsonld", "trig"):
        result = subprocess.run(
            [sys.executable, "-m", "ciskg", "export", "--format", fmt, "--store", str(store_dir)],
            capture_output=True,
            timeout=120,
            check=True,
        )
        assert len(result.stdout) > 10_000, fmt
    import pyoxigraph as ox

    nt = subprocess.run(
        [sys.executable, "-m", "ciskg", "export", "-F", "nt", "--store", str(store_dir)],
        capture_output=True,
        timeout=120,
        check=True,
    ).stdout
    assert len(list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))) > 5000


SECOND = Path(__file__).parent / "data" / "second_report.txt"


def test_a_corpus_gives_each_report_its_graph(project, tmp_path):
    result = build(project, [project.reports_dir, SECOND], tmp_path / "out", None)
    assert {r.slug for r in result.reports} == {"a-60-item-42-2005-08-19", "a-62-999"}
    graphs = result.graph_names
    assert "https://w3id.org/ciskg/graph/report/a-62-999" in graphs
    assert "https://w3id.org/ciskg/graph/report/a-60-item-42-2005-08-19" in graphs


def test_an_unchanged_report_is_not_read_again(project, tmp_path):
    cache = tmp_path / "cache"
    first = build(project, [SECOND], tmp_path / "a", None, cache)
    again = build(project, [SECOND], tmp_path / "b", None, cache)
    assert again.dump.read_bytes() == first.dump.read_bytes()
    assert len(list(cache.glob("*.nq"))) == 2  # one report artifact, one batch artifact
    changed = tmp_path / "changed.txt"
    changed.write_text(SECOND.read_text().replace("Dushanbe", "Khujand"))
    third = build(project, [changed], tmp_path / "c", None, cache)
    assert b"khujand" in third.quads and len(list(cache.glob("*.nq"))) == 4
