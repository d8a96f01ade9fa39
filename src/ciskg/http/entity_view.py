"""The entity page's content, made from a `Description`: sections a reader can scan.

Why these sections: an analyst opening Uzbekistan wants its names (in Russian too), its
codes and Wikidata link, what it did and takes part in, what the reports say to it — as
"the remaining State" as much as by name — and the words of the report behind each
fact. The alignment triples the OWL RL closure adds (schema:, prov:, org: copies of cis:
facts) are true but repeat what is shown, so they are folded away at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ciskg.describe import Arc, Description
from ciskg.http.templating import Page
from ciskg.http.values import Group, Quote, Value, kind_of, natural_key, value
from ciskg.labels import Name
from ciskg.namespaces import CIS, DCTERMS, OWL, PROV, RDF, RDFS, SKOS

TYPE = str(RDF.type)
NAMES = {str(RDFS.label), str(SKOS.prefLabel), str(SKOS.altLabel)}
DESCRIPTIONS = {str(RDFS.comment), str(DCTERMS.description), str(SKOS.definition)}
IDENTIFIERS = [  # shown in this order
    str(CIS.iso3166Alpha2),
    str(CIS.iso3166Alpha3),
    str(CIS.iso3166Numeric),
    str(CIS.symbol),
    str(CIS.identifier),
    str(DCTERMS.identifier),
    str(SKOS.exactMatch),
    str(OWL.sameAs),
    str(DCTERMS.source),
]
EVIDENCE = str(CIS.evidence)
DERIVED = str(PROV.wasDerivedFrom)
HIDDEN_OUT = {EVIDENCE, DERIVED, str(CIS.text)}  # shown as the quote / the paragraph text
HIDDEN_IN = {  # shown in their own sections, or parts of mention and reification records
    str(CIS.mentions),
    str(CIS.refersTo),
    str(CIS.inParagraph),
    str(RDF.subject),
    str(RDF.object),
    DERIVED,
}
ROLE_HOLDERS = {str(CIS.Event), str(CIS.Process), str(CIS.Project), str(CIS.WorkingGroup)}
FIRST = [  # facts shown first, in this order; the rest by label
    str(CIS.startDate),
    str(CIS.endDate),
    str(CIS.dateText),
    str(CIS.location),
    str(CIS.partOf),
    str(CIS.leadAgency),
    str(CIS.secretariat),
    str(CIS.organizer),
    str(CIS.host),
    str(CIS.chair),
    str(CIS.coChair),
    str(CIS.coSponsor),
    str(CIS.participant),
    str(CIS.fundedBy),
    str(CIS.agent),
    str(CIS.action),
    str(CIS.addressee),
    str(CIS.instrument),
    str(CIS.madeAt),
    str(CIS.hasMember),
    str(CIS.memberOf),
]
WIKIDATA = "http://www.wikidata.org/entity/"


@dataclass(slots=True)
class EntityView:
    iri: str
    title: str
    title_lang: str
    kind: str
    types: list[Value] = field(default_factory=list)
    descriptions: list[Value] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    identifiers: list[tuple[str, Value]] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    facts: list[Group] = field(default_factory=list)
    roles: list[Value] = field(default_factory=list)
    mentioned_in: list[Value] = field(default_factory=list)
    incoming: list[Group] = field(default_factory=list)
    incoming_truncated: bool = False
    alignments: list[Group] = field(default_factory=list)


def build(desc: Description, page: Page) -> EntityView:
    iri = desc.iri
    name = page.labels.best(iri)
    view = EntityView(
        iri=iri,
        title=page.label(iri),
        title_lang=name.language if name else "",
        kind=kind_of(iri),
        names=page.labels.others(iri),
        incoming_truncated=desc.incoming_truncated,
    )
    quotes = _fact_quotes(desc, page)
    facts: dict[str, list[tuple[Arc, Value]]] = {}
    alignments: dict[str, list[tuple[Arc, Value]]] = {}
    own_quotes: list[str] = []
    sources: list[str] = []
    identifiers: dict[str, list[Value]] = {}
    for arc in desc.outgoing:
        p, o = arc.predicate.value, arc.object
        if is_alignment(arc):
            alignments.setdefault(p, []).append((arc, value(o, page)))
        elif p == TYPE:
            view.types.append(value(o, page))
        elif p in NAMES:
            continue
        elif p in DESCRIPTIONS and isinstance(o, ox.Literal):
            view.descriptions.append(value(o, page))
        elif p in IDENTIFIERS:
            identifiers.setdefault(p, []).append(_identifier(o, page))
        elif p == EVIDENCE and isinstance(o, ox.Literal):
            own_quotes.append(o.value)
        elif p == DERIVED and isinstance(o, ox.NamedNode):
            sources.append(o.value)
        elif p not in HIDDEN_OUT:
            v = value(o, page)
            v.inferred = arc.inferred_only
            v.quotes = quotes.get((iri, p, _key(o)), [])
            facts.setdefault(p, []).append((arc, v))
    view.descriptions = _in_language(view.descriptions, page)
    view.identifiers = [
        (page.label(p), v) for p in IDENTIFIERS for v in sorted(identifiers.get(p, []), key=_text)
    ]
    view.quotes = [
        Quote(text, page.href(src), page.label(src)) for text in own_quotes for src in sources
    ] or [Quote(text) for text in own_quotes]
    view.facts = _groups(facts, page, ordered=True)
    view.alignments = _groups(alignments, page, ordered=False)
    _incoming(desc, page, view, quotes)
    return view


def is_alignment(arc: Arc) -> bool:
    """A triple only the closure added, in another vocabulary than the project's."""
    return arc.inferred_only and not arc.predicate.value.startswith(str(CIS))


