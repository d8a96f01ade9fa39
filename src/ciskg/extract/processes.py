"""Process facts: who serves as secretariat and where it sits, who funds what (projects,
contracts, secretariats), lead agencies, spin-offs, cooperation between processes, a
proposed successor and its working name, when a process began, which states take part,
and processes or bodies the reference layer does not know yet.

Rules follow the genre's phrasing, for example:

- "X serves as the secretariat of P", "X, which serves as secretariat to P",
  "X hosts the secretariat of P";
- "A secretariat for P … was established in <date> at the <Org> office in <City>",
  followed by "It is funded by <Funder>";
- "<Org> in <year> launched a project on <topic>, which was co-financed by <Funder>",
  then "The project entailed: … meetings … held in …";
- "a contract was signed between <Funder> and <Agency> for <purpose>, covering the period
  from <D1> to <D2>", then "the project aims to enhance cooperation between <states>";
- "P, a subregional spin-off from Q"; "both A … and B … have acknowledged the utility of
  closer cooperation with C and D"; "contacts among regional processes, notably A and
  B, and the activities succeeding C";
- "replacing the process with a new arrangement … the working name for the arrangement
  would be "<Name>"";
- "P was established in the early 1990s";
- "<countries>, especially the three main beneficiaries, have taken advantage of the
  discussions held within the framework of the Process";
- a capitalised name ending in Process, Dialogue, Initiative, Framework, Group or
  Programme that the gazetteer does not know becomes a new entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from ciskg.extract.actors import actors_in
from ciskg.extract.dates import DateExpr, find_dates
from ciskg.extract.document import Doc, Position
from ciskg.extract.records import DateValue, Evidence
from ciskg.extract.sentences import Sentence
from ciskg.namespaces import CIS


@dataclass(frozen=True)
class _Span:
    start: int  # sentence-relative
    end: int
    iri: URIRef


@dataclass
class _Reading:
    """What this extractor remembers while reading: new processes per sentence, the
    subject of the last sentence (for a leading "It"), the projects met so far."""

    new: dict[tuple[str, int], list[_Span]] = field(default_factory=dict)
    subject: dict[str, URIRef] = field(default_factory=dict)  # paragraph → last subject
    projects: list[tuple[Position, URIRef, URIRef | None]] = field(default_factory=list)
    named: list[tuple[Position, URIRef]] = field(default_factory=list)  # processes in order


def extract_processes(doc: Doc) -> None:
    reading = _Reading()
    for _, sentence in doc.sentences():
        reading.new[(sentence.para, sentence.start)] = _new_bodies(doc, sentence)
    for position, sentence in doc.sentences():
        subject = None
        for rule in (
            _secretariat_served,
            _secretariat_established,
            _funded,
            _project_launched,
            _contract,
            _project_events,
            _cooperation_between,
            _spin_off,
            _related,
            _successor,
            _process_dates,
            _participation,
            _lead_agencies,
        ):
            found = rule(doc, reading, position, sentence)
            subject = subject or found
        if subject is None:
            subject = _head_process(doc, reading, sentence)
        if subject is not None:
            reading.subject[sentence.para] = subject
        elif not re.match(r"(?:It|They)\b", sentence.text):
            reading.subject.pop(sentence.para, None)
        for span in _processes(doc, reading, sentence, 0, len(sentence.text)):
            reading.named.append((position, span.iri))


# -- shared helpers -------------------------------------------------------------------


def _processes(doc: Doc, reading: _Reading, sentence: Sentence, a: int, b: int) -> list[_Span]:
    """Processes named in `sentence.text[a:b]`: the gazetteer's and new ones, in order."""
    spans = [
        _Span(m.start - sentence.start, m.end - sentence.start, m.iri)
        for m in sentence.within(a, b)
        if doc.lexicon.is_process(m.iri)
    ]
    spans += [
        s
        for s in reading.new.get((sentence.para, sentence.start), [])
        if a <= s.start and s.end <= b and _kind(doc, s.iri) == CIS.Process
    ]
    return sorted(spans, key=lambda s: s.start)


def _kind(doc: Doc, iri: URIRef) -> URIRef | None:
    known = doc.lexicon.kinds.get(iri)
    if known is not None:
        return known
    return next((e.kind for e in doc.out.entities if e.iri == iri), None)


_THE_PROCESS = re.compile(
    r"(?:the|this|that|its|the current|the present|the existing) (?:[Pp]rocess|[Dd]ialogue)\b"
)


