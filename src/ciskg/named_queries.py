"""Named queries: `queries/*.rq` files with a header, served at `/queries/{name}`.

Header grammar. The header is the run of lines at the top of the file that begin with
`#`; it ends at the first line that does not (a blank line ends it too). Each header line
is one of:

    # title: TEXT                       required, exactly once
    # description: TEXT                 optional, at most once
    # param: NAME TYPE [TEXT]           optional, repeatable: a parameter and its meaning
    #   TEXT                            `#` and two or more spaces: continues the previous
                                        title / description / param text
    # anything else                     a comment, ignored

Keys are case-insensitive and blanks around `:` are free. NAME is a SPARQL variable name
without `?` (`[A-Za-z_][A-Za-z0-9_]*`) that the query uses; TYPE is one of `TYPES` below.
The file name without `.rq` is the query's name (`[a-z0-9][a-z0-9_-]*`).

Binding. A request gives parameters as query-string values; each is parsed by its TYPE
into an RDF term (an IRI is checked by pyoxigraph, a number by Python) and handed to
pyoxigraph as a `substitutions` binding — the query text is never edited, so no user input
is ever spliced into SPARQL. A parameter that is not given stays unbound. pyoxigraph binds
a variable of a SELECT query only if the query projects it, so for SELECT queries every
parameter must be listed after SELECT (this module checks that when it reads the file).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from ciskg.errors import InputError, QueryError
from ciskg.sparql.inspect import Form, inspect_text
from ciskg.sparql.lexer import Kind, tokenize

XSD = "http://www.w3.org/2001/XMLSchema#"
TYPES = ("iri", "string", "integer", "decimal", "boolean", "date")
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FIELD = re.compile(r"#\s*(title|description|param)\s*:\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str
    description: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    form: Form
    path: Path


def load_all(directory: Path) -> list[NamedQuery]:
    """Every `*.rq` directly in `directory` (rules/ and checks/ are not named queries)."""
    if not directory.is_dir():
        return []
    return [load(path) for path in sorted(directory.glob("*.rq"))]


def load(path: Path) -> NamedQuery:
    """Read one query file and its header; raise InputError (with the line) if malformed."""
    name = path.stem
    if not _NAME.fullmatch(name):
        raise InputError(f"a named query file name must match {_NAME.pattern}", path=str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", path=str(path)) from exc
    fields: dict[str, list[str]] = {"title": [], "description": []}
    params: list[list[str]] = []
    current: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        if (m := _FIELD.match(line)) is not None:
            key, value = m.group(1).lower(), m.group(2).strip()
            if key == "param":
                params.append(_param_fields(value, path, number))
                current = params[-1]
            else:
                if fields[key]:
                    raise InputError(f"a second `{key}:` line", path=str(path), line=number)
                fields[key] = [value]
                current = fields[key]
        elif line.startswith("#  ") and current is not None:
            current.append(line[1:].strip())
        else:
            current = None
    if not fields["title"]:
        raise InputError("the header has no `# title:` line", path=str(path), line=1)
    try:
        form = inspect_text(text).form
    except QueryError as exc:
        raise InputError(str(exc), path=str(path), line=exc.line, column=exc.column) from exc
    if form is None or form is Form.UPDATE:
        raise InputError("not a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE)", path=str(path))
    query = NamedQuery(
        name=name,
        title=" ".join(fields["title"]),
        description=" ".join(fields["description"]),
        params=tuple(Param(p[0], p[1], " ".join(p[2:]).strip()) for p in params),
        text=text,
        form=form,
        path=path,
    )
    _check_projection(query)
    return query


def _param_fields(value: str, path: Path, line: int) -> list[str]:
    parts = value.split(None, 2)
    if len(parts) < 2 or not _PARAM_NAME.fullmatch(parts[0]) or parts[1] not in TYPES:
        raise InputError(
            f"expected `# param: NAME TYPE description` with TYPE one of "
            f"{', '.join(TYPES)}; got {value!r}",
            path=str(path),
            line=line,
        )
    return parts if len(parts) == 3 else [*parts, ""]


def _check_projection(query: NamedQuery) -> None:
    """For SELECT, every parameter must be projected (pyoxigraph substitutions need it)."""
    if query.form is not Form.SELECT or not query.params:
        return
    tokens = tokenize(query.text)
    start = next(i for i, t in enumerate(tokens) if t.kind is Kind.KEYWORD and t.value == "SELECT")
    projected: set[str] = set()
    for tok in tokens[start + 1 :]:
        if tok.value in ("{", "WHERE", "FROM"):
            break
        if tok.kind is Kind.VAR:
            projected.add(tok.value[1:])
    for param in query.params:
        if param.name not in projected:
            raise InputError(
                f"parameter {param.name!r} must be listed after SELECT: pyoxigraph "
                "binds only projected variables",
                path=str(query.path),
            )


def bind(query: NamedQuery, values: dict[str, str]) -> dict[str, dict[str, str]]:
    """Typed terms (SPARQL JSON form) for the given parameter values; unknown names refused."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise QueryError(
            f"unknown parameter(s) {', '.join(unknown)} for query {query.name!r}; "
            f"it takes: {', '.join(declared) or 'none'}"
        )
    return {name: term(declared[name], value) for name, value in values.items()}


def term(param: Param, value: str) -> dict[str, str]:
    """The RDF term a parameter value stands for, validated by its type."""
    try:
        if param.type == "iri":
            return {"type": "uri", "value": ox.NamedNode(value).value}
        if param.type == "string":
            return {"type": "literal", "value": value}
        if param.type == "integer":
            return _typed(str(int(value, 10)), "integer")
        if param.type == "decimal":
            number = Decimal(value)
            if not number.is_finite():
                raise ValueError("not a finite number")
            return _typed(str(number), "decimal")
        if param.type == "boolean":
            if value.lower() not in ("true", "false"):
                raise ValueError("expected true or false")
            return _typed(value.lower(), "boolean")
        return _typed(dt.date.fromisoformat(value).isoformat(), "date")
    except (ValueError, InvalidOperation) as exc:
        raise QueryError(
            f"parameter {param.name!r} must be {param.type}: {value!r} ({exc})"
        ) from None


def _typed(lexical: str, datatype: str) -> dict[str, str]:
    return {"type": "literal", "value": lexical, "datatype": XSD + datatype}
