"""`tkgraph import untc`: a UN Treaty Collection (UNTC) participation table to
``seed/instruments/<slug>.untc.ttl``.

The work is split across the package, one job per module:

- :mod:`~tkgraph.importers.untc_csv` parses the table (and declarations texts);
- :mod:`~tkgraph.importers.names` matches participant names to actors;
- :mod:`~tkgraph.importers.graphs` builds the participations, the table's
  tk:Source and the tk:ParticipantList it is;
- :mod:`~tkgraph.importers.turtle` writes the generated file and reports what
  changed.

This module puts them together for the CLI and re-exports their public names
(the library API used by scripts and tests). It neither prints nor exits: it
returns values or raises :class:`~tkgraph.errors.TkgraphError` subclasses.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tkgraph.errors import DataError
from tkgraph.importers import depositary
from tkgraph.importers.depositary import CopyOf, instrument_reference, untc_address
from tkgraph.importers.graphs import (
    CONSENT_KINDS,
    DeclarationsImport,
    ListSpec,
    ParticipationNote,
    PartyCount,
    StatementKind,
    StatementNote,
    TableSource,
    build_declarations_graph,
    build_participation_graph,
    classify_statement,
)
from tkgraph.importers.names import (
    actor_labels,
    actor_names,
    instrument_short_name,
    normalize_name,
    reference_graph,
)
from tkgraph.importers.turtle import FieldChange, ImportChanges, to_turtle, write_generated_file
from tkgraph.importers.untc_csv import (
    UntcRow,
    parse_consent,
    parse_signature,
    read_untc_declarations,
    read_untc_table,
    strip_footnotes,
)

__all__ = [
    "CONSENT_KINDS",
    "CopyOf",
    "DeclarationsImport",
    "FieldChange",
    "ImportChanges",
    "ListSpec",
    "ParticipationNote",
    "PartyCount",
    "StatementKind",
    "StatementNote",
    "TableSource",
    "UntcRow",
    "actor_labels",
    "actor_names",
    "build_declarations_graph",
    "build_participation_graph",
    "classify_statement",
    "import_depositary",
    "import_table",
    "instrument_reference",
    "instrument_short_name",
    "normalize_name",
    "parse_consent",
    "parse_signature",
    "read_untc_declarations",
    "read_untc_table",
    "reference_graph",
    "strip_footnotes",
    "to_turtle",
    "untc_address",
    "untc_list",
    "write_participation_file",
]

#: The old name of :func:`~tkgraph.importers.turtle.write_generated_file`.
write_participation_file = write_generated_file


#: Why the UNTC table of a League of Nations treaty is partial.
LEAGUE_ERA_NOTE = (
    "Partial: the UN Treaty Collection lists only what was done after the United Nations "
    "took the treaty over from the League of Nations (mostly successions and accessions); "
    "its earlier parties are in the League's records."
)


def untc_list(
    instrument_slug: str,
    reference: str,
    as_of: date,
    party_count: PartyCount | None = None,
    league_era: bool = False,
) -> ListSpec:
    """The tk:ParticipantList of a UNTC table: complete as of its date, because a
    depositary's status table lists every signatory and party; checked against a
    party count when the caller has one. The table of a League of Nations treaty
    (``league_era``) is partial: it starts when the UN took the treaty over."""
    if league_era:
        label = f"the actions since the United Nations holds it, as at {as_of.isoformat()}"
        note = LEAGUE_ERA_NOTE
    else:
        label = f"every signatory and party as at {as_of.isoformat()}"
        note = (
            "Complete as the depositary's status table: it lists every participant "
            "(signatory or party) on its date."
        )
        if party_count is not None:
            note += (
                f" Checked against the party count of {party_count.as_of.isoformat()}: the "
                f"table's consents dated on or before that day number {party_count.count}."
            )
    return ListSpec(
        local=f"{instrument_slug}.untc",
        label=f"UN Treaty Collection participation table for {reference} ({label})",
        as_of=as_of,
        complete=not league_era,
        sources=(),
        checked_against=None if league_era else party_count,
        note=note,
    )


def import_table(
    table: Path,
    instrument_slug: str,
    seed_dir: Path,
    as_of: date | None = None,
    address: str | None = None,
    party_count: int | None = None,
    party_count_source: str | None = None,
    copy_of: CopyOf | None = None,
    stem: str = "untc",
) -> ImportChanges:
    """Import one UNTC table into seed/instruments/<slug>.<stem>.ttl and report
    what changed; ``as_of`` defaults to the table's newest deposit."""
    return import_depositary(
        "untc",
        table,
        instrument_slug,
        seed_dir,
        as_of=as_of,
        address=address,
        party_count=party_count,
        party_count_source=party_count_source,
        copy_of=copy_of,
        stem=stem,
    )


def import_depositary(
    layout: str,
    table: Path,
    instrument_slug: str,
    seed_dir: Path,
    *,
    as_of: date | None = None,
    address: str | None = None,
    party_count: int | None = None,
    party_count_source: str | None = None,
    copy_of: CopyOf | None = None,
    stem: str | None = None,
) -> ImportChanges:
    """The import behind `tkgraph import untc` and `tkgraph import normlex`: a
    UNTC table's page defaults to the instrument's tk:untcReference."""
    reference = instrument_reference(seed_dir, instrument_slug)
    if address is None:
        if layout != "untc" or reference is None:
            raise DataError(
                f"No page address for the {layout} table of '{instrument_slug}'.",
                "Pass --source-url (or add tk:untcReference to a UN treaty).",
            )
        address = untc_address(reference)
    count = None
    if party_count is not None:
        if not party_count_source:
            raise DataError(
                "--party-count needs --party-count-source: a count is a fact with a source.",
                "Pass the tk:Source id of the page that gives the count (source:<slug>).",
            )
        if as_of is None:
            raise DataError(
                "--party-count needs --as-of: a count is checked on the table's own date.",
                "Pass the date of the table's 'status as at'.",
            )
        count = depositary.party_count(seed_dir, party_count, as_of, party_count_source)
    return depositary.import_depositary_table(
        depositary.DepositaryTable(
            file=table,
            layout=depositary.LAYOUTS[layout],
            instrument_slug=instrument_slug,
            stem=stem or layout,
            address=address,
            as_of=as_of,
            copy_of=copy_of,
            reference=reference,
            party_count=count,
        ),
        seed_dir,
    )
