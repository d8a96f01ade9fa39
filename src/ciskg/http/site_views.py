"""What the home, browse, search and timeline pages show, read through the worker pool.

Why one module of queries: these pages are entry points for readers who do not write
SPARQL; each is a handful of small, bounded queries (cached by the SPARQL service until
the store changes), with labels chosen in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox

from ciskg.describe import Description, Row, Select, fetch_labels
from ciskg.http.templating import Page
from ciskg.http.values import Value, kind_of, natural_key, value
from ciskg.namespaces import CIS, sparql_prologue
from ciskg.pictures import network, timeline

KINDS: dict[str, str] = {  # browsable kind → its class
    "state": str(CIS.State),
    "org": str(CIS.Organization),
    "instrument": str(CIS.Instrument),
    "process": str(CIS.Process),
    "project": str(CIS.Project),
    "event": str(CIS.Event),
    "place": str(CIS.Place),
    "doc": str(CIS.Document),
    "statement": str(CIS.Statement),
    "group": str(CIS.StateGroup),
    "theme": str(CIS.Theme),
}
HOME_KINDS = ("process", "org", "instrument", "state")
BROWSE_LIMIT = 2000
SEARCH_LIMIT = 200
OTHER_LANE = "—"

COUNTS = sparql_prologue() + (
    "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?class { "
    + " ".join(f"<{c}>" for c in KINDS.values())
    + " } ?s a ?class } GROUP BY ?class"
)
SIZE = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } }"
NETWORK = (
    sparql_prologue()
    + """SELECT DISTINCT ?a ?rel ?b ?column WHERE {
  {
    VALUES ?rel { cis:leadAgency cis:secretariat cis:participant cis:fundedBy }
    ?b a cis:Process ; ?rel ?a .
    { ?a a cis:State } UNION { ?a a cis:Organization }
    BIND(0 AS ?column)
  } UNION {
    VALUES ?rel { cis:organizer cis:fundedBy cis:coSponsor cis:host }
    ?event cis:partOf+ ?b ; ?rel ?a . ?b a cis:Process . ?a a cis:Organization .
    BIND(0 AS ?column)
  } UNION {
    ?statement cis:instrument ?a ; cis:madeAt/cis:partOf+ ?b . ?b a cis:Process .
    BIND(cis:instrument AS ?rel) BIND(2 AS ?column)
  }
}"""
)
EVENTS = (
    sparql_prologue()
    + """SELECT DISTINCT ?event ?start ?end ?note ?process WHERE {
  ?event a cis:Event ; cis:startDate ?start .
  OPTIONAL { ?event cis:endDate ?end }
  OPTIONAL { ?event cis:dateText ?note }
  OPTIONAL { ?event cis:partOf+ ?process . ?process a cis:Process }
}"""
)
SEARCH = (
    sparql_prologue()
    + f"""SELECT DISTINCT ?s ?label ?q WHERE {{
  VALUES ?p {{ skos:prefLabel rdfs:label skos:altLabel }}
  ?s ?p ?label .
  FILTER(isIRI(?s) && CONTAINS(LCASE(STR(?label)), LCASE(STR(?q))))
}} LIMIT {SEARCH_LIMIT}"""
)


def members_query(kind: str) -> str:
    return sparql_prologue() + (
        f"SELECT DISTINCT ?s ?date WHERE {{ ?s a <{KINDS[kind]}> "
        f"OPTIONAL {{ ?s cis:startDate|cis:adoptionDate|dcterms:date ?date }} }} "
        f"LIMIT {BROWSE_LIMIT}"
    )


class BindingSelect(Protocol):
    """A `Select` that can also bind projected variables to strings (`Runner.select`)."""

    async def __call__(self, query: str, **literals: str) -> list[Row]: ...


@dataclass(slots=True)
class Hit:
    thing: Value
    kind: str
    matched: str  # the label that matched, if it is not the one shown
    matched_lang: str
    rank: int


async def counts(select: Select) -> tuple[dict[str, int], int, int]:
    """Things per kind, quads in the store, named graphs."""
    by_class = {str(r["class"].value): int(r["n"].value) for r in await select(COUNTS)}
    per_kind = {kind: by_class.get(cls, 0) for kind, cls in KINDS.items()}
    size = await select(SIZE)
    quads = int(size[0]["n"].value) if size else 0
    graphs = int(size[0]["graphs"].value) if size else 0
    return per_kind, quads, graphs


async def members(select: Select, kind: str, page: Page) -> list[tuple[Value, str]]:
    """Every thing of a kind (with its date, if it has one), sorted by label."""
    rows = await select(members_query(kind))
    desc = Description("")
    await fetch_labels(select, {r["s"].value for r in rows if "s" in r}, desc)
    page.labels = desc.labeller(page.languages)
    dates: dict[str, str] = {}
    for r in rows:
        if isinstance(r.get("s"), ox.NamedNode):
            date = r.get("date")
            dates.setdefault(r["s"].value, date.value if isinstance(date, ox.Literal) else "")
    items = [(value(ox.NamedNode(iri), page), date) for iri, date in dates.items()]
    items.sort(key=lambda item: natural_key(item[0].text))
    return items


async def network_svg(select: Select, page: Page) -> str:
    """Actors ↔ processes ↔ instruments, in three columns."""
    rows = await select(NETWORK)
    iris = {t.value for r in rows for t in r.values() if isinstance(t, ox.NamedNode)}
    desc = Description("")
    await fetch_labels(select, iris, desc)
    page.labels = desc.labeller(page.languages)
    columns: list[dict[str, network.Node]] = [{}, {}, {}]
    edges: list[network.Edge] = []
    for r in rows:
        a, b, rel, column = r.get("a"), r.get("b"), r.get("rel"), r.get("column")
        if not (isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode)):
            continue
        col = int(column.value) if isinstance(column, ox.Literal) else 0
        columns[col][a.value] = _node(a.value, page)
        columns[1][b.value] = _node(b.value, page)
        label = page.label(rel.value) if isinstance(rel, ox.NamedNode) else ""
        edges.append(network.Edge(a.value, b.value, label))
    heads = [page.t("org") + " · " + page.t("state"), page.t("process"), page.t("instrument")]
    return network.columns(
        [(h, list(c.values())) for h, c in zip(heads, columns, strict=True)],
        edges,
        page.t("network"),
    )


def _node(iri: str, page: Page) -> network.Node:
    return network.Node(iri, page.short_label(iri), page.href(iri), kind_of(iri))


async def timeline_svg(select: Select, page: Page) -> tuple[str, list[tuple[str, Value, str]]]:
    """All dated events in a lane per process, and the same as a table (date, event, lane)."""
    rows = [r for r in await select(EVENTS) if isinstance(r.get("event"), ox.NamedNode)]
    iris = {t.value for r in rows for t in r.values() if isinstance(t, ox.NamedNode)}
    desc = Description("")
    await fetch_labels(select, iris, desc)
    page.labels = desc.labeller(page.languages)
    lanes: dict[str, timeline.Lane] = {}
    table: dict[tuple[str, str], tuple[str, Value, str]] = {}
    for r in rows:
        event, process = r["event"].value, r.get("process")
        lane_iri = process.value if isinstance(process, ox.NamedNode) else OTHER_LANE
        if lane_iri not in lanes:
            lanes[lane_iri] = timeline.Lane(
                page.label(lane_iri) if lane_iri != OTHER_LANE else page.t("other_events"),
                page.href(lane_iri) if lane_iri != OTHER_LANE else None,
            )
        end, note = r.get("end"), r.get("note")
        item = timeline.Event(
            page.label(event),
            r["start"].value,
            page.href(event),
            end.value if end is not None else None,
            note.value if note is not None else "",
        )
        if item not in lanes[lane_iri].events:
            lanes[lane_iri].events.append(item)
        when = note.value if note is not None else r["start"].value
        row = (when, value(ox.NamedNode(event), page), lanes[lane_iri].label)
        table[(r["start"].value, event)] = row
    ordered = sorted(lanes.values(), key=lambda lane: (lane.href is None, lane.label))
    svg = timeline.render(ordered, page.t("timeline"))
    return svg, [table[k] for k in sorted(table)]


async def search(select: BindingSelect, query: str, page: Page) -> list[Hit]:
    """Things with a label (any language, any of prefLabel/label/altLabel) containing `query`;
    exact matches first, then prefixes, then the rest."""
    rows = await select(SEARCH, q=query)
    needle = query.casefold()
    best: dict[str, tuple[int, ox.Literal]] = {}
    for r in rows:
        s, label = r.get("s"), r.get("label")
        if not isinstance(s, ox.NamedNode) or not isinstance(label, ox.Literal):
            continue
        text = label.value.casefold()
        rank = 0 if text == needle else 1 if text.startswith(needle) else 2
        if s.value not in best or rank < best[s.value][0]:
            best[s.value] = (rank, label)
    desc = Description("")
    await fetch_labels(select, set(best), desc)
    page.labels = desc.labeller(page.languages)
    hits = []
    for iri, (rank, label) in best.items():
        shown = value(ox.NamedNode(iri), page)
        matched = label.value if label.value != shown.text else ""
        hits.append(Hit(shown, kind_of(iri), matched, label.language or "", rank))
    hits.sort(key=lambda h: (h.rank, natural_key(h.thing.text)))
    return hits
