"""The reading state of one report, shared by the extractors: its sentences in
order, the mentions, what has been minted so far, and the discourse (which event
and process the text is talking about at each point)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from ciskg import iris
from ciskg.extract.lexicon import Lexicon
from ciskg.extract.records import Entity, Event, Evidence, Extraction, Fact, Group
from ciskg.extract.sentences import Sentence, sentences
from ciskg.gazetteer import Mention
from ciskg.namespaces import CIS
from ciskg.report import Report

_KIND_OF_CLASS = {
    CIS.Place: "place",
    CIS.Organization: "org",
    CIS.GovernmentAgency: "org",
    CIS.IntergovernmentalOrganization: "org",
    CIS.NonGovernmentalOrganization: "org",
    CIS.Process: "process",
    CIS.Project: "project",
    CIS.Document: "doc",
    CIS.WorkingGroup: "group",
}


@dataclass(frozen=True)
class Position:
    """Where a sentence is: its paragraph's place in reading order, and its start."""

    unit: int
    start: int
    section: str | None


@dataclass
class Doc:
    report: Report
    lexicon: Lexicon
    mentions: dict[str, list[Mention]]
    out: Extraction = field(default_factory=Extraction.empty)
    _sentences: list[tuple[Position, Sentence]] = field(default_factory=list)
    _events: list[tuple[Position, Event]] = field(default_factory=list)
    _groups: dict[str, Group] = field(default_factory=dict)
    _entities: dict[URIRef, Entity] = field(default_factory=dict)
    _facts: set[tuple[URIRef, URIRef, object, str]] = field(default_factory=set)

    _topics: dict[int, URIRef | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, p in enumerate(self.report.units()):
            for s in sentences(p.key, p.text, self.mentions.get(p.key, [])):
                self._sentences.append((Position(i, s.start, p.section), s))
        self._track_topics()

    def _track_topics(self) -> None:
        """The process each paragraph talks about: named at the head of its first
        sentence, or carried over from the paragraphs before while none other is named."""
        topic: URIRef | None = None
        section: str | None = None
        for unit, p in enumerate(self.report.units()):
            if p.section != section:
                topic, section = None, p.section
            first = next((s for pos, s in self._sentences if pos.unit == unit), None)
            named = [m for m in (first.mentions if first else ()) if self.lexicon.is_process(m.iri)]
            # the paragraph's subject: named before any comma of its first sentence
            head = [m for m in named if "," not in first.text[: m.start - first.start]]  # type: ignore[union-attr]
            if head:
                topic = head[0].iri
            elif any(m.iri != topic for m in named):
                topic = None
            self._topics[unit] = topic

    def topic_process(self, position: Position) -> URIRef | None:
        return self._topics.get(position.unit)

    @property
    def slug(self) -> str:
        return self.report.slug

    def sentences(self) -> list[tuple[Position, Sentence]]:
        return list(self._sentences)

    def paragraph_sentences(self, para: str) -> list[Sentence]:
        return [s for _, s in self._sentences if s.para == para]

    def text_of(self, para: str) -> str:
        return next(p.text for p in self.report.units() if p.key == para)

    # -- evidence and minting -------------------------------------------------

    def evidence(self, sentence: Sentence, start: int = 0, end: int | None = None) -> Evidence:
        """Evidence for `sentence.text[start:end]`, trimmed of spaces and punctuation."""
        end = len(sentence.text) if end is None else end
        words = sentence.text[start:end]
        lead = len(words) - len(words.lstrip(" ,;:"))
        words = words.strip(" ,;:")
        return Evidence(sentence.para, sentence.start + start + lead, words)

    def entity(
        self, kind: URIRef, label: str, evidence: Evidence, iri: URIRef | None = None
    ) -> URIRef:
        """A thing the reference layer does not know: minted once per label and kind
        (or under the IRI given, where its identity is known, like a country's code)."""
        label = " ".join(label.split()).strip(" ,.;")
        known = self.lexicon.gazetteer.lookup(label) if iri is None else frozenset()
        if known and not any(k in self.lexicon.uncurated for k in known):
            return sorted(known)[0]
        iri = iri or iris.thing(_KIND_OF_CLASS.get(kind, "org"), iris.slugify(label))
        if iri not in self._entities:
            self._entities[iri] = Entity(iri, kind, label, evidence)
            self.out.entities.append(self._entities[iri])
        return iri

    def group(
        self,
        label: str,
        evidence: Evidence,
        *,
        states: bool,
        context: URIRef | None = None,
        drawn_from: tuple[URIRef, ...] = (),
        excludes: tuple[URIRef, ...] = (),
        criterion: URIRef | None = None,
    ) -> URIRef:
        """A described group of actors; the same words in the same context are one group."""
        label = " ".join(label.split()).strip(" ,.;")
        key_words = re.sub(r"^(?:the|a|an|all|both) ", "", label.lower())
        context = context or (drawn_from[0] if drawn_from else None)
        context_part = f"-{iris.short_hash(context, length=6)}" if context else ""
        slug = f"{self.slug}/{iris.slugify(key_words, 50)}{context_part}"
        if criterion:
            slug += f"-{iris.short_hash(evidence, length=6)}"
        if slug not in self._groups:
            kind = CIS.StateGroup if states else CIS.ActorGroup
            group = Group(
                iris.thing("group", slug), kind, label, evidence, drawn_from, excludes, criterion
            )
            self._groups[slug] = group
            self.out.groups.append(group)
        return self._groups[slug].iri

    def secretariat_of(self, process: URIRef, evidence: Evidence) -> URIRef:
        """The secretariat of a process, as a body of its own (named after the process)."""
        label = f"Secretariat of the {self.lexicon.labels.get(process, 'process')}"
        iri = self.entity(CIS.Organization, label, evidence)
        self.fact(process, CIS.secretariat, iri, evidence)
        return iri

    def region(self) -> tuple[URIRef, ...]:
        """The organisation whose member states the report is about: the one with members
        that the report names most often ("the region", "the remaining State")."""
        counts: dict[URIRef, int] = {}
        for found in self.mentions.values():
            for m in found:
                if m.iri in self.lexicon.members:
                    counts[m.iri] = counts.get(m.iri, 0) + 1
        if not counts:
            return ()
        return (max(sorted(counts), key=lambda k: counts[k]),)

    def fact(self, subject: URIRef, predicate: URIRef, obj: URIRef, evidence: Evidence) -> None:
        """A triple the text states; each paragraph that states it is kept as evidence."""
        key = (subject, predicate, obj, evidence.para)
        if key not in self._facts and subject != obj:
            self._facts.add(key)
            self.out.facts.append(Fact(subject, predicate, obj, evidence))

    # -- discourse ------------------------------------------------------------

    def add_event(self, position: Position, event: Event) -> Event:
        """Record an event; an event already known is brought back to attention instead.

        Known means: the same IRI, or a compatible date (one a prefix of the other) with
        the same name, or the same place and a label sharing two content words.
        """
        for _, known in self._events:
            if known.iri == event.iri or _same_event(known, event):
                self._events.append((position, known))
                return known
        self._events.append((position, event))
        self.out.events.append(event)
        return event

    def event_before(
        self, position: Position, same_section: bool = True, skip: frozenset[URIRef] = frozenset()
    ) -> Event | None:
        """The event the text was last talking about before `position` (`skip`: events
        mentioned only in passing)."""
        best = None
        for pos, event in self._events:
            if event.iri in skip:
                continue
            before = (pos.unit, pos.start) <= (position.unit, position.start)
            if before and (not same_section or pos.section == position.section):
                best = event
        return best

    def events(self) -> list[Event]:
        return list(self.out.events)

    def find_event(self, words: str, position: Position, min_overlap: int = 1) -> Event | None:
        """The known event a definite description names: the most recent one sharing most words."""
        wanted = _content_words(words)
        best: tuple[int, int, Event] | None = None
        for i, (pos, event) in enumerate(self._events):
            if (pos.unit, pos.start) > (position.unit, position.start):
                continue
            overlap = len(wanted & _content_words(event.label))
            if overlap >= min_overlap and (best is None or (overlap, i) >= (best[0], best[1])):
                best = (overlap, i, event)
        return best[2] if best else None


def _same_event(a: Event, b: Event) -> bool:
    if a.start is None or b.start is None:
        return False
    x, y = a.start.lexical, b.start.lexical
    if not (x.startswith(y) or y.startswith(x)):
        return False
    where_a, where_b = a.place or a.country, b.place or b.country
    if where_a is not None and where_b is not None and where_a != where_b:
        return False
    if a.label.casefold() == b.label.casefold():
        return True
    return len(_content_words(a.label) & _content_words(b.label)) >= 2


_STOP = frozenset(
    "the a an of in on for and to with its their this that meeting meetings conference "
    "conferences workshop workshops forum forums seminar seminars".split()
)


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9-]+", text.lower()) if w not in _STOP}
