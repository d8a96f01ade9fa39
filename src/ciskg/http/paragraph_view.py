"""A paragraph's page: its text with every mention a link, and what was read from it.

Why: provenance is only useful if a reader can check it. Each mention node says which
characters of the paragraph name which thing (`cis:start`/`cis:end`, end exclusive), so
the text is shown as the report has it with those words linked; the groups a sentence
describes ("the remaining State") are linked where their words occur, so a reader can go
from the text to the states the rules resolved them to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ciskg.describe import Description, Row, Select, fetch_labels
from ciskg.http.templating import Page
from ciskg.http.values import Value, kind_of, natural_key, value
from ciskg.namespaces import CIS, sparql_prologue

TEXT = str(CIS.text)
NUMBER = str(CIS.paragraphNumber)
DOCUMENT = str(CIS.inDocument)
DERIVED_LIMIT = 500
LINKED_KINDS = ("group",)  # extracted things whose evidence is linked in the text


@dataclass(slots=True)
class Segment:
    text: str
    href: str | None = None
    title: str = ""
    kind: str = ""


@dataclass(slots=True)
class ParagraphView:
    segments: list[Segment] = field(default_factory=list)
    derived: list[Value] = field(default_factory=list)
    previous: Value | None = None
    next: Value | None = None
    document: Value | None = None


def _queries(iri: str) -> tuple[str, str]:
    p = ox.NamedNode(iri)
    mentions = f"""SELECT ?start ?end ?thing WHERE {{
  ?m cis:inParagraph {p} ; cis:start ?start ; cis:end ?end ; cis:refersTo ?thing .
}}"""
    derived = f"""SELECT DISTINCT ?x ?evidence WHERE {{
  ?x prov:wasDerivedFrom {p} .
  FILTER NOT EXISTS {{ ?x a cis:Mention }} FILTER NOT EXISTS {{ ?x a rdf:Statement }}
  OPTIONAL {{ ?x cis:evidence ?evidence }}
}} LIMIT {DERIVED_LIMIT}"""
    return sparql_prologue() + mentions, sparql_prologue() + derived


def _siblings_query(document: str, number: int) -> str:
    return sparql_prologue() + (
        f"SELECT ?q ?n WHERE {{ ?q cis:inDocument {ox.NamedNode(document)} ; "
        f"cis:paragraphNumber ?n FILTER(?n = {number - 1} || ?n = {number + 1}) }}"
    )


def _one(desc: Description, prop: str) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    return next((a.object for a in desc.outgoing if a.predicate.value == prop), None)


async def build(select: Select, desc: Description, page: Page) -> ParagraphView | None:
    """The paragraph parts of the page, or None if the thing has no text."""
    text = _one(desc, TEXT)
    if not isinstance(text, ox.Literal):
        return None
    mentions_q, derived_q = _queries(desc.iri)
    mentions, derived = await select(mentions_q), await select(derived_q)
    document, number = _one(desc, DOCUMENT), _one(desc, NUMBER)
    siblings: list[Row] = []
    if (
        isinstance(document, ox.NamedNode)
        and isinstance(number, ox.Literal)
        and number.value.isdigit()
    ):
        siblings = await select(_siblings_query(document.value, int(number.value)))
    iris = {
        t.value
        for row in (*mentions, *derived, *siblings)
        for t in row.values()
        if isinstance(t, ox.NamedNode)
    }
    await fetch_labels(select, iris - set(desc.labels), desc)
    page.labels = desc.labeller(page.languages)
    view = ParagraphView(
        document=value(document, page) if isinstance(document, ox.NamedNode) else None
    )
    spans: list[tuple[int, int, str]] = []
    for row in mentions:
        start, end, thing = row.get("start"), row.get("end"), row.get("thing")
        if (
            isinstance(start, ox.Literal)
            and isinstance(end, ox.Literal)
            and isinstance(thing, ox.NamedNode)
        ):
            spans.append((int(start.value), int(end.value), thing.value))
    for row in derived:
        x, evidence = row.get("x"), row.get("evidence")
        if not isinstance(x, ox.NamedNode):
            continue
        view.derived.append(value(x, page))
        if kind_of(x.value) in LINKED_KINDS and isinstance(evidence, ox.Literal):
            at = text.value.find(evidence.value)
            if at >= 0:
                spans.append((at, at + len(evidence.value), x.value))
    view.derived.sort(key=lambda v: natural_key(v.text))
    view.segments = _segments(text.value, spans, page)
    for row in siblings:
        q, n = row.get("q"), row.get("n")
        if (
            isinstance(q, ox.NamedNode)
            and isinstance(n, ox.Literal)
            and isinstance(number, ox.Literal)
        ):
            if int(n.value) < int(number.value):
                view.previous = value(q, page)
            else:
                view.next = value(q, page)
    return view


def _segments(text: str, spans: list[tuple[int, int, str]], page: Page) -> list[Segment]:
    """The text cut into plain and linked pieces; of overlapping spans the first wins."""
    out: list[Segment] = []
    at = 0
    for start, end, iri in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < at or not 0 <= start < end <= len(text):
            continue
        if start > at:
            out.append(Segment(text[at:start]))
        out.append(Segment(text[start:end], page.href(iri), page.label(iri), kind_of(iri)))
        at = end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out
