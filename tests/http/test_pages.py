"""The HTML pages on the live server: what a reader sees, in the language they read, offline.

Assertions look for the links and words a person would follow, not for markup details:
the entity a search finds, the statement addressed to Uzbekistan as "the remaining
State" with the paragraph it came from, mentions linked in a paragraph's text.
"""

from __future__ import annotations

import re

import httpx
import pytest
from live_server import ROOT

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PARA_16 = "/id/doc/a-60-item-42-2005-08-19/para/16"
EXTERNAL_ASSET = re.compile(r'<(?:script|img|iframe)[^>]+src="(?!/)|<link[^>]+href="(?!/)', re.I)


def page(server, path: str, **headers: str) -> httpx.Response:
    response = httpx.get(server.base + path, headers={"Accept": BROWSER, **headers})
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert not EXTERNAL_ASSET.search(response.text), "a page must load nothing from elsewhere"
    return response


def test_home_has_summary_search_entry_points_and_network(server) -> None:
    html = page(server, "/").text
    assert 'action="/search"' in html
    for kind in ("state", "org", "instrument", "process", "event"):
        assert f'href="/browse/{kind}"' in html
    assert 'href="/id/state/uzb"' in html and 'href="/id/process/soderkoping-process"' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html  # the network picture
    assert "<strong>24</strong>" in html  # states


@pytest.mark.parametrize("name", ["Узбекистан", "узбекистан", "Ouzbékistan", "乌兹别克斯坦"])
def test_search_finds_a_state_by_its_name_in_any_language(server, name: str) -> None:
    response = httpx.get(server.base + "/search", params={"q": name}, headers={"Accept": BROWSER})
    assert response.status_code == 303  # one thing has that name: straight to its page
    assert response.headers["location"] == "/id/state/uzb"


def test_search_lists_several_hits_exact_first(server) -> None:
    html = page(server, "/search?q=Uzbekistan").text
    hits = re.findall(r'<li><a href="([^"]+)"', html)
    assert hits[0] == "/id/state/uzb"
    assert any("with-the-exception-of-uzbekis" in h for h in hits)
    assert "Nothing has that name" in page(server, "/search?q=zzzqqq").text


def test_pages_follow_lang_parameter_cookie_and_accept_language(server) -> None:
    russian = page(server, "/id/state/uzb?lang=ru")
    assert '<h1 lang="ru">Узбекистан</h1>' in russian.text
    assert russian.headers["content-language"] == "ru"
    assert "lang=ru" in russian.headers["set-cookie"]
    assert "Что говорится в докладах" in russian.text
    french = page(server, "/id/state/uzb", **{"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.8"})
    assert '<h1 lang="fr">Ouzbékistan</h1>' in french.text
    remembered = httpx.get(
        server.base + "/id/state/geo", headers={"Accept": BROWSER}, cookies={"lang": "ru"}
    )
    assert '<h1 lang="ru">Грузия</h1>' in remembered.text
    assert '<h1 lang="en">Uzbekistan</h1>' in page(server, "/id/state/uzb").text


def test_state_page_shows_what_the_reports_say_through_groups(server) -> None:
    html = page(server, "/id/state/uzb").text
    assert "the remaining State" in html
    assert "invited the remaining State to accede to the 1951 Convention" in html
    assert f'href="{PARA_16}"' in html  # the quote links to its paragraph
    assert 'href="http://www.wikidata.org/entity/Q265"' in html
    assert ">UZB<" in html  # ISO 3166-1 alpha-3
    assert 'href="/id/process/geneva-conference-process"' in html  # takes part in
    assert 'href="/id/participation/uzb-crc-1989-accession"' in html  # incoming link
    assert 'class="inferred"' in html  # resolved membership is marked as concluded


def test_process_page_has_its_timeline(server) -> None:
    html = page(server, "/id/process/soderkoping-process").text
    timeline = html[html.index("<svg") : html.index("</svg>")]
    assert 'href="/id/event/senior-level-review-meeting-2005-05-12-soderkoping"' in timeline
    assert "2004" in timeline and "2005" in timeline


def test_paragraph_page_links_mentions_and_described_groups(server) -> None:
    html = page(server, PARA_16).text
    text = html[html.index('<p class="text">') :]
    text = text[: text.index("</p>")]
    assert '<a class="mention k-instrument" href="/id/instrument/refugee-convention-1951"' in text
    assert "remaining-state" in text and ">the remaining State</a>" in text
    assert 'rel="prev" href="/id/doc/a-60-item-42-2005-08-19/para/15"' in html
    assert 'rel="next" href="/id/doc/a-60-item-42-2005-08-19/para/17"' in html


def test_timeline_page_has_lanes_per_process_and_a_table(server) -> None:
    html = page(server, "/timeline").text
    assert html.count("<svg") == 1
    assert "Söderköping Process" in html and "Budapest Process" in html
    assert 'href="/id/event/high-level-review-meeting-2004-05-26"' in html
    assert "from 26 to 28 May 2004" in html  # the date as the report words it


def test_browse_lists_every_thing_of_a_kind(server) -> None:
    html = page(server, "/browse/state").text
    assert len(set(re.findall(r'href="/id/state/([a-z]{3})"', html))) == 24
    missing = httpx.get(server.base + "/browse/unicorn", headers={"Accept": BROWSER})
    assert missing.status_code == 404


def test_query_ui_on_get_sparql_for_browsers_only(server) -> None:
    html = page(server, "/sparql").text
    assert '<textarea id="query"' in html and "cq01" in html
    assert 'src="/static/sparql.js"' in html
    # other clients still get the service description
    described = httpx.get(server.sparql, headers={"Accept": "text/turtle"})
    assert described.headers["content-type"].startswith("text/turtle")
    assert "sparql-service-description" in described.text
    assert httpx.get(server.sparql).headers["content-type"].startswith("text/turtle")


def test_query_ui_without_javascript_renders_results(server) -> None:
    cq1 = next((ROOT / "queries").glob("cq01-*.rq")).read_text(encoding="utf-8")
    response = httpx.get(
        server.base + "/sparql/ui", params={"query": cq1}, headers={"Accept": BROWSER}
    )
    assert response.status_code == 200
    table = response.text[response.text.index('<table class="results">') :]
    assert ">Uzbekistan<" in table and 'href="/id/state/uzb"' in table
    bad = httpx.get(server.base + "/sparql/ui", params={"query": "SELECT * WHERE {"})
    assert bad.status_code == 400 and 'class="error"' in bad.text


def test_static_assets(server) -> None:
    css = httpx.get(server.base + "/static/site.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "max-age" in css.headers["cache-control"]
    for name in ("nothing.css", "..%2Fapp.py", "templates"):
        assert httpx.get(server.base + "/static/" + name).status_code == 404
