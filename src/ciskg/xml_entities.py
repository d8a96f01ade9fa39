"""Entity declarations of an RDF/XML document, checked before the parser sees it.

Why: Oxigraph's RDF/XML parser never reads an external entity (it stops at `SYSTEM`), but
it expands internal entities without a bound. Measured: the "billion laughs" document (ten
entities, each referring ten times to the one before; 1 kB) took `ciskg validate` 38 s and
11.8 GB of memory. Internal entities are common in RDF/XML that ontology editors write
(`<!ENTITY owl "http://www.w3.org/2002/07/owl#">`, then `rdf:about="&owl;Thing"`), so they
are not refused as such: the size of every entity's expansion is computed from the
declarations — without expanding anything — and summed over the references, and a
document whose expansion would pass `max_expansion` is refused. Parameter entities and
external entities (`SYSTEM`, `PUBLIC`) are refused with a message that says so.
"""

from __future__ import annotations

import re

MIN_EXPANSION_BYTES = 10_000_000  # entities may always add this much text …
EXPANSION_RATIO = 10  # … or this many times the document's own size
MAX_DEPTH = 32  # entities referring to entities referring to …

_DECLARATION = re.compile(
    rb"<!ENTITY\s+(?P<param>%\s+)?(?P<name>[^\s%&;<>\"']+)\s+"
    rb"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<external>SYSTEM|PUBLIC)\b)"
)
_REFERENCE = re.compile(rb"&([^\s#&;<>\"']+);")
_PREDEFINED = {b"amp", b"lt", b"gt", b"quot", b"apos"}


class EntityError(ValueError):
    """A document whose entities are not allowed (see the module docstring)."""


def max_expansion(document_bytes: int) -> int:
    return max(MIN_EXPANSION_BYTES, EXPANSION_RATIO * document_bytes)


def check_entities(data: bytes) -> None:
    """Raise EntityError if the entities of an RDF/XML document are external, parameter
    entities, recursive, or would expand past `max_expansion(len(data))` bytes."""
    if b"<!ENTITY" not in data:
        return
    limit = max_expansion(len(data))
    values: dict[bytes, bytes] = {}
    for m in _DECLARATION.finditer(data):
        name = m.group("name")
        if m.group("param"):
            raise EntityError(f"parameter entity %{name.decode(errors='replace')}; is not allowed")
        if m.group("external"):
            raise EntityError(
                f"external entity {name.decode(errors='replace')!r} is not allowed: "
                "ciskg never reads files or URLs named in a document"
            )
        values.setdefault(name, m.group("dq") if m.group("dq") is not None else m.group("sq"))
    sizes: dict[bytes, int] = {}

    def size(name: bytes, seen: tuple[bytes, ...]) -> int:
        if name in sizes:
            return sizes[name]
        if name in seen:
            raise EntityError(f"entity {name.decode(errors='replace')!r} refers to itself")
        if len(seen) > MAX_DEPTH:
            raise EntityError(f"entities refer to entities more than {MAX_DEPTH} deep")
        value = values[name]
        total = len(value)
        for ref in _REFERENCE.findall(value):
            if ref in values:
                total += size(ref, (*seen, name)) - len(ref) - 2
            if total > limit:
                break
        sizes[name] = total
        return total

    expansion = 0
    for ref in _REFERENCE.findall(data):
        if ref in values and ref not in _PREDEFINED:
            expansion += size(ref, ())
            if expansion > limit:
                raise EntityError(
                    f"the document's entities would expand to more than {limit} bytes "
                    "(an entity-expansion attack such as 'billion laughs'?)"
                )
