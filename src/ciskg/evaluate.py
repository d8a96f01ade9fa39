"""Evaluate the extractor against a hand-checked gold set (`data/gold/*.csv`).

Scores are precision, recall and F1 per statement type. What counts as the same fact:
- events: the same start date (at the same precision) and, where both give one, the
  same place or country;
- roles: the same role, the same actor, and a subject that is the same event (as
  matched above), process or named body;
- statements: the same paragraph and type, with evidence that overlaps in the text
  (their action, instruments, agents and addressees are scored apart, on matched pairs);
- relations: the same subject, predicate and object;
- mentions: the same (paragraph, entity) pair.
Named things the reference layer does not know (`new:"…"`) and described groups
(`group:"…"`) match ours by their words, ignoring case and a leading article.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from ciskg import iris
from ciskg.extract.records import Event, Extraction, Fact, Statement
from ciskg.gazetteer import Mention
from ciskg.namespaces import ID
from ciskg.rdfize import document_iri
from ciskg.report import Report

ROLES = (
    "organizer",
    "host",
    "coSponsor",
    "chair",
    "coChair",
    "participant",
    "leadAgency",
    "secretariat",
    "fundedBy",
)
RELATIONS = {
    "spinOffOf": "spinOffOf",
    "relatedTo": "relatedTo",
    "memberOf": "memberOf",
    "partOf": "partOf",
    "successorOf": "proposedSuccessorOf",
    "cites": "cites",
    "location": "location",
    "inCountry": "inCountry",
}


@dataclass
class Score:
    kind: str
    gold: int = 0
    found: int = 0
    matched: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Names:
    """How to read the gold's compact references against what was extracted."""

    labels: dict[URIRef, str]  # every IRI with a label: reference, groups, new entities

    def same(self, gold: str, ours: URIRef) -> bool:
        gold = gold.strip()
        if m := re.fullmatch(r'(?:group|new):"(.*)"', gold):
            # our label may add where it belongs: "first working group of the … Meeting"
            theirs, mine = _norm(m.group(1)), _norm(self.labels.get(ours, ""))
            return mine == theirs or mine.startswith(theirs + " of ")
        return expand(gold) == ours


def expand(compact: str) -> URIRef | None:
    prefix, _, local = compact.partition(":")
    if prefix in ("state", "org", "process", "instrument", "place", "doc") and local:
        return ID[f"{prefix}/{local}"]
    return None


def _norm(words: str) -> str:
    words = re.sub(r"^(?:the|a|an) ", "", words.strip().lower())
    return re.sub(r"\s+", " ", words.replace("’", "'"))


