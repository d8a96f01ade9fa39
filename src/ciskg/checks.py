"""checks: SPARQL queries that must return no rows (`queries/checks/*-violation.rq`).

The contract of a check file: a SELECT query whose rows are the problems it finds, with a
`# title:` and a `# description:` header (the description may continue on `#   ` lines).
Every file matching the pattern is run — the build and the tests glob them, there is no list.
The project's PREFIXes are added in front of each query, so a file may rely on them, though
the files here declare their own to stay runnable in any SPARQL client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from ciskg.errors import InputError
from ciskg.namespaces import sparql_prologue
from ciskg.serialize import to_oxigraph_quad

PATTERN = "*-violation.rq"
MAX_ROWS_KEPT = 20  # rows kept per failed check for the report; `count` has them all


@dataclass(frozen=True)
class Check:
    name: str  # the file name without `-violation.rq`
    path: Path
    title: str
    description: str
    query: str


@dataclass
class CheckFailure:
    check: Check
    count: int
    rows: list[dict[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{self.check.title} ({self.check.path.name}): {self.count} row(s)"]
        lines += ["  " + "  ".join(f"{k}={v}" for k, v in row.items()) for row in self.rows]
        if self.count > len(self.rows):
            lines.append(f"  … and {self.count - len(self.rows)} more")
        return "\n".join(lines)


def read_checks(folder: Path) -> list[Check]:
    """Every `*-violation.rq` in `folder`, in name order (none if the folder does not exist)."""
    checks = []
    for path in sorted(Path(folder).glob(PATTERN)):
        text = path.read_text(encoding="utf-8")
        header = _header(text)
        for key in ("title", "description"):
            if not header.get(key):
                raise InputError(f"a check needs a `# {key}:` header line", path=str(path))
        try:
            ox.Store().query(sparql_prologue() + text)
        except SyntaxError as exc:
            raise InputError(f"not a valid SPARQL query: {exc}", path=str(path)) from exc
        if "SELECT" not in text.upper():
            raise InputError("a check must be a SELECT query", path=str(path))
        checks.append(
            Check(
                name=path.name.removesuffix("-violation.rq"),
                path=path,
                title=header["title"],
                description=header["description"],
                query=text,
            )
        )
    return checks


def _header(text: str) -> dict[str, str]:
    """`# key: value` lines at the top; a `#` line indented past the key continues it."""
    header: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line[1:]
        head, sep, value = body.strip().partition(":")
        if sep and head.isidentifier() and not body.startswith("   "):
            key = head.lower()
            header[key] = value.strip()
        elif key is not None and body.strip():
            header[key] = f"{header[key]} {body.strip()}".strip()
    return header


def to_store(dataset: Dataset) -> ox.Store:
    """An in-memory Oxigraph store holding the dataset's named graphs."""
    store = ox.Store()
    store.extend(
        to_oxigraph_quad(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))
    )
    return store


def run_check(store: ox.Store, check: Check) -> CheckFailure | None:
    try:
        result = store.query(sparql_prologue() + check.query, use_default_graph_as_union=True)
    except (SyntaxError, OSError) as exc:
        raise InputError(f"the check cannot run: {exc}", path=str(check.path)) from exc
    if not isinstance(result, ox.QuerySolutions):
        raise InputError("a check must be a SELECT query", path=str(check.path))
    names = [v.value for v in result.variables]
    rows: list[dict[str, str]] = []
    count = 0
    for solution in result:
        count += 1
        if len(rows) < MAX_ROWS_KEPT:
            rows.append({n: solution[n].value for n in names if solution[n] is not None})
    return CheckFailure(check, count, rows) if count else None


def run_checks(store_or_dataset: ox.Store | Dataset, folder: Path) -> list[CheckFailure]:
    """Run every check of `folder`; the ones that returned rows, in name order."""
    store = (
        store_or_dataset if isinstance(store_or_dataset, ox.Store) else to_store(store_or_dataset)
    )
    failures = []
    for check in read_checks(folder):
        failure = run_check(store, check)
        if failure is not None:
            failures.append(failure)
    return failures


__all__ = ["Check", "CheckFailure", "read_checks", "run_check", "run_checks", "to_store"]
