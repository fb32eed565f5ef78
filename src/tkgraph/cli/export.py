"""`tkgraph export` (the data set as RDF) and `tkgraph export-table` (a
researchers' table, as /export/<table>.<format> gives it)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tkgraph.cli.common import EXIT_USAGE, CommandError, load_snapshot, with_data_options
from tkgraph.errors import TkgraphError
from tkgraph.settings import Settings


@click.command()
@with_data_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write; the format follows its extension.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "nt", "nq", "trig", "jsonld"]),
    default=None,
    help="Output format (required when writing to stdout).",
)
@click.option(
    "--inferred",
    is_flag=True,
    help="Include what the ontology entails (HermiT), in the graph urn:tkgraph:graph:inferred.",
)
def export(
    ontology_dir: Path | None,
    seed_dir: Path | None,
    output: Path | None,
    fmt: str | None,
    inferred: bool,
) -> None:
    """Export the loaded data set (ontology and seed) as RDF."""
    from tkgraph.rdf import export as exporting

    try:
        chosen = fmt or (exporting.format_for_extension(output.suffix) if output else None)
    except TkgraphError as exc:
        raise CommandError(exc, EXIT_USAGE) from exc
    if chosen is None:
        raise click.UsageError(
            "Pass --format when writing to stdout (or -o FILE.ttl|.nt|.nq|.trig|.jsonld)."
        )
    settings = Settings.from_env(
        ontology_dir=ontology_dir, seed_dir=seed_dir, reasoning=inferred or None
    )
    snapshot = load_snapshot(settings, quiet=True)
    payload = exporting.export(snapshot.data, chosen)
    if output is None:
        sys.stdout.buffer.write(payload)
    else:
        output.write_bytes(payload)
        click.echo(f"Wrote {len(payload)} bytes to {output}.", err=True)


@click.command(name="export-table")
@with_data_options
@click.argument(
    "table", type=click.Choice(["bindings", "matrix", "participations", "members", "cooperation",
                                "timeline"])
)  # fmt: skip
@click.option("--instrument", help="Instrument id (bindings, participations, timeline).")
@click.option("--as-of", "as_of", help="Date YYYY-MM-DD (default: today).")
@click.option("--actors", help="Comma-separated actor ids (matrix).")
@click.option("--instruments", help="Comma-separated instrument ids (matrix).")
@click.option("--organization", help="Organisation id (members).")
@click.option("--actor", help="Actor id (cooperation).")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="File to write (default stdout)."
)
def export_table(
    ontology_dir: Path | None,
    seed_dir: Path | None,
    table: str,
    instrument: str | None,
    as_of: str | None,
    actors: str | None,
    instruments: str | None,
    organization: str | None,
    actor: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Write a researchers' table as CSV or JSON: the same as /export/<table>.<format>."""
    from tkgraph.web import downloads

    settings = Settings.from_env(ontology_dir=ontology_dir, seed_dir=seed_dir)
    snapshot = load_snapshot(settings, quiet=True)
    params = {"instrument": instrument, "asOf": as_of, "until": as_of, "actors": actors,
              "instruments": instruments, "organization": organization, "actor": actor}  # fmt: skip
    try:
        text = downloads.build(snapshot, table, params).render(fmt)
    except TkgraphError as exc:
        raise CommandError(exc, EXIT_USAGE) from exc
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_bytes(text.encode("utf-8"))  # as is: CSV rows end in CRLF (RFC 4180)
        click.echo(f"Wrote {output}.", err=True)