def _identifier(term: ox.NamedNode | ox.BlankNode | ox.Literal, page: Page) -> Value:
    if isinstance(term, ox.NamedNode) and term.value.startswith(WIKIDATA):
        return Value(f"Wikidata {term.value[len(WIKIDATA) :]}", href=term.value, external=True)
    if isinstance(term, ox.NamedNode) and not page.labels.known(term.value):
        return Value(
            term.value, href=term.value, external=not page.href(term.value).startswith("/")
        )
    return value(term, page)


def _key(term: object) -> str:
    return str(term)


def _text(v: Value) -> list[object]:
    return natural_key(v.text)


def _in_language(values: list[Value], page: Page) -> list[Value]:
    """The descriptions in the reader's first language that has any; else all of them."""
    for language in page.labels.languages:
        chosen = [v for v in values if v.lang == language]
        if chosen:
            return chosen
    return values


def _fact_quotes(desc: Description, page: Page) -> dict[tuple[str, str, str], list[Quote]]:
    """Evidence of reified facts, keyed by (subject IRI, predicate IRI, object as N-Triples)."""
    out: dict[tuple[str, str, str], list[Quote]] = {}
    for ev in desc.evidence:
        if ev.text is None or not isinstance(ev.subject, ox.NamedNode):
            continue
        para = ev.paragraph.value if ev.paragraph is not None else None
        quote = Quote(
            ev.text.value, page.href(para) if para else None, page.label(para) if para else ""
        )
        key = (ev.subject.value, ev.predicate.value, _key(ev.object))
        if quote not in out.setdefault(key, []):
            out[key].append(quote)
    return out


def _groups(items: dict[str, list[tuple[Arc, Value]]], page: Page, *, ordered: bool) -> list[Group]:
    def order(p: str) -> tuple[int, str]:
        rank = FIRST.index(p) if ordered and p in FIRST else len(FIRST)
        return (rank, page.label(p).casefold())

    groups = []
    for p in sorted(items, key=order):
        values = sorted((v for _, v in items[p]), key=lambda v: (v.inferred, natural_key(v.text)))
        groups.append(Group(page.label(p), page.href(p), values))
    return groups


def _incoming(
    desc: Description, page: Page, view: EntityView, quotes: dict[tuple[str, str, str], list[Quote]]
) -> None:
    target = str(ox.NamedNode(desc.iri))
    roles: dict[str, list[str]] = {}
    groups: dict[str, list[tuple[Arc, Value]]] = {}
    for arc in desc.incoming:
        s, p = arc.subject, arc.predicate.value
        if is_alignment(arc) or not isinstance(s, ox.NamedNode):
            continue
        if p == str(CIS.mentions):
            view.mentioned_in.append(value(s, page))
        elif p in HIDDEN_IN:
            continue
        elif desc.types.get(s.value, set()) & ROLE_HOLDERS:
            roles.setdefault(s.value, []).append(page.label(p))
        else:
            v = value(s, page)
            v.inferred = arc.inferred_only
            v.quotes = quotes.get((s.value, p, target), [])
            groups.setdefault(p, []).append((arc, v))
    for subject, labels in roles.items():
        v = value(ox.NamedNode(subject), page)
        v.note = ", ".join(sorted(set(labels)))
        view.roles.append(v)
    view.roles.sort(key=_text)
    view.mentioned_in.sort(key=_text)
    view.incoming = _groups(groups, page, ordered=False)