def _process_at(
    doc: Doc, reading: _Reading, position: Position, sentence: Sentence, at: int
) -> tuple[URIRef, int] | None:
    """The process named right at `at` (a name, or "the Process" resolved to the one the
    text is talking about), with the end of its words."""
    named = _processes(doc, reading, sentence, at, len(sentence.text))
    gap_ok = named and re.fullmatch(r"(?:the |this )?", sentence.text[at : named[0].start])
    if named and gap_ok:
        return named[0].iri, named[0].end
    m = _THE_PROCESS.match(sentence.text, at)
    if m:
        process = _current_process(doc, reading, position)
        if process is not None:
            return process, m.end()
    return None


def _current_process(doc: Doc, reading: _Reading, position: Position) -> URIRef | None:
    """The process the paragraph talks about, else the last one named in its section."""
    topic = doc.topic_process(position)
    if topic is not None:
        return topic
    for pos, iri in reversed(reading.named):
        if pos.section == position.section and (pos.unit, pos.start) <= (
            position.unit,
            position.start,
        ):
            return iri
    return None


def _head_process(doc: Doc, reading: _Reading, sentence: Sentence) -> URIRef | None:
    """The process a sentence is about when it opens with its name ("The Söderköping
    Process, a … spin-off …, has established itself …")."""
    spans = _processes(doc, reading, sentence, 0, len(sentence.text))
    if spans and re.fullmatch(r"(?:The |the )?(?:[\w-]+ ){0,4}?", sentence.text[: spans[0].start]):
        lead = sentence.text[: spans[0].start]
        if "," not in lead:
            return spans[0].iri
    return None


def _subject(
    doc: Doc, reading: _Reading, position: Position, sentence: Sentence, before: int
) -> URIRef | None:
    """What `sentence.text[:before]` is about: "It" (the last sentence's subject), "The
    secretariat", "The project", or a process named at its head."""
    head = sentence.text[:before]
    head = re.sub(
        r"^(?:(?:In|On|Since|From|After|Following|Overall|Moreover|In addition|"
        r"More specifically|In particular)\b[^,]*, )",
        "",
        head,
    )
    head = head[:1].upper() + head[1:]
    if re.match(r"(?:It|This)\b", head):
        return reading.subject.get(sentence.para)
    if re.match(r"(?:The|Its|This) secretariat\b", head):
        process = _process_at(doc, reading, position, sentence, head.find("secretariat") + 12)
        process_iri = process[0] if process else _current_process(doc, reading, position)
        if process_iri is not None:
            ev = doc.evidence(sentence, 0, before)
            return _secretariat_of(doc, process_iri, ev)
    if re.match(r"(?:The|This) (?:project|programme)\b", head):
        return _last_project(reading, position)
    spans = _processes(doc, reading, sentence, 0, before)
    if spans and re.fullmatch(r"(?:The |the )?", head[: max(0, spans[0].start)]):
        return spans[0].iri
    return None


def _secretariat_of(doc: Doc, process: URIRef, evidence: Evidence) -> URIRef:
    """doc.secretariat_of, named after a process the reference layer does not know too."""
    if process in doc.lexicon.labels:
        return doc.secretariat_of(process, evidence)
    label = next((e.label for e in doc.out.entities if e.iri == process), "process")
    body = doc.entity(CIS.Organization, f"Secretariat of the {label}", evidence)
    doc.fact(process, CIS.secretariat, body, evidence)
    return body


def _last_project(reading: _Reading, position: Position) -> URIRef | None:
    for pos, project, _ in reversed(reading.projects):
        if pos.section == position.section and pos.unit <= position.unit:
            return project
    return None


def _process_of_project(reading: _Reading, project: URIRef) -> URIRef | None:
    return next((p for _, iri, p in reading.projects if iri == project and p), None)


def _value(doc: Doc, subject: URIRef, predicate: URIRef, value: Literal, ev: Evidence) -> None:
    """A fact whose object is a literal (Fact allows it; Doc.fact is annotated for IRIs)."""
    doc.fact(subject, predicate, value, ev)  # type: ignore[arg-type]


def _date(
    doc: Doc, subject: URIRef, predicate: URIRef, value: DateValue | None, ev: Evidence
) -> None:
    if value is not None:
        _value(doc, subject, predicate, value.literal(), ev)


def _cut(text: str, start: int, stops: re.Pattern[str]) -> int:
    m = stops.search(text, start)
    return m.start() if m else len(text.rstrip(" ."))


def _typed(date: DateExpr) -> bool:
    return date.first is not None


# -- new bodies -----------------------------------------------------------------------

