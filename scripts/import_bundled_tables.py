"""Regenerate every generated seed file from the tables in data/.

    .venv/bin/python scripts/import_bundled_tables.py [--seed DIR] [--data DIR] [--check]

In this order (a table of changes extends a UNTC list, so the UNTC files come
first; the pages yield to depositary rows of the tables, so they come last):

1. data/untc/*: the UN Treaty Collection tables scraped by zmjones/untreaties
   -> seed/instruments/<slug>.untc.ttl (+ crc-opsc.untc-declarations.ttl)
   (tkgraph.importers.bundled_untc);
2. data/depositary-2023/*: the depositaries' own 2023 tables (UNTC, ILO
   NORMLEX) -> seed/instruments/<slug>.{untc,normlex}-2023.ttl
   (tkgraph.importers.bundled_depositary, the same code as `tkgraph import
   untc` and `tkgraph import normlex`);
3. data/tables/<stem>.toml + .csv -> seed/instruments/<slug>.<stem>.ttl
   (tkgraph.importers.tables, the same code as `tkgraph import table`);
4. data/pages/*: the partial tables typed from web pages
   -> seed/instruments/<slug>.pages.ttl (tkgraph.importers.pages).

The depositaries' values win: steps 3 and 4 read the files of steps 1 and 2
and write a value that disagrees with them as a tk:alternativeValue.

It prints what changed in each file and every conflict between sources. With
--check it writes nothing and exits 1 if a file is stale. Exit 2 on a data
error (an unmatched name, a bad date ...).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from tkgraph.importers import (
    bundled_depositary,
    bundled_untc,
    pages,
    table_conflicts,
    table_format,
    tables,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _regenerate
from _regenerate import emit, report

_PAGES_TOOL = (
    "scripts/import_bundled_tables.py (tkgraph.importers.pages) from data/pages/ "
    "(partial tables typed from web pages; see data/pages/SOURCES.md)",
    "change the table or the mapping in tkgraph/importers/pages.py and run it again",
)


_DEPOSITARY_TOOL = (
    "scripts/import_bundled_tables.py (tkgraph.importers.bundled_depositary) from "
    "data/depositary-2023/ (the depositaries' own tables; see data/SOURCES.md)",
    "copy a newer table from the depositary's page and import it with `tkgraph import untc` "
    "or `tkgraph import normlex`",
)


def _emit(path: Path, graph: Graph, check: bool, stale: list[str], tool: tuple[str, ...]) -> None:
    if emit(path, graph, check, tool):
        stale.append(path.name)


def run(seed: Path, data: Path, check: bool) -> list[str]:
    """Import everything; return the names of stale files (with ``check``)."""
    stale: list[str] = []
    bundle = bundled_untc.build_bundle(data / "untc", seed)
    for path, graph in bundle.graphs.items():
        _emit(path, graph, check, stale, ())
    for name in bundle.skipped_statements:
        print(f"skipped: the {bundled_untc.DECLARATIONS.file} heading {name!r} has no text")
    for name, provision in bundle.unlinked_provisions:
        print(f"not linked: the reservation of {name} excludes {provision}, not in the seed")
    for path, graph in bundled_depositary.build_bundle(data / "depositary-2023", seed).items():
        _emit(path, graph, check, stale, _DEPOSITARY_TOOL)

    for sidecar in table_format.page_table_paths(data / "tables"):
        result, changes, is_stale = tables.import_page_table(
            sidecar, seed, data / "tables", check=check
        )
        for conflict in result.conflicts:
            print(f"conflict: {conflict.text()}")
        print(f"{result.out_path.name}: {result.rows} rows, {result.consents} with consent")
        if changes is not None:
            report(changes)
        if is_stale:
            stale.append(result.out_path.name)

    # The pages come last: where a depositary row of a table above disagrees
    # with a page, the page's value becomes a tk:alternativeValue.
    known = pages.declared_sources(seed)
    depositary = table_conflicts.depositary_values(seed, data / "tables")
    for table in pages.TABLES:
        graph = pages.build(table, data / "pages", known, depositary)
        _emit(seed / "instruments" / table.output, graph, check, stale, _PAGES_TOOL)
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    return _regenerate.main(__doc__, run, argv)


if __name__ == "__main__":
    sys.exit(main())
