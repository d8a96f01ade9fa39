"""Events: meetings, conferences, round tables, workshops, seminars, contract
signings — with the date as written, the place, and the process they belong to.

An event is found where an event noun and a date are tied by the genre's phrasing:
"X was held in Minsk, from 26 to 28 May 2004", "a concluding meeting, held in Vienna
in June 2005", "the meeting of the northern cluster … in Kyiv in July 2003",
"In October 2003, UNHCR … convened a senior level review meeting in Söderköping",
"On 26 May 2004, a contract was signed between …". Lists ("in Tbilisi in April 2005
and in Almaty in May 2005") give one event each.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from ciskg import iris
from ciskg.extract.dates import DateExpr, find_dates
from ciskg.extract.document import Doc, Position
from ciskg.extract.records import Event
from ciskg.extract.sentences import Sentence, clauses
from ciskg.namespaces import CIS

EVENT_NOUN = re.compile(
    r"(?<![\w-])(?P<noun>(?i:round[- ]table(?: meetings?)?|meetings?|conferences?|workshops?|"
    r"seminars?|forums?|consultations|contract|(?<=interim )review))(?![\w-])"
)
_TYPES = {
    "round": CIS.RoundTable,
    "meeting": CIS.Meeting,
    "conference": CIS.Conference,
    "workshop": CIS.Workshop,
    "seminar": CIS.Seminar,
    "forum": CIS.Meeting,
    "consultations": CIS.Meeting,
    "contract": CIS.ContractSigning,
    "review": CIS.Meeting,
}
_HOLD = re.compile(r"\b(?:was|were)? ?(?:held|convened|took place|signed|opened)\b")
# The words between an event noun and its date may only be modifiers and places.
_PP_GAP = re.compile(
    r"^(?: (?:organized|held|convened|conducted))?"
    r"(?:(?:,? (?:of|on|for|in|at) [^,;.]*?)*?)(?:,? (?:in|on|from|during))?\s*$"
)
_DETERMINERS = frozenset(
    "a an the another this that its their three two four five several one first-ever".split()
)
_STOP_LEFT = frozenset(
    "of for in on at to by with from and or was were is are had has convened organized held "
    "hold following since after before during".split()
)
_LABEL_END = re.compile(
    r",| in [A-Z]| in the | within | (?:in|on) \d|[ ,](?:was|were|held|convened|to|which|"
    r"that|as|with|for|from|on \d|in \d|in (?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December))\b|;|\(|\.$|$"
)
_NEW_PROCESS = re.compile(
    r" (?:the )?(?P<name>(?:[A-Z][\w'-]+ )+(?:Process|Dialogue|Initiative|Framework|Programme))\b"
)
_FRAME = re.compile(r"(?:within the framework of|in the framework of|as part of|in the context of)")
_PLACE_BEFORE_DATE = re.compile(
    r"\bin (?P<place>[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*)(?:, [A-Z][\w-]+)?,? (?:from |on |in )?$"
)


def extract_events(doc: Doc) -> None:
    """Find the dated events of every sentence and record them in the document.

    The body is read before the summary, so that the summary's restatements join the
    events the body describes in full.
    """
    ordered = sorted(doc.sentences(), key=lambda item: item[1].para == "summary")
    for position, sentence in ordered:
        for clause_start, clause in clauses(sentence.text):
            _events_in_clause(doc, position, sentence, clause_start, clause)


def _events_in_clause(
    doc: Doc, position: Position, sentence: Sentence, offset: int, clause: str
) -> None:
    # a period ("the biennium 2004-2005") or a decade dates no single event
    dates = [d for d in find_dates(clause) if d.first is not None and not _is_period(d)]
    # "Conference" in "the 1996 Geneva Conference" names a process, not an event here
    named = [
        (m.start - sentence.start - offset, m.end - sentence.start - offset)
        for m in sentence.mentions
    ]
    nouns = [
        n for n in EVENT_NOUN.finditer(clause) if not any(a <= n.start() < b for a, b in named)
    ]
    if not dates or not nouns:
        return
    dated: set[int] = set()
    last: re.Match[str] | None = None
    for date in dates:
        noun = _noun_for(clause, nouns, date)
        if noun is not None and noun.start() in dated and not _plural(noun):
            noun = None
        if noun is None and last is not None and _continues_list(clause, date):
            noun = last
        if noun is None:
            continue
        dated.add(noun.start())
        last = noun
        _record(doc, position, sentence, offset, clause, noun, _label(clause, noun), date)


def _is_period(date: DateExpr) -> bool:
    return len(date.first.lexical) == 4 and date.last is not None  # type: ignore[union-attr]


def _plural(noun: re.Match[str]) -> bool:
    return noun.group("noun").lower().endswith("s")


def _in_prepositional_phrase(clause: str, noun: re.Match[str]) -> bool:
    """'in conjunction with consultations', 'in parallel with the above-mentioned meeting':
    such an event is a reference point, not the subject that a date describes."""
    before = clause[: noun.start()].split()
    words = []
    for w in reversed(before):
        bare = w.strip(",").lower()
        if w.endswith(",") or bare in _STOP_LEFT or bare in _DETERMINERS:
            words.append(bare)
            break
        words.append(bare)
    i = len(words) - 1
    while i >= 0 and words[i] in _DETERMINERS:
        i -= 1
    prev = before[len(before) - len(words) - 1].lower() if len(before) > len(words) else ""
    head = words[-1] if words else ""
    return head in _PREPOSITIONS or (head in _DETERMINERS and prev in _PREPOSITIONS)


_PREPOSITIONS = frozenset("with of on for to following after before into from about".split())


def _noun_for(clause: str, nouns: list[re.Match[str]], date: DateExpr) -> re.Match[str] | None:
    """The event noun a date belongs to, by the phrasing between them."""
    before = [n for n in nouns if n.end() <= date.start]
    subjects = [n for n in before if not _in_prepositional_phrase(clause, n)]
    for n in subjects:  # the subject of "was held" comes first in the clause
        gap = clause[n.end() : date.start]
        if _HOLD.search(gap) and not EVENT_NOUN.search(gap.split("held")[-1]):
            return n
    if before:
        n = before[-1]
        gap = clause[_label_end(clause, n) : date.start]
        if len(gap.split()) <= 12 and _PP_GAP.match(gap):
            return n
    after = [n for n in nouns if n.start() >= date.end]
    if after and date.start < 20:  # "In October 2003, UNHCR … convened a … meeting"
        gap = clause[date.end : after[0].start()]
        verb_before = re.search(r"\b(?:convened|organized|held|hosted|signed)\b", gap)
        verb_after = re.match(
            r" (?:was|were) (?:held|convened|signed|organized)\b", clause[after[0].end() :]
        )
        if (verb_before or verb_after) and len(gap.split()) <= 16:
            return after[0]
    return None


def _continues_list(clause: str, date: DateExpr) -> bool:
    """', in Tbilisi in April 2005 and in Almaty in May 2005': more of the same events."""
    before = clause[max(0, date.start - 60) : date.start]
    return bool(re.search(r"(?:,|\band) in (?:the )?[A-Z][\w.' -]*? (?:in|on) $", before))


def _label_end(clause: str, noun: re.Match[str]) -> int:
    rest = clause[noun.end() :]
    if rest.startswith((" of ", " on ")):
        m = _LABEL_END.search(rest, 1)
        return noun.end() + (m.start() if m else len(rest))
    return noun.end()


def _phrase_start(clause: str, noun: re.Match[str]) -> int:
    """Where the noun phrase of an event noun starts, determiner included."""
    start = noun.start()
    for w in reversed(clause[: noun.start()].split()):
        bare = w.strip(",").lower()
        if w.endswith(",") or bare in _STOP_LEFT:
            break
        start = clause.rfind(w, 0, start)
        if bare in _DETERMINERS or bare.isdigit():
            break
    return start


def _label(clause: str, noun: re.Match[str]) -> str:
    """The event's name: the noun phrase around the event noun, singular."""
    words = clause[: noun.start()].split()
    left: list[str] = []
    for w in reversed(words):
        bare = w.strip(",").lower()
        if w.endswith(",") or bare in _DETERMINERS or bare in _STOP_LEFT or bare.isdigit():
            break
        left.insert(0, w)
    head = _singular(noun.group("noun"))
    tail = clause[noun.end() : _label_end(clause, noun)]
    if not tail:  # "the Steering Group … at its fifth meeting": the meeting of the Steering Group
        owner = _OWNER.search(clause[: noun.start()])
        if owner and owner.end() >= noun.start() - len(" ".join(left)) - 1:
            tail = f" of {owner.group('owner')}"
    label = " ".join([*left, head]) + tail
    return label.strip()