_WORD = r"[A-Z][\w-]*"
_NEW_NAME = re.compile(
    rf"(?<![\w'’-])(?P<name>(?:{_WORD} )+"
    r"(?P<head>Process|process|Dialogue|Initiative|Framework|Group|Programme|programme)"
    rf"(?P<tail> (?:of|for|on) {_WORD}(?: (?:and )?{_WORD})*)?)(?![\w'’-])"
)
_NEW_KINDS = {
    "process": CIS.Process,
    "dialogue": CIS.Process,
    "initiative": CIS.Process,
    "framework": CIS.Process,
    "group": CIS.Organization,
    "programme": CIS.Project,
}
_NOT_NAMES = frozenset(
    "The A An This That These Those Its Their Both Each Such Any All Under Within In On For "
    "Working".split()
)


def _new_bodies(doc: Doc, sentence: Sentence) -> list[_Span]:
    """Capitalised names of processes and bodies the gazetteer does not know."""
    out = []
    for m in _NEW_NAME.finditer(sentence.text):
        words = m.group("name").split()
        while words and words[0] in _NOT_NAMES:
            words.pop(0)
        if len(words) < 2 or words[0] == "Working":
            continue  # "Working Group II" is read by the working-groups extractor
        if sentence.text.startswith(" of Action", m.end("head")) or (
            m.group("tail") or ""
        ).startswith(" of Action"):
            continue
        a = m.end("name") - len(" ".join(words))
        b = m.end("name")
        head = (m.start("head"), m.end("head"))
        if any(
            x.start - sentence.start < head[1] and x.end - sentence.start > head[0]
            for x in sentence.mentions
        ):
            continue  # the gazetteer names it ("United Nations Development Programme")
        if m.group("head")[0].islower() and not words[0].isupper():
            continue  # "the migration sector development programme": a description
        label = sentence.text[a:b]
        kind = _NEW_KINDS[m.group("head").lower()]
        iri = doc.entity(kind, label, doc.evidence(sentence, a, b))
        out.append(_Span(a, b, iri))
    return out


# -- secretariat ----------------------------------------------------------------------

_SERVES = re.compile(
    r"\b(?:serves|served|is serving|acts|acted|functions|functioned|has served|has acted)"
    r" as (?:the |its |a )?(?:joint )?secretariat (?:of|to|for) "
)
_PROVIDES = re.compile(
    r"\b(?:provides|provided|hosts|hosted|houses|housed) the secretariat (?:of|for|to) "
)
_ESTABLISHED = re.compile(
    r"\b(?:[Aa]|[Tt]he|[Ii]ts) (?:permanent |joint )?secretariat(?: (?:for|of) )?"
)
_SET_UP = re.compile(
    r"\b(?:was|were|has been|had been|is|are) (?:(?:officially|formally) )?"
    r"(?:established|set up|opened|created|located|based|housed)\b"
)
_OFFICE = re.compile(
    r"\b(?:at|in|within|by) the (?P<org>[^,;.]+?) (?:office|Office|premises|headquarters|"
    r"mission|Mission)(?: in (?P<place>[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)*))?"
)
_LOCATED = re.compile(
    r"\b(?:based|located|situated|sits) in (?P<place>[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)*)"
)


def _secretariat_served(
    doc: Doc, reading: _Reading, position: Position, sentence: Sentence
) -> URIRef | None:
    text = sentence.text
    for pattern in (_SERVES, _PROVIDES):
        for m in pattern.finditer(text):
            process = _process_at(doc, reading, position, sentence, m.end())
            if process is None:
                continue
            start = _clause_start(text, m.start())
            before = text[start : m.start()]
            which = re.search(r",? (?:which|that|who) (?:currently |now |also )?$", before)
            if which:
                subject_words = before[: which.start()]
                last_comma = subject_words.rfind(", ")
                a = start + (last_comma + 2 if last_comma >= 0 else 0)
                b = start + which.start()
            else:
                a = start + _skip_adverbial(before)
                head_end = before.find(",", a - start)
                b = start + (head_end if head_end >= 0 else len(before))
            actors = [x for x in actors_in(doc, sentence, a, b) if _organisation(doc, x)]
            if not actors:
                continue
            evidence = doc.evidence(sentence, a, process[1])
            if pattern is _SERVES:
                for actor in actors:
                    doc.fact(process[0], CIS.secretariat, actor, evidence)
            else:
                verb = m.group(0).split()[0]
                body = _secretariat_of(doc, process[0], evidence)
                if verb.startswith(("host", "hous")):
                    for actor in actors:
                        doc.fact(body, CIS.hostedBy, actor, evidence)
                    return body
                else:
                    for actor in actors:
                        doc.fact(process[0], CIS.secretariat, actor, evidence)
            return actors[0]
    return None


