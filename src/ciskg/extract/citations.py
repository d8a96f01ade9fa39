"""Citations: every UN document symbol a paragraph names ("A/58/281",
"E/CN.4/1998/53/Add.2") and every General Assembly resolution or decision it cites by
number ("resolution 58/154", "resolutions 58/154 and 59/170", "decision 59/531").

Each becomes `<paragraph> cis:cites <document>` and `<report> cis:cites <document>`,
with the symbol's words as evidence. A document the reference layer does not know is
minted as a new cis:Document named by its symbol (with cis:symbol), at the IRI the
reference layer would give it (`id:doc/{slug of the symbol}`).
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef

from ciskg import iris
from ciskg.extract.document import Doc
from ciskg.extract.records import Evidence
from ciskg.extract.sentences import Sentence
from ciskg.namespaces import CIS
from ciskg.rdfize import document_iri, symbol_document
from ciskg.report.frontmatter import SYMBOL

_NUMBER = r"(?<![\d/])\d{2}/\d{1,3}(?![\d/])"
# "resolution 58/154", "resolutions 58/154 and 59/170", "decision 59/531"
_BY_NUMBER = re.compile(
    rf"\b(?P<what>[Rr]esolutions?|[Dd]ecisions?) (?P<numbers>{_NUMBER}"
    rf"(?:(?:,| and|, and) {_NUMBER})*)"
)
# Organs whose resolutions are not numbered like the General Assembly's.
_OTHER_ORGAN = re.compile(
    r"(?:Security Council|Economic and Social Council|Human Rights Council|Commission on "
    r"Human Rights|Executive Committee|Sub-Commission|Council)\s*$"
)


def extract_citations(doc: Doc) -> None:
    report = document_iri(doc.report)
    own = doc.report.symbol
    for _, sentence in doc.sentences():
        for symbol, a, b in _cited(sentence):
            if symbol == own:
                continue
            evidence = doc.evidence(sentence, a, b)
            cited = _document(doc, symbol, evidence)
            doc.fact(iris.paragraph(doc.slug, sentence.para), CIS.cites, cited, evidence)
            doc.fact(report, CIS.cites, cited, evidence)


def _cited(sentence: Sentence) -> list[tuple[str, int, int]]:
    """(symbol, start, end) of each document the sentence cites, in text order."""
    text = sentence.text
    found: list[tuple[str, int, int]] = []
    for m in SYMBOL.finditer(text):
        found.append((m.group(0), m.start(), m.end()))
    for m in _BY_NUMBER.finditer(text):
        if _OTHER_ORGAN.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        kind = "RES" if m.group("what").lower().startswith("resolution") else "DEC"
        for n in re.finditer(_NUMBER, m.group("numbers")):
            a = m.start("numbers") + n.start()
            b = m.start("numbers") + n.end()
            start = m.start() if n.start() == 0 else a  # the first keeps its noun
            if any(x <= a < y for _, x, y in found):
                continue
            found.append((f"A/{kind}/{n.group(0)}", start, b))
    return sorted(found, key=lambda item: item[1])


def _document(doc: Doc, symbol: str, evidence: Evidence) -> URIRef:
    """The document a symbol names: the reference layer's, or a new one."""
    known = [
        iri
        for iri in doc.lexicon.gazetteer.lookup(symbol)
        if doc.lexicon.kinds.get(iri) == CIS.Document
    ]
    if known:
        return sorted(known)[0]
    iri = symbol_document(symbol)
    if iri in doc.lexicon.kinds:
        return iri
    if all(e.iri != iri for e in doc.out.entities):
        # doc.entity slugs the label as symbol_document does (symbols are short)
        iri = doc.entity(CIS.Document, symbol, evidence)
        doc.fact(iri, CIS.symbol, Literal(symbol), evidence)  # type: ignore[arg-type]
    return iri
