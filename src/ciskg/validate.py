"""validate: SHACL validation of the graph (or of any RDF) against the project's shapes.

One public function, `validate`, that the build and `ciskg validate` both call, and three
renderers of its report (text, Turtle, JSON).

The data is validated as one graph: the union of its named graphs plus the ontology, with
no inference of pyshacl's own — the built dataset's `inferred` graph already holds the OWL
RL closure, and shapes list the subclasses they cover as explicit targets, so a user file
is checked the same way without a closure. (Measured on the built graph: 1.2-1.7 s with no
inference, 2.6 s with inference="rdfs", 5.7 s with "owlrl"; all three find the same results.)

pyshacl parses the text of a SPARQL-based constraint again for every focus node (~30 ms
each with rdflib's parser, 20 s on the built graph); the data graph here is a `Graph`
that keeps parsed queries, which brings validation of the built graph to about a second.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import pyshacl
from pyshacl.errors import ReportableRuntimeError, ShapeLoadError
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result
from rdflib.term import Node

from ciskg.errors import InputError
from ciskg.namespaces import PREFIXES

SEVERITIES: dict[Node, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class ValidationResult:
    """One result: which shape said what about which node."""

    severity: str  # "Violation", "Warning" or "Info"
    shape: str  # the node shape (IRI); for a property shape, the node shape that holds it
    constraint: str  # the constraint component, e.g. "MinCount", "SPARQL"
    focus: Node
    path: Node | None
    value: Node | None
    message: str
    paragraph: URIRef | None = None  # where the focus node was read (prov:wasDerivedFrom)
    paragraph_label: str | None = None


@dataclass
class ValidationReport:
    results: list[ValidationResult] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        """No Violation; Warnings and Infos do not make data non-conforming."""
        return not self.violations

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Warning"]

    @property
    def infos(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Info"]


class _PreparedQueryGraph(Graph):
    """A Graph that parses each distinct SPARQL text once (see the module's docstring)."""

    def query(self, query_object, *args, **kwargs) -> Result:  # type: ignore[override]
        if isinstance(query_object, str) and not kwargs.get("initNs"):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.lru_cache(maxsize=512)
def _prepared(text: str):
    return prepareQuery(text)


def union_graph(data: Graph | Dataset, *more: Graph) -> Graph:
    """One graph of every triple in `data` (all its named graphs) and in `more`.

    Strings are written one way ("x", not "x"^^xsd:string: RDF 1.1 says they are the same
    literal, rdflib tells them apart, and a shape's sh:maxCount would count both).
    """
    union = _PreparedQueryGraph()
    for prefix, ns in PREFIXES.items():
        union.bind(prefix, ns)
    sources: list[Iterable[tuple[Node, Node, Node]]] = []
    if isinstance(data, Dataset):
        sources.append((s, p, o) for s, p, o, _ in data.quads((None, None, None, None)))
    else:
        sources.append(data)
    sources.extend(more)
    add = union.add
    for source in sources:
        for s, p, o in source:
            if isinstance(o, Literal) and o.datatype == XSD.string:
                o = Literal(str(o))
            add((s, p, o))
    return union


def validate(
    data: Graph | Dataset, shapes: Graph, ontology: Graph | None = None, *, inference: str = "none"
) -> ValidationReport:
    """Validate `data` (with `ontology` added for the class hierarchy) against `shapes`."""
    start = time.perf_counter()
    graph = union_graph(data, *([ontology] if ontology is not None else []))
    try:
        _, results_graph, _ = pyshacl.validate(
            graph,
            shacl_graph=shapes,
            inference=inference,
            inplace=True,
            allow_warnings=True,
            allow_infos=True,
        )
    except ShapeLoadError as exc:
        raise InputError(f"the shapes do not load: {exc.message}") from exc
    except ReportableRuntimeError as exc:
        raise InputError(f"the shapes cannot be applied: {exc.message}") from exc
    results = [_result(results_graph, node, shapes, graph) for node in _result_nodes(results_graph)]
    results.sort(key=_sort_key)
    return ValidationReport(results, len(graph), round(time.perf_counter() - start, 3))


def _result_nodes(results_graph: Graph) -> list[Node]:
    """The report's results (not the nested ones pyshacl hangs off them with sh:detail)."""
    return [
        result
        for report in results_graph.subjects(RDF.type, SH.ValidationReport)
        for result in results_graph.objects(report, SH.result)
    ]


def _result(rg: Graph, node: Node, shapes: Graph, data: Graph) -> ValidationResult:
    focus = rg.value(node, SH.focusNode)
    assert focus is not None, "a SHACL result always has a focus node"
    source = rg.value(node, SH.sourceShape)
    component = rg.value(node, SH.sourceConstraintComponent)
    messages = [str(m) for m in rg.objects(node, SH.resultMessage)]
    english = [
        str(m) for m in rg.objects(node, SH.resultMessage) if getattr(m, "language", None) == "en"
    ]
    paragraph = data.value(focus, PROV.wasDerivedFrom)
    paragraph_label = None
    if isinstance(paragraph, URIRef):
        paragraph_label = _english_label(data, paragraph)
    return ValidationResult(
        severity=_severity(rg.value(node, SH.resultSeverity)),
        shape=_node_shape(shapes, source),
        constraint=_local(component).removesuffix("ConstraintComponent"),
        focus=focus,
        path=_path(rg, shapes, node),
        value=rg.value(node, SH.value),
        message=(english or messages or [""])[0],
        paragraph=paragraph if isinstance(paragraph, URIRef) else None,
        paragraph_label=paragraph_label,
    )


def _severity(term: Node | None) -> str:
    return SEVERITIES.get(term, "Violation") if term is not None else "Violation"


def _node_shape(shapes: Graph, source: Node | None) -> str:
    """The IRI of the node shape a result comes from (property shapes are blank nodes)."""
    seen: set[Node] = set()
    while isinstance(source, BNode) and source not in seen:
        seen.add(source)
        parent = shapes.value(None, SH.property, source)
        if parent is None:
            break
        source = parent
    return str(source) if source is not None else ""


def _path(rg: Graph, shapes: Graph, node: Node) -> Node | None:
    path = rg.value(node, SH.resultPath)
    if isinstance(path, BNode):  # an alternative path: write it as SPARQL would
        alternatives = rg.value(path, SH.alternativePath) or shapes.value(path, SH.alternativePath)
        if alternatives is not None:
            members = list(rg.items(alternatives)) or list(shapes.items(alternatives))
            return Literal("|".join(compact(m) for m in members))
    return path


def _english_label(graph: Graph, node: Node) -> str | None:
    labels = list(graph.objects(node, RDFS.label))
    for label in labels:
        if isinstance(label, Literal) and label.language == "en":
            return str(label)
    return str(labels[0]) if labels else None


def _local(term: Node | None) -> str:
    if term is None:
        return ""
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _sort_key(r: ValidationResult) -> tuple:
    return (_ORDER.get(r.severity, 9), r.shape, str(r.focus), str(r.path), r.message, str(r.value))


# ---------------------------------------------------------------------------------------------
# Renderers
# ---------------------------------------------------------------------------------------------

_COMPACT = sorted(((str(ns), p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))
_COMPACT.insert(0, ("https://w3id.org/ciskg/shapes#", "cissh"))


def compact(term: Node | None) -> str:
    """A term as a person reads it: prefixed name, quoted string or typed literal."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for ns, prefix in _COMPACT:
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns) :]}"
        return f"<{text}>"
    if isinstance(term, Literal):
        if term.datatype in (None, XSD.string) and not term.language:
            return json.dumps(str(term), ensure_ascii=False)
        return term.n3()
    return str(term) if not isinstance(term, BNode) else f"_:{term}"


def summary(report: ValidationReport) -> str:
    counts = [
        f"{len(report.violations)} violation(s)",
        f"{len(report.warnings)} warning(s)",
        f"{len(report.infos)} note(s)",
    ]
    verdict = "conforms" if report.conforms else "does NOT conform"
    return f"{verdict}: {', '.join(counts)} ({report.triples} triples, {report.seconds:.2f} s)"


def render_text(report: ValidationReport, *, severities: Iterable[str] | None = None) -> str:
    """Results grouped by severity, shape and focus node: the message, the path, the value,
    and the paragraph the focus node was read from."""
    wanted = set(severities) if severities is not None else set(SEVERITIES.values())
    lines = [summary(report)]
    last_group: tuple[str, str] | None = None
    last_focus: Node | None = None
    for r in report.results:
        if r.severity not in wanted:
            continue
        if (r.severity, r.shape) != last_group:
            last_group, last_focus = (r.severity, r.shape), None
            lines.append("")
            lines.append(f"{r.severity.upper()} {compact(URIRef(r.shape))}")
        if r.focus != last_focus:
            last_focus = r.focus
            lines.append(f"  {compact(r.focus)}")
            if r.paragraph is not None:
                where = r.paragraph_label or compact(r.paragraph)
                lines.append(f"    read in: {where} <{r.paragraph}>")
        path = f"{compact(r.path)}: " if r.path is not None else ""
        lines.append(f"    - {path}{r.message}")
        if r.value is not None and r.value != r.focus:
            lines.append(f"      value: {_shorten(compact(r.value))}")
    return "\n".join(lines) + "\n"


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _term_json(term: Node | None) -> dict | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out: dict = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def render_json(report: ValidationReport) -> str:
    """The report as JSON; RDF terms as in SPARQL JSON results ({"type", "value", …})."""
    results = []
    for r in report.results:
        item = asdict(r)
        for key in ("focus", "path", "value", "paragraph"):
            item[key] = _term_json(getattr(r, key))
        results.append(item)
    doc = {
        "conforms": report.conforms,
        "counts": {
            "violations": len(report.violations),
            "warnings": len(report.warnings),
            "infos": len(report.infos),
        },
        "triples": report.triples,
        "seconds": report.seconds,
        "results": results,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def report_graph(report: ValidationReport) -> Graph:
    """The report as a SHACL validation report graph. sh:sourceShape names the node shape
    (property shapes are blank nodes of the shapes file), and rdfs:seeAlso the paragraph the
    focus node was read from."""
    g = Graph()
    g.bind("sh", SH)
    g.bind("cissh", "https://w3id.org/ciskg/shapes#")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    root = BNode()
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(report.conforms)))
    for r in report.results:
        node = BNode()
        g.add((root, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.resultSeverity, SH[r.severity]))
        g.add((node, SH.focusNode, r.focus))
        if r.shape:
            g.add((node, SH.sourceShape, URIRef(r.shape)))
        if r.constraint:
            g.add((node, SH.sourceConstraintComponent, SH[f"{r.constraint}ConstraintComponent"]))
        if isinstance(r.path, URIRef):
            g.add((node, SH.resultPath, r.path))
        if r.value is not None:
            g.add((node, SH.value, r.value))
        g.add((node, SH.resultMessage, Literal(r.message, lang="en")))
        if r.paragraph is not None:
            g.add((node, RDFS.seeAlso, r.paragraph))
    return g


def render_turtle(report: ValidationReport) -> str:
    return report_graph(report).serialize(format="turtle")


__all__ = [
    "ValidationReport",
    "ValidationResult",
    "compact",
    "render_json",
    "render_text",
    "render_turtle",
    "report_graph",
    "summary",
    "union_graph",
    "validate",
]
