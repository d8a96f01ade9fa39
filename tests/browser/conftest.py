"""A live server on the project's build and one headless Chromium for the browser tests.

Chromium is Debian's (`/usr/bin/chromium`, installed by `.ci/install-browser`), driven by
playwright with a fresh profile; playwright's own browser downloads are never used. Every
request the pages make is routed through `guard`: anything not addressed to 127.0.0.1 is
aborted and recorded, and each test asserts that nothing was. Screenshots go to
`test-artifacts/browser/` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "http"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_guard import Guard  # noqa: E402
from live_server import ROOT, LiveServer  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def site(built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = Path(built.dump).parent.parent / "store"
    live = LiveServer(store, tmp_path_factory.mktemp("browser-log") / "server.log").start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory):
    """One browser per test module: playwright's sync API keeps an event loop running in
    this thread while it is open, which would break later tests that use asyncio."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is not installed (Debian's chromium: run .ci/install-browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport=VIEWPORT,
            locale="en-US",
        )
        yield context
        context.close()


@pytest.fixture()
def guard(chromium) -> Iterator[Guard]:
    watcher = Guard()
    chromium.clear_cookies()  # a language chosen in one test must not carry over
    chromium.route("**/*", watcher.route)
    yield watcher
    chromium.unroute("**/*")


@pytest.fixture()
def browser_page(chromium, guard: Guard):
    page = chromium.new_page()
    page.on("pageerror", lambda exc: guard.errors.append(str(exc)))
    page.on("console", lambda msg: guard.errors.append(msg.text) if msg.type == "error" else None)
    yield page
    page.close()
    guard.check()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
