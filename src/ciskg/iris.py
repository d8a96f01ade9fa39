"""Deterministic IRIs for things: `https://w3id.org/ciskg/id/{kind}/{slug}`.

The same input always gives the same IRI, so two builds of the same reports mint
identical graphs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from ciskg.namespaces import ID

KINDS = frozenset(
    {
        "state",
        "org",
        "group",
        "instrument",
        "process",
        "project",
        "event",
        "place",
        "doc",
        "statement",
        "participation",
        "theme",
        "action",
        "mention",
        "assertion",
    }
)

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG = re.compile(r"[a-z0-9][a-z0-9.-]*(/[a-z0-9][a-z0-9.-]*)*")


def slugify(text: str, max_len: int = 60) -> str:
    """A lowercase ASCII slug: 'Söderköping Process' -> 'soderkoping-process'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rstrip("-")
    return slug or "x"


def short_hash(*parts: object, length: int = 8) -> str:
    """A short stable digest of its parts, to keep slugs unique without counters."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return digest[:length]


def thing(kind: str, slug: str) -> URIRef:
    """The IRI of a thing of a kind; kinds are fixed by the architecture."""
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}")
    if not _SLUG.fullmatch(slug):
        raise ValueError(f"bad slug {slug!r}")
    return ID[f"{kind}/{slug}"]


def document(doc_slug: str) -> URIRef:
    return ID[f"doc/{doc_slug}"]


def paragraph(doc_slug: str, number: int | str) -> URIRef:
    """Numbered paragraphs are `…/para/{n}`; the summary is `…/para/summary`."""
    return ID[f"doc/{doc_slug}/para/{number}"]


def footnote(doc_slug: str, marker: str) -> URIRef:
    """Footnotes are `…/note/{marker}`; '*' markers become 'star', '**' 'star2'."""
    if marker.strip("*"):
        name = slugify(marker)
    else:
        name = "star" if len(marker) == 1 else f"star{len(marker)}"
    return ID[f"doc/{doc_slug}/note/{name}"]


def mention(doc_slug: str, para: int | str, start: int, end: int) -> URIRef:
    return ID[f"mention/{doc_slug}/{para}/{start}-{end}"]
