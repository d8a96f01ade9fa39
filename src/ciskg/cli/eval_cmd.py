"""`ciskg eval`: precision, recall and F1 of the extractor against the gold set."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ciskg.cli import app
from ciskg.errors import InputError
from ciskg.evaluate import attribute_accuracy, evaluate
from ciskg.pipeline import analyse, load_lexicon
from ciskg.sources import Project, read_report

DEFAULT_REPORT = Path("data/reports/000_60db2d823c7e5056.txt")


@app.command("eval")
def eval_command(
    report: Annotated[
        Path, typer.Argument(help="the report the gold set was written for")
    ] = DEFAULT_REPORT,
    gold: Annotated[Path, typer.Option("--gold", help="folder of gold CSV files")] = Path(
        "data/gold"
    ),
    details: Annotated[bool, typer.Option("--details", help="list misses and extras")] = False,
    project: Annotated[Path, typer.Option("--project", help="project root")] = Path("."),
) -> None:
    """Score the extractor on a report against its hand-checked gold set."""
    if not (gold / "statements.csv").is_file():
        raise InputError("no gold set (statements.csv) here", path=str(gold))
    lexicon = load_lexicon(Project(project))
    parsed = read_report(report)
    mentions, extraction = analyse(parsed, lexicon)
    scores = evaluate(parsed, extraction, mentions, gold, lexicon.labels)
    console = Console()
    table = Table(title=f"extraction vs gold: {report.name}")
    for column in ("type", "gold", "found", "matched", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for s in scores:
        table.add_row(
            s.kind,
            str(s.gold),
            str(s.found),
            str(s.matched),
            f"{s.precision:.2f}",
            f"{s.recall:.2f}",
            f"{s.f1:.2f}",
        )
    console.print(table)
    accuracy = attribute_accuracy(parsed, extraction, gold, lexicon.labels)
    console.print(
        "statement attributes on matched pairs: "
        + ", ".join(f"{k} {c}/{n}" for k, (c, n) in accuracy.items())
    )
    if details:
        for s in scores:
            for line in s.misses:
                console.print(f"[red]miss[/red]  {s.kind:10} {line}", markup=True, highlight=False)
            for line in s.extras:
                console.print(
                    f"[yellow]extra[/yellow] {s.kind:10} {line}", markup=True, highlight=False
                )
