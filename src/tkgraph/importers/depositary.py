"""`tkgraph import untc` and `tkgraph import normlex`: a depositary's own status
table, copied from its page, to ``seed/instruments/<slug>.<stem>.ttl``.

A depositary's table lists every participant on the day it was read, so the
import is a complete tk:ParticipantList. That day is often not recorded (a
table saved by a scraper, a copy in a repository): the table is then safely
complete as of its newest deposit or registration, not as of the day it was
saved, and that is the default as-of date (``as_of`` overrides it when the
page's "status as at" date is known).

When the table was read from a copy of the page (a file in a repository), the
generated file cites both the depositary's page and the copy (repository,
path, commit).

This module neither prints nor exits: it returns values or raises
:class:`~tkgraph.errors.TkgraphError` subclasses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal

from tkgraph.errors import DataError
from tkgraph.importers.graphs import (
    ListSpec,
    ParticipationNote,
    PartyCount,
    TableSource,
    build_participation_graph,
    check_slug,
)
from tkgraph.importers.names import (
    actor_labels,
    actor_names,
    instrument_short_name,
    reference_graph,
    sources_graph,
)
from tkgraph.importers.normlex import read_normlex_table
from tkgraph.importers.turtle import ImportChanges, write_generated_file
from tkgraph.importers.untc_csv import DepositaryRow, read_untc_table
from tkgraph.rdf.vocab import RDF, TK, id_for_iri, iri_for

__all__ = [
    "LAYOUTS",
    "CopyOf",
    "DepositaryTable",
    "Layout",
    "build_depositary_graph",
    "import_depositary_table",
    "is_depositary_file",
    "newest_event",
    "untc_address",
]

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


@dataclass(frozen=True)
class Layout:
    """One depositary's table layout: how to read it and how to name what it is."""

    key: str  # the default file stem: <slug>.<key>.ttl, list:<slug>.<key>
    depositary: str  # "UN Treaty Collection"
    table: str  # what one table is called: "participation table"
    read: Callable[[Path], list[DepositaryRow]]


LAYOUTS: dict[str, Layout] = {
    "untc": Layout("untc", "UN Treaty Collection", "participation table", read_untc_table),
    "normlex": Layout("normlex", "ILO NORMLEX", "ratification table", read_normlex_table),
}

#: A file that a depositary import wrote: <slug>.untc.ttl, <slug>.normlex-2023.ttl ...
_DEPOSITARY_FILE = re.compile(r"\.(?:untc|normlex)(?:-[a-z0-9-]+)?\.ttl$")


def is_depositary_file(path: Path) -> bool:
    """Whether a seed file holds a depositary's own table (its values win over pages')."""
    return bool(_DEPOSITARY_FILE.search(path.name))


@dataclass(frozen=True)
class CopyOf:
    """The copy of a depositary's page that a table was read from."""

    repo: str  # owner/name on GitHub
    path: str
    commit: str

    @classmethod
    def parse(cls, text: str) -> CopyOf:
        """``owner/name:path/in/repo.csv@<40 hex digits>``."""
        m = re.fullmatch(r"([\w.-]+/[\w.-]+):(.+)@([0-9a-f]{40})", text.strip())
        if m is None:
            raise DataError(
                f"--copy-of {text!r} is not 'owner/name:path@commit'.",
                "Write e.g. iferminm/crba-etl:config/2023/out/data/staging/x.csv@<40-hex commit>.",
            )
        return cls(m[1], m[2], m[3])

    @property
    def address(self) -> str:
        return f"https://github.com/{self.repo}/blob/{self.commit}/{self.path}"


@dataclass(frozen=True)
class DepositaryTable:
    """What one import is: the table file, its layout, the instrument and where it goes."""

    file: Path
    layout: Layout
    instrument_slug: str
    stem: str  # <slug>.<stem>.ttl and list:<slug>.<stem>
    address: str  # the depositary's page
    as_of: date | None = None  # the page's "status as at"; None: the newest event
    copy_of: CopyOf | None = None
    copy_date: date | None = None  # when the copy was made (its commit's date)
    reference: str | None = None  # "XVIII-12-a", "C029": for titles
    notes: tuple[tuple[str, ParticipationNote], ...] = ()
    party_count: PartyCount | None = None


def newest_event(rows: Sequence[DepositaryRow]) -> date | None:
    """The newest signature, deposit, registration or denunciation in a table: it
    lists every participant as of that day at least. An entry into force that a
    note announces is a future date, not an event of the table."""
    days = [d for row in rows for d in (row.signature, row.consent, row.denunciation) if d]
    return max(days, default=None)


