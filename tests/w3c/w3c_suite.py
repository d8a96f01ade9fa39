"""Where the W3C protocol suite is (a copy in tests/w3c/data) and the update token used."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUITE = Path(__file__).parent / "data" / "protocol"
TOKEN = "w3c-suite-token"
