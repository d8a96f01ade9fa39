"""Benchmark: SHACL validation of the built graph — pyshacl (as ciskg runs it, and as it comes)
against Apache Jena's SHACL engine, on the same data and the same shapes.

    .venv/bin/python bench/shacl.py [--runs 5] [--skip-plain] [--dataset build/dataset.trig]

Needs Java and Jena (Debian's package; `javac` too for the warm, in-JVM numbers):

    apt-get update && apt-get install -y libapache-jena-java default-jdk-headless

The data is the union of the built dataset's named graphs (ontology, reference, reports,
`inferred`), written once as N-Triples for Jena. Measured:

- `ciskg`        ciskg.validate.validate: pyshacl on a graph that keeps parsed SPARQL queries
                 (the build's path); best of --runs, in-process.
- `pyshacl`      pyshacl.validate as it comes on a plain rdflib Graph (it parses the text of a
                 SPARQL constraint again for every focus node); one run (--skip-plain skips it).
- `jena-cli`     `shacl validate` of jena-cmds: a fresh JVM that parses both files and validates
                 (what a user of the command sees); best of --runs.
- `jena-warm`    ShaclValidator in one JVM after a first run (JIT warm), parse excluded; best of
                 --runs. Compiled with javac at run time; skipped without a JDK.

Every engine's result counts (violations / warnings / infos) are printed so that the times are
of the same work. Debian's jena-core 4.5.0 ships the Xerces message bundles under the
unrelocated package name; a copy under the relocated one is put on the class path (otherwise
every run dies with "internal error" in XSSimpleTypeDecl). Not run by CI.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pyshacl  # noqa: E402
from rdflib import Graph  # noqa: E402
from rdflib.namespace import RDF, SH  # noqa: E402

from ciskg.rdfio import read_dataset, read_graph  # noqa: E402
from ciskg.validate import union_graph, validate  # noqa: E402

JAVA_DIR = Path("/usr/share/java")
# The jars of libapache-jena-java and of the packages it depends on (unversioned names).
JARS = """jena-arq jena-base jena-cmds jena-core jena-iri jena-shacl jena-shex jena-dboe-base
jena-dboe-index jena-dboe-storage jena-dboe-trans-data jena-dboe-transaction jena-tdb jena-tdb2
jena-rdfconnection commons-cli commons-codec commons-compress commons-csv commons-io
commons-lang3 commons-logging dexx.collection gson guava httpclient httpcore jackson-core
jackson-databind jackson-annotations jsonld-java jakarta.json-api protobuf thrift
titanium-json-ld slf4j-api slf4j-nop""".split()
JAVA_TIMEOUT_S = 600

JENA_WARM = """
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;