def read_gold(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _greedy(
    kind: str,
    gold: list[Any],
    ours: list[Any],
    same: Callable[[Any, Any], bool],
    show_gold: Callable[[Any], str],
    show_ours: Callable[[Any], str],
) -> Score:
    """Match each gold item to the first unmatched item of ours that is the same."""
    score = Score(kind, len(gold), len(ours))
    free = list(range(len(ours)))
    for g in gold:
        hit = next((i for i in free if same(g, ours[i])), None)
        if hit is None:
            score.misses.append(show_gold(g))
        else:
            free.remove(hit)
            score.matched += 1
    score.extras = [show_ours(ours[i]) for i in free]
    return score


def evaluate(
    report: Report,
    extraction: Extraction,
    mentions: dict[str, list[Mention]],
    gold_dir: Path,
    labels: dict[URIRef, str],
) -> list[Score]:
    """Scores per statement type: events, roles, statements, relations, mentions."""
    names = _names(extraction, labels)
    gold_events = read_gold(gold_dir, "events")
    by_name = {g["event"]: g for g in gold_events}

    def subject_same(gold_subject: str, ours: URIRef) -> bool:
        if gold_subject in by_name:
            return any(
                e.iri == ours and _same_event(by_name[gold_subject], e) for e in extraction.events
            )
        return names.same(gold_subject, ours)

    events = _greedy(
        "events",
        [g for g in gold_events if g["start"]],  # only dated events are extracted
        extraction.events,
        _same_event,
        lambda g: f"[{g['para']}] {g['event']} {g['start']}",
        lambda e: f"[{e.evidence.para}] {e.label} {e.start.lexical if e.start else ''}",
    )
    roles = _greedy(
        "roles",
        _dedupe(read_gold(gold_dir, "roles"), ("subject", "role", "actor")),
        _facts(extraction, set(ROLES)),
        lambda g, f: (
            g["role"] == _local(f.predicate)
            and names.same(g["actor"], f.object)
            and subject_same(g["subject"], f.subject)
        ),
        lambda g: f"[{g['para']}] {g['subject']} {g['role']} {g['actor']}",
        _show_fact,
    )
    texts = {p.key: p.text for p in report.units()}
    statements = _greedy(
        "statements",
        read_gold(gold_dir, "statements"),
        extraction.statements,
        lambda g, s: _same_statement(texts, g, s),
        lambda g: f"[{g['para']}] {g['type']}: {g['evidence'][:70]}",
        lambda s: f"[{s.evidence.para}] {_local(s.kind)}: {s.evidence.text[:70]}",
    )
    doc = document_iri(report)

    def relation_subject(gold_subject: str, ours: URIRef) -> bool:
        if gold_subject == "report":
            return ours == doc
        if gold_subject == "summary" or gold_subject.isdigit():
            return ours == iris.paragraph(report.slug, gold_subject)
        return subject_same(gold_subject, ours)

    relations = _greedy(
        "relations",
        _dedupe(read_gold(gold_dir, "relations"), ("subject", "predicate", "object")),
        _facts(extraction, set(RELATIONS.values())),
        lambda g, f: (
            RELATIONS.get(g["predicate"]) == _local(f.predicate)
            and relation_subject(g["subject"], f.subject)
            and subject_same(g["object"], f.object)
        ),
        lambda g: f"[{g['para']}] {g['subject']} {g['predicate']} {g['object']}",
        _show_fact,
    )
    mention_score = _greedy(
        "mentions",
        [g for g in read_gold(gold_dir, "mentions") if expand(g["entity"]) is not None],
        sorted({(k, m.iri) for k, found in mentions.items() for m in found}),
        lambda g, m: g["para"] == m[0] and expand(g["entity"]) == m[1],
        lambda g: f"[{g['para']}] {g['entity']}",
        lambda m: f"[{m[0]}] {_short(m[1])}",
    )
    return [events, roles, statements, relations, mention_score]


def attribute_accuracy(
    report: Report, extraction: Extraction, gold_dir: Path, labels: dict[URIRef, str]
) -> dict[str, tuple[int, int]]:
    """On statements matched to the gold: how often action, instruments, agents and
    addressees agree (correct, compared)."""
    names = _names(extraction, labels)
    texts = {p.key: p.text for p in report.units()}
    out = {"action": [0, 0], "instruments": [0, 0], "agents": [0, 0], "addressees": [0, 0]}
    free = list(extraction.statements)
    for g in read_gold(gold_dir, "statements"):
        s = next((s for s in free if _same_statement(texts, g, s)), None)
        if s is None:
            continue
        free.remove(s)
        if g["action"]:
            out["action"][1] += 1
            out["action"][0] += s.action == ID[f"action/{g['action']}"]
        out["instruments"][1] += 1
        out["instruments"][0] += {expand(i) for i in g["instruments"].split()} == set(s.instruments)
        for key, ours in (("agents", s.agents), ("addressees", s.addressees)):
            want = [w for w in g["agent" if key == "agents" else "addressee"].split("; ") if w]
            out[key][1] += 1
            out[key][0] += len(want) == len(ours) and all(
                any(names.same(w, o) for o in ours) for w in want
            )
    return {k: (v[0], v[1]) for k, v in out.items()}


def _names(extraction: Extraction, labels: dict[URIRef, str]) -> Names:
    return Names(
        {
            **labels,
            **{g.iri: g.label for g in extraction.groups},
            **{e.iri: e.label for e in extraction.entities},
        }
    )


def _same_event(g: dict[str, str], e: Event) -> bool:
    """Same start date; and the same place or country where both give one."""
    if e.start is None or g["start"] != e.start.lexical:
        return False
    ours = {x for x in (e.place, e.country) if x is not None}
    theirs = {expand(g[k]) for k in ("place", "country") if g.get(k)}
    return not ours or not theirs or bool(ours & theirs)


def _same_statement(texts: dict[str, str], g: dict[str, str], s: Statement) -> bool:
    return (
        g["para"] == s.evidence.para
        and g["type"] == _local(s.kind)
        and _overlaps(
            texts.get(g["para"], ""), g["evidence"], s.evidence.start, len(s.evidence.text)
        )
    )


def _facts(extraction: Extraction, predicates: set[str]) -> list[Fact]:
    """Facts with one of the predicates and a thing as object, one per distinct triple
    (an event's own place and process are scored with the events)."""
    seen: dict[tuple[URIRef, URIRef, object], Fact] = {}
    for f in extraction.facts:
        if _local(f.predicate) in predicates and not isinstance(f.object, Literal):
            seen.setdefault((f.subject, f.predicate, f.object), f)
    return list(seen.values())


def _show_fact(f: Fact) -> str:
    return f"[{f.evidence.para}] {_short(f.subject)} {_local(f.predicate)} {_short(f.object)}"


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _overlaps(text: str, gold_evidence: str, start: int, length: int) -> bool:
    for m in re.finditer(re.escape(gold_evidence.strip()), text):
        if m.start() < start + length and start < m.end():
            return True
    return False


def _dedupe(rows: list[dict[str, str]], keys: tuple[str, ...]) -> list[dict[str, str]]:
    seen: dict[tuple[str, ...], dict[str, str]] = {}
    for r in rows:
        seen.setdefault(tuple(r[k] for k in keys), r)
    return list(seen.values())


def _short(iri: object) -> str:
    text = str(iri)
    return text.split("/id/", 1)[-1] if "/id/" in text else text.split("#")[-1]
