"""The `tkgraph` command. The only package that prints or exits; one module per
command group (common.py holds what they share).

Exit codes: 0 ok; 1 problems found in the data or the query; 2 usage error;
3 could not run (unparseable data, missing folder, port in use).
"""

from __future__ import annotations

import logging

import click

from tkgraph import __version__
from tkgraph.cli.common import ErrorExitGroup
from tkgraph.cli.data import reason, validate
from tkgraph.cli.export import export, export_table
from tkgraph.cli.imports import import_group
from tkgraph.cli.query import query, schema
from tkgraph.cli.server import serve

__all__ = ["main"]


@click.group(cls=ErrorExitGroup)
@click.version_option(__version__, prog_name="tkgraph")
@click.option(
    "--debug", is_flag=True, help="Log debug messages, and show the traceback of an error."
)
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """tkgraph: who is bound to what, and who cooperates with whom, in the
    international fight against human trafficking, with sources."""
    ctx.obj = {"debug": debug}
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )


for command in (serve, validate, query, export, export_table, reason, import_group, schema):
    main.add_command(command)
