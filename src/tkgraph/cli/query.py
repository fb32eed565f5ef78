"""`tkgraph query` (a GraphQL document run in-process) and `tkgraph schema` (the SDL)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from tkgraph.cli.common import (
    EXIT_PROBLEMS,
    load_snapshot,
    warn_read_model_problems,
    with_data_options,
)
from tkgraph.settings import Settings


def _parse_variables(variables: str | None, var: tuple[str, ...]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if variables:
        try:
            loaded = json.loads(variables)
        except json.JSONDecodeError as exc:
            raise click.BadParameter(f"not valid JSON: {exc}", param_hint="--variables") from None
        if not isinstance(loaded, dict):
            raise click.BadParameter("must be a JSON object", param_hint="--variables")
        result.update(loaded)
    for item in var:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"'{item}' is not NAME=VALUE", param_hint="--var")
        result[name] = value
    return result


@click.command()
@with_data_options
@click.argument("document", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    type=click.File("r"),
    help="Read the GraphQL document from a file ('-' for stdin).",
)
@click.option("--var", multiple=True, help="A variable as NAME=VALUE (string). Repeatable.")
@click.option("--variables", help="Variables as a JSON object.")
@click.option(
    "--as-of-today",
    "today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The date used when a query gives no asOf (default: today).",
)
def query(
    ontology_dir: Path | None,
    seed_dir: Path | None,
    document: str | None,
    file: Any,
    var: tuple[str, ...],
    variables: str | None,
    today: Any,
) -> None:
    """Run a GraphQL DOCUMENT in-process and print the JSON response.

    Exit 1 if the response has errors.
    """
    from tkgraph.api.context import Context
    from tkgraph.api.schema import build_schema, limits_for

    if document is None and file is None:
        if sys.stdin.isatty():
            raise click.UsageError(
                "Give a GraphQL document as an argument, with -f FILE, or on stdin."
            )
        document = sys.stdin.read()
    elif document is None:
        document = file.read()
    settings = Settings.from_env(ontology_dir=ontology_dir, seed_dir=seed_dir)
    snapshot = load_snapshot(settings, quiet=True)
    warn_read_model_problems(snapshot)
    context = Context(snapshot, settings, today.date() if today else date.today())
    result = build_schema(limits_for(settings)).execute_sync(
        document, variable_values=_parse_variables(variables, var), context_value=context
    )
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [e.formatted for e in result.errors]
    click.echo(json.dumps(body, indent=2, ensure_ascii=False, default=str))
    # What the answer used past the data's coverage, or from partial data
    # (the same list a server sends in the response's extensions.warnings).
    for warning in (result.extensions or {}).get("warnings", []):
        coverage = warning["coverageDate"] or "no complete list"
        # An instrument's participant list, or an organisation's membership roster.
        about = warning.get("instrument") or warning.get("organization")
        click.echo(
            f"warning: {warning['code']} {about} ({coverage}): {warning['message']}",
            err=True,
        )
    sys.exit(EXIT_PROBLEMS if result.errors else 0)


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the SDL to this file.")
def schema(output: Path | None) -> None:
    """Print the GraphQL schema (SDL)."""
    from tkgraph.api.schema import build_schema

    sdl = build_schema().as_str() + "\n"
    if output is None:
        click.echo(sdl, nl=False)
    else:
        output.write_text(sdl)
