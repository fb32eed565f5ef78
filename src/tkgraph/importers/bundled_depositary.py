"""The depositaries' own status tables bundled in data/depositary-2023 (copied
byte for byte from UNICEF's Children's Rights and Business Atlas ETL, see
data/SOURCES.md) and where each is imported: which instrument, which page.
:func:`build_bundle` imports them all (nothing is written);
scripts/import_bundled_tables.py writes them.

Each becomes ``seed/instruments/<slug>.<layout>-2023.ttl``: a complete list
as of the table's newest deposit or registration (the day it was read is not
recorded), citing the depositary's page and the copy (repository, path,
commit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph

from tkgraph.importers.depositary import (
    LAYOUTS,
    CopyOf,
    DepositaryTable,
    build_depositary_graph,
    output_path,
)

REPO = "iferminm/crba-etl"
COMMIT = "51edb3560b55de401b08b60fdb9c517df4596ff5"
COMMIT_DATE = date(2023, 6, 29)
FOLDER = "config/2023/out/data/staging"
STEM = "2023"


@dataclass(frozen=True)
class BundledTable:
    file: str  # in data/depositary-2023
    layout: str  # "untc" or "normlex"
    reference: str  # UNTC mtdsg_no or ILO code
    instrument_slug: str
    copy_name: str  # the file's name in the copy's folder
    page: str  # the depositary's page


def _untc(reference: str, chapter: int) -> str:
    return (
        "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY"
        f"&mtdsg_no={reference}&chapter={chapter}&clang=_en"
    )


def _normlex(instrument_id: int) -> str:
    return (
        "https://www.ilo.org/dyn/normlex/en/f?p=NORMLEXPUB:11300:0::NO:11300:"
        f"P11300_INSTRUMENT_ID:{instrument_id}:NO"
    )


TABLES = (
    BundledTable("untc_XVIII-12-a.csv", "untc", "XVIII-12-a", "tip-protocol", "X-4.csv", _untc("XVIII-12-a", 18)),
    BundledTable("untc_IV-8.csv", "untc", "IV-8", "cedaw", "X-50.csv", _untc("IV-8", 4)),
    BundledTable("untc_IV-11.csv", "untc", "IV-11", "crc", "X-173.csv", _untc("IV-11", 4)),
    BundledTable("untc_IV-11-c.csv", "untc", "IV-11-c", "crc-opsc", "X-92.csv", _untc("IV-11-c", 4)),
    BundledTable("untc_IV-13.csv", "untc", "IV-13", "icmw", "X-24.csv", _untc("IV-13", 4)),
    BundledTable("normlex_C029.csv", "normlex", "C029", "ilo-c029", "X-5.csv", _normlex(312174)),
    BundledTable("normlex_P029.csv", "normlex", "P029", "ilo-p029", "X-7.csv", _normlex(3174672)),
    BundledTable("normlex_C105.csv", "normlex", "C105", "ilo-c105", "X-6.csv", _normlex(312250)),
    BundledTable("normlex_C182.csv", "normlex", "C182", "ilo-c182", "X-2.csv", _normlex(312327)),
)  # fmt: skip


def depositary_table(table: BundledTable, data_dir: Path) -> DepositaryTable:
    """The import of one bundled table."""
    return DepositaryTable(
        file=data_dir / table.file,
        layout=LAYOUTS[table.layout],
        instrument_slug=table.instrument_slug,
        stem=f"{table.layout}-{STEM}",
        address=table.page,
        copy_of=CopyOf(REPO, f"{FOLDER}/{table.copy_name}", COMMIT),
        copy_date=COMMIT_DATE,
        reference=table.reference,
    )


def build_bundle(data_dir: Path, seed_dir: Path) -> dict[Path, Graph]:
    """Import every bundled table (nothing is written): out path -> graph."""
    graphs: dict[Path, Graph] = {}
    for table in TABLES:
        imported = depositary_table(table, data_dir)
        graphs[output_path(imported, seed_dir)] = build_depositary_graph(imported, seed_dir)
    return graphs
