"""Write data/tables/<instrument>-wpdl-2022.csv + .toml from the wpdl status files.

    .venv/bin/python scripts/wpdl_to_tables.py [--check]

data/wpdl/hr_status_*.csv (GitHub world-politics-datalab/humanrights-treaties-
ratification-status, see data/SOURCES.md) give, for the 193 UN member states
only, whether each is a party and the YEAR of its ratification or accession,
as of the file's last commit in 2022. The UNTC tables in data/untc give full
dates up to 2014/2015. This script keeps from wpdl only the states that the
UNTC table does not show as consenting: they became parties after the table's
date, and become rows with a year-only consent date (xsd:gYear once
imported) in a table of changes that extends the UNTC list
(``extends = "list:<slug>.untc"``).

The tables are "partial": wpdl leaves out the non-member states (Holy See,
State of Palestine, Cook Islands, Niue), so a non-member that joined after the
UNTC table would be missing, and no dated party count checks the 2022 total.

It also reports where wpdl and the UNTC table disagree on a state both list:
another year is written as a row too, so that the import keeps the UNTC date
(the depositary's) and records wpdl's year as a tk:alternativeValue; a party
in one and not in the other is only printed.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import URIRef

from tkgraph.importers.names import actor_names, normalize_name, reference_graph
from tkgraph.importers.table_format import COLUMNS
from tkgraph.importers.untc_csv import read_untc_table
from tkgraph.rdf.vocab import id_for_iri

ROOT = Path(__file__).resolve().parent.parent
REPO = "world-politics-datalab/humanrights-treaties-ratification-status"


@dataclass(frozen=True)
class WpdlFile:
    file: str  # in data/wpdl
    commit: str  # last commit that changed the file (data/SOURCES.md)
    as_of: date  # date of that commit
    instrument_slug: str
    untc_file: str  # in data/untc
    untc_as_of: date
    name: str  # for titles


FILES = (
    WpdlFile("hr_status_cedaw.csv", "a183f270e05f35af5c78641e6b1dc8cca688ff5c", date(2022, 5, 29),
             "cedaw", "treaties_4-8.csv", date(2014, 7, 10), "CEDAW"),
    WpdlFile("hr_status_crc.csv", "a183f270e05f35af5c78641e6b1dc8cca688ff5c", date(2022, 5, 29),
             "crc", "treaties_4-11.csv", date(2014, 10, 26), "the Convention on the Rights of the Child"),
    WpdlFile("hr_status_op_crc_sc.csv", "1a165009060d4d2729dffca23262668edd970edc", date(2022, 6, 13),
             "crc-opsc", "treaties_4-11-c.csv", date(2015, 1, 27),
             "the CRC Optional Protocol on the sale of children"),
)  # fmt: skip

#: wpdl writes East Timor's old code TP; ISO 3166-1 has TL since 2002.
ISO_FIXES = {"TP": "TL"}


def stem(f: WpdlFile) -> str:
    return f"{f.instrument_slug}-wpdl-2022"


def build(f: WpdlFile, data: Path, names: Mapping[str, URIRef]) -> tuple[str, str, list[str]]:
    """(csv text, toml text, disagreements) for one wpdl file."""
    consented: dict[str, int] = {}
    for untc_row in read_untc_table(data / "untc" / f.untc_file):
        actor = names.get(normalize_name(untc_row.participant_name))
        if actor is None:
            raise SystemExit(f"{f.untc_file}: {untc_row.participant_name!r} matches no actor")
        if untc_row.consent is not None:
            consented[id_for_iri(str(actor)).partition(":")[2]] = untc_row.consent.year
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    problems: list[str] = []
    with (data / "wpdl" / f.file).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in sorted(rows, key=lambda r: r["member"]):
        code = ISO_FIXES.get(row["iso2"], row["iso2"])
        party = row["state party"] == "1"
        year = row["year ratification or accession"].strip()
        if code in consented:
            if not party:
                problems.append(f"{code}: consented in the UNTC table, not a party in wpdl")
            elif year != str(consented[code]):
                # Written as a row so that the import records wpdl's year as a
                # tk:alternativeValue beside the UNTC date, which it keeps.
                problems.append(
                    f"{code}: UNTC consent year {consented[code]}, wpdl year {year} (UNTC kept)"
                )
                note = (
                    f"wpdl gives {year}; the UNTC table of {f.untc_as_of.isoformat()} (the "
                    f"depositary's) gives a consent in {consented[code]}, which is kept."
                )
                writer.writerow([row["member"], code, "", "", year, "", "", "", "wpdl", "", note])
            continue
        if not party:
            continue
        if not year.isdigit() or int(year) < f.untc_as_of.year:
            problems.append(f"{code}: a party in wpdl ({year}) but not in the UNTC table")
            continue
        note = "wpdl gives the year of ratification or accession only, and not which of the two."
        writer.writerow([row["member"], code, "", "", year, "", "", "", "wpdl", "", note])
    untc_date = f.untc_as_of.isoformat()
    description = (
        f"UN member states that became parties to {f.name} after the UNTC table of "
        f"{untc_date}, with the year only (wpdl, as of {f.as_of.isoformat()}). Partial: wpdl "
        "covers UN member states only, so a non-member (Holy See, State of Palestine, Cook "
        f"Islands, Niue) that joined after {untc_date} would be missing."
    )
    title = (
        f"world-politics-datalab/humanrights-treaties-ratification-status: {f.file} (UN member "
        f"states' ratification status, from the UN Treaty Collection), commit {f.commit}"
    )
    note = (
        "Covers the 193 UN member states only; gives the year of ratification or accession, "
        "not the date nor which of the two. The as-of date is the date of the commit. No "
        "licence stated; the facts come from the UN Treaty Collection."
    )
    toml = "\n".join(
        [
            f"# GENERATED by scripts/wpdl_to_tables.py from data/wpdl/{f.file}; do not edit.",
            f'instrument = "instrument:{f.instrument_slug}"',
            f'as_of = "{f.as_of.isoformat()}"',
            'completeness = "partial"',
            f'extends = "list:{f.instrument_slug}.untc"',
            f'description = "{description}"',
            "",
            "[sources.wpdl]",
            f'title = "{title}"',
            f'address = "https://github.com/{REPO}/blob/{f.commit}/{f.file}"',
            f'as_of = "{f.as_of.isoformat()}"',
            "secondary = true",
            f'note = "{note}"',
            "",
        ]
    )
    return out.getvalue(), toml, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--seed", type=Path, default=ROOT / "seed")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    names = actor_names(reference_graph(args.seed))
    stale = []
    for f in FILES:
        csv_text, toml_text, problems = build(f, args.data, names)
        for problem in problems:
            print(f"{f.file}: {problem}")
        for suffix, text in ((".csv", csv_text), (".toml", toml_text)):
            path = args.data / "tables" / f"{stem(f)}{suffix}"
            if args.check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    stale.append(path.name)
            else:
                path.write_text(text, encoding="utf-8")
                print(
                    f"wrote {path.relative_to(args.data.parent)} ({text.count(chr(10)) - 1} lines)"
                )
    if stale:
        print(f"stale: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
