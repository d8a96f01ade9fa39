"""Hostile RDF given to `ciskg validate`: nothing read from elsewhere, bounded time and memory.

Extends tests/test_validate_cli.py (one RDF/XML external entity): more ways to name a
local file (element, attribute, parameter entity, PUBLIC), entity-expansion bombs,
JSON-LD remote contexts, and a 100 MB input from a file and from a pipe. Every run is a
real `ciskg validate` process under an address-space limit, so that a regression fails
here in seconds instead of eating the machine (the billion-laughs document below took
38 s and 11.8 GB before `ciskg.xml_entities` existed).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from harness import ROOT, Trap

MEMORY_LIMIT = 2 << 30  # address space of the child: ample for validate, small for a bomb
TIME_LIMIT_S = 60
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
HEAD = '<?xml version="1.0"?>\n'


def validate(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "ciskg", "validate", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT_S,
        preexec_fn=limit,
        check=False,
    )
    return done, time.monotonic() - started


def rdfxml(doctype: str, body: str) -> str:
    return (
        f"{HEAD}<!DOCTYPE rdf:RDF [\n{doctype}\n]>\n"
        f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="http://example.org/">\n{body}\n</rdf:RDF>\n'
    )


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(f"CANARY-{uuid.uuid4()}\n")
    return path


def external_entities(secret: Path) -> dict[str, str]:
    about = 'rdf:about="http://example.org/a"'
    return {
        "element": rdfxml(
            f'<!ENTITY leak SYSTEM "file://{secret}">',
            f"<rdf:Description {about}><ex:p>&leak;</ex:p></rdf:Description>",
        ),
        "passwd": rdfxml(
            '<!ENTITY pw SYSTEM "file:///etc/passwd">',
            f"<rdf:Description {about}><ex:p>&pw;</ex:p></rdf:Description>",
        ),
        "attribute": rdfxml(
            f'<!ENTITY leak SYSTEM "file://{secret}">',
            '<rdf:Description rdf:about="http://example.org/&leak;"><ex:p>x</ex:p>'
            "</rdf:Description>",
        ),
        "public": rdfxml(
            f'<!ENTITY leak PUBLIC "-//x//y" "file://{secret}">',
            f"<rdf:Description {about}><ex:p>&leak;</ex:p></rdf:Description>",
        ),
        "parameter": rdfxml(
            f'<!ENTITY % leak SYSTEM "file://{secret}">\n%leak;',
            f"<rdf:Description {about}><ex:p>x</ex:p></rdf:Description>",
        ),
        "relative": rdfxml(
            f'<!ENTITY leak SYSTEM "{secret.name}">',
            f"<rdf:Description {about}><ex:p>&leak;</ex:p></rdf:Description>",
        ),
    }


KINDS = ["element", "passwd", "attribute", "public", "parameter", "relative"]


@pytest.mark.parametrize("how", KINDS)
def test_external_entities_are_refused_by_the_reader(tmp_path: Path, secret: Path, how: str):
    """Every way to name a local file, through the function every command reads RDF with."""
    from ciskg.errors import RDFSyntaxError
    from ciskg.rdfio import read_quads

    path = tmp_path / f"{how}.rdf"
    path.write_text(external_entities(secret)[how])
    with pytest.raises(RDFSyntaxError, match="entit") as refused:
        read_quads(path)
    assert secret.read_text().strip() not in str(refused.value)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_local_file_appears_in_any_output_of_validate(tmp_path: Path, secret: Path, fmt):
    path = tmp_path / "leak.rdf"
    path.write_text(external_entities(secret)["passwd"].replace("/etc/passwd", str(secret)))
    done, _ = validate(str(path), "--format", fmt)
    out = done.stdout + done.stderr
    assert secret.read_text().strip() not in out and "root:x:0:0" not in out
    assert done.returncode == 2
    assert "external entity 'pw' is not allowed" in one_error_line(done)


def billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    body = '<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description>'
    return rdfxml("\n".join(entities), body)


def quadratic_blowup() -> str:
    """No nesting at all: one 200 kB entity, referenced 5,000 times (1 GB)."""
    refs = "&big;" * 5000
    body = (
        f'<rdf:Description rdf:about="http://example.org/a"><ex:p>{refs}</ex:p></rdf:Description>'
    )
    return rdfxml(f'<!ENTITY big "{"x" * 200_000}">', body)


@pytest.mark.parametrize("bomb", [billion_laughs, quadratic_blowup], ids=lambda f: f.__name__)
def test_entity_expansion_bombs_are_refused_at_once(tmp_path: Path, bomb) -> None:
    path = tmp_path / "bomb.rdf"
    path.write_text(bomb())
    done, seconds = validate(str(path))
    assert done.returncode == 2, done.stderr[-500:]
    assert "expand to more than" in one_error_line(done)
    assert seconds < 15


def test_entities_as_ontology_editors_write_them_still_work(tmp_path: Path) -> None:
    from ciskg.rdfio import read_quads

    doc = rdfxml(
        '<!ENTITY ex "http://example.org/">\n'
        '<!ENTITY rdfs "http://www.w3.org/2000/01/rdf-schema#">',
        '<rdf:Description rdf:about="&ex;thing"><rdf:type rdf:resource="&rdfs;Resource"/>'
        "<ex:label>a &amp; b</ex:label></rdf:Description>",
    )
    path = tmp_path / "editor.rdf"
    path.write_text(doc)
    quads = read_quads(path)
    assert {(q.subject.value, q.object.value) for q in quads} == {
        ("http://example.org/thing", "http://www.w3.org/2000/01/rdf-schema#Resource"),
        ("http://example.org/thing", "a & b"),
    }


def test_jsonld_remote_contexts_are_never_fetched(tmp_path: Path, secret: Path) -> None:
    from ciskg.errors import RDFSyntaxError
    from ciskg.rdfio import read_quads

    trap = Trap()
    try:
        for n, context in enumerate(
            [
                trap.url + "context.jsonld",
                [f"file://{secret}"],
                {"@import": trap.url + "import.jsonld"},
            ]
        ):
            path = tmp_path / f"remote-{n}.jsonld"
            path.write_text(json.dumps({"@context": context, "@id": "http://example.org/a"}))
            with pytest.raises(RDFSyntaxError) as refused:
                read_quads(path)
            assert secret.read_text().strip() not in str(refused.value)
        time.sleep(0.2)
        assert trap.connections() == 0
    finally:
        trap.close()


LINE = b'<http://example.org/s> <http://www.w3.org/2000/01/rdf-schema#label> "%d"@en .\n'
HUNDRED_MB = 100 * 1024 * 1024


def test_a_100_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.nt"
    block = b"".join(LINE % i for i in range(10_000))
    with path.open("wb") as out:
        while out.tell() < HUNDRED_MB:
            out.write(block)
    done, seconds = validate(str(path))
    assert done.returncode == 2
    assert "more than --max-bytes" in one_error_line(done)
    assert seconds < 15


def test_a_100_mb_stream_is_read_no_further_than_the_limit(tmp_path: Path) -> None:
    """A name that is a pipe has no size to check: reading itself must stop."""
    fifo = tmp_path / "stream.nt"
    os.mkfifo(fifo)
    written = 0

    def feed() -> None:
        nonlocal written
        block = b"".join(LINE % i for i in range(10_000))
        try:
            with fifo.open("wb") as out:
                while written < HUNDRED_MB:
                    out.write(block)
                    written += len(block)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    done, seconds = validate(str(fifo))
    writer.join(10)
    if writer.is_alive():  # validate never opened the pipe: release the writer
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        writer.join(10)
    assert done.returncode == 2
    assert "larger than" in one_error_line(done)
    assert written < 40 * 1024 * 1024  # 32 MiB read, then the pipe was closed
    assert seconds < 30