def _clause_start(text: str, at: int) -> int:
    return text.rfind("; ", 0, at) + 2 if "; " in text[:at] else 0


def _skip_adverbial(text: str) -> int:
    m = re.match(
        r"^(?:(?:In|On|Since|From|After|Following|Meanwhile|Moreover|Furthermore|Currently|"
        r"At present|In addition|As a result)\b[^,]*, )",
        text,
    )
    return m.end() if m else 0


def _secretariat_established(
    doc: Doc, reading: _Reading, position: Position, sentence: Sentence
) -> URIRef | None:
    text = sentence.text
    for m in _ESTABLISHED.finditer(text):
        verb = _SET_UP.search(text, m.end())
        if not verb or verb.start() - m.end() > 160:
            continue
        between = text[m.end() : verb.start()]
        if re.search(r"\b(?:was|were|is|are|has|had)\b", between):
            continue  # the verb belongs to another clause
        if m.group(0).lower().endswith(("for ", "of ")):
            process = _process_at(doc, reading, position, sentence, m.end())
            process_iri = process[0] if process else None
        else:
            process_iri = None
        if process_iri is None and m.group(0).lower().startswith("its"):
            process_iri = reading.subject.get(sentence.para) or _current_process(
                doc, reading, position
            )
        if process_iri is None or _kind(doc, process_iri) != CIS.Process:
            continue
        end = _cut(text, verb.end(), re.compile(r";|\. |,? and (?:it |is |has )|, which\b"))
        rest = text[verb.end() : end]
        evidence = doc.evidence(sentence, m.start(), end)
        body = _secretariat_of(doc, process_iri, evidence)
        office = _OFFICE.search(rest)
        if office:
            oa, ob = verb.end() + office.start("org"), verb.end() + office.end("org")
            for actor in actors_in(doc, sentence, oa, ob):
                if _organisation(doc, actor):
                    doc.fact(body, CIS.hostedBy, actor, evidence)
        place = _place(doc, sentence, verb.end(), end, office or _LOCATED.search(rest))
        if place is not None:
            doc.fact(body, CIS.basedIn, place, evidence)
        dates = find_dates(rest)
        if dates:
            # kept as written, and typed at the precision written where it is a date
            _value(doc, body, CIS.dateText, Literal(dates[0].text), evidence)
            if dates[0].first is not None:
                _date(doc, body, CIS.establishedDate, dates[0].first, evidence)
        return body
    return None


def _place(doc: Doc, sentence: Sentence, a: int, b: int, m: re.Match[str] | None) -> URIRef | None:
    places = [x.iri for x in sentence.within(a, b) if doc.lexicon.is_place(x.iri)]
    if places:
        return places[-1]
    if m is not None and m.groupdict().get("place"):
        words = m.group("place")
        start = a + m.start("place")
        return doc.entity(CIS.Place, words, doc.evidence(sentence, start, start + len(words)))
    return None


# -- funding --------------------------------------------------------------------------

_FUNDED = re.compile(
    r"\b(?:is|was|are|were|has been|have been|had been) (?:(?:also|now|still|currently) )?"
    r"(?:(?:jointly|partly|partially|fully|largely|mainly|primarily|generously) )?"
    r"(?:co-)?(?:funded|financed|co-financed|co-funded|sponsored) by "
)
_FUNDERS_END = re.compile(
    r",? and (?!the\b|its\b|other\b|[A-Z])[a-z]+\b|,? which\b|;|, (?!and\b)[a-z]| with | through | "
    r"under | for | to |\.$"
)


def _funded(doc: Doc, reading: _Reading, position: Position, sentence: Sentence) -> URIRef | None:
    """ "It is funded by the European Union", "The secretariat is financed by X"."""
    text = sentence.text
    for m in _FUNDED.finditer(text):
        head = text[: m.start()]
        if re.match(r"(?:It|This)\b", head) and not re.fullmatch(r"(?:It|This)\s*", head):
            continue  # "It was agreed that …, funded by …": not a pronoun subject
        subject = _subject(doc, reading, position, sentence, m.start())
        if subject is None or not (
            _organisation(doc, subject) or _kind(doc, subject) in (CIS.Process, CIS.Project)
        ):
            continue
        end = _cut(text, m.end(), _FUNDERS_END)
        evidence = doc.evidence(sentence, 0, end)
        for actor in actors_in(doc, sentence, m.end(), end):
            doc.fact(subject, CIS.fundedBy, actor, evidence)
        return subject
    return None


# -- projects -------------------------------------------------------------------------

