"""US Trafficking in Persons Report tiers into tk:Assessment / tk:RatingList nodes.

Three inputs (data/monitoring/, provenance in data/SOURCES.md):

- ``scorecard-diplomacy/map_tiers.csv``: every country's tier for report years
  2001-2015 (1999-2000 are all NA: the first report is of 2001). A year of it
  is a complete list of the ranked tiers: a country with NA was not ranked
  (not rated, or a special case).
- ``tip_watchlist_tier3_lists_cia_factbook_2011_2025.csv``: the Tier 2 Watch
  List and Tier 3 only. For 2011-2015 it confirms map_tiers (and its source is
  added) or disagrees (kept as tk:alternativeValue); for 2020 and 2022-2025 it
  is the only list, partial: it covers those two values and no other.
- ``tip_corrections.csv`` (+ ``tip_corrections_sources.csv``): rows typed from
  the reports' own narratives and news of their release, for the known defects
  of map_tiers and for tiers the partial lists cannot give.

Rows name countries by ISO 3166 alpha-3 and are matched to tk:State nodes by
tk:iso3; rows of countries tkgraph does not hold (Curaçao ...) are reported.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from tkgraph.errors import DataError
from tkgraph.rdf.vocab import DCTERMS, RDF, RDFS, TK, XSD, iri_for

__all__ = ["TIER_LABELS", "RatingImport", "build_ratings", "states_by_iso3"]

SCHEME_SLUG = "tip-tiers"

#: The spelling of each tier in the input tables -> its ontology value.
TIER_LABELS: dict[str, URIRef] = {
    "Tier 1": TK.tipTier1,
    "Tier 2": TK.tipTier2,
    "Tier 2 Watch List": TK.tipTier2WatchList,
    "Tier 3": TK.tipTier3,
    "Special case": TK.tipSpecialCase,
}
# map_tiers.csv codes its tiers as numbers (its README): 3 is the Watch List.
_MAP_TIERS_CODES = {"1": "Tier 1", "2": "Tier 2", "3": "Tier 2 Watch List", "4": "Tier 3"}
_RANKED = ("Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3")
_PARTIAL = ("Tier 2 Watch List", "Tier 3")

_MAP_TIERS_SOURCE = "scorecard-diplomacy-map-tiers"
_FACTBOOK_SOURCE = "cia-factbook-archive-tip-lists"


@dataclass
class RatingImport:
    """The generated graph and what could not be imported."""

    graph: Graph
    # (file, row description) of rows naming a country tkgraph does not hold
    unmatched: list[str] = field(default_factory=list)
    # (year, iso3, kept, other) where two sources disagree
    conflicts: list[tuple[int, str, str, str]] = field(default_factory=list)


def states_by_iso3(states_file: Path) -> dict[str, URIRef]:
    """tk:iso3 -> state IRI, read from the seed's states file."""
    graph = Graph().parse(states_file, format="turtle")
    return {
        str(code): subject
        for subject, code in graph.subject_objects(TK.iso3)
        if isinstance(subject, URIRef)
    }


def _read(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except OSError as e:
        raise DataError(f"Cannot read '{path}': {e.strerror}.", "Restore it from git.") from None


def _source(graph: Graph, key: str, title: str, address: str, as_of: str, note: str = "") -> URIRef:
    node = iri_for("source", key)
    graph.add((node, RDF.type, TK.Source))
    graph.add((node, DCTERMS.title, Literal(title)))
    graph.add((node, TK.address, Literal(address, datatype=XSD.anyURI)))
    graph.add((node, TK.asOfDate, Literal(as_of, datatype=XSD.date)))
    graph.add((node, TK.isSecondary, Literal(True)))
    if note:
        graph.add((node, TK.note, Literal(note)))
    return node


@dataclass
class _Rating:
    tier: str
    sources: set[URIRef]
    notes: list[str] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)


