"""Client side: query any SPARQL 1.1 endpoint with SPARQLWrapper; results as rows or pandas.

Why SPARQLWrapper: it is the client analysts already use against Wikidata-like endpoints
and Fuseki, and the endpoint here must work with it unchanged (the tests check that).
`select_rows` gives plain Python values for printing; `to_dataframe` a pandas DataFrame
(pandas is imported only there, so the rest of ciskg does not need it).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.error import URLError

from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from ciskg.errors import QueryError, StoreError
from ciskg.sparql.inspect import Form, inspect_text

if TYPE_CHECKING:
    import pandas as pd

USER_AGENT = "ciskg (SPARQLWrapper)"
CLIENT_TIMEOUT_S = 60


def _wrapper(endpoint: str, query: str, return_format: str) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint, agent=USER_AGENT)
    client.setQuery(query)
    form = inspect_text(query).form
    if form is not None and form is not Form.UPDATE:
        # SPARQLWrapper guesses the form with a regex that comments can fool ("addressee"
        # in a header comment reads as ADD, and the query is then sent as an update).
        client.queryType = form.value
    client.setMethod(POST)  # long queries do not fit in a URL
    client.setReturnFormat(return_format)
    client.setTimeout(CLIENT_TIMEOUT_S)
    return client


def fetch(endpoint: str, query: str, return_format: str = JSON) -> bytes:
    """The raw response body of `query` at `endpoint` in `return_format` (JSON, CSV, TURTLE…)."""
    try:
        response = _wrapper(endpoint, query, return_format).query().response
        data: bytes = response.read()
        return data
    except SPARQLWrapperException as exc:
        raise QueryError(f"{endpoint} refused the query: {exc}") from None
    except (URLError, OSError) as exc:
        raise StoreError(f"cannot reach {endpoint}: {exc}") from exc


def select_rows(endpoint: str, query: str) -> tuple[list[str], list[dict[str, Any]] | bool]:
    """(variables, rows as {var: SPARQL-JSON term}) for SELECT, or ([], answer) for ASK."""
    doc = json.loads(fetch(endpoint, query, JSON))
    if "boolean" in doc:
        return [], bool(doc["boolean"])
    return doc["head"].get("vars", []), doc["results"]["bindings"]


def to_dataframe(endpoint: str, query: str) -> pd.DataFrame:
    """A SELECT result as a DataFrame of strings (IRIs and literal values), one row a solution."""
    import pandas as pd

    variables, rows = select_rows(endpoint, query)
    if isinstance(rows, bool):
        return pd.DataFrame({"boolean": [rows]})
    return pd.DataFrame(
        [{v: row[v]["value"] if v in row else None for v in variables} for row in rows],
        columns=variables,
    )


__all__ = ["CSV", "JSON", "TURTLE", "fetch", "select_rows", "to_dataframe"]
