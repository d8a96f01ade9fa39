"""What a query or update is, decided from its tokens before anything runs.

Why: the endpoint must refuse `SERVICE` (and `LOAD`) before pyoxigraph can make an
outbound request, must know the query form to negotiate a result format before the
result exists, must know whether the query names its own dataset (`FROM`) because
pyoxigraph ignores `FROM` when the default graph is the union, and must refuse an update
sent to the query endpoint. The real parse happens in the worker; this is only a reading
of keyword tokens (see `lexer.py` for why a token stream and not a regex).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import pyoxigraph as ox

from ciskg.errors import QueryError, QueryRefused
from ciskg.sparql.lexer import Kind, Token, tokenize


class Form(Enum):
    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"
    UPDATE = "UPDATE"

    @property
    def is_graph(self) -> bool:
        """CONSTRUCT and DESCRIBE answer with RDF, the others with SPARQL results."""
        return self in (Form.CONSTRUCT, Form.DESCRIBE)


QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATE_KEYWORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
}
# Keywords that make the engine reach outside this machine: never run.
OUTBOUND_KEYWORDS = {"SERVICE": "SERVICE (federated query)", "LOAD": "LOAD (fetching a URL)"}
# pyoxigraph's parser is recursive: measured, ~3,000 nested groups or ~10,000 nested
# parentheses overflow a worker's 8 MB stack and kill it (SIGSEGV). Real queries nest a
# few levels; refusing past this depth costs nobody and spares a worker restart.
MAX_NESTING = 128
_OPENERS = {"{": "}", "(": ")", "[": "]"}
_CLOSERS = set(_OPENERS.values())


@dataclass(frozen=True, slots=True)
class Inspection:
    """The facts about one request text that the endpoint acts on."""

    form: Form | None  # None when no form keyword was found (the parser will say why)
    has_dataset_clause: bool  # FROM / FROM NAMED in a query, USING / WITH in an update


def inspect_text(text: str) -> Inspection:
    """Read the form and dataset clauses of a query or update; refuse outbound keywords.

    Raises `QueryRefused` for SERVICE or LOAD wherever they occur as keywords, and for
    groups, brackets or parentheses nested more than `MAX_NESTING` deep.
    """
    tokens = tokenize(text)
    _check_nesting(text, tokens)
    # Both readings of codepoint escapes (see lexer.py): refuse if either finds the keyword.
    for reading, decoded in ((tokens, False), (tokenize(text, decode=True), True)):
        for tok in reading:
            if tok.kind is Kind.KEYWORD and tok.value in OUTBOUND_KEYWORDS:
                line, column = (None, None) if decoded else position(text, tok.start)
                raise QueryRefused(
                    f"{OUTBOUND_KEYWORDS[tok.value]} is not allowed on this endpoint: it makes "
                    "no outbound requests",
                    line=line,
                    column=column,
                )
    form = _form(tokens)
    dataset_words = {"USING", "WITH"} if form is Form.UPDATE else {"FROM"}
    has_dataset = any(t.kind is Kind.KEYWORD and t.value in dataset_words for t in tokens)
    return Inspection(form=form, has_dataset_clause=has_dataset)


def _check_nesting(text: str, tokens: list[Token]) -> None:
    depth = 0
    for tok in tokens:
        if tok.kind is not Kind.PUNCT:
            continue
        if tok.value in _OPENERS:
            depth += 1
            if depth > MAX_NESTING:
                line, column = position(text, tok.start)
                raise QueryRefused(
                    f"groups, brackets or parentheses are nested more than {MAX_NESTING} "
                    "deep here: simplify the query",
                    line=line,
                    column=column,
                )
        elif tok.value in _CLOSERS:
            depth = max(depth - 1, 0)


def _form(tokens: list[Token]) -> Form | None:
    """The first keyword after the prologue (BASE / PREFIX declarations) decides the form."""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind is Kind.KEYWORD and tok.value == "BASE":
            i += 2
            continue
        if tok.kind is Kind.KEYWORD and tok.value == "PREFIX":
            i += 3
            continue
        if tok.kind is Kind.KEYWORD and tok.value in QUERY_FORMS:
            return Form(tok.value)
        if tok.kind is Kind.KEYWORD and tok.value in UPDATE_KEYWORDS:
            return Form.UPDATE
        return None
    return None


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset (of the codepoint-decoded text)."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def add_using_clauses(update: str, default: list[str], named: list[str]) -> str:
    """Apply the protocol's `using-graph-uri` / `using-named-graph-uri` to an update.

    pyoxigraph's `Store.update` takes no dataset, so the clauses are written into the
    update: `USING <g>` / `USING NAMED <g>` before the `WHERE` of every DELETE/INSERT
    operation (a `WHERE` at brace depth 0 that follows the closing brace of a template).
    The IRIs are checked by `pyoxigraph.NamedNode` and written by it, so nothing but a
    well-formed `<iri>` can reach the text. An update that has its own USING or WITH
    clauses conflicts with the protocol parameters and is refused (SPARQL 1.1 Protocol
    §2.2.3).
    """
    clauses = " ".join(
        [f"USING {_iri(g)}" for g in default] + [f"USING NAMED {_iri(g)}" for g in named]
    )
    tokens = tokenize(update)
    if any(t.kind is Kind.KEYWORD and t.value in ("USING", "WITH") for t in tokens):
        raise QueryError(
            "the update has USING or WITH clauses and the request also gives "
            "using-graph-uri / using-named-graph-uri: use one or the other"
        )
    text = update
    out: list[str] = []
    last = 0
    depth = 0
    previous: Token | None = None
    for tok in tokens:
        if tok.kind is Kind.PUNCT and tok.value == "{":
            depth += 1
        elif tok.kind is Kind.PUNCT and tok.value == "}":
            depth -= 1
        elif (
            tok.kind is Kind.KEYWORD
            and tok.value == "WHERE"
            and depth == 0
            and previous is not None
            and previous.value == "}"
        ):
            out.append(text[last : tok.start])
            out.append(f"{clauses} ")
            last = tok.start
        previous = tok
    out.append(text[last:])
    return "".join(out)


def _iri(value: str) -> str:
    try:
        return str(ox.NamedNode(value))
    except ValueError as exc:
        raise QueryError(f"not an IRI: {value!r}: {exc}") from exc
