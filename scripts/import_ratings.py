"""Regenerate the ratings and the Wikidata links from data/monitoring/.

    .venv/bin/python scripts/import_ratings.py [--seed DIR] [--data DIR] [--check]

data/monitoring/scorecard-diplomacy/map_tiers.csv,
data/monitoring/tip_watchlist_tier3_lists_cia_factbook_2011_2025.csv,
data/monitoring/tip_corrections.csv (+ tip_corrections_sources.csv)
    -> seed/ratings/tip-tiers.ttl (tkgraph.importers.ratings)
data/monitoring/owid/iso_cow_wikidata.csv
    -> seed/actors/states-wikidata.ttl (tkgraph.importers.links)

It prints what changed, every disagreement between sources and every row
naming a country tkgraph does not hold. With --check it writes nothing and
exits 1 if a file is stale; exit 2 on a data error.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from tkgraph.importers import links, ratings

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _regenerate
from _regenerate import emit

_RATINGS_TOOL = (
    "scripts/import_ratings.py (tkgraph.importers.ratings) from data/monitoring/",
    "change the tables in data/monitoring/ (corrections go in tip_corrections.csv, each "
    "with its source) and run it again",
)
_LINKS_TOOL = (
    "scripts/import_ratings.py (tkgraph.importers.links) from data/monitoring/owid/",
    "change the table or the states in seed/actors/states.ttl and run it again",
)


def run(seed: Path, data: Path, check: bool) -> list[str]:
    states_file = seed / "actors" / "states.ttl"
    monitoring = data / "monitoring"
    result = ratings.build_ratings(monitoring, states_file)
    for year, iso3, kept, other in result.conflicts:
        print(f"conflict: {year} {iso3}: kept {kept}, the Factbook gives {other}")
    for row in result.unmatched:
        print(f"not a state of the seed: {row}")
    wikidata, missing = links.build_wikidata_links(
        monitoring / "owid" / "iso_cow_wikidata.csv", ratings.states_by_iso3(states_file)
    )
    for iso3 in missing:
        print(f"no Wikidata item in the table: {iso3}")
    outputs = (
        (seed / "ratings" / "tip-tiers.ttl", result.graph, _RATINGS_TOOL),
        (seed / "actors" / "states-wikidata.ttl", wikidata, _LINKS_TOOL),
    )
    return [path.name for path, graph, tool in outputs if emit(path, graph, check, tool)]


def main(argv: Sequence[str] | None = None) -> int:
    return _regenerate.main(__doc__, run, argv)


if __name__ == "__main__":
    sys.exit(main())
