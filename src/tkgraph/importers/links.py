"""Links from tkgraph's states to other datasets: each state's Wikidata item.

Read from Our World in Data's country table (data/monitoring/owid/
iso_cow_wikidata.csv, MIT) by ISO 3166 alpha-3. Written as schema:sameAs, not
owl:sameAs, so that a reasoner does not merge our facts with Wikidata's.
"""

from __future__ import annotations

import csv
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from tkgraph.errors import DataError
from tkgraph.rdf.vocab import DCTERMS, RDF, SCHEMA, TK, WIKIDATA_ENTITY, XSD, iri_for

__all__ = ["build_wikidata_links"]
_SOURCE = "owid-countries-wikidata"


def build_wikidata_links(table: Path, states: dict[str, URIRef]) -> tuple[Graph, list[str]]:
    """The schema:sameAs links of every state the table gives a QID for, and
    the labels of the states it gives none for."""
    graph = Graph()
    source = iri_for("source", _SOURCE)
    graph.add((source, RDF.type, TK.Source))
    graph.add(
        (
            source,
            DCTERMS.title,
            Literal(
                "Our World in Data, owid-grapher CountriesRegions.ts: ISO 3166 codes, Correlates "
                "of War codes and Wikidata items per country (MIT licence; the QIDs are Wikidata "
                "facts, CC0)"
            ),
        )
    )
    graph.add(
        (
            source,
            TK.address,
            Literal(
                "https://github.com/owid/owid-grapher/blob/c7402d12/packages/@ourworldindata/"
                "grapher/src/mapCharts/CountriesRegions.ts",
                datatype=XSD.anyURI,
            ),
        )
    )
    graph.add((source, TK.asOfDate, Literal("2022-11-19", datatype=XSD.date)))
    graph.add((source, TK.isSecondary, Literal(True)))
    graph.add(
        (
            source,
            TK.note,
            Literal(
                "The Netherlands is given Q29999, the Kingdom of the Netherlands, which is the "
                "treaty party (Q55 is its European country). Kosovo has no QID in the table."
            ),
        )
    )
    try:
        with table.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as e:
        raise DataError(f"Cannot read '{table}': {e.strerror}.", "Restore it from git.") from None
    qids = {row["iso_alpha3"]: row["wikidata_qid"] for row in rows if row["wikidata_qid"]}
    missing: list[str] = []
    for iso3, state in sorted(states.items()):
        qid = qids.get(iso3)
        if qid is None:
            missing.append(iso3)
            continue
        if not qid.startswith("Q") or not qid[1:].isdigit():
            raise DataError(f"{table.name}: {qid!r} for {iso3} is not a QID.", "Fix the row.")
        graph.add((state, SCHEMA.sameAs, URIRef(WIKIDATA_ENTITY + qid)))
        graph.add((state, DCTERMS.source, source))
    return graph, missing