_LAUNCH = re.compile(
    r"\b(?:launched|initiated|started|began|set up|undertook|inaugurated)"
    r"(?P<when> in [^,;]*?\d{4})? (?:a|an|the) (?P<project>(?:(?:new|joint|regional|"
    r"subregional|pilot|two-year|three-year|multi-year) )?(?:project|programme)"
    r"(?P<topic> (?:on|for|to|aimed at|concerning|entitled|regarding|in support of) [^,;]+?))"
    r"(?=,|;|\.$|$| (?:which|that) )"
)
_FUNDING_AFTER = re.compile(
    r"^,? (?:which|that)? ?(?:was|is|has been|were)? ?(?:(?:jointly|partly|fully) )?"
    r"(?:co-)?(?:financed|funded|co-financed|co-funded|supported) by |"
    r"^,? (?:with|through) (?:the )?(?:financial support|funding|support) (?:of|from) "
)


def _project_launched(
    doc: Doc, reading: _Reading, position: Position, sentence: Sentence
) -> URIRef | None:
    text = sentence.text
    for m in _LAUNCH.finditer(text):
        start = _clause_start(text, m.start())
        subj_start = start + _skip_adverbial(text[start : m.start()])
        label = m.group("project")
        label = label[0].upper() + label[1:]
        evidence = doc.evidence(sentence, m.start("project"), m.end("project"))
        project = doc.entity(CIS.Project, label, evidence)
        process_spans = _processes(doc, reading, sentence, m.start("topic"), m.end("topic"))
        process = process_spans[0].iri if process_spans else None
        reading.projects.append((position, project, process))
        span_ev = doc.evidence(sentence, subj_start, m.end("project"))
        for actor in actors_in(doc, sentence, subj_start, m.start()):
            doc.fact(project, CIS.implementedBy, actor, span_ev)
        when = [d for d in find_dates(text[subj_start : m.start("project")]) if _typed(d)]
        if when:
            _date(doc, project, CIS.startDate, when[0].first, span_ev)
        if process is not None:
            doc.fact(project, CIS.partOf, process, evidence)
        funding = _FUNDING_AFTER.match(text[m.end() :])
        if funding:
            fa = m.end() + funding.end()
            fb = _cut(text, fa, _FUNDERS_END)
            ev = doc.evidence(sentence, m.start("project"), fb)
            for actor in actors_in(doc, sentence, fa, fb):
                doc.fact(project, CIS.fundedBy, actor, ev)
        return project
    return None


_CONTRACT = re.compile(
    r"\b(?:a|an|the) (?:contract|grant agreement|financing agreement|agreement) "
    r"(?:was|has been|had been) signed between (?P<parties>[^;]+?) for (?P<purpose>[^;]+?)"
    r"(?=, (?:covering|for the period|running|valid)|,? covering|;|\.$|$)"
)
_PERIOD = re.compile(r"(?:covering|for|running|valid)(?: for)? (?:the period )?(?:from )?")


def _contract(doc: Doc, reading: _Reading, position: Position, sentence: Sentence) -> URIRef | None:
    """A contract signed between a funder and an agency for a purpose, over a period: a
    project funded by the first party."""
    text = sentence.text
    m = _CONTRACT.search(text)
    if not m:
        return None
    parties = actors_in(doc, sentence, m.start("parties"), m.end("parties"))
    if len(parties) < 2:
        return None
    purpose = re.sub(r"^the ", "", m.group("purpose"))
    label = purpose[0].upper() + purpose[1:]
    a, b = m.start("purpose"), m.end("purpose")
    evidence = doc.evidence(sentence, m.start(), b)
    project = doc.entity(CIS.Project, label, doc.evidence(sentence, a, b))
    spans = _processes(doc, reading, sentence, a, b)
    process = spans[0].iri if spans else None
    reading.projects.append((position, project, process))
    doc.fact(project, CIS.fundedBy, parties[0], evidence)
    for other in parties[1:]:
        doc.fact(project, CIS.implementedBy, other, evidence)
    if process is not None:
        doc.fact(project, CIS.partOf, process, evidence)
        if re.search(r"\b(?:its|the) secretariat\b", m.group("purpose")):
            body = _secretariat_of(doc, process, evidence)
            doc.fact(body, CIS.fundedBy, parties[0], evidence)
    rest = text[b:]
    period = [d for d in find_dates(rest) if _typed(d)]
    if period and _PERIOD.search(rest[: period[0].start]):
        date = period[0]
        ev = doc.evidence(sentence, m.start(), b + date.end)
        _date(doc, project, CIS.startDate, date.first, ev)
        if date.last is not None:
            _date(doc, project, CIS.endDate, date.last, ev)
    for event in doc.events():
        ev_ = event.evidence
        here = ev_.para == sentence.para and sentence.start <= ev_.start < sentence.end
        if here and event.kind == CIS.ContractSigning:
            doc.fact(event.iri, CIS.partOf, project, evidence)
    return project