def _sources(
    table: DepositaryTable, as_of: date, read_on: str
) -> tuple[TableSource, TableSource | None]:
    name = table.reference or table.instrument_slug
    slug = f"{table.layout.key}-{name.lower()}-{as_of.isoformat()}"
    page = TableSource(
        slug=slug,
        title=f"{table.layout.depositary} {table.layout.table} for {name} ({read_on})",
        address=table.address,
        as_of=as_of,
        note=f"Imported by `tkgraph import {table.layout.key}` from {table.file.name}.",
    )
    if table.copy_of is None:
        return page, None
    copy = table.copy_of
    copy_source = TableSource(
        slug=f"{slug}-copy",
        title=f"Copy of the {table.layout.depositary} {table.layout.table} for {name}: "
        f"file {copy.path} of the GitHub repository {copy.repo}, commit {copy.commit}",
        address=copy.address,
        as_of=table.copy_date or as_of,
        note="Byte-identical copy of the depositary's table; no licence stated (the facts "
        "are the depositary's). Its as-of date is the commit's date; the table is complete "
        "as of its newest deposit or registration (the page's own date was not recorded).",
        is_secondary=True,
    )
    return page, copy_source


def _list_spec(table: DepositaryTable, as_of: date, read_on: str) -> ListSpec:
    name = table.reference or table.instrument_slug
    return ListSpec(
        local=f"{table.instrument_slug}.{table.stem}",
        label=f"{table.layout.depositary} {table.layout.table} for {name} "
        f"(every participant as at {as_of.isoformat()}, {read_on})",
        as_of=as_of,
        complete=True,
        sources=(),
        checked_against=table.party_count,
        note="Complete as the depositary's own table: it lists every participant on the "
        f"day it was read; {read_on}.",
    )


def build_depositary_graph(table: DepositaryTable, seed_dir: Path) -> Graph:
    """The graph of one depositary table (nothing is written)."""
    # The stem names a file in seed/instruments/ and a list IRI: lowercase-kebab only.
    check_slug(table.stem, "file stem")
    reference = reference_graph(seed_dir)
    instrument = iri_for("instrument", table.instrument_slug)
    if (instrument, RDF.type, None) not in reference:
        raise DataError(
            f"No instrument '{table.instrument_slug}' in {seed_dir / 'instruments'}.",
            "Add the instrument file first (copy seed/_template.ttl), then import its table.",
        )
    rows = table.layout.read(table.file)
    if not rows:
        raise DataError(f"{table.file}: no participant rows.", "Copy the whole table.")
    newest = newest_event(rows)
    as_of = table.as_of or newest
    assert as_of is not None  # every row has a signature or a consent
    if table.as_of is None:
        read_on = f"status as at its newest deposit or registration, {as_of.isoformat()}"
    else:
        read_on = f"status as at {as_of.isoformat()}"
        if newest is not None and newest > as_of:
            raise DataError(
                f"{table.file}: --as-of {as_of.isoformat()} is before the table's newest "
                f"event ({newest.isoformat()}).",
                "Give the page's 'status as at' date, or leave --as-of out.",
            )
    page, copy = _sources(table, as_of, read_on)
    return build_participation_graph(
        rows,
        instrument_slug=table.instrument_slug,
        names=actor_names(reference),
        source=page,
        copy=copy,
        labels=actor_labels(reference),
        instrument_name=instrument_short_name(reference, table.instrument_slug),
        notes=dict(table.notes),
        participant_list=_list_spec(table, as_of, read_on),
    )


def output_path(table: DepositaryTable, seed_dir: Path) -> Path:
    return seed_dir / "instruments" / f"{table.instrument_slug}.{table.stem}.ttl"


def party_count(seed_dir: Path, count: int, as_of: date, source_id: str) -> PartyCount:
    """A party count with its tk:Source, which must be declared in the seed."""
    source = iri_for("source", source_id.removeprefix("source:"))
    if (source, RDF.type, TK.Source) not in sources_graph(seed_dir):
        raise DataError(
            f"No tk:Source {id_for_iri(source)} in {seed_dir}.",
            "Declare the source of the count in seed/sources/ first.",
        )
    return PartyCount(count, as_of, source)


def import_depositary_table(table: DepositaryTable, seed_dir: Path) -> ImportChanges:
    """Import one table into seed/instruments/<slug>.<stem>.ttl and report what changed."""
    graph = build_depositary_graph(table, seed_dir)
    return write_generated_file(
        graph,
        output_path(table, seed_dir),
        f"`tkgraph import {table.layout.key}` (tkgraph.importers.depositary)",
        f"copy the newer table from the depositary's page and run `tkgraph import "
        f"{table.layout.key}` again",
    )


def instrument_reference(seed_dir: Path, instrument_slug: str) -> str | None:
    """The instrument's tk:untcReference (or ILO code), for titles and UNTC addresses."""
    reference = reference_graph(seed_dir)
    instrument = iri_for("instrument", instrument_slug)
    for prop in (TK.untcReference, TK.iloCode):
        found = reference.value(instrument, prop)
        if isinstance(found, Literal):
            return str(found)
    return None
