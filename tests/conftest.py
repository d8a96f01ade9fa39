"""Shared fixtures: the real report, and the dataset built from it once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data" / "reports" / "000_60db2d823c7e5056.txt"


@pytest.fixture(scope="session")
def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def report(report_text: str):
    from ciskg.report import parse_report

    return parse_report(report_text, REPORT.name)