_ENTAILED = re.compile(
    r"^(?:(?:The|This|That|Its) (?:project|programme) (?:entailed|included|comprised|"
    r"consisted of|involved|covered|provided for|has included|included the following)|"
    r"(?:Under|Within the framework of|In the framework of|As part of) (?:the|this|that) "
    r"(?:project|programme))\b"
)


def _project_events(
    doc: Doc, reading: _Reading, position: Position, sentence: Sentence
) -> URIRef | None:
    m = _ENTAILED.match(sentence.text)
    if not m:
        return None
    project = _last_project(reading, position)
    if project is None:
        return None
    for event in doc.events():
        e = event.evidence
        if e.para == sentence.para and sentence.start <= e.start < sentence.end:
            end = e.start - sentence.start + len(e.text)
            doc.fact(event.iri, CIS.partOf, project, doc.evidence(sentence, 0, end))
    return project


# -- participation --------------------------------------------------------------------

_COOPERATION_BETWEEN = re.compile(
    r"\b(?:enhance|strengthen|promote|facilitate|improve|develop|foster|support)"
    r" (?:the )?(?:cooperation|dialogue|coordination|partnership)s? (?:between|among) "
)
_LIST_END = re.compile(r",? by\b|:|;|,? with a view|,? in order|,? through|\.$")


def _cooperation_between(
    doc: Doc, reading: _Reading, position: Position, sentence: Sentence
) -> URIRef | None:
    """ "the project aims to enhance cooperation between A, B and C": the states named
    take part in the project's process (or in the process itself)."""
    m = _COOPERATION_BETWEEN.search(sentence.text)
    if not m:
        return None
    subject = _subject(doc, reading, position, sentence, m.start())
    if subject is None:
        return None
    process = subject if _kind(doc, subject) == CIS.Process else None
    process = process or _process_of_project(reading, subject)
    if process is None:
        return None
    end = _cut(sentence.text, m.end(), _LIST_END)
    states = [x.iri for x in sentence.within(m.end(), end) if doc.lexicon.is_state(x.iri)]
    evidence = doc.evidence(sentence, 0, end)
    for state in states:
        doc.fact(process, CIS.participant, state, evidence)
    return subject


_TOOK_PART = re.compile(
    r"\b(?:have|has|had) (?:actively )?(?:taken part in|participated in|been involved in|"
    r"taken advantage of|benefited from|joined|contributed to)\b"
)
_IN_PROCESS = re.compile(
    r"\b(?:within the framework of|in the framework of|in|of|under|to) (?=(?:the|this) )"
)
_ESPECIALLY = re.compile(r",? (?:especially|notably|in particular|particularly|including) ")


def _participation(
    doc: Doc, reading: _Reading, position: Position, sentence: Sentence
) -> URIRef | None:
    """ "Several countries, especially the three main beneficiaries, have taken advantage
    of the discussions held within the framework of the Process"."""
    text = sentence.text
    m = _TOOK_PART.search(text)
    if not m:
        return None
    end = _cut(text, m.end(), re.compile(r";|,? (?:in|by) [a-z]+ing\b|\.$"))
    process = None
    for frame in _IN_PROCESS.finditer(text, m.end(), end):
        found = _process_at(doc, reading, position, sentence, frame.end())
        if found:
            process = found
            break
    if process is None:
        spans = _processes(doc, reading, sentence, m.end(), end)
        if not spans:
            return None
        process = (spans[0].iri, spans[0].end)
    a = _skip_adverbial(text[: m.start()])
    special = _ESPECIALLY.search(text, a, m.start())
    if special:
        a = special.end()
    b = m.start()
    evidence = doc.evidence(sentence, 0, process[1])
    for actor in actors_in(doc, sentence, a, b):
        doc.fact(process[0], CIS.participant, actor, evidence)
    return None


# -- relations between processes -------------------------------------------------------

_SPIN_OFF = re.compile(
    r"\b(?:an? |the )?(?:(?:sub-?regional|regional|national) )?(?:spin-off|offshoot|outgrowth)"
    r" (?:from|of) |\b(?:grew|emerged|evolved) (?:out of|from) "
)


