"""Roles in events: who organised, hosted, co-sponsored, chaired, funded and took
part — "It was organized jointly by the lead agencies: UNHCR, IOM, OSCE and Council
of Europe", "hosted by the Government of Belarus", "Participants included …",
"UNHCR, together with the Swedish Migration Board and IOM, organized a conference",
"Both UNHCR and IOM were represented at the thirteenth meeting".
"""

from __future__ import annotations

import re

from rdflib import URIRef

from ciskg.extract.actors import actors_in
from ciskg.extract.document import Doc, Position
from ciskg.extract.events import EVENT_NOUN
from ciskg.extract.records import Event
from ciskg.extract.sentences import Sentence, clauses
from ciskg.namespaces import CIS

PASSIVE_ROLES: list[tuple[re.Pattern[str], URIRef]] = [
    (re.compile(r"\borganized (?:jointly |(?:during|in) [^,;]{0,30}? )?by\b"), CIS.organizer),
    (re.compile(r"\bco-sponsored by\b"), CIS.coSponsor),
    (re.compile(r"\bhosted by\b"), CIS.host),
    (re.compile(r"\bco-chaired by\b"), CIS.coChair),
    (re.compile(r"(?<!co-)\bchaired by\b"), CIS.chair),
    (re.compile(r"\bwith the (?:financial )?support of\b"), CIS.fundedBy),
    (re.compile(r"\b(?:co-)?(?:funded|financed|co-financed) by\b"), CIS.fundedBy),
    (
        re.compile(
            r"\b(?:Participants included|[Pp]articipants were|gathered together|brought together|"
            r"attended by|was attended by)\b"
        ),
        CIS.participant,
    ),
]
_ACTIVE = re.compile(
    r"(?P<subject>[^;]*?)\b(?:organized|convened|organised)\s+(?:a|an|the|another)\b"
)
_REPRESENTED = re.compile(r"(?P<subject>[^;]*?)\b(?:were|was) (?:represented|present) at\b")
_BETWEEN = re.compile(r"\bsigned between (?P<parties>[^,;]+?)(?: for\b|,|$)")
_SPAN_END = re.compile(
    r"; | on behalf of | in (?:cooperation|consultation) with | with the (?!support)|, to [a-z]|"
    r", (?:and )?(?:was |were )?[a-z]+ed by\b| with the (?:financial )?support of|"
    r",? which |, addressed|, focused|, the objective| to (?:analyse|discuss|review|consider|"
    r"exchange|identify|introduce|explore)\b|\.$|$"
)
_REFERS_TO_EVENT = re.compile(
    r"^(?:It|The (?:meeting|Meeting|workshop|conference|Conference|forum|seminar|round table)|"
    r"This meeting|Plenary sessions|The plenary)\b"
)
_LEAD = re.compile(r"\bthe lead agencies:? ")
_APPOSITIVE_LEAD = re.compile(
    r"(?P<actor>[^,]+), (?:a|the|one of the) lead agenc(?:y|ies) (?:in|of|for) "
)


def extract_roles(doc: Doc) -> None:
    _roles_in_names(doc)
    for position, sentence in doc.sentences():
        event = _event_of(doc, position, sentence)
        for clause_start, clause in clauses(sentence.text):
            if "working group" in clause:
                continue  # the working-groups extractor reads these
            if event is not None:
                _passive(doc, sentence, clause_start, clause, event)
            _active(doc, position, sentence, clause_start, clause)
        _appositive_lead(doc, sentence)


_OF_WHOM = re.compile(
    r"\b(?:meeting|conference|round table|consultations) of "
    r"(?P<who>(?:the )?[a-z][\w\s-]*?(?:countries|States))\b"
)
_FOR_WHOM = re.compile(
    r"\b(?:meetings?|round tables?|workshops?|seminars?) for (?P<who>[a-z][^,;]*?)"
    r"(?= in (?:the )?[A-Z]|,|;|$)"
)
_NATIONAL = re.compile(
    r"^(?:the )?(?:national authorities|(?:the )?Governments?|governmental officials)(?: and)?"
)
_TO_WHICH = re.compile(
    r"^[^;]*?, to which (?P<who>[^,;]+?) (?:provided input|contributed|made contributions)\b"
)
_WITH_WHOM = re.compile(r"\bconsultations\b[^;]*? with (?P<who>(?:the )?[A-Za-z][^;]*?)(?:,|;|$)")


def _roles_in_names(doc: Doc) -> None:
    """What an event's own words say of its actors: "a meeting of northern cluster
    countries" (participants), "an OSCE economic forum" (organiser), "consultations …
    with the CIS member countries and friends of the process" (participants)."""
    for event in doc.events():
        sentence = next(
            (
                s
                for s in doc.paragraph_sentences(event.evidence.para)
                if s.start <= event.evidence.start < s.end
            ),
            None,
        )
        if sentence is None:
            continue
        a = event.evidence.start - sentence.start
        b = a + len(event.evidence.text)
        for pattern in (_OF_WHOM, _FOR_WHOM, _WITH_WHOM, _TO_WHICH):
            whole = pattern in (_WITH_WHOM, _TO_WHICH)  # these reach past the event's words
            m = pattern.search(sentence.text, a, len(sentence.text) if whole else b)
            if m and m.start() < b:
                ev = doc.evidence(sentence, m.start(), m.end())
                who = m.group("who")
                if event.country is not None and _NATIONAL.search(who):
                    # "for national authorities … in Ukraine": Ukraine took part
                    doc.fact(event.iri, CIS.participant, event.country, ev)
                    who_start = m.start("who") + _NATIONAL.search(who).end()  # type: ignore[union-attr]
                else:
                    who_start = m.start("who")
                for actor in actors_in(doc, sentence, who_start, m.end("who")):
                    doc.fact(event.iri, CIS.participant, actor, ev)
        owner = re.match(r"(?:An?|The) ", sentence.text[a:b])
        named = [x for x in sentence.within(a, b) if doc.lexicon.is_actor(x.iri)]
        if owner and named and named[0].start - sentence.start == a + owner.end():
            doc.fact(event.iri, CIS.organizer, named[0].iri, doc.evidence(sentence, a, b))


