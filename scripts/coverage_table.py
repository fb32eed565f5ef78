"""Print the README's "What the data cover" table from the loaded data.

    .venv/bin/python scripts/coverage_table.py [--ontology DIR] [--seed DIR]

One Markdown row per binding instrument: its newest complete participant
list and date (the coverage date), the other lists, the participation records
held (and how many with consent), and the newest dated party count with its
source, for comparison. Instruments that bind the members of an organisation
(EU law) follow the membership data and say so.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from tkgraph.domain.coverage import coverage_of
from tkgraph.model.readmodel import ReadModel
from tkgraph.rdf.vocab import id_for_iri
from tkgraph.service.snapshot import build_snapshot

ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    "| instrument | newest complete list (coverage date) | other lists | records held "
    "(with consent) | newest dated party count |\n|---|---|---|---:|---|"
)


def _day(value: date | None) -> str:
    return value.isoformat() if value else "no date"


def _short_title(title: str) -> str:
    # The part before the first explanation in parentheses, at most 70 characters.
    head = title.split(" (", 1)[0]
    return head if len(head) <= 70 else head[:69] + "…"


def rows(model: ReadModel) -> list[str]:
    found = []
    instruments = [i for i in model.instruments.values() if i.binding is not False]
    for ins in sorted(instruments, key=lambda i: id_for_iri(i.iri)):
        coverage = coverage_of(model, ins.iri)
        records = [
            model.participations[p] for p in model.participations_by_instrument.get(ins.iri, [])
        ]
        if coverage.membership_based:
            complete = "membership data (binds the members of an organisation)"
        elif coverage.newest_complete is not None:
            complete = (
                f"`{id_for_iri(coverage.newest_complete.iri)}` ({_day(coverage.coverage_date)})"
            )
        else:
            complete = "**none: partial on every date**"
        others = [pl for pl in coverage.lists if pl is not coverage.newest_complete]
        other_text = "; ".join(
            f"`{id_for_iri(pl.iri)}` ({_day(pl.as_of)}, {'complete' if pl.complete else 'partial'})"
            for pl in others
        )
        count = coverage.newest_party_count
        if count is not None and count.value is not None:
            sources = _short_title(
                next((model.sources[s].title or s for s in count.sources if s in model.sources), "")
            )
            # A count dated to a month only is shown as that month.
            when = (
                count.as_of.isoformat()[:7]
                if count.as_of_latest and count.as_of
                else _day(count.as_of)
            )
            count_text = f"{int(count.value)} as of {when} ({sources})"
        else:
            count_text = "none dated"
        consents = sum(1 for p in records if p.consent_kind)
        found.append(
            f"| `{id_for_iri(ins.iri)}` | {complete} | {other_text or '-'} | "
            f"{len(records)} ({consents}) | {count_text} |"
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ontology", type=Path, default=ROOT / "ontology")
    parser.add_argument("--seed", type=Path, default=ROOT / "seed")
    args = parser.parse_args()
    model = build_snapshot(args.ontology, args.seed).model
    print(HEADER)
    print("\n".join(rows(model)))


if __name__ == "__main__":
    main()
