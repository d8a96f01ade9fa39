"""What a page shows for an RDF term: its text in the reader's language and its link.

Why a module: entity, paragraph, search and query pages all turn terms into the same
kind of value (a linked label, or a literal with its language and datatype) and group
them by property; templates then only lay them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from ciskg.http.templating import Page
from ciskg.labels import compact
from ciskg.namespaces import BASE, XSD

STRING = str(XSD.string)
_DIGITS = re.compile(r"(\d+)")


@dataclass(slots=True)
class Quote:
    """Words of a report and the paragraph they were read from."""

    text: str
    href: str | None = None
    where: str = ""


@dataclass(slots=True)
class Value:
    text: str
    href: str | None = None
    lang: str = ""
    datatype: str = ""  # compact datatype of a typed literal, '' for strings and IRIs
    inferred: bool = False
    external: bool = False
    quotes: list[Quote] = field(default_factory=list)
    note: str = ""  # a short remark shown after the value (a role, a member via a group)


@dataclass(slots=True)
class Group:
    """The values of one property, headed by the property's label."""

    label: str
    href: str
    values: list[Value] = field(default_factory=list)


def value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, page: Page) -> Value:
    if isinstance(term, ox.NamedNode):
        href = page.href(term.value)
        return Value(
            page.label(term.value),
            href=href,
            lang=page.label_lang(term.value),
            external=not href.startswith("/"),
        )
    if isinstance(term, ox.BlankNode):
        return Value(f"_:{term.value[:8]}")
    if isinstance(term, ox.Triple):  # RDF-star: shown as written
        return Value(str(term))
    datatype = term.datatype.value
    shown = "" if term.language or datatype == STRING else compact(datatype)
    return Value(term.value, lang=term.language or "", datatype=shown)


def natural_key(text: str) -> list[object]:
    """Sort key that puts 'para. 2' before 'para. 10'."""
    return [int(part) if part.isdigit() else part.casefold() for part in _DIGITS.split(text)]


def kind_of(iri: str) -> str:
    """The kind of one of the project's things from its IRI (`state`, `org`, …, `paragraph`)."""
    prefix = BASE + "id/"
    if not iri.startswith(prefix):
        return "other"
    path = iri[len(prefix) :]
    if "/para/" in path:
        return "paragraph"
    return path.split("/", 1)[0]
