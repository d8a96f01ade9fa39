"""The parts of an entity page that need more than its description: what the reports say
to or by an actor (also through the groups it belongs to), a process's timeline, and the
neighbourhood picture.

Why the statements query: a report rarely names the state it invites — "the remaining
State" is Uzbekistan only through the rules' `cis:hasMember` — so an actor's page must
follow its groups to show every statement addressed to it, with the report's words.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ciskg.describe import RDF_TYPE, Description, Select, fetch_labels
from ciskg.http.entity_view import is_alignment
from ciskg.http.templating import Page
from ciskg.http.values import Quote, Value, kind_of, value
from ciskg.namespaces import CIS, sparql_prologue
from ciskg.pictures import network, timeline

STATEMENT_LIMIT = 300
NEIGHBOURS_PER_SIDE = 14
NETWORK_KINDS = ("process", "project", "org", "state", "instrument", "event", "group", "place")
NOT_IN_NETWORK = {str(CIS.mentions), str(CIS.refersTo)}
PROCESS_TYPES = {str(CIS.Process), str(CIS.Project)}


@dataclass(slots=True)
class Said:
    """A statement that names the actor (or a group it is in) as agent or addressee."""

    statement: Value
    role: str
    via: Value | None
    quote: Quote


def statements_query(iri: str) -> str:
    r = ox.NamedNode(iri)
    return (
        sparql_prologue()
        + f"""SELECT DISTINCT ?st ?role ?via ?text ?para WHERE {{
  VALUES ?role {{ cis:agent cis:addressee }}
  {{ ?st ?role {r} }} UNION {{ ?via cis:hasMember {r} . ?st ?role ?via }}
  ?st a cis:Statement ; cis:evidence ?text ; prov:wasDerivedFrom ?para .
}} LIMIT {STATEMENT_LIMIT}"""
    )


def events_query(iri: str) -> str:
    r = ox.NamedNode(iri)
    return (
        sparql_prologue()
        + f"""SELECT DISTINCT ?event ?start ?end ?note WHERE {{
  ?event a cis:Event ; cis:partOf+ {r} ; cis:startDate ?start .
  OPTIONAL {{ ?event cis:endDate ?end }}
  OPTIONAL {{ ?event cis:dateText ?note }}
}}"""
    )


async def statements(select: Select, desc: Description, page: Page) -> list[Said]:
    """Statements to or by the actor, in paragraph order; [] for things that are not actors."""
    if str(CIS.Actor) not in _types(desc):
        return []
    rows = await select(statements_query(desc.iri))
    iris = {t.value for row in rows for t in row.values() if isinstance(t, ox.NamedNode)}
    await fetch_labels(select, iris - set(desc.labels), desc)
    page.labels = desc.labeller(page.languages)
    said = []
    for row in rows:
        st, role, via, text, para = (row.get(k) for k in ("st", "role", "via", "text", "para"))
        if not isinstance(st, ox.NamedNode) or not isinstance(role, ox.NamedNode):
            continue
        if not isinstance(text, ox.Literal) or not isinstance(para, ox.NamedNode):
            continue
        said.append(
            Said(
                value(st, page),
                page.label(role.value),
                value(via, page) if isinstance(via, ox.NamedNode) else None,
                Quote(text.value, page.href(para.value), page.label(para.value)),
            )
        )
    said.sort(key=lambda s: (s.quote.where, s.statement.text))
    return said


async def process_timeline(select: Select, desc: Description, page: Page) -> str:
    """The SVG timeline of a process's or project's events; '' for other things."""
    if not _types(desc) & PROCESS_TYPES:
        return ""
    rows = await select(events_query(desc.iri))
    events = [r for r in rows if isinstance(r.get("event"), ox.NamedNode)]
    await fetch_labels(select, {r["event"].value for r in events} - set(desc.labels), desc)
    page.labels = desc.labeller(page.languages)
    lane = timeline.Lane(page.label(desc.iri), None)
    for row in events:
        iri = row["event"].value
        end, note = row.get("end"), row.get("note")
        lane.events.append(
            timeline.Event(
                page.label(iri),
                row["start"].value,
                page.href(iri),
                end.value if end is not None else None,
                note.value if note is not None else "",
            )
        )
    return timeline.render([lane], f"{page.t('timeline')}: {page.label(desc.iri)}")


def neighbourhood(desc: Description, page: Page) -> str:
    """The SVG of what links to the thing (left) and what it links to (right)."""
    centre = _node(desc.iri, page)
    outgoing = _neighbours(
        [(a.object, a.predicate.value) for a in desc.outgoing if not is_alignment(a)], page
    )
    incoming = _neighbours(
        [(a.subject, a.predicate.value) for a in desc.incoming if not is_alignment(a)], page
    )
    return network.neighbourhood(centre, incoming, outgoing, page.t("neighbourhood"))


def _neighbours(pairs: list[tuple[object, str]], page: Page) -> list[tuple[network.Node, str]]:
    roles: dict[str, list[str]] = {}
    for term, p in pairs:
        if (
            isinstance(term, ox.NamedNode)
            and kind_of(term.value) in NETWORK_KINDS
            and p not in NOT_IN_NETWORK
        ):
            roles.setdefault(term.value, []).append(page.label(p))
    ranked = sorted(
        roles, key=lambda i: (NETWORK_KINDS.index(kind_of(i)), page.label(i).casefold())
    )
    return [
        (_node(i, page), ", ".join(sorted(set(roles[i])))) for i in ranked[:NEIGHBOURS_PER_SIDE]
    ]


def _node(iri: str, page: Page) -> network.Node:
    return network.Node(iri, page.short_label(iri), page.href(iri), kind_of(iri))


def _types(desc: Description) -> set[str]:
    """The thing's types, asserted or inferred (the closure adds cis:Actor, cis:Event…)."""
    return {
        a.object.value
        for a in desc.outgoing
        if a.predicate.value == RDF_TYPE and isinstance(a.object, ox.NamedNode)
    }