_OWNER = re.compile(
    r"(?:the |by |of )(?P<owner>[A-Z][\w-]*(?: [A-Z][\w-]*)*) (?:\w+ ){0,4}?at its "
)


def _singular(noun: str) -> str:
    if noun.lower() in ("consultations",):
        return noun
    return re.sub(
        r"(meeting|conference|workshop|seminar|forum)s$", r"\1", noun, flags=re.IGNORECASE
    )


def _record(
    doc: Doc,
    position: Position,
    sentence: Sentence,
    offset: int,
    clause: str,
    noun: re.Match[str],
    label: str,
    date: DateExpr,
) -> None:
    kind = _kind(noun.group("noun"))
    place, country = _place(doc, sentence, offset, clause, noun, date)
    if kind == CIS.ContractSigning:
        label = _contract_label(clause, noun)
    part_of = _part_of(doc, position, sentence)
    named = label[:1].isupper() and not label.split()[0].isupper()
    where = place or country
    slug = iris.slugify(label, 50) + "-" + date.first.lexical  # type: ignore[union-attr]
    if not named and where is not None:
        slug += "-" + where.rsplit("/", 1)[-1]
    # evidence runs from the start of the event's name (with its determiner) to its date
    a = min(_phrase_start(clause, noun), date.start) + offset
    b = max(noun.end(), date.end) + offset
    event = Event(
        iri=iris.thing("event", slug),
        kind=kind,
        label=label[0].upper() + label[1:],
        evidence=doc.evidence(sentence, a, b),
        start=date.first,
        end=date.last,
        date_text=date.text,
        place=place,
        country=country,
        part_of=part_of,
    )
    doc.add_event(position, event)


