"""Statements: what the text says actors did or said — invitations, commitments,
recognitions, recommendations — with agent, addressee, action, instruments, the
meeting where it was said, and the words that say it.

The rules read the genre's reporting verbs ("invited … to accede to", "undertook to",
"affirmed that they would consider acceding", "were invited to adopt", "recognized",
"recommended") and its sentence shapes: a subject shared by coordinated clauses
("The participating CIS States concurred …; committed themselves …; invited …"),
passives ("were invited to"), "they" for the previous subject, "those instruments"
for the instruments just named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Namespace, URIRef

from ciskg import iris
from ciskg.extract.actors import actors_in
from ciskg.extract.document import Doc, Position
from ciskg.extract.records import Event, Statement
from ciskg.extract.sentences import Sentence
from ciskg.namespaces import CIS, ID

ACTION = Namespace(ID["action/"])


@dataclass(frozen=True)
class Trigger:
    pattern: re.Pattern[str]
    kind: URIRef
    passive: bool = False  # the subject is the addressee, not the agent
    takes_addressee: bool = False  # "invited X to …"
    action: str | None = None  # a fixed action, when the verb itself says it
    passive_agent: bool = False  # "… were endorsed by X": the agent follows "by"
    may_be_adjective: bool = False  # "recognized refugees" is no recognition


def _t(words: str, kind: URIRef, **kw: object) -> Trigger:
    return Trigger(re.compile(rf"(?<![\w-]){words}(?![\w-])"), kind, **kw)  # type: ignore[arg-type]


TRIGGERS = [
    _t(
        r"(?:was|were) (?:also |therefore )?(?:invited|urged|encouraged|requested)",
        CIS.Invitation,
        passive=True,
    ),
    _t(
        r"(?:invited|invites|invite|urged|urges|called upon|calls upon|requested|encouraged)",
        CIS.Invitation,
        takes_addressee=True,
    ),
    _t(
        r"(?:committed themselves|committed itself|remains committed|remain committed|"
        r"reaffirmed their commitment)",
        CIS.Commitment,
    ),
    _t(r"(?:undertook|undertake|undertakes)", CIS.Commitment),
    _t(r"affirmed (?:that they would|their readiness)", CIS.Commitment),
    _t(r"(?:agreed|agree) to", CIS.Commitment),
    _t(
        r"(?:were|was) (?:therefore )?considering(?= acceding| accession| ratif| signing)",
        CIS.Commitment,
    ),
    _t(r"would (?:consider|endeavour|strive)", CIS.Commitment),
    _t(
        r"(?:fully )?(?:recognized|recognised|acknowledged)",
        CIS.Recognition,
        action="recognize",
        may_be_adjective=True,
    ),
    _t(r"(?:[Rr]ecognizing|[Rr]ecognising|Reaffirming)", CIS.Recognition, action="recognize"),
    _t(r"affirmed their recognition", CIS.Recognition, action="recognize"),
    _t(
        r"reaffirmed the (?:importance|need|principles?|validity)",
        CIS.Recognition,
        action="recognize",
    ),
    _t(r"(?:have |has )?recommended", CIS.Recommendation),
    _t(r"recommendations (?:were|was) endorsed", CIS.Recommendation, passive_agent=True),
    _t(r"(?:drew up|made|adopted) recommendations", CIS.Recommendation),
    _t(r"recommendations (?:for [a-z ]+ )?made by", CIS.Recommendation, passive_agent=True),
    _t(r"request addressed to", CIS.Invitation, passive_agent=True, takes_addressee=True),
    _t(r"[Ii]t was suggested", CIS.Recommendation),
]
# Words that start the predicate: where the subject of a sentence ends.
_VERB = re.compile(
    r"\b(?:invited|invite|recognized|recognised|acknowledged|welcomed|emphasized|expressed|"
    r"affirmed|reaffirmed|concurred|noted|stressed|called|agreed|undertook|committed|gave|"
    r"remains|remain|were|was|is|are|have|has|had|fully|also|therefore|urged|recommended|"
    r"would|considered|decided|identified|endorsed)\b"
)
_OPENER = re.compile(
    r"^(?:In|Concerning|As|Building|Reaffirming|Recognizing|Recognising|Following|After|Since|"
    r"During|Given|Overall|Thus|However|Moreover|To|With|Based|On)\b[^,]*, "
)
_TO_VERB = re.compile(r"(?:,\s*)?\bto (?!the\b|a\b|an\b|its\b|their\b)(?=[a-z])")
_ANAPHORIC_INSTRUMENTS = re.compile(
    r"\b(?:those|these|the said|such) (?:instruments|conventions)\b"
)
_DO_SO = re.compile(r"^\s*do so\b")
_PRONOUN = re.compile(r"^(?:[Tt]hey|[Tt]hey also)\b")
_DESCRIBED_INSTRUMENT = re.compile(
    r"\b(?:a|the|an) (?:(?:new|draft|European|regional) )?(?P<head>convention|protocol)"
    r" (?:against|on|relating to|for|concerning) (?P<topic>[a-z][a-z ]+?)(?=[,;.]| largely| open|$)"
)
_NOT_BEFORE_VERB = frozenset(
    "of the a an as for internationally be been being were was is are".split()
)
_PARTICIPLE = re.compile(
    r", (?:recognizing|recognising|reaffirming|noting|building|bearing|welcoming)\b"
)
_RELATIVE = re.compile(r", (?:which|who) [^,]*,")
_IN_COOPERATION = re.compile(
    r",? in (?:cooperation|consultation|partnership) with .*?(?=,? to [a-z]|$)"
)
_THAT_SUBJECT = re.compile(r"\bthat (?P<subject>[^,;]+?) (?:had|have|has|would|were)\b")
_EVENT_REFERENCE = re.compile(
    r"\b(?:the|this|that) (?:[\w-]+ ){0,4}?(?:[Mm]eeting|[Cc]onference|[Ww]orkshop|[Ff]orum)"
    r"(?: of (?:the )?[\w-]+(?: [\w-]+){0,4})?"
)
_PARTICIPANTS = re.compile(r"^(?:The )?[Pp]articipants\b")


def extract_statements(doc: Doc) -> None:
    last_agents: dict[str, tuple[URIRef, ...]] = {}
    current: dict[str, Event | None] = {}  # the meeting each paragraph talks about
    counters: dict[str, int] = {}
    said_here: set[str] = set()  # paragraphs whose statements were made at their meeting
    in_passing = _reported_events(doc)
    for position, sentence in doc.sentences():
        event = _current_event(doc, position, sentence, current, in_passing)
        meeting = event.iri if event is not None else None
        found = _triggers(sentence.text)
        if not found:
            continue
        subject = _subject(doc, sentence, meeting, last_agents.get(sentence.para, ()))
        previous_action: URIRef | None = None
        for trig, m in found:
            clause_start, clause_end = _clause(sentence.text, m.start(), m.end())
            agents = (
                _that_subject(doc, sentence, m.start(), meeting)
                or _own_subject(doc, sentence, clause_start, m.start(), meeting)
                or subject
            )
            after_start, after_end = m.end(), clause_end
            addressees: tuple[URIRef, ...] = ()
            if trig.passive:
                addressees, agents = agents, ()
            elif trig.passive_agent and trig.takes_addressee:
                # "the request addressed to UNHCR by the General Assembly … to convene …"
                by = re.search(r"\bby\b", sentence.text[after_start:after_end])
                if by is None:
                    continue
                to = _TO_VERB.search(sentence.text, after_start + by.end(), after_end)
                agent_end = to.start() if to else after_end
                addressees = _addressees(
                    doc, sentence, after_start, after_start + by.start(), meeting, ()
                )
                agents = _agents(doc, sentence, after_start + by.end(), agent_end, meeting)
                after_start = to.end() if to else after_end
            elif trig.passive_agent:
                by = re.search(r"\bby\b", sentence.text[after_start:after_end])
                agents = (
                    _agents(doc, sentence, after_start + by.end(), after_end, meeting) if by else ()
                )
            elif trig.takes_addressee:
                to = _TO_VERB.search(sentence.text, after_start, after_end)
                if to is not None:
                    addressees = _addressees(
                        doc, sentence, after_start, to.start(), meeting, agents
                    )
                    after_start = to.end()
            # "would consider acceding": the verb is part of what is promised
            keep_verb = trig.kind == CIS.Commitment and "consider" in m.group(0)
            action_words = sentence.text[m.start() if keep_verb else after_start : after_end]
            action = _action(doc, trig, re.sub(r"^\s*to ", "", action_words), previous_action)
            previous_action = action or previous_action
            counters[sentence.para] = counters.get(sentence.para, 0) + 1
            end = _evidence_end(sentence.text, m.end(), after_end)
            said_at = _said_at(doc, sentence, agents, addressees, event)
            if said_at:
                said_here.add(sentence.para)
            made_at = meeting if said_at or sentence.para in said_here else None
            doc.out.statements.append(
                Statement(
                    iri=iris.thing(
                        "statement", f"{doc.slug}/{sentence.para}-{counters[sentence.para]}"
                    ),
                    kind=trig.kind,
                    evidence=doc.evidence(sentence, m.start(), end),
                    agents=agents,
                    addressees=addressees,
                    action=action,
                    instruments=_instruments(doc, sentence, after_start, after_end),
                    made_at=made_at,
                    themes=tuple(doc.lexicon.themes_in(sentence.text[m.start() : after_end])),
                )
            )
        last_agents[sentence.para] = subject or last_agents.get(sentence.para, ())


def _reported_events(doc: Doc) -> frozenset[URIRef]:
    """Events named inside what a statement says ('recognized the progress made since
    1996, with the interim review in 2000'): they are not where the statements were made."""
    spans = {(s.para, s.start, s.end) for _, s in doc.sentences() if _triggers(s.text)}
    return frozenset(
        e.iri
        for e in doc.events()
        if any(p == e.evidence.para and a <= e.evidence.start < b for p, a, b in spans)
    )


def _current_event(
    doc: Doc,
    position: Position,
    sentence: Sentence,
    current: dict[str, Event | None],
    in_passing: frozenset[URIRef],
) -> Event | None:
    """The meeting a sentence talks about: one it names ('the meeting of senior officials'),
    else the one its paragraph named last, else the one the section talked about last."""
    named = [(x.start - sentence.start, x.end - sentence.start) for x in sentence.mentions]
    for m in _EVENT_REFERENCE.finditer(sentence.text):
        if any(a < m.end() and m.start() < b for a, b in named):
            continue  # "the 1996 Geneva Conference" is a process, not a meeting
        found = doc.find_event(m.group(0), position, min_overlap=2)
        if found is not None:
            current[sentence.para] = found
    if sentence.para in current:
        return current[sentence.para]
    return doc.event_before(position, skip=in_passing)


def _said_at(
    doc: Doc,
    sentence: Sentence,
    agents: tuple[URIRef, ...],
    addressees: tuple[URIRef, ...],
    event: Event | None,
) -> bool:
    """A statement was made at a meeting when its speakers are drawn from the meeting's
    participants, or the paragraph itself is about that meeting."""
    if event is None or sentence.para == "summary":
        return False
    if event.evidence.para == sentence.para:
        return True
    return any(
        event.iri in g.drawn_from for g in doc.out.groups if g.iri in agents or g.iri in addressees
    )


def _triggers(text: str) -> list[tuple[Trigger, re.Match[str]]]:
    """Trigger verbs in text order; where two overlap, the one listed first wins. A verb
    used as an adjective or in a passive ('of recognized refugees', 'were recognized as')
    is no statement."""
    found: list[tuple[Trigger, re.Match[str]]] = []
    for trig in TRIGGERS:
        for m in trig.pattern.finditer(text):
            before = text[: m.start()].split()
            if trig.may_be_adjective and before and before[-1].lower() in _NOT_BEFORE_VERB:
                continue
            if not any(m.start() < n.end() and n.start() < m.end() for _, n in found):
                found.append((trig, m))
    return sorted(found, key=lambda x: x[1].start())


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a trigger: between semicolons, or up to the next coordinated
    reporting verb ('…; and agreed to …', ', and invited …')."""
    left = text.rfind(";", 0, start) + 1
    nxt = re.search(r";|, and (?=[a-z]+ed\b)|\. ", text[end:])
    right = end + nxt.start() if nxt else len(text)
    return left, right


def _evidence_end(text: str, start: int, limit: int) -> int:
    """Evidence runs to the end of the clause, or to a natural stop within 200 characters."""
    if limit - start <= 200:
        return limit
    stop = text.rfind(",", start, start + 200)
    return stop if stop > start else start + 200


def _subject(
    doc: Doc, sentence: Sentence, meeting: URIRef | None, previous: tuple[URIRef, ...]
) -> tuple[URIRef, ...]:
    text = sentence.text
    opener = _OPENER.match(text)
    start = opener.end() if opener else 0
    if _PRONOUN.match(text[start:]):
        return previous
    # the predicate's verb, not one inside a relative clause of the subject
    masked = _RELATIVE.sub(lambda r: " " * len(r.group(0)), text)
    verb = _VERB.search(masked, start)
    end = verb.start() if verb else len(text)
    participle = _PARTICIPLE.search(text, start, end)
    if participle:
        end = participle.start()
    return _agents(doc, sentence, start, end, meeting)


def _that_subject(
    doc: Doc, sentence: Sentence, trigger_start: int, meeting: URIRef | None
) -> tuple[URIRef, ...]:
    """'it was noted that participating countries … had acknowledged': the subject of
    the reported clause."""
    matches = list(_THAT_SUBJECT.finditer(sentence.text, 0, trigger_start))
    if not matches:
        return ()
    m = matches[-1]
    return tuple(actors_in(doc, sentence, m.start("subject"), m.end("subject"), event=meeting))


def _own_subject(
    doc: Doc, sentence: Sentence, clause_start: int, trigger_start: int, meeting: URIRef | None
) -> tuple[URIRef, ...]:
    """A clause after a semicolon may have a subject of its own ('… ; UNHCR undertook …')."""
    if clause_start == 0:
        return ()
    words = sentence.text[clause_start:trigger_start]
    if _VERB.search(words) or not words.strip() or words.strip().startswith(("and", "(")):
        return ()
    return _agents(doc, sentence, clause_start, trigger_start, meeting)


def _agents(
    doc: Doc, sentence: Sentence, start: int, end: int, meeting: URIRef | None
) -> tuple[URIRef, ...]:
    words = sentence.text[start:end]
    that = list(_THAT_SUBJECT.finditer(words))
    if that:  # "it was noted that participating countries … had acknowledged"
        start, end = start + that[-1].start("subject"), start + that[-1].end("subject")
        words = sentence.text[start:end]
    if _PARTICIPANTS.match(words.strip()) and meeting is not None:
        head = re.match(
            r"(?:The )?[Pp]articipants(?: in (?:the )?[A-Z][\w-]*(?: [A-Z][\w-]*)*)?", words.strip()
        )
        label = head.group(0) if head else "participants"
        ev = doc.evidence(sentence, start, start + len(words) - len(words.lstrip()) + len(label))
        return (doc.group(label, ev, states=False, drawn_from=(meeting,)),)
    found: list[URIRef] = []
    for a, b in _outside(words, _RELATIVE):
        found += actors_in(doc, sentence, start + a, start + b, event=meeting)
    return tuple(dict.fromkeys(found)) or _coreferent(doc, sentence, words)


def _outside(words: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """The stretches of `words` not inside a match of `pattern` (a relative clause …)."""
    spans, pos = [], 0
    for m in pattern.finditer(words):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(words)))
    return [(a, b) for a, b in spans if b > a]


def _addressees(
    doc: Doc,
    sentence: Sentence,
    start: int,
    end: int,
    meeting: URIRef | None,
    agents: tuple[URIRef, ...],
) -> tuple[URIRef, ...]:
    words = sentence.text[start:end]
    if re.fullmatch(r"\s*them\s*", words):  # "… of donors and invited them to …"
        before = actors_in(doc, sentence, 0, start, event=meeting)
        others = [a for a in before if a not in agents]
        return (others[-1],) if others else ()
    found: list[URIRef] = []
    for a, b in _outside(words, _IN_COOPERATION):
        found += actors_in(
            doc, sentence, start + a, start + b, event=meeting, criterion=CIS.notYetParty
        )
    return tuple(dict.fromkeys(found)) or _coreferent(doc, sentence, words)


def _coreferent(doc: Doc, sentence: Sentence, words: str) -> tuple[URIRef, ...]:
    """'the Office', 'the Assembly': the organisation named earlier in the paragraph (or the
    sentence) whose name has that head word."""
    if re.search(r"\bthe secretariat\b", words):
        bodies = [e.iri for e in doc.out.entities if e.label.startswith("Secretariat of")]
        return (bodies[-1],) if bodies else ()
    m = re.search(r"\bthe ([A-Z][a-z]+)\b", words)
    if not m:
        return ()
    head = m.group(1)
    candidates = [
        x.iri
        for s in doc.paragraph_sentences(sentence.para)
        if s.start <= sentence.start
        for x in s.mentions
        if doc.lexicon.is_actor(x.iri) and head in doc.lexicon.labels.get(x.iri, "").split()
    ]
    if candidates:
        return (candidates[-1],)
    # "the Assembly": the one organisation whose name ends with that word
    named = [
        iri
        for iri, label in doc.lexicon.labels.items()
        if doc.lexicon.is_actor(iri) and label.split()[-1] == head
    ]
    return (named[0],) if len(named) == 1 else ()


def _action(doc: Doc, trig: Trigger, words: str, previous: URIRef | None) -> URIRef | None:
    if trig.action:
        return ACTION[trig.action]
    if _DO_SO.match(words) and previous is not None:
        return previous
    return doc.lexicon.action_in(words[:160])


def _instruments(doc: Doc, sentence: Sentence, start: int, end: int) -> tuple[URIRef, ...]:
    named = [m.iri for m in sentence.within(start, end) if doc.lexicon.is_instrument(m.iri)]
    words = sentence.text[start:end]
    if _ANAPHORIC_INSTRUMENTS.search(words):
        named += [
            m.iri
            for s in doc.paragraph_sentences(sentence.para)
            if s.start <= sentence.start
            for m in s.mentions
            if doc.lexicon.is_instrument(m.iri) and m.start < sentence.start + start
        ]
    for d in _DESCRIBED_INSTRUMENT.finditer(words):
        match = _described(doc, d.group("head"), d.group("topic"))
        if match is not None:
            named.append(match)
    return tuple(dict.fromkeys(named))


def _described(doc: Doc, head: str, topic: str) -> URIRef | None:
    """'a convention against trafficking in human beings' → the one reference instrument
    whose name holds the head and every content word of the topic."""
    wanted = {w for w in topic.lower().split() if len(w) > 2 and w not in ("the", "and", "for")}
    hits = [
        iri
        for iri, label in doc.lexicon.labels.items()
        if doc.lexicon.is_instrument(iri)
        and head in label.lower()
        and wanted <= set(re.findall(r"[a-z]+", label.lower()))
    ]
    return hits[0] if len(hits) == 1 else None
