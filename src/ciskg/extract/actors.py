"""Who a phrase names: the actors of a list like "UNHCR, IOM, OSCE and Council of
Europe", "delegations from CIS member countries (with the exception of Uzbekistan)
and neighbouring and interested countries", "the Government of Belarus".

Named actors come from the gazetteer's mentions; a described set of actors becomes
a group that keeps the words of the text.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from ciskg.extract.document import Doc
from ciskg.extract.sentences import Sentence
from ciskg.namespaces import CIS

# Nouns that head a described group, and whether its members are states.
_STATE_HEADS = r"States?|countries|country|Governments|neighbours|beneficiaries|delegations"
_OTHER_HEADS = (
    r"organizations|organisations|agencies|institutions|donors|observers|friends|actors|"
    r"partners|stakeholders|society|authorities|community|participants"
)
# Words that cannot modify a group's head: function words, verbs of reporting, heads.
_NOT_MODIFIER = (
    r"(?:from|of|in|to|by|with|for|on|at|as|and|or|the|a|an|that|which|who|whose|such|"
    r"included|including|gathered|together|invited|urged|recognized|was|were|is|are|had|"
    r"have|has|been|be|would|also|representatives|delegations|"
    + _STATE_HEADS
    + "|"
    + _OTHER_HEADS
    + r")\b"
)
# lower-case or capitalised words; an acronym only as in "CIS member countries"
_ACRONYM = r"[A-Z]{2,}(?= (?:member|States|countries)\b)"
_MODIFIER = rf"(?:(?!(?i:{_NOT_MODIFIER}))(?:[a-z][\w-]*|[A-Z][a-z][\w-]*|{_ACRONYM}|\d+))"
GROUP = re.compile(
    rf"(?<![\w-])(?:(?i:the|all|other|both|such|these|those) )?"
    rf"(?:{_MODIFIER}(?:,? (?:and|or) | ))*?"
    rf"(?P<head>(?i:{_STATE_HEADS}|{_OTHER_HEADS}))\b"
    rf"(?P<post>(?: \(with the exception of [^)]+\))?"
    rf"(?:,? (?:which|that|who) (?:had|have) not yet (?:done so|acceded|ratified)| in the region|"
    rf" of origin and of destination| of the (?:process|Process|Conference)|"
    rf" (?:involved|participating|taking part) in (?:the )?[A-Z][\w'-]*(?: [A-Z][\w'-]*)*)?)"
)
_SUBSET = re.compile(
    r"(?:the )?(?:[a-z][\w-]* )*?(?:cluster|subgroup|group|part|some|several) of $"
)
_EXCEPTION = re.compile(r"\(with the exception of ([^)]+)\)|except(?:ing)? ([A-Z][\w ]+)")
# Words that introduce actors without being actors themselves.
_TRANSPARENT = re.compile(
    r"\b(?:delegations|representatives|the coordinators|officials|the Government|"
    r"the Governments|the representative|the Director-General) (?:from|of)\b"
)
_SECRETARIAT = re.compile(r"\b[Tt]he secretariat (?:of|for) (?:the )?[A-Z][\w-]*(?: [A-Z][\w-]*)*")
# A body the reference layer does not know: a capitalised name with an organisation's head.
_NEW_BODY = re.compile(
    r"(?:\bthe )?(?P<name>(?:[A-Z][\w-]+ )+(?:Government|Board|Ministry|Office|Agency|Service|"
    r"Committee|Council|Group|Centre|Center|Commission|Organization|Secretariat|Network|Institute)"
    r"(?: (?:of|for|on) (?:the )?(?:[A-Z][\w-]+ ?)+)?)"
)
_NOT_YET = re.compile(r"\bremaining\b|not yet (?:done so|party|acceded|ratified)", re.I)
_PRONOUN_STOP = frozenset({"their", "its", "this", "that", "which", "those"})


def actors_in(
    doc: Doc,
    sentence: Sentence,
    start: int,
    end: int,
    *,
    event: URIRef | None = None,
    criterion: URIRef | None = None,
) -> list[URIRef]:
    """The actors named or described in `sentence.text[start:end]`, in text order.

    `event` is the meeting the text is about: "participating States" are drawn from its
    participants. `criterion` is set on described groups (e.g. not yet party).
    """
    text = sentence.text
    span = text[start:end]
    found: list[tuple[int, URIRef]] = []
    covered: list[tuple[int, int]] = []
    for m in GROUP.finditer(span):
        words = m.group(0)
        if _is_transparent(span, m) or words.split()[0].lower() in _PRONOUN_STOP:
            continue
        a, b = start + m.start(), start + m.end()
        inner = [x for x in sentence.within(a, b) if doc.lexicon.is_actor(x.iri)]
        if inner and not _describes_members(words, inner, doc):
            continue  # "the Government of Belarus" names Belarus, not a group
        excluded = _excluded(doc, sentence, a, b)
        drawn = tuple(x.iri for x in inner if doc.lexicon.kinds.get(x.iri) != CIS.State)[:1]
        part = _SUBSET.search(span[: m.start()])
        if part:  # "the northern cluster of CIS member countries": some of them, not all
            a, words, drawn = start + part.start(), span[part.start() : m.end()], ()
        if m.group("post") and re.match(
            r" (?:involved|participating|taking part) in", m.group("post")
        ):
            # "the 10 countries involved in the Söderköping Process": its participants
            drawn = tuple(x.iri for x in sentence.within(a, b) if doc.lexicon.is_process(x.iri))[:1]
        elif event is not None and re.search(r"\bparticipating\b|\bparticipants\b", words, re.I):
            drawn = (event, *drawn)  # "participating States": those at the meeting
        states = bool(re.match(_STATE_HEADS, m.group("head"), re.I))
        evidence = doc.evidence(sentence, a, b)
        crit = criterion if _NOT_YET.search(words) else None
        if crit is not None and not drawn:
            drawn = doc.region()
        group = doc.group(
            words, evidence, states=states, drawn_from=drawn, excludes=excluded, criterion=crit
        )
        found.append((a, group))
        covered.append((a, b))
    for m in _SECRETARIAT.finditer(span):
        a = start + m.start()
        processes = [
            x for x in sentence.within(a, start + m.end()) if doc.lexicon.is_process(x.iri)
        ]
        if processes:
            evidence = doc.evidence(sentence, a, start + m.end())
            found.append((a, doc.secretariat_of(processes[0].iri, evidence)))
            covered.append((a, start + m.end()))
    for mention in sentence.within(start, end):
        rel = mention.start - sentence.start
        if any(a <= rel < b for a, b in covered):
            continue
        if doc.lexicon.is_actor(mention.iri):
            found.append((rel, mention.iri))
            covered.append((rel, mention.end - sentence.start))
    for m in _NEW_BODY.finditer(span):
        a, b = start + m.start("name"), start + m.end("name")
        if any(x < b and a < y for x, y in covered):
            continue
        evidence = doc.evidence(sentence, a, b)
        found.append((a, doc.entity(CIS.Organization, m.group("name"), evidence)))
    seen: set[URIRef] = set()
    ordered = []
    for _, iri in sorted(found, key=lambda x: x[0]):
        if iri not in seen:
            seen.add(iri)
            ordered.append(iri)
    return ordered


def _is_transparent(span: str, m: re.Match[str]) -> bool:
    """'delegations from X', 'the neighbouring countries of Estonia, Hungary …': the
    actors are the names that follow, not the head."""
    after = span[m.end() : m.end() + 40]
    head = m.group("head").lower()
    if head in ("governments", "delegations") and after.startswith((" of", " from")):
        return True
    if head in ("organizations", "organisations", "agencies", "authorities"):
        # "non-governmental organizations from Hungary …" are a group of their own
        return bool(re.match(r"(?::|,? (?:such as|including|notably)) (?:the )?[A-Z]", after))
    return bool(re.match(r"(?::|,? (?:from|of|such as|including|notably)) (?:the )?[A-Z]", after))


def _describes_members(words: str, inner: list, doc: Doc) -> bool:
    """'CIS member countries' describes members of the CIS; 'the Government of X' does not."""
    return (
        bool(re.search(r"\bmember (?:States|countries)\b", words))
        or all(doc.lexicon.kinds.get(x.iri) != CIS.State for x in inner)
        and bool(re.search(rf"\b(?:{_STATE_HEADS})\b", words))
    )


def _excluded(doc: Doc, sentence: Sentence, a: int, b: int) -> tuple[URIRef, ...]:
    m = _EXCEPTION.search(sentence.text[a:b])
    if not m:
        return ()
    ea = a + m.start()
    eb = a + m.end()
    return tuple(x.iri for x in sentence.within(ea, eb) if doc.lexicon.is_state(x.iri))
