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
    sources_graph,
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
from tkgraph.rdf.vocab import RDF, TK, id_for_iri, iri_for

__all__ = [
    "CONSENT_KINDS",
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
    "import_table",
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


def untc_list(
    instrument_slug: str, reference: str, as_of: date, party_count: PartyCount | None = None
) -> ListSpec:
    """The tk:ParticipantList of a UNTC table: complete as of its date, because a
    depositary's status table lists every signatory and party; checked against a
    party count when the caller has one."""
    return ListSpec(
        local=f"{instrument_slug}.untc",
        label=f"UN Treaty Collection participation table for {reference} "
        f"(every signatory and party as at {as_of.isoformat()})",
        as_of=as_of,
        complete=True,
        sources=(),
        checked_against=party_count,
        note="Complete as the depositary's status table: it lists every participant "
        "(signatory or party) on its date."
        + (
            f" Checked against the party count of {party_count.as_of.isoformat()}: the "
            f"table's consents dated on or before that day number {party_count.count}."
            if party_count is not None
            else ""
        ),
    )


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def untc_address(reference: str) -> str:
    """The UNTC status page of a reference such as 'XVIII-12-a' (chapter from the numeral)."""
    numeral = reference.split("-", 1)[0]
    chapter = 0
    for i, letter in enumerate(numeral):
        value = _ROMAN.get(letter, 0)
        following = _ROMAN.get(numeral[i + 1], 0) if i + 1 < len(numeral) else 0
        chapter += -value if value < following else value
    return (
        "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY"
        f"&mtdsg_no={reference}&chapter={chapter}&lang=en"
    )


def import_table(
    table: Path,
    instrument_slug: str,
    seed_dir: Path,
    as_of: date,
    address: str | None = None,
    party_count: int | None = None,
    party_count_source: str | None = None,
) -> ImportChanges:
    """Import one UNTC table into seed/instruments/<slug>.untc.ttl and report what changed."""
    reference = reference_graph(seed_dir)
    instrument = iri_for("instrument", instrument_slug)
    if (instrument, RDF.type, None) not in reference:
        raise DataError(
            f"No instrument '{instrument_slug}' in {seed_dir / 'instruments'}.",
            "Add the instrument file first (copy seed/_template.ttl), then import its table.",
        )
    untc_ref = next((str(o) for o in reference.objects(instrument, TK.untcReference)), None)
    if address is None and untc_ref is None:
        raise DataError(
            f"Instrument '{instrument_slug}' has no tk:untcReference to build the source address from.",
            "Add tk:untcReference to the instrument, or pass --source-url.",
        )
    label = untc_ref or instrument_slug
    source = TableSource(
        slug=f"untc-{label.lower()}-{as_of.isoformat()}",
        title=f"UN Treaty Collection participation table for {label} (status as at {as_of.isoformat()})",
        address=address or untc_address(label),
        as_of=as_of,
        note=f"Imported by `tkgraph import untc` from {table.name}.",
    )
    count = None
    if party_count is not None:
        if not party_count_source:
            raise DataError(
                "--party-count needs --party-count-source: a count is a fact with a source.",
                "Pass the tk:Source id of the page that gives the count (source:<slug>).",
            )
        source_iri = iri_for("source", party_count_source.removeprefix("source:"))
        if (source_iri, RDF.type, TK.Source) not in sources_graph(seed_dir):
            raise DataError(
                f"No tk:Source {id_for_iri(source_iri)} in {seed_dir}.",
                "Declare the source of the count in seed/sources/ first.",
            )
        count = PartyCount(party_count, as_of, source_iri)
    graph = build_participation_graph(
        read_untc_table(table),
        instrument_slug=instrument_slug,
        names=actor_names(reference),
        source=source,
        labels=actor_labels(reference),
        instrument_name=instrument_short_name(reference, instrument_slug),
        participant_list=untc_list(instrument_slug, label, as_of, count),
    )
    return write_participation_file(graph, seed_dir / "instruments" / f"{instrument_slug}.untc.ttl")
