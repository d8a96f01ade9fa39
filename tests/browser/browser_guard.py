"""The browser tests' guard: no request from a page may leave 127.0.0.1.

A module of its own (not in conftest.py) so that a test can import it: every test folder
has a `conftest` module, and which one `import conftest` finds depends on the run.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

LOOPBACK = {"127.0.0.1"}
LOCAL_SCHEMES = {"data", "blob", "about"}


class Guard:
    """Aborts and records every request that would leave 127.0.0.1; records page errors."""

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []

    def route(self, route: Any, request: Any) -> None:  # playwright's Route and Request
        url = request.url
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES or parts.hostname in LOOPBACK:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def check(self) -> None:
        assert self.outside == [], f"requests left 127.0.0.1: {self.outside}"
        assert self.errors == [], f"errors in the page: {self.errors}"
