"""The extract stage: a parsed report and its mentions → records of what it says.

One module per family of statements; they run in this order because later ones
read what earlier ones found (statements need the meeting they were made at).
"""

from __future__ import annotations

from ciskg.extract.citations import extract_citations
from ciskg.extract.document import Doc
from ciskg.extract.events import extract_events
from ciskg.extract.lexicon import Lexicon
from ciskg.extract.new_states import extract_new_states
from ciskg.extract.processes import extract_processes
from ciskg.extract.records import Extraction
from ciskg.extract.roles import extract_roles
from ciskg.extract.statements import extract_statements
from ciskg.extract.themes import extract_themes
from ciskg.extract.working_groups import extract_working_groups
from ciskg.gazetteer import Mention
from ciskg.report import Report

FAMILIES = (
    extract_new_states,
    extract_events,
    extract_roles,
    extract_working_groups,
    extract_processes,
    extract_citations,
    extract_themes,
    extract_statements,
)


def extract(report: Report, mentions: dict[str, list[Mention]], lexicon: Lexicon) -> Extraction:
    doc = Doc(report, lexicon, mentions)
    for family in FAMILIES:
        family(doc)
    return doc.out


__all__ = ["Extraction", "Lexicon", "extract"]
