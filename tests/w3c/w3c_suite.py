"""Where the W3C protocol suite is (shared/ beside the checkout) and the update token used."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT.parent / "shared" / "w3c" / "rdf-tests" / "sparql" / "sparql11" / "protocol"
TOKEN = "w3c-suite-token"