def _kind(noun: str) -> URIRef:
    """The class of an event from its noun: 'round-table meetings' → RoundTable."""
    word = noun.lower().split()[0].split("-")[0]
    return _TYPES.get(word, _TYPES.get(word.removesuffix("s"), CIS.Meeting))


def _place(
    doc: Doc, sentence: Sentence, offset: int, clause: str, noun: re.Match[str], date: DateExpr
) -> tuple[URIRef | None, URIRef | None]:
    """The place (a city) or, failing one, the country where the event was held."""
    lo = min(noun.end(), date.start) if noun.end() <= date.start else date.end
    hi = date.start if noun.end() <= date.start else min(len(clause), noun.end() + 80)
    window = [m for m in sentence.within(offset + lo, offset + hi)]
    places = [m.iri for m in window if doc.lexicon.is_place(m.iri)]
    states = [m.iri for m in window if doc.lexicon.is_state(m.iri)]
    if places:
        return places[-1] if noun.end() <= date.start else places[0], None
    m = _PLACE_BEFORE_DATE.search(clause[lo:hi]) if noun.end() <= date.start else None
    if m and not states:
        words = m.group("place")
        start = lo + m.start("place")
        ev = doc.evidence(sentence, offset + start, offset + start + len(words))
        return doc.entity(CIS.Place, words, ev), None
    if states:
        return None, states[-1] if noun.end() <= date.start else states[0]
    return None, None


def _contract_label(clause: str, noun: re.Match[str]) -> str:
    rest = clause[noun.end() :]
    m = re.search(r"signed (between [^,;]+?)(?: for |,|$)", rest)
    return f"Signing of a contract {m.group(1)}" if m else "Signing of a contract"


def _part_of(doc: Doc, position: Position, sentence: Sentence) -> URIRef | None:
    """The process an event belongs to: named in a framing phrase, in its sentence or the
    rest of its paragraph, or the process the paragraph continues to talk about."""
    processes = [m for m in sentence.mentions if doc.lexicon.is_process(m.iri)]
    frame = _FRAME.search(sentence.text)
    if frame:
        after = [m for m in processes if m.start - sentence.start >= frame.end()]
        if after:
            return after[0].iri
        unknown = _NEW_PROCESS.match(sentence.text, frame.end())
        if unknown:  # "within the framework of the Almaty Process": a process not yet curated
            a, b = unknown.span("name")
            return doc.entity(CIS.Process, unknown.group("name"), doc.evidence(sentence, a, b))
    if processes:
        return processes[0].iri
    later = [
        m.iri
        for s in doc.paragraph_sentences(sentence.para)
        if s.start > sentence.start
        for m in s.mentions
        if doc.lexicon.is_process(m.iri)
    ]
    return later[0] if later else doc.topic_process(position)
