"""The one error hierarchy of ciskg.

The CLI maps these to exit codes (`cli/__init__.py`), the HTTP layer to statuses
(`http/errors.py`); nothing else decides how an error is reported.
"""

from __future__ import annotations


class CiskgError(Exception):
    """Base of every error ciskg raises on purpose. `str()` is one readable line."""

    exit_code = 2


class InputError(CiskgError):
    """An input file could not be read or parsed (report, Turtle, query file)."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        where = path or "<input>"
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class ReportFormatError(InputError):
    """A report text that does not have the shape of a UN report (no numbered paragraphs…)."""


class RDFSyntaxError(InputError):
    """Malformed RDF (Turtle, N-Triples, TriG, JSON-LD, RDF/XML)."""


class QueryError(CiskgError):
    """A SPARQL query that does not parse or is not allowed."""

    exit_code = 2

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        self.line = line
        self.column = column
        super().__init__(message)


class QueryRefused(QueryError):
    """A query that parses but is not allowed here (SERVICE, updates on a read-only store)."""


class ResultTooLarge(QueryRefused):
    """A query whose result has more rows than the result-row limit allows (never truncated)."""


class NotAcceptable(QueryError):
    """No result format the client accepts (Accept, `format=`, `--format`) fits the result."""


class AccessDenied(CiskgError):
    """An operation that needs credentials the caller did not give (an update without the token)."""

    exit_code = 2


class QueryTimeout(CiskgError):
    """A query that ran past the time limit and was cut off."""

    exit_code = 3


class ValidationFailed(CiskgError):
    """The data does not conform to the shapes, or the ontology and data are inconsistent."""

    exit_code = 1


class StoreError(CiskgError):
    """The store could not be opened, loaded or reached."""

    exit_code = 2
