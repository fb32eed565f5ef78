"""`tkgraph import ...`: tables from depositaries and pages, and data exports,
into generated seed files. A TkgraphError ends an import with exit 1."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from tkgraph.cli.common import (
    EXIT_PROBLEMS,
    ImportGroup,
    echo_changes,
    seed_to_write_option,
)
from tkgraph.settings import Settings


@click.group(name="import", cls=ImportGroup)
def import_group() -> None:
    """Import participation tables into seed files."""


def _depositary_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options `import untc` and `import normlex` share."""
    for option in reversed(
        (
            click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path)),
            click.option(
                "--instrument",
                "instrument_id",
                required=True,
                help="The instrument the table is for: 'instrument:tip-protocol' or 'tip-protocol'.",
            ),
            click.option(
                "--as-of",
                "as_of",
                default=None,
                type=click.DateTime(["%Y-%m-%d"]),
                help="The page's 'status as at' date (YYYY-MM-DD). Default: the table's newest "
                "deposit or registration, the day it is safely complete as of.",
            ),
            click.option(
                "--copy-of",
                default=None,
                help="The table was read from a copy of the page: 'owner/name:path@commit' of "
                "the GitHub file. The seed file then cites the page and the copy.",
            ),
            click.option(
                "--stem",
                default=None,
                help="The generated file is seed/instruments/<slug>.<stem>.ttl. Default: the "
                "layout's name (untc, normlex); another stem keeps an older table's file.",
            ),
            click.option(
                "--party-count",
                type=int,
                default=None,
                help="A party count for the --as-of date that the table's consents must equal "
                "(tk:checkedAgainst).",
            ),
            click.option(
                "--party-count-source",
                default=None,
                help="The tk:Source (source:<slug>, declared in seed/) that gives --party-count.",
            ),
            seed_to_write_option,
        )
    ):
        command = option(command)
    return command


def _depositary_command(
    layout: str, source_url: Callable[[Callable[..., None]], Callable[..., None]], help_text: str
) -> click.Command:
    """`import <layout>`: the options every depositary table shares, its own
    --source-url option, and its help."""

    @_depositary_options
    @source_url
    def run(
        table: Path,
        instrument_id: str,
        as_of: Any,
        copy_of: str | None,
        stem: str | None,
        party_count: int | None,
        party_count_source: str | None,
        seed_dir: Path | None,
        source_url: str | None,
    ) -> None:
        from tkgraph.importers.untc import CopyOf, import_depositary

        settings = Settings.from_env(seed_dir=seed_dir)
        changes = import_depositary(
            layout,
            table,
            instrument_id.removeprefix("instrument:"),
            settings.seed_dir,
            as_of=as_of.date() if as_of else None,
            address=source_url,
            party_count=party_count,
            party_count_source=party_count_source,
            copy_of=CopyOf.parse(copy_of) if copy_of else None,
            stem=stem,
        )
        echo_changes(changes)

    return import_group.command(name=layout, help=help_text)(run)


import_untc = _depositary_command(
    "untc",
    click.option(
        "--source-url",
        default=None,
        help="Where the table was read. Default: the UNTC page of the instrument's "
        "tk:untcReference.",
    ),
    """Turn a UN Treaty Collection status TABLE (Participant, Signature, a
consent column with a/A/AA/d flags; comma, semicolon or tab separated, as
copied from the page) into seed/instruments/<slug>.untc.ttl, and report
what changed. Footnote numbers after names ("China 2") are dropped.

Every participant name must match an actor (rdfs:label or tk:altName in
seed/actors/): all unmatched names are listed at once, and nothing is
written. Re-running on a newer table updates the file without duplicates.
Exit 1 if names do not match or the data is wrong.

The file also holds the tk:ParticipantList list:<slug>.<stem>, complete as
of --as-of or the newest deposit (a depositary's status table lists every
participant), checked against --party-count when given.
""",
)

import_normlex = _depositary_command(
    "normlex",
    click.option(
        "--source-url",
        required=True,
        help="The NORMLEX page the table was read from (its 'Ratifications of ...' page).",
    ),
    """Turn an ILO NORMLEX ratification TABLE (Country, Date registered, Status,
Note) into seed/instruments/<slug>.normlex.ttl, and report what changed.

"Not in force" with "will enter into force for X on D" gives the
registration as consent and D as its entry into force; "Denounced on D"
gives a denunciation, which takes effect by the instrument's rule
(tk:monthsAfterDenunciation). Entry into force for the others follows from
the instrument's rule (ILO: twelve months after registration). Every
unmatched name is listed at once and nothing is written; a note the
importer does not understand is an error.
""",
)


@import_group.command(name="table")
@click.argument("sidecar", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@seed_to_write_option
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the generated file is stale.")
def import_table_command(sidecar: Path, seed_dir: Path | None, check: bool) -> None:
    """Turn a page-derived table, data/tables/<stem>.toml (+ <stem>.csv, format in
    data/tables/README.md), into seed/instruments/<instrument>.<stem>.ttl: its
    sources, its tk:ParticipantList (completeness, checked-against count, the
    list it extends) and one participation per row, dates at the precision the
    page gives (YYYY, YYYY-MM, YYYY-MM-DD).

    Where a row disagrees with another seed file, the depositary's value is kept
    and the other written as tk:alternativeValue; every conflict is listed.
    Exit 1 if a name matches no state (all are listed), the data are wrong, or
    (with --check) the file is stale.
    """
    from tkgraph.importers.tables import import_page_table

    settings = Settings.from_env(seed_dir=seed_dir)
    result, changes, stale = import_page_table(sidecar, settings.seed_dir, check=check)
    for conflict in result.conflicts:
        click.echo(f"  conflict {conflict.text()}")
    click.echo(f"{result.out_path}: {result.rows} rows, {result.consents} with consent.")
    if check:
        if stale:
            click.echo(f"stale: {result.out_path}; run without --check", err=True)
            sys.exit(EXIT_PROBLEMS)
        return
    assert changes is not None
    echo_changes(changes)


@import_group.command(name="glotip")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The Turtle file to write. Default: <seed>/figures/glotip.ttl.",
)
@seed_to_write_option
def import_glotip(workbook: Path, output: Path | None, seed_dir: Path | None) -> None:
    """Turn UNODC's Global Report on Trafficking in Persons country data (the
    data portal's data_glotip.xlsx export, which you download yourself: it
    has no open licence, so tkgraph does not bundle it) into dated, sourced
    tk:Figures per country, indicator, breakdown, sex, age group and year.
    Values such as "<5" keep their text and bound (tk:valueText,
    tk:valueBelow). Rows of countries that are not states of the seed are
    counted and left out. Exit 1 if the file is not such an export.
    """
    from tkgraph.importers.glotip import build_glotip
    from tkgraph.importers.ratings import states_by_iso3
    from tkgraph.importers.turtle import write_generated_file

    settings = Settings.from_env(seed_dir=seed_dir)
    out = output or settings.seed_dir / "figures" / "glotip.ttl"
    states = states_by_iso3(settings.seed_dir / "actors" / "states.ttl")
    result = build_glotip(workbook, states)
    changes = write_generated_file(
        result.graph,
        out,
        f"`tkgraph import glotip` from {workbook.name}",
        "download a newer export and run the import again",
    )
    click.echo(
        f"{result.rows} rows: {result.figures} figures ({result.bounds} given as a bound), "
        f"{sum(result.unmatched.values())} rows of places that are not states of the data."
    )
    for iso3, count in sorted(result.unmatched.items()):
        click.echo(f"  not a state of the data: {iso3 or '(no code)'} ({count} rows)", err=True)
    echo_changes(changes)
