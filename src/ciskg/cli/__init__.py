"""The `ciskg` command: a thin layer over the stages, one module per command group.

Errors from the core (`ciskg.errors`) become one line on stderr and the error's
exit code here, and nowhere else.
"""

from __future__ import annotations

import logging
import sys

import typer

from ciskg.errors import CiskgError

app = typer.Typer(
    name="ciskg",
    help="Build, validate, query and serve the CIS refugees-and-migration knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register() -> None:
    # Each module adds its commands to `app`; imported here so `app` exists first.
    from ciskg.cli import build_cmd, eval_cmd, query_cmd, serve_cmd, validate_cmd  # noqa: F401


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    _register()
    try:
        app()
    except CiskgError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
