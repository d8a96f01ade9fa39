"""`ciskg query`: run a SPARQL query on the embedded store or on any remote endpoint.

Thin: the embedded path is `ciskg.sparql.execute.run_query` (the same code the server's
workers run, with the same SERVICE refusal and row limit), the remote path is
`ciskg.client` (SPARQLWrapper). `--format table` prints SELECT results as a table,
`json`/`csv` print the result as the engine or the endpoint serialised it. CONSTRUCT and
DESCRIBE print Turtle.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ciskg import client
from ciskg.cli import app
from ciskg.errors import InputError, QueryRefused
from ciskg.namespaces import PREFIXES
from ciskg.settings import Settings
from ciskg.sparql.execute import QueryJob, run_query
from ciskg.sparql.inspect import Form, inspect_text
from ciskg.store import open_store


class Output(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command("query")
def query_command(
    query: Annotated[str | None, typer.Argument(help="the SPARQL query text")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="read the query from a file")
    ] = None,
    output: Annotated[Output, typer.Option("--format", help="table, json or csv")] = Output.table,
    endpoint: Annotated[
        str | None,
        typer.Option("--endpoint", help="a remote SPARQL endpoint URL (else the embedded store)"),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store", help="embedded store directory [default: CISKG_STORE or var/store]"
        ),
    ] = None,
) -> None:
    """Run a query and print its result."""
    text = _query_text(query, file)
    form = inspect_text(text).form
    if form is Form.UPDATE:
        raise QueryRefused("`ciskg query` runs queries only; updates go to the /update endpoint")
    graph = form is not None and form.is_graph
    if endpoint:
        if graph:
            sys.stdout.buffer.write(client.fetch(endpoint, text, client.TURTLE))
        elif output is Output.table:
            variables, rows = client.select_rows(endpoint, text)
            _print_table(variables, rows)
        else:
            fmt = client.JSON if output is Output.json else client.CSV
            sys.stdout.buffer.write(client.fetch(endpoint, text, fmt))
        return
    settings = Settings()
    ox_store = open_store(store if store is not None else Path(settings.store))
    key = "turtle" if graph else ("csv" if output is Output.csv else "json")
    result = run_query(
        ox_store,
        QueryJob(query=text, format=key, row_limit=settings.result_row_limit),
        {p: str(ns) for p, ns in PREFIXES.items()},
    )
    if output is Output.table and not graph:
        doc = json.loads(result.body)
        if "boolean" in doc:
            _print_table([], bool(doc["boolean"]))
        else:
            _print_table(doc["head"].get("vars", []), doc["results"]["bindings"])
    else:
        sys.stdout.buffer.write(result.body)


def _query_text(query: str | None, file: Path | None) -> str:
    if (query is None) == (file is None):
        raise InputError("give the query as an argument or with -f FILE (one of the two)")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read: {exc}", path=str(file)) from exc
    assert query is not None
    return query


def _print_table(variables: list[str], rows: list[dict[str, dict[str, str]]] | bool) -> None:
    console = Console()
    if isinstance(rows, bool):
        console.print("true" if rows else "false")
        return
    table = Table(*variables, show_lines=False)
    for row in rows:
        table.add_row(*(row[v]["value"] if v in row else "" for v in variables))
    console.print(table)
    console.print(f"{len(rows)} row(s)", style="dim")
