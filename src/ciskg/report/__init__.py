"""The report stage: text of a UN report → `Report` (paragraphs with source offsets)."""

from ciskg.report.model import Footnote, Paragraph, Report, Section
from ciskg.report.parse import parse_report

__all__ = ["Footnote", "Paragraph", "Report", "Section", "parse_report"]
