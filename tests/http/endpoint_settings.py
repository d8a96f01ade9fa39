"""Settings of the live server the endpoint tests start, and names in its fixture data."""

from __future__ import annotations

FIXTURE_GRAPH_A = "http://example.org/ciskg-test/graph-a"
FIXTURE_GRAPH_B = "http://example.org/ciskg-test/graph-b"
TIMEOUT_S = 2.0
ROW_LIMIT = 5000
TOKEN = "test-token-not-secret"
CORS_ORIGIN = "http://allowed.example"