def _event_of(doc: Doc, position: Position, sentence: Sentence) -> Event | None:
    """The event a sentence is about: one it introduces, or the one it refers back to."""
    here = [
        e
        for e in doc.events()
        if e.evidence.para == sentence.para and sentence.start <= e.evidence.start < sentence.end
    ]
    if here:
        return here[0]
    before = doc.event_before(position)
    # "It was organized by …", "Participants included …": the paragraph's event
    if before is not None and before.evidence.para == sentence.para:
        return before
    if _REFERS_TO_EVENT.match(sentence.text) and not sentence.text.startswith("It "):
        return before
    return None


def _passive(doc: Doc, sentence: Sentence, offset: int, clause: str, event: Event) -> None:
    starts = sorted(m.start() for pattern, _ in PASSIVE_ROLES for m in pattern.finditer(clause))
    for pattern, role in PASSIVE_ROLES:
        for m in pattern.finditer(clause):
            end = _SPAN_END.search(clause, m.end())
            # a list of actors ends where the next role begins ("… and brought together …")
            later = [x for x in starts if x > m.start()]
            stop = min([end.start() if end else len(clause), *later])
            stop = _trim_conjunction(clause, m.end(), stop)
            a, b = offset + m.end(), offset + stop
            actors = actors_in(doc, sentence, a, b)
            evidence = doc.evidence(sentence, offset + m.start(), b)
            for actor in actors:
                doc.fact(event.iri, role, actor, evidence)
            if (
                role == CIS.organizer
                and event.part_of
                and _LEAD.search(clause, m.end(), b - offset + 1)
            ):
                for actor in actors:
                    doc.fact(event.part_of, CIS.leadAgency, actor, evidence)


def _trim_conjunction(clause: str, start: int, stop: int) -> int:
    """Drop a dangling ', and' / ' and' before the next role's verb."""
    words = clause[start:stop]
    trimmed = re.sub(r"(?:,? and|,)\s*$", "", words)
    return start + len(trimmed)


def _active(doc: Doc, position: Position, sentence: Sentence, offset: int, clause: str) -> None:
    """'UNHCR, together with X and Y, organized a conference …' and 'A and B were
    represented at the meeting', 'a contract was signed between A and B'."""
    for pattern, role in ((_ACTIVE, CIS.organizer), (_REPRESENTED, CIS.participant)):
        m = pattern.match(clause)
        if not m:
            continue
        targets = _events_after(doc, sentence, offset + m.end())
        subject = m.group("subject")
        start = _subject_start(subject)
        actors = actors_in(doc, sentence, offset + start, offset + len(subject)) if targets else []
        evidence = doc.evidence(sentence, offset + start, offset + m.end())
        for target in targets:
            for actor in actors:
                doc.fact(target.iri, role, actor, evidence)
    between = _BETWEEN.search(clause)
    if between:
        signings = [
            e for e in _events_after(doc, sentence, offset) if e.kind == CIS.ContractSigning
        ]
        a, b = offset + between.start("parties"), offset + between.end("parties")
        evidence = doc.evidence(sentence, offset + between.start(), b)
        for target in signings:
            for actor in actors_in(doc, sentence, a, b):
                doc.fact(target.iri, CIS.participant, actor, evidence)


def _subject_start(subject: str) -> int:
    """Skip a leading adverbial ('In October 2003, ', 'Following the meeting …, ')."""
    m = re.match(r"^(?:(?:In|On|Following|After|During|In parallel with)\b[^,]*, )", subject)
    return m.end() if m else 0


def _events_after(doc: Doc, sentence: Sentence, start: int) -> list[Event]:
    """The events recorded from this sentence whose words hold the first event noun
    after `start` (several for "a series of round-table meetings … in X, in Y")."""
    noun = EVENT_NOUN.search(sentence.text, start)
    if not noun:
        return []
    found = []
    for e in doc.events():
        if e.evidence.para == sentence.para and sentence.start <= e.evidence.start < sentence.end:
            a = e.evidence.start - sentence.start
            if a <= noun.start() < a + len(e.evidence.text):
                found.append(e)
    return found


def _appositive_lead(doc: Doc, sentence: Sentence) -> None:
    """'The representative of OSCE, a lead agency in the 1996 Geneva Conference process'."""
    for m in _APPOSITIVE_LEAD.finditer(sentence.text):
        processes = [
            x for x in sentence.within(m.end(), m.end() + 80) if doc.lexicon.is_process(x.iri)
        ]
        actors = [
            x
            for x in sentence.within(m.start("actor"), m.end("actor"))
            if doc.lexicon.is_actor(x.iri)
        ]
        if processes and actors:
            evidence = doc.evidence(sentence, m.start("actor"), processes[0].end - sentence.start)
            for actor in actors:
                doc.fact(processes[0].iri, CIS.leadAgency, actor.iri, evidence)
