"""Bind query variables for a store that takes no bindings: a VALUES block in the query.

Why: named-query parameters and the pages' literals are handed to pyoxigraph as
`substitutions` (the variable is bound before evaluation; the text is never edited). The
SPARQL 1.1 Protocol has no such parameter, so for a remote store the bindings are written
as `VALUES (?a ?b) { (term term) }` at the start of the query's WHERE group: the rest of
the group joins with it and its FILTERs and BINDs see the values, which is how a pre-bound
variable behaves. A query may also give a parameter its value itself, `BIND(expr AS ?p)`
(to project a default); with `?p` pre-bound that BIND can only agree or not, so it is
written as `FILTER(sameTerm((expr), ?p))` (a BIND of a variable already in scope is a
syntax error). Only terms reach the text, each written by pyoxigraph's own N-Triples
serialiser from a term it has checked, and only variable names that are SPARQL VARNAMEs.
"""

from __future__ import annotations

import functools
import re

import pyoxigraph as ox

from ciskg.errors import QueryError
from ciskg.sparql.lexer import Kind, Token, tokenize

_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def bind_values(query: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """`query` with `terms` bound by a VALUES block at the start of its WHERE group."""
    if not terms:
        return query
    for name in terms:
        if not _VARNAME.fullmatch(name):
            raise QueryError(f"not a variable name: {name!r}")
    offset = group_start(query)
    if offset is None:
        raise QueryError("parameters can only be bound in a query with a WHERE group")
    text = _binds_as_filters(query, set(terms), offset)
    names = " ".join(f"?{n}" for n in terms)
    values = " ".join(str(t) for t in terms.values())
    return f"{text[:offset]} VALUES ({names}) {{ ({values}) }} {text[offset:]}"


def _binds_as_filters(query: str, names: set[str], after: int) -> str:
    """`BIND(expr AS ?name)` → `FILTER(sameTerm((expr), ?name))` for the bound names."""
    tokens = tokenize(query)
    edits: list[tuple[int, int, str]] = []
    for i, tok in enumerate(tokens):
        if tok.start < after or tok.kind is not Kind.KEYWORD or tok.value != "BIND":
            continue
        if i + 1 >= len(tokens) or not _is(tokens[i + 1], "("):
            continue
        close = _matching(tokens, i + 1, "(", ")")
        if close is None or close < i + 4:
            continue
        as_, var = tokens[close - 2], tokens[close - 1]
        if as_.value != "AS" or var.kind is not Kind.VAR or var.value[1:] not in names:
            continue
        edits.append((tok.start, tokens[i + 1].end, "FILTER(sameTerm(("))
        edits.append((as_.start, var.start, "), "))
        edits.append((tokens[close].start, tokens[close].end, "))"))
    for start, end, replacement in sorted(edits, reverse=True):
        query = query[:start] + replacement + query[end:]
    return query


@functools.lru_cache(maxsize=1024)
def group_start(query: str) -> int | None:
    """Offset just after the `{` that opens the query's WHERE group, if there is one.

    That is the first `{` outside parentheses after the query form keyword (projection
    expressions such as `(EXISTS { … } AS ?x)` are in parentheses), except for CONSTRUCT,
    whose template comes first (the short form `CONSTRUCT WHERE` has no room for VALUES).
    """
    tokens = tokenize(query)
    i = next(
        (n for n, t in enumerate(tokens) if t.kind is Kind.KEYWORD and t.value in _FORMS), None
    )
    if i is None:
        return None
    if tokens[i].value == "CONSTRUCT":
        if i + 1 >= len(tokens) or not _is(tokens[i + 1], "{"):
            return None
        i = _matching(tokens, i + 1, "{", "}")
        if i is None:
            return None
    depth = 0
    for tok in tokens[i + 1 :]:
        if _is(tok, "("):
            depth += 1
        elif _is(tok, ")"):
            depth -= 1
        elif _is(tok, "{") and depth == 0:
            return tok.end
    return None


def _matching(tokens: list[Token], start: int, opening: str, closing: str) -> int | None:
    """Index of the token that closes the bracket opened at `start`."""
    depth = 0
    for n in range(start, len(tokens)):
        if _is(tokens[n], opening):
            depth += 1
        elif _is(tokens[n], closing):
            depth -= 1
            if depth == 0:
                return n
    return None


def _is(tok: Token, punct: str) -> bool:
    return tok.kind is Kind.PUNCT and tok.value == punct