public class JenaShaclBench {
    public static void main(String[] args) {
        Graph shapesGraph = RDFDataMgr.loadGraph(args[0]);
        Graph data = RDFDataMgr.loadGraph(args[1]);
        int runs = Integer.parseInt(args[2]);
        Shapes shapes = Shapes.parse(shapesGraph);
        for (int i = 0; i <= runs; i++) {
            long start = System.nanoTime();
            ValidationReport report = ShaclValidator.get().validate(shapes, data);
            double seconds = (System.nanoTime() - start) / 1e9;
            int violations = 0, warnings = 0, infos = 0;
            for (ReportEntry e : report.getEntries()) {
                String level = e.severity().level().getURI();
                if (level.endsWith("Violation")) violations++;
                else if (level.endsWith("Warning")) warnings++;
                else infos++;
            }
            System.out.println((i == 0 ? "first " : "run ") + seconds + " "
                + violations + " " + warnings + " " + infos);
        }
    }
}
"""


def classpath(tmp: Path) -> str:
    jars = [JAVA_DIR / f"{name}.jar" for name in JARS]
    missing = [j.name for j in jars if not j.exists()]
    if missing:
        raise SystemExit(f"missing jars {missing}: apt-get install -y libapache-jena-java")
    shim = tmp / "xerces-messages"
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                out = shim / name.removeprefix("org/apache/jena/ext/")
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(jar.read(name))
    return ":".join([str(shim), *map(str, jars)])


def counts_of(results: Graph) -> tuple[int, int, int]:
    severities = [
        results.value(r, SH.resultSeverity)
        for report in results.subjects(RDF.type, SH.ValidationReport)
        for r in results.objects(report, SH.result)
    ]
    return tuple(severities.count(s) for s in (SH.Violation, SH.Warning, SH.Info))  # type: ignore[return-value]


def jena_cli(cp: str, shapes: Path, data: Path, runs: int) -> tuple[float, tuple[int, int, int]]:
    best = float("inf")
    out = ""
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(
            ["java", "-cp", cp, "shacl.shacl", "validate", "--shapes", str(shapes),
             "--data", str(data)],
            capture_output=True, text=True, check=True, timeout=JAVA_TIMEOUT_S,
        ).stdout  # fmt: skip
        best = min(best, time.perf_counter() - start)
    return best, counts_of(Graph().parse(data=out, format="turtle"))


def jena_warm(
    cp: str, tmp: Path, shapes: Path, data: Path, runs: int
) -> tuple[float, float, tuple[int, ...]] | None:
    if shutil.which("javac") is None:
        return None
    (tmp / "JenaShaclBench.java").write_text(JENA_WARM, encoding="utf-8")
    subprocess.run(
        ["javac", "-nowarn", "-cp", cp, "-d", str(tmp), str(tmp / "JenaShaclBench.java")],
        check=True, capture_output=True, timeout=JAVA_TIMEOUT_S,
    )  # fmt: skip
    out = subprocess.run(
        ["java", "-cp", f"{tmp}:{cp}", "JenaShaclBench", str(shapes), str(data), str(runs)],
        capture_output=True, text=True, check=True, timeout=JAVA_TIMEOUT_S,
    ).stdout  # fmt: skip
    first, times, counts = 0.0, [], (0, 0, 0)
    for line in out.splitlines():
        kind, seconds, *numbers = line.split()
        counts = tuple(int(n) for n in numbers)
        if kind == "first":
            first = float(seconds)
        else:
            times.append(float(seconds))
    return first, min(times), counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-plain", action="store_true", help="skip pyshacl as it comes")
    parser.add_argument("--dataset", type=Path, default=ROOT / "build" / "dataset.trig")
    args = parser.parse_args()
    if not args.dataset.exists():
        raise SystemExit(f"no {args.dataset}: run `.venv/bin/python -m ciskg build` first")
    dataset = read_dataset(args.dataset)
    shapes_path = ROOT / "shapes" / "ciskg.shacl.ttl"
    shapes = read_graph(shapes_path)
    union = union_graph(dataset)
    print(f"data: {len(union)} triples (union of {args.dataset.name}); shapes: {shapes_path.name}")

    rows: dict[str, tuple[float, tuple[int, ...]]] = {}
    best = float("inf")
    counts: tuple[int, ...] = ()
    for _ in range(args.runs):
        report = validate(union, shapes)
        best = min(best, report.seconds)
        counts = (len(report.violations), len(report.warnings), len(report.infos))
    rows["ciskg (pyshacl, parsed queries kept)"] = (best, counts)

    if not args.skip_plain:
        plain = Graph()
        for triple in union:
            plain.add(triple)
        start = time.perf_counter()
        _, results, _ = pyshacl.validate(
            plain, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True
        )
        rows["pyshacl as it comes"] = (time.perf_counter() - start, counts_of(results))

    with tempfile.TemporaryDirectory(prefix="ciskg-bench-shacl-") as name:
        tmp = Path(name)
        data_path = tmp / "data.nt"
        union.serialize(data_path, format="nt", encoding="utf-8")
        cp = classpath(tmp)
        seconds, jena_counts = jena_cli(cp, shapes_path, data_path, args.runs)
        rows["jena-cli (JVM start, parse, validate)"] = (seconds, jena_counts)
        warm = jena_warm(cp, tmp, shapes_path, data_path, args.runs)
        if warm is not None:
            first, seconds, warm_counts = warm
            rows["jena (in one JVM, first run)"] = (first, warm_counts)
            rows["jena (in one JVM, warm)"] = (seconds, warm_counts)
        else:
            print(
                "no javac: the warm Jena numbers are skipped (apt-get install default-jdk-headless)"
            )

    print(f"\n{'engine':42} {'seconds':>8}   violations/warnings/infos")
    for engine, (seconds, found) in rows.items():
        print(f"{engine:42} {seconds:8.3f}   {'/'.join(map(str, found))}")
    ours = rows["ciskg (pyshacl, parsed queries kept)"][0]
    print("\nratio of times, peer / ciskg (above 1: ciskg is faster):")
    for engine, (seconds, _) in rows.items():
        if not engine.startswith("ciskg"):
            print(f"  {engine:42} {seconds / ours:6.2f}")


if __name__ == "__main__":
    main()
