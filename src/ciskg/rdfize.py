"""rdfize: a parsed report and what was found in it → the triples of its named graph.

Every node made here from the text carries `prov:wasDerivedFrom` its paragraph and
`cis:evidence`, a string that occurs verbatim in that paragraph's text.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ciskg import iris
from ciskg.gazetteer import Mention
from ciskg.namespaces import CIS
from ciskg.report import Paragraph, Report


def document_iri(report: Report) -> URIRef:
    return iris.document(report.slug)


def paragraph_iri(report: Report, paragraph: Paragraph) -> URIRef:
    return iris.paragraph(report.slug, paragraph.key)


def symbol_document(symbol: str) -> URIRef:
    """The IRI of a UN document named by its symbol (shared with the reference layer)."""
    return iris.document(iris.slugify(symbol, max_len=80))


def report_triples(
    report: Report,
    mentions: Mapping[str, Iterable[Mention]],
    known: Container[URIRef] = frozenset(),
) -> Graph:
    """The document model of one report, with the gazetteer's mentions, as RDF.

    `known` are the things the reference layer describes; a document the front matter
    cites that is not among them is described here, as not yet curated.
    """
    g = Graph()
    doc = document_iri(report)
    label = report.symbol or report.identifier
    g.add((doc, RDF.type, CIS.Document))
    g.add((doc, RDFS.label, Literal(f"{report.doc_type or 'Report'}: {report.title}", lang="en")))
    g.add((doc, DCTERMS.title, Literal(report.title, lang="en")))
    g.add((doc, CIS.identifier, Literal(report.identifier)))
    if report.symbol:
        g.add((doc, CIS.symbol, Literal(report.symbol)))
    if report.date:
        g.add((doc, DCTERMS.date, Literal(report.date.isoformat(), datatype=XSD.date)))
    if report.session:
        g.add((doc, CIS.sessionNumber, Literal(report.session)))
    for item in report.agenda_items:
        g.add((doc, CIS.agendaItem, Literal(item)))
    if report.doc_type:
        g.add((doc, DCTERMS.type, Literal(report.doc_type, lang="en")))
    if report.agenda_title:
        g.add((doc, CIS.agendaTitle, Literal(report.agenda_title, lang="en")))
    if report.agenda_document:
        agenda = symbol_document(report.agenda_document)
        g.add((doc, CIS.cites, agenda))
        if agenda not in known:
            g.add((agenda, RDF.type, CIS.Document))
            g.add((agenda, RDFS.label, Literal(report.agenda_document, lang="en")))
            g.add((agenda, CIS.symbol, Literal(report.agenda_document)))
            g.add((agenda, CIS.curated, Literal(False)))
    g.add((doc, CIS.sha256, Literal(report.sha256)))
    g.add((doc, CIS.sourceFile, Literal(report.source_name)))

    for section in report.sections:
        s = iris.ID[f"doc/{report.slug}/section/{iris.slugify(section.key)}"]
        g.add((s, RDF.type, CIS.Section))
        g.add((s, RDFS.label, Literal(_section_label(section.number, section.title), lang="en")))
        g.add((s, CIS.title, Literal(section.title, lang="en")))
        if section.number:
            g.add((s, CIS.sectionNumber, Literal(section.key)))
        g.add((s, CIS.inDocument, doc))

    for p in report.units():
        para = paragraph_iri(report, p)
        g.add((para, RDF.type, CIS.Paragraph))
        g.add((para, CIS.inDocument, doc))
        g.add((para, CIS.text, Literal(p.text)))
        if p.number is not None:
            g.add((para, CIS.paragraphNumber, Literal(p.number)))
            g.add((para, RDFS.label, Literal(f"{label}, para. {p.number}", lang="en")))
        else:
            g.add((para, RDFS.label, Literal(f"{label}, summary", lang="en")))
        if p.section:
            section_iri = iris.ID[f"doc/{report.slug}/section/{iris.slugify(p.section)}"]
            g.add((para, CIS.inSection, section_iri))
        for m in mentions.get(p.key, ()):
            _add_mention(g, report, p, para, m)

    for note in report.footnotes:
        n = iris.footnote(report.slug, note.marker)
        g.add((n, RDF.type, CIS.Footnote))
        g.add((n, RDFS.label, Literal(f"{label}, footnote {note.marker}", lang="en")))
        g.add((n, CIS.text, Literal(note.text)))
        g.add((n, CIS.inDocument, doc))
    return g


def _add_mention(g: Graph, report: Report, p: Paragraph, para: URIRef, m: Mention) -> None:
    node = iris.mention(report.slug, p.key, m.start, m.end)
    g.add((para, CIS.mentions, m.iri))
    g.add((node, RDF.type, CIS.Mention))
    g.add((node, CIS.inParagraph, para))
    g.add((node, CIS.refersTo, m.iri))
    g.add((node, CIS.start, Literal(m.start)))
    g.add((node, CIS.end, Literal(m.end)))
    g.add((node, CIS.anchorText, Literal(m.surface)))
    g.add((node, CIS.evidence, Literal(m.surface)))
    g.add((node, PROV.wasDerivedFrom, para))


def _section_label(number: str | None, title: str) -> str:
    return f"{number}. {title}" if number else title
