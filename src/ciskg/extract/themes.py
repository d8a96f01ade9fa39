"""Themes of paragraphs: `<paragraph> cis:theme <concept>` for each theme of the SKOS
theme scheme whose words occur in the paragraph, with the first words that matched as
evidence.

Precision: words inside the name of an organisation, process, place or document do not
count ("the United Nations High Commissioner for Refugees" is not about asylum, nor is
"the Regional Conference to Address the Problems of Refugees, Displaced Persons …" about
forced displacement), and neither do the names of new entities the other extractors
minted; an instrument's name does, since it names its subject ("the
Protocol against the Smuggling of Migrants"). Capitalised theme words inside a name the
gazetteer does not know ("Human Rights Council") do not count either. "In return for"
is not about return.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from ciskg import iris
from ciskg.extract.document import Doc
from ciskg.extract.sentences import Sentence
from ciskg.namespaces import CIS

_IDIOMS = re.compile(
    r"\bin return\b|\breturn(?:ed)? to (?:the|this|these) (?:issue|question|topic)"
)


# New entities whose evidence is their name (a working group's or project's is a description).
_NAMED_KINDS = frozenset(
    {
        CIS.Process,
        CIS.Organization,
        CIS.IntergovernmentalOrganization,
        CIS.GovernmentAgency,
        CIS.NonGovernmentalOrganization,
        CIS.Place,
        CIS.Document,
    }
)


def extract_themes(doc: Doc) -> None:
    for _, sentence in doc.sentences():
        paragraph = iris.paragraph(doc.slug, sentence.para)
        for concept, a, b in themes_in_sentence(doc, sentence):
            doc.fact(paragraph, CIS.theme, concept, doc.evidence(sentence, a, b))


def themes_in_sentence(doc: Doc, sentence: Sentence) -> list[tuple[URIRef, int, int]]:
    """(concept, start, end) of each theme's first words in a sentence, in text order."""
    names = [
        (m.start - sentence.start, m.end - sentence.start)
        for m in sentence.mentions
        if not doc.lexicon.is_instrument(m.iri)
    ]
    names += [
        (
            e.evidence.start - sentence.start,
            e.evidence.start - sentence.start + len(e.evidence.text),
        )
        for e in doc.out.entities
        if e.kind in _NAMED_KINDS
        and e.evidence.para == sentence.para
        and sentence.start <= e.evidence.start < sentence.end
    ]
    idioms = [(m.start(), m.end()) for m in _IDIOMS.finditer(sentence.text)]
    instruments = [
        (m.start - sentence.start, m.end - sentence.start)
        for m in sentence.mentions
        if doc.lexicon.is_instrument(m.iri)
    ]
    first: dict[URIRef, tuple[int, int]] = {}
    for pattern, concept in doc.lexicon.themes:
        for m in pattern.finditer(sentence.text):
            a, b = m.start(), m.end()
            if any(x < b and a < y for x, y in names + idioms):
                continue
            if _in_proper_name(sentence.text, a, b) and not any(
                x <= a and b <= y for x, y in instruments
            ):
                continue
            if concept not in first or a < first[concept][0]:
                first[concept] = (a, b)
            break
    return sorted(((c, a, b) for c, (a, b) in first.items()), key=lambda t: (t[1], str(t[0])))


_CONNECTOR = r"(?:of|on|for|and|the|to|in)"


def _in_proper_name(text: str, a: int, b: int) -> bool:
    """Capitalised theme words next to other capitalised words belong to a name the
    gazetteer does not know ("Human Rights Council", "… on Migration, Asylum and
    Displacement"), not to the paragraph's subject matter."""
    words = text[a:b].split()
    if not all(w[:1].isupper() for w in words):
        return False
    before = re.search(rf"([A-Z][\w-]*)(?:,? {_CONNECTOR})*,? $", text[:a])
    after = re.match(rf"(?:,? {_CONNECTOR})*,? ([A-Z][\w-]*)", text[b:])
    return bool(before and before.start() > 0) or bool(after)
