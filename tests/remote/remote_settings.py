"""Settings of the apps the remote-backend tests start."""

from __future__ import annotations

TIMEOUT_S = 2.0
ROW_LIMIT = 5000
TOKEN = "remote-test-token"