def _spin_off(doc: Doc, reading: _Reading, position: Position, sentence: Sentence) -> URIRef | None:
    for m in _SPIN_OFF.finditer(sentence.text):
        parent = _process_at(doc, reading, position, sentence, m.end())
        before = _processes(doc, reading, sentence, 0, m.start())
        if parent is None or not before:
            continue
        child = before[-1]
        gap = sentence.text[child.end : m.start()]
        if len(gap) > 40 or ";" in gap:
            continue
        evidence = doc.evidence(sentence, child.start, parent[1])
        doc.fact(child.iri, CIS.spinOffOf, parent[0], evidence)
        return child.iri
    return None


_COOPERATION = re.compile(
    r"\b(?:(?:closer|close|enhanced|improved|increased|further|better|greater|stronger) )?"
    r"(?:cooperation|co-operation|coordination|complementarit(?:y|ies)|synergies|contacts|"
    r"links|linkages|interaction) (?P<prep>with|between|among|amongst) "
)
_ANCHOR = re.compile(
    r"(?:succeeding|following|after|successor to|follow-up (?:to|of)|the follow-up of|"
    r"succeeding to)\s+(?:the\s+)?$"
)


def _related(doc: Doc, reading: _Reading, position: Position, sentence: Sentence) -> URIRef | None:
    text = sentence.text
    for m in _COOPERATION.finditer(text):
        end = _cut(text, m.end(), re.compile(r";|\.$|, (?:which|while|whereas)\b"))
        named = _processes(doc, reading, sentence, m.end(), end)
        if not named:
            continue
        pairs: list[tuple[URIRef, URIRef]] = []
        if m.group("prep") == "with":
            start = _clause_start(text, m.start())
            subjects = _processes(doc, reading, sentence, start, m.start())
            verb = re.search(
                r"\b(?:acknowledged|recognized|recognised|welcomed|agreed|emphasized|stressed|"
                r"sought|pursued|enhanced|strengthened|established|developed|continued|"
                r"maintained|explored|noted|affirmed|seeks|maintains|has|have)\b",
                text[subjects[-1].end : m.start()] if subjects else "",
            )
            if not subjects or not verb:
                continue
            pairs = [(s.iri, o.iri) for s in subjects for o in named]
            a = subjects[0].start
        else:
            anchors = [s for s in named if _ANCHOR.search(text[max(0, s.start - 40) : s.start])]
            if anchors:
                anchor = anchors[0].iri
                pairs = [(s.iri, anchor) for s in named if s.iri != anchor]
            else:
                pairs = [(x.iri, y.iri) for i, x in enumerate(named) for y in named[i + 1 :]]
            a = m.start()
        evidence = doc.evidence(sentence, a, named[-1].end)
        for x, y in pairs:
            if x != y:
                doc.fact(x, CIS.relatedTo, y, evidence)
    return None


_WORKING_NAME = re.compile(
    r"\b(?:(?:working|provisional|tentative) (?:name|title)|name) (?:for|of) (?:the|this|such a) "
    r"(?:new )?(?:arrangement|framework|process|mechanism|forum|dialogue)"
    r" (?:would|will|should|could|is to|was to) be|"
    r"\b(?:tentatively|provisionally) (?:called|named|entitled)|to be (?:known|called) as"
)
_QUOTED = re.compile(r"\s*[\"“](?P<name>[^\"”]+?)[\"”]")
_REPLACE = re.compile(
    r"\b(?:replac(?:e|ing|ement of)|succeed(?:ing)?|(?:a |the )?successor (?:to|of)) "
)


def _successor(
    doc: Doc, reading: _Reading, position: Position, sentence: Sentence
) -> URIRef | None:
    m = _WORKING_NAME.search(sentence.text)
    if not m:
        return None
    q = _QUOTED.match(sentence.text, m.end())
    if not q:
        return None
    name_ev = doc.evidence(sentence, q.start("name"), q.end("name"))
    new = doc.entity(CIS.Process, q.group("name"), name_ev)
    # the process being replaced: named in "replacing …" in this paragraph, up to here
    replaced: tuple[URIRef, Sentence, int] | None = None
    for s in doc.paragraph_sentences(sentence.para):
        if s.start > sentence.start:
            break
        for r in _REPLACE.finditer(s.text):
            if s is sentence and r.start() > m.start():
                break
            found = _process_at(doc, reading, position, s, r.end())
            if found:
                replaced = (found[0], s, r.start())
    if replaced is None:
        return new
    process, s, at = replaced
    para_text = doc.text_of(sentence.para)
    a = s.start + at
    b = sentence.start + q.end()
    evidence = Evidence(sentence.para, a, para_text[a:b])
    doc.fact(new, CIS.proposedSuccessorOf, process, evidence)
    return new


# -- dates and lead agencies ----------------------------------------------------------

