"""Working groups of a meeting: "three working groups were established …; the first
working group, co-chaired by A and B, addressed issues concerning <topic>; the second
working group, co-chaired by C and D, focused on <topic> …", "Working Group II, chaired
by E, dealt with <topic>", "a working group on <topic> was established".

Each group becomes a cis:WorkingGroup, part of the meeting the text is talking about
(or, failing a meeting, of the process), with its chairs and the themes of its topic.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from ciskg.extract.actors import actors_in
from ciskg.extract.document import Doc, Position
from ciskg.extract.records import Event
from ciskg.extract.sentences import Sentence, clauses
from ciskg.namespaces import CIS

_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
)
# "the first working group", "Working Group II", "working group 3", "a working group on X"
_GROUP = re.compile(
    r"(?<![\w-])(?:(?P<ord>(?i:" + "|".join(_ORDINALS) + r")) [Ww]orking [Gg]roup\b"
    r"|[Ww]orking [Gg]roup (?P<num>[IVX]+|\d{1,2})\b"
    r"|(?:[Aa]n?|[Tt]he|[Aa]nother) [Ww]orking [Gg]roup (?P<on>on|for) (?P<name>[^,;]+?)"
    r"(?= (?:was|were|has been|had been|is) (?:established|set up|created|formed|convened)\b))"
)
_CHAIRS = re.compile(r"\b(?P<role>co-chaired|chaired|led) by ")
_TOPIC = re.compile(
    r"\b(?:addressed|focused on|focussed on|dealt with|discussed|considered|examined|"
    r"covered|concentrated on|looked (?:at|into)|reviewed|worked on|was devoted to|"
    r"was dedicated to)"
    r"(?: (?:the )?(?:issues?|questions?|matters?|problems?|topics?) "
    r"(?:concerning|of|on|related to|relating to|regarding|pertaining to))? "
)
_TOPIC_END = re.compile(r"(?:,? and$|[;.]$|$)")


def extract_working_groups(doc: Doc) -> None:
    for position, sentence in doc.sentences():
        for start, clause in clauses(sentence.text):
            for m in _GROUP.finditer(clause):
                _working_group(doc, position, sentence, start, clause, m)


def _working_group(
    doc: Doc, position: Position, sentence: Sentence, offset: int, clause: str, m: re.Match[str]
) -> None:
    rest_start = m.end()
    chairs = _CHAIRS.search(clause, rest_start)
    topic = _TOPIC.search(clause, rest_start)
    if chairs and topic and topic.start() < chairs.start():
        chairs = None  # "… addressed X chaired by …" is not this group's chair
    if m.group("name"):
        topic_words = (m.start("name"), m.end("name"))
    elif topic:
        end = len(clause.rstrip(" ."))
        tail = re.search(r",? (?:and|as well as) *$", clause[:end])
        topic_words = (topic.end(), tail.start() if tail else end)
        # a following clause of the same sentence ("…, while the second …") ends it
        cut = re.search(r",? (?:while|whereas|and) (?:the|a) ", clause[topic.end() : end])
        if cut:
            topic_words = (topic.end(), topic.end() + cut.start())
    elif chairs:
        topic_words = (len(clause), len(clause))
    else:
        return  # neither chairs nor a topic: a passing mention, not a description
    meeting = _meeting(doc, position, sentence, offset + m.start())
    owner: URIRef | None = meeting.iri if meeting else _process(doc, position, sentence)
    if owner is None:
        return
    label = _label(doc, m, meeting, owner)
    a = m.start()
    b = topic_words[1]
    evidence = doc.evidence(sentence, offset + a, offset + b)
    group = doc.entity(CIS.WorkingGroup, label, evidence)
    doc.fact(group, CIS.partOf, owner, evidence)
    if chairs:
        c_end = topic.start() if topic and topic.start() > chairs.end() else len(clause)
        role = CIS.coChair if chairs.group("role") == "co-chaired" else CIS.chair
        span_end = offset + c_end
        actors = actors_in(doc, sentence, offset + chairs.end(), span_end)
        ev = doc.evidence(sentence, offset + a, span_end)
        for actor in actors:
            doc.fact(group, role, actor, ev)
    words = clause[topic_words[0] : topic_words[1]]
    found = _themes_with_spans(doc, words)
    for concept, (_, y) in found:
        # the theme's evidence: the group's words up to the topic words that name it
        ev = doc.evidence(sentence, offset + a, offset + topic_words[0] + y)
        doc.fact(group, CIS.theme, concept, ev)


def _themes_with_spans(doc: Doc, text: str) -> list[tuple[URIRef, tuple[int, int]]]:
    out: dict[URIRef, tuple[int, int]] = {}
    for pattern, concept in doc.lexicon.themes:
        for hit in pattern.finditer(text):
            if concept not in out or hit.start() < out[concept][0]:
                out[concept] = (hit.start(), hit.end())
    return sorted(out.items(), key=lambda item: item[1])


def _meeting(doc: Doc, position: Position, sentence: Sentence, at: int) -> Event | None:
    """The meeting the text is talking about: the last one before the group's words,
    within the same section."""
    here = Position(position.unit, sentence.start + at, position.section)
    return doc.event_before(here)


def _process(doc: Doc, position: Position, sentence: Sentence) -> URIRef | None:
    named = [x.iri for x in sentence.mentions if doc.lexicon.is_process(x.iri)]
    return named[0] if named else doc.topic_process(position)


def _label(doc: Doc, m: re.Match[str], meeting: Event | None, owner: URIRef) -> str:
    if m.group("ord"):
        head = f"{m.group('ord').capitalize()} working group"
    elif m.group("num"):
        head = f"Working group {m.group('num')}"
    else:
        head = f"Working group {m.group('on')} {m.group('name')}"
    if meeting is None:
        return f"{head} of the {doc.lexicon.labels.get(owner, 'process')}"
    words = meeting.label.split()
    named = any(w[:1].isupper() for w in words[1:])
    name = meeting.label if named else meeting.label[:1].lower() + meeting.label[1:]
    when = "" if named or not meeting.date_text else f" ({meeting.date_text})"
    return f"{head} of the {name}{when}"