class _Builder:
    def __init__(self, states: dict[str, URIRef], labels: dict[URIRef, str]) -> None:
        self.states = states
        self.labels = labels
        self.out = RatingImport(graph=Graph())
        # year -> iso3 -> rating
        self.ratings: dict[int, dict[str, _Rating]] = defaultdict(dict)
        # year -> (list sources, covered tiers, countries the table holds, notes)
        self.lists: dict[int, tuple[set[URIRef], tuple[str, ...], set[str] | None, list[str]]] = {}

    def map_tiers(self, path: Path, source: URIRef) -> None:
        rows_by_year: dict[int, list[dict[str, str]]] = defaultdict(list)
        for row in _read(path):
            rows_by_year[int(row["year"])].append(row)
        for year, rows in sorted(rows_by_year.items()):
            if all(row["tier"] == "NA" for row in rows):
                continue  # no report ranked countries that year
            held = {row["iso"] for row in rows}
            self.lists[year] = ({source}, _RANKED, held, [])
            for row in rows:
                tier = _MAP_TIERS_CODES.get(row["tier"])
                if tier is None:
                    if row["tier"] != "NA":
                        raise DataError(
                            f"{path.name}: unknown tier code {row['tier']!r} for {row['iso']} "
                            f"in {year}.",
                            "Use 1, 2, 3 (Watch List), 4 (Tier 3) or NA.",
                        )
                    continue
                self.ratings[year][row["iso"]] = _Rating(tier, {source})

    def factbook(self, path: Path, source: URIRef) -> None:
        for row in _read(path):
            year, iso3, tier = int(row["report_year"]), row["iso3"], row["tier"]
            if tier not in _PARTIAL:
                raise DataError(
                    f"{path.name}: tier {tier!r} for {iso3} in {year}; this table holds the "
                    "Tier 2 Watch List and Tier 3 only.",
                    "Fix the row.",
                )
            note = f"Factbook {row['factbook_edition']} edition; year read: {row['year_source']}."
            if year not in self.lists:
                self.lists[year] = ({source}, _PARTIAL, None, [note])
            elif self.lists[year][1] == _PARTIAL:
                if note not in self.lists[year][3]:
                    self.lists[year][3].append(note)
            else:
                self.lists[year][0].add(source)
            rating = self.ratings[year].get(iso3)
            held = self.lists[year][2]
            if rating is None and (held is None or iso3 not in held):
                # the only list of the year, or a country the complete table leaves out
                self.ratings[year][iso3] = _Rating(tier, {source})
            elif rating is not None and rating.tier == tier:
                rating.sources.add(source)
            else:
                kept = rating.tier if rating else "not ranked"
                self.out.conflicts.append((year, iso3, kept, tier))
                if rating is not None:
                    rating.alternatives.append(
                        f"The CIA World Factbook ({row['factbook_edition']} edition) lists "
                        f"{row['country_as_published']} in {tier} for {year}; "
                        f"map_tiers.csv has {kept}. Unresolved; map_tiers.csv is kept."
                    )

    def corrections(self, path: Path, sources_path: Path) -> None:
        sources = {
            row["key"]: _source(
                self.out.graph, row["key"], row["title"], row["address"], row["as_of"]
            )
            for row in _read(sources_path)
        }
        for row in _read(path):
            year, iso3, tier = int(row["report_year"]), row["iso3"], row["tier"]
            if tier not in TIER_LABELS:
                raise DataError(
                    f"{path.name}: unknown tier {tier!r} for {iso3} in {year}.",
                    f"Use one of {', '.join(TIER_LABELS)}.",
                )
            try:
                cited = {sources[key] for key in row["sources"].split(";")}
            except KeyError as e:
                raise DataError(
                    f"{path.name}: source {e.args[0]!r} ({iso3}, {year}) is not in "
                    f"{sources_path.name}.",
                    "Add the source's row (title, address, as-of date).",
                ) from None
            if year not in self.lists:
                raise DataError(
                    f"{path.name}: {year} has no tier list to correct.",
                    "Add a list for the year first.",
                )
            self.ratings[year][iso3] = _Rating(tier, cited, notes=[row["note"]])

    def emit(self) -> RatingImport:
        graph = self.out.graph
        scheme_label = "TIP Report"
        for year, (sources, covered, held, notes) in sorted(self.lists.items()):
            listed = iri_for("list", f"{SCHEME_SLUG}.{year}")
            graph.add((listed, RDF.type, TK.RatingList))
            kind = "tiers" if covered == _RANKED else "Tier 2 Watch List and Tier 3 only"
            graph.add((listed, RDFS.label, Literal(f"{scheme_label} {year}: {kind}")))
            graph.add((listed, TK.ratingScheme, TK.TipTiers))
            graph.add((listed, TK.reportYear, Literal(year, datatype=XSD.integer)))
            for tier in covered:
                graph.add((listed, TK.coversValue, TIER_LABELS[tier]))
            for source in sources:
                graph.add((listed, DCTERMS.source, source))
            for note in notes:
                graph.add((listed, TK.note, Literal(note)))
            if held is not None:
                for iso3 in sorted(set(self.states) - held):
                    graph.add((listed, TK.notCovered, self.states[iso3]))
            for iso3, rating in sorted(self.ratings[year].items()):
                self._assessment(listed, year, iso3, rating)
        return self.out

    def _assessment(self, listed: URIRef, year: int, iso3: str, rating: _Rating) -> None:
        state = self.states.get(iso3)
        if state is None:
            self.out.unmatched.append(f"{year} {iso3} ({rating.tier})")
            return
        graph = self.out.graph
        local = str(state).rsplit("/", 1)[1]
        node = iri_for("assessment", f"{SCHEME_SLUG}.{year}.{local}")
        graph.add((node, RDF.type, TK.Assessment))
        label = f"{self.labels.get(state, local)}: {rating.tier} (TIP Report {year})"
        graph.add((node, RDFS.label, Literal(label)))
        graph.add((node, TK.assessedActor, state))
        graph.add((node, TK.ratingScheme, TK.TipTiers))
        graph.add((node, TK.reportYear, Literal(year, datatype=XSD.integer)))
        graph.add((node, TK.ratingValue, TIER_LABELS[rating.tier]))
        graph.add((node, TK.inRatingList, listed))
        for source in rating.sources:
            graph.add((node, DCTERMS.source, source))
        for note in rating.notes:
            graph.add((node, TK.note, Literal(note)))
        for alternative in rating.alternatives:
            graph.add((node, TK.alternativeValue, Literal(alternative)))