_BEGAN = re.compile(
    r"\b(?:was|were|had been|has been) (?:first )?(?:established|launched|set up|created|"
    r"initiated|founded|started|inaugurated) (?:in|during|at the (?:end|beginning) of) "
)


def _process_dates(
    doc: Doc, reading: _Reading, position: Position, sentence: Sentence
) -> URIRef | None:
    """ "P was established in the early 1990s": the words as written, and a typed start
    date where the words give one."""
    for m in _BEGAN.finditer(sentence.text):
        start = _clause_start(sentence.text, m.start())
        process = next(
            (
                p
                for p in _processes(doc, reading, sentence, start, m.start())
                if _is_subject(sentence.text, start, p, m.start())
            ),
            None,
        )
        if process is None:
            continue
        dates = find_dates(sentence.text[m.end() - 3 :])
        dates = [d for d in dates if d.start <= 4]
        if not dates:
            continue
        date = dates[0]
        b = m.end() - 3 + date.end
        evidence = doc.evidence(sentence, process.start, b)
        _value(doc, process.iri, CIS.dateText, Literal(date.text), evidence)
        if date.first is not None:
            _date(doc, process.iri, CIS.startDate, date.first, evidence)
        return process.iri
    return None


def _is_subject(text: str, start: int, span: _Span, verb: int) -> bool:
    """A process is the subject of a verb when nothing but an appositive stands between
    them and it is not the object of a preposition ("a secretariat for P was set up")."""
    gap = text[span.end : verb]
    if not (gap.strip() == "" or re.fullmatch(r",[^;]*,\s*", gap)):
        return False
    lead = text[start : span.start]
    return not re.search(r"\b(?:for|of|to|with|by|from|in|on|at|into)\s+(?:the\s+)?$", lead)


_LEADS_AFTER = re.compile(r"\bthe lead agencies (?:of|in|for) (?=(?:the )?[A-Z0-9])")
_LEADS_BEFORE = re.compile(r",? (?:the|as|being the) lead agencies (?:of|in|for) ")
_OTHER_LEADS = re.compile(r"\band the other lead agencies\b")


def _lead_agencies(
    doc: Doc, reading: _Reading, position: Position, sentence: Sentence
) -> URIRef | None:
    """ "A, B and C, the lead agencies of P", "the lead agencies of P: A, B and C",
    "A and the other lead agencies" (of the process the paragraph talks about)."""
    text = sentence.text
    for m in _LEADS_BEFORE.finditer(text):
        process = _process_at(doc, reading, position, sentence, m.end())
        if process is None:
            continue
        a = _clause_start(text, m.start())
        a += _skip_adverbial(text[a : m.start()])
        actors = [x for x in actors_in(doc, sentence, a, m.start()) if _organisation(doc, x)]
        evidence = doc.evidence(sentence, a, process[1])
        for actor in actors:
            doc.fact(process[0], CIS.leadAgency, actor, evidence)
    for m in _LEADS_AFTER.finditer(text):
        process = _process_at(doc, reading, position, sentence, m.end())
        if process is None:
            continue
        rest = re.match(
            r"(?::|,? \(|,? namely| (?:are|were|being)(?: namely)?)\s*", text[process[1] :]
        )
        if not rest:
            continue
        a = process[1] + rest.end()
        b = _cut(text, a, re.compile(r"\)|;|,? (?:which|who|have|has|had|were|are)\b|\.$"))
        actors = [x for x in actors_in(doc, sentence, a, b) if _organisation(doc, x)]
        evidence = doc.evidence(sentence, m.start(), b)
        for actor in actors:
            doc.fact(process[0], CIS.leadAgency, actor, evidence)
    for m in _OTHER_LEADS.finditer(text):
        a = _clause_start(text, m.start())
        a += _skip_adverbial(text[a : m.start()])
        process_words = re.match(r" (?:of|in|for) ", text[m.end() :])
        process = (
            _process_at(doc, reading, position, sentence, m.end() + process_words.end())
            if process_words
            else None
        )
        process_iri = process[0] if process else _current_process(doc, reading, position)
        if process_iri is None:
            continue
        actors = [x for x in actors_in(doc, sentence, a, m.start()) if _organisation(doc, x)]
        evidence = doc.evidence(sentence, a, m.end())
        for actor in actors:
            doc.fact(process_iri, CIS.leadAgency, actor, evidence)
    return None


def _organisation(doc: Doc, iri: URIRef) -> bool:
    kind = _kind(doc, iri)
    return kind in (
        CIS.Organization,
        CIS.IntergovernmentalOrganization,
        CIS.GovernmentAgency,
        CIS.NonGovernmentalOrganization,
    )
