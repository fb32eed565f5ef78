"""Complete the ILO roster in data/regional/ from the depositary's C182 table.

    .venv/bin/python scripts/ilo_members_from_c182.py [--check]

ILO Convention No. 182 was ratified by all 187 member States when Tonga's
ratification was registered on 4 August 2020 (IUF, 18 August 2020; only ILO
members can ratify ILO conventions), and NORMLEX's own table
(data/depositary-2023/normlex_C182.csv) lists those 187. So every state in it
was an ILO member on 2020-08-04. This script adds, to
data/regional/memberships.csv, a row for each such state that has no ILO row
yet: no date of admission (the pages read do not give it), the two sources,
and a note that says how the membership is known. The states are matched by
the participations that `tkgraph import normlex` wrote
(seed/instruments/ilo-c182.normlex-2023.ttl), so the names are matched once.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from rdflib import Graph, Namespace

ROOT = Path(__file__).resolve().parent.parent
MEMBERSHIPS = ROOT / "data" / "regional" / "memberships.csv"
C182 = ROOT / "seed" / "instruments" / "ilo-c182.normlex-2023.ttl"
TK = Namespace("https://w3id.org/tkgraph/ontology#")
SOURCES = "normlex-c182-2023;iuf-2020-08-18-c182-universal"
NOTE = (
    "Member on 2020-08-04 at the latest: its ratification of C182 was registered on {day} "
    "(NORMLEX), and on 4 August 2020 C182 was ratified by all 187 ILO member states; the "
    "date of admission is not in the pages read."
)


def missing_rows() -> list[list[str]]:
    with MEMBERSHIPS.open(encoding="utf-8", newline="") as handle:
        have = {row["member"] for row in csv.DictReader(handle) if row["org"] == "ilo"}
    graph = Graph().parse(C182, format="turtle")
    rows = []
    for node in graph.subjects(TK.participationIn, None):
        iso2 = str(node).rpartition(".")[2]
        day = graph.value(node, TK.consentDate)
        if iso2 not in have:
            rows.append(["ilo", iso2, "", "", "", SOURCES, NOTE.format(day=day)])
    return sorted(rows, key=lambda r: r[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if rows are missing")
    args = parser.parse_args(argv)
    rows = missing_rows()
    if args.check:
        print(f"{len(rows)} ILO member(s) of the C182 table have no row")
        return 1 if rows else 0
    text = MEMBERSHIPS.read_text(encoding="utf-8")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    if text and not text.endswith("\n"):
        text += "\n"
    MEMBERSHIPS.write_text(text + out.getvalue(), encoding="utf-8")
    print(f"added {len(rows)} row(s) to {MEMBERSHIPS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