def build_ratings(monitoring: Path, states_file: Path) -> RatingImport:
    """The TIP tier lists of ``monitoring`` (data/monitoring/) as one graph."""
    states = states_by_iso3(states_file)
    state_graph = Graph().parse(states_file, format="turtle")
    labels = {
        s: str(o) for s, o in state_graph.subject_objects(RDFS.label) if isinstance(s, URIRef)
    }
    builder = _Builder(states, labels)
    graph = builder.out.graph
    map_tiers = _source(
        graph,
        _MAP_TIERS_SOURCE,
        "Judith G. Kelley and Andrew Heiss, Scorecard Diplomacy replication data: map_tiers.csv, "
        "the US Trafficking in Persons Report's tier per country and report year, 1999-2015 "
        "(GitHub andrewheiss/scorecard-diplomacy, MIT licence; the tiers are the US State "
        "Department's)",
        "https://github.com/andrewheiss/scorecard-diplomacy",
        "2017-01-03",
        "Data last changed in commit 0ccc6fb5. Known defects (data/SOURCES.md) are corrected "
        "from the reports' own narratives in data/monitoring/tip_corrections.csv.",
    )
    factbook = _source(
        graph,
        _FACTBOOK_SOURCE,
        "CIA World Factbook, 'World' entry: countries on the Tier 2 Watch List and Tier 3 of the "
        "US Trafficking in Persons Report, editions 2011-2025 (GitHub "
        "MilkMp/CIA-World-Factbooks-Archive-1990-2025, data/fields/country_fields_<edition>.sql.gz)",
        "https://github.com/MilkMp/CIA-World-Factbooks-Archive-1990-2025",
        "2026-04-09",
        "Archive HEAD b998f60a. Lists only the Tier 2 Watch List and Tier 3: a country absent "
        "from them was in Tier 1, Tier 2, a special case or not rated.",
    )
    builder.map_tiers(monitoring / "scorecard-diplomacy" / "map_tiers.csv", map_tiers)
    builder.factbook(monitoring / "tip_watchlist_tier3_lists_cia_factbook_2011_2025.csv", factbook)
    builder.corrections(
        monitoring / "tip_corrections.csv", monitoring / "tip_corrections_sources.csv"
    )
    return builder.emit()
