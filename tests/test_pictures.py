"""The SVG pictures and the label rule, on small made-up data (no store, no server)."""

from __future__ import annotations

import datetime as dt
import re
from xml.etree import ElementTree

from ciskg.labels import Labels, compact
from ciskg.pictures import network, timeline

SVG = "{http://www.w3.org/2000/svg}"


def test_dates_keep_the_precision_the_text_gives() -> None:
    assert timeline.interval("2004-05-26") == (dt.date(2004, 5, 26), dt.date(2004, 5, 26), "day")
    assert timeline.interval("2003-06") == (dt.date(2003, 6, 1), dt.date(2003, 6, 30), "month")
    assert timeline.interval("2000") == (dt.date(2000, 1, 1), dt.date(2000, 12, 31), "year")
    assert timeline.interval("2004-02") == (dt.date(2004, 2, 1), dt.date(2004, 2, 29), "month")
    assert timeline.interval("sometime") is None


def test_timeline_is_valid_svg_with_a_link_per_event_and_no_overlapping_labels() -> None:
    events = [
        timeline.Event(f"Meeting <{i}> & more", f"2004-05-{10 + i:02d}", f"/id/event/e{i}")
        for i in range(8)
    ]
    lane = timeline.Lane(
        "A process", "/id/process/p", [*events, timeline.Event("Year", "2003", "/y")]
    )
    svg = timeline.render([lane], "Timeline")
    root = ElementTree.fromstring(svg)  # well-formed: labels are escaped
    links = [a.get("href") for a in root.iter(SVG + "a")]
    assert "/id/process/p" in links and all(f"/id/event/e{i}" in links for i in range(8))
    rows: dict[str, list[tuple[float, float]]] = {}
    for text in root.iter(SVG + "text"):
        if text.get("text-anchor") in ("start", "end") and text.text and "Meeting" in text.text:
            x = float(text.get("x", 0))
            width = len(text.text) * 6.4
            left = x if text.get("text-anchor") == "start" else x - width
            rows.setdefault(text.get("y", ""), []).append((left, left + width))
    assert len(rows) > 1  # eight labels a day apart cannot share one row
    for spans in rows.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert timeline.render([timeline.Lane("empty")], "Nothing") == ""


def test_network_columns_and_neighbourhood_link_every_node() -> None:
    actors = [network.Node(f"a{i}", f"Actor {i}", f"/id/org/a{i}", "org") for i in range(3)]
    process = network.Node("p", "Process", "/id/process/p", "process")
    edges = [network.Edge(a.id, "p", "lead agency") for a in actors]
    svg = network.columns([("Actors", actors), ("Processes", [process]), ("X", [])], edges, "N")
    root = ElementTree.fromstring(svg)
    assert {a.get("href") for a in root.iter(SVG + "a")} == {n.href for n in [*actors, process]}
    assert len(list(root.iter(SVG + "path"))) == 3
    around = network.neighbourhood(process, [(actors[0], "lead agency")], [], "Around")
    assert 'href="/id/org/a0"' in around and "→ lead agency" in around
    assert network.neighbourhood(process, [], [], "Nothing") == ""
    assert re.search(r"<script", svg) is None


def test_labels_follow_the_readers_languages() -> None:
    labels = Labels(["ru", "fr"])
    iri = "https://w3id.org/ciskg/id/state/uzb"
    labels.add(iri, "http://www.w3.org/2000/01/rdf-schema#label", "Uzbekistan", "en")
    labels.add(iri, "http://www.w3.org/2004/02/skos/core#prefLabel", "Uzbekistan", "en")
    labels.add(iri, "http://www.w3.org/2004/02/skos/core#prefLabel", "Узбекистан", "ru")
    assert labels.of(iri) == "Узбекистан"
    assert Labels(["fr"]).of(iri) == compact(iri) == "state/uzb"  # no label known: the IRI
    org = "https://w3id.org/ciskg/id/org/unhcr"
    english = Labels(["de"])
    english.add(
        org, "http://www.w3.org/2000/01/rdf-schema#label", "Office of the UNHCR ..." * 2, "en"
    )
    english.add(org, "http://www.w3.org/2004/02/skos/core#altLabel", "UNHCR", "en")
    assert english.of(org).startswith("Office")
    assert english.short(org, 20) == "UNHCR"
    assert compact("https://w3id.org/ciskg/def#State") == "cis:State"
