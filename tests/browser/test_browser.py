"""Pages in a real headless Chromium: what a reader sees, and nothing fetched from outside.

Each test looks at a page as a person would — headings, links, the pictures, the query
UI's results table — saves a screenshot under test-artifacts/browser/, and (through the
`browser_page` fixture) fails if the page asked for anything beyond 127.0.0.1 or logged
an error.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser
TIMEOUT_MS = 10_000


def test_home_page_and_search_in_russian(site, browser_page, artifacts) -> None:
    page = browser_page
    page.goto(site.base + "/")
    assert page.locator("h1").inner_text() == "CIS migration knowledge graph"
    network = page.locator("svg.picture").first
    assert network.is_visible()
    assert network.locator("a").count() > 20  # actors, processes and instruments, all links
    page.screenshot(path=artifacts / "home.png", full_page=True)
    page.locator("section.intro input[name=q]").fill("Узбекистан")
    page.locator("section.intro button").click()
    page.wait_for_url(re.compile(r"/id/state/uzb$"), timeout=TIMEOUT_MS)
    assert page.locator("h1").inner_text() == "Uzbekistan"


def test_state_page_in_russian(site, browser_page, artifacts) -> None:
    page = browser_page
    page.goto(site.base + "/id/state/uzb?lang=ru")
    assert page.locator("h1").inner_text() == "Узбекистан"
    said = page.locator("section.said")
    assert "invited the remaining State to accede" in said.inner_text()
    said.locator("cite a").first.click()
    page.wait_for_url(re.compile(r"/para/16$"), timeout=TIMEOUT_MS)
    assert page.locator("a.mention.k-group", has_text="the remaining State").is_visible()
    page.go_back()
    page.screenshot(path=artifacts / "state-uzb-ru.png", full_page=True)


def test_process_page_with_its_timeline(site, browser_page, artifacts) -> None:
    page = browser_page
    page.goto(site.base + "/id/process/soderkoping-process")
    assert page.locator("h1").inner_text() == "Söderköping Process"
    timeline = page.locator("section.picture-box svg").first
    assert timeline.is_visible()
    events = timeline.locator("a")
    assert events.count() >= 10
    box = timeline.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 100
    page.screenshot(path=artifacts / "process-soderkoping.png", full_page=True)
    events.filter(has_text="Senior level review meeting, Söderköping, 12").first.click()
    page.wait_for_url(re.compile(r"/id/event/senior-level-review-meeting-2005"), timeout=TIMEOUT_MS)


def test_query_ui_runs_cq1_and_shows_uzbekistan(site, browser_page, artifacts) -> None:
    page = browser_page
    page.goto(site.base + "/sparql")
    assert "(CQ1)" in page.locator("#examples option:checked").inner_text()
    assert "cis:Invitation" in page.locator("#query").input_value()
    page.locator("#run").click()
    table = page.locator("#results table.results")
    table.wait_for(timeout=TIMEOUT_MS)
    column = table.locator("th").all_inner_texts().index("resolvedStateLabel") + 1
    resolved = table.locator(f"tbody tr td:nth-child({column})").all_inner_texts()
    assert "Uzbekistan @en" in resolved  # "the remaining State", resolved by the rules
    assert table.locator('a[href="/id/state/uzb"]').count() >= 1
    assert "rows" in page.locator("#status").inner_text()
    cell = table.locator(f"tbody tr td:nth-child({column})", has_text="Uzbekistan").first
    cell.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "query-cq1.png", full_page=False)
    page.goto(site.base + "/timeline")
    page.screenshot(path=artifacts / "timeline.png", full_page=True)


def test_the_guard_stops_requests_that_would_leave_loopback() -> None:
    """The assertion above is not vacuous: the guard aborts and records such requests."""
    from browser_guard import Guard

    class Route:
        def __init__(self) -> None:
            self.done = ""

        def continue_(self) -> None:
            self.done = "continued"

        def abort(self) -> None:
            self.done = "aborted"

    class Request:
        def __init__(self, url: str) -> None:
            self.url = url

    guard = Guard()
    for url, outcome in [
        ("http://127.0.0.1:8000/static/site.css", "continued"),
        ("data:image/png;base64,AAAA", "continued"),
        ("https://cdn.example.org/yasgui.js", "aborted"),
        ("http://localhost.example:8000/", "aborted"),
    ]:
        route = Route()
        guard.route(route, Request(url))
        assert route.done == outcome, url
    assert guard.outside == ["https://cdn.example.org/yasgui.js", "http://localhost.example:8000/"]
