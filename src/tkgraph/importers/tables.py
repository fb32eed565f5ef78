"""`tkgraph import table`: a page-derived participation table (data/tables/,
CSV + TOML sidecar, format in data/tables/README.md) to
``seed/instruments/<instrument-slug>.<stem>.ttl``.

The generated file holds:

- one tk:Source per ``[sources.<key>]`` (``source:<slug>.<stem>.<key>``);
- the tk:ParticipantList the table is (``list:<slug>.<stem>``), with its
  completeness, the party count it was checked against (a tk:Figure) and, for a
  table of changes, the list it extends (tk:extendsList);
- one ``participation:<slug>.<ISO2>`` per row, with the dates at the precision
  the source gives (``YYYY`` -> xsd:gYear, ``YYYY-MM`` -> xsd:gYearMonth).

A row may describe a participation that another seed file already describes
(a UNTC table, a page import). The importer never writes a second value of a
functional property: where the two disagree, the depositary's value is kept
and the other becomes a tk:alternativeValue sentence; every such conflict is
reported (:class:`Conflict`). Reading the table is table_format.py's job,
the scan of the other seed files table_conflicts.py's; this module builds
the graph and writes it.

This module neither prints nor exits: it returns values or raises
:class:`~tkgraph.errors.TkgraphError` subclasses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from tkgraph.errors import DataError, UnmatchedNamesError
from tkgraph.importers.graphs import (
    CONSENT_KINDS,
    ListSpec,
    PartyCount,
    add_participant_list,
    check_party_count,
    consents_on,
    local_name,
)
from tkgraph.importers.names import (
    actor_labels,
    actor_names,
    instrument_short_name,
    normalize_name,
    reference_graph,
    sources_graph,
)
from tkgraph.importers.table_conflicts import (
    Conflict,
    StatedValues,
    same_value,
    shown,
    stated_elsewhere,
)
from tkgraph.importers.table_format import (
    DATE_COLUMNS,
    KIND_FIELD,
    PageTable,
    TableRow,
    parse_partial_date,
    read_page_table,
)
from tkgraph.importers.turtle import ImportChanges, new_graph, to_turtle, write_generated_file
from tkgraph.importers.untc_csv import clean
from tkgraph.rdf.vocab import DCTERMS, RDF, RDFS, TK, XSD, id_for_iri, iri_for

__all__ = ["TableImport", "build_table_graph", "import_page_table", "table_output"]


@dataclass(frozen=True)
class TableImport:
    """What a table import produced: the graph, where it goes, the conflicts."""

    graph: Graph
    out_path: Path
    conflicts: tuple[Conflict, ...]
    rows: int
    consents: int


# --------------------------------------------------------------------------


def table_output(table: PageTable, seed_dir: Path) -> Path:
    return seed_dir / "instruments" / f"{table.instrument_slug}.{table.stem}.ttl"


def _source_node(table: PageTable, key: str) -> URIRef:
    return iri_for("source", f"{table.instrument_slug}.{table.stem}.{key}")


def _match_rows(
    table: PageTable, reference: Graph, names: Mapping[str, URIRef]
) -> dict[int, URIRef]:
    """Row line -> actor. Every unmatched name is listed at once (the import
    fails: no row is dropped); two rows for one actor are an error."""
    actors = set(reference.subjects(RDF.type, TK.State))
    matched: dict[int, URIRef] = {}
    unmatched: list[str] = []
    seen: dict[URIRef, int] = {}
    for row in table.rows:
        if row.iso2:
            actor: URIRef | None = iri_for("state", row.iso2)
            if actor not in actors:
                unmatched.append(f"{row.participant} (iso2 {row.iso2})")
                continue
        else:
            actor = names.get(normalize_name(row.participant))
            if actor is None:
                unmatched.append(row.participant)
                continue
        assert actor is not None
        if actor in seen:
            raise DataError(
                f"{table.path.with_suffix('.csv')}:{row.line}: {row.participant!r} is "
                f"{id_for_iri(str(actor))}, already on line {seen[actor]}.",
                "Merge the two rows.",
            )
        seen[actor] = row.line
        matched[row.line] = actor
    if unmatched:
        raise UnmatchedNamesError(str(table.path.with_suffix(".csv")), sorted(unmatched))
    return matched


def _add_sources(graph: Graph, table: PageTable) -> None:
    """One tk:Source per [sources.<key>] of the sidecar."""

    for source in table.sources.values():
        node = _source_node(table, source.key)
        graph.add((node, RDF.type, TK.Source))
        graph.add((node, DCTERMS.title, Literal(clean(source.title))))
        graph.add((node, TK.address, Literal(source.address, datatype=XSD.anyURI)))
        if source.as_of is not None:
            graph.add((node, TK.asOfDate, source.as_of))
        if source.secondary:
            graph.add((node, TK.isSecondary, Literal(True)))
        if source.note:
            graph.add((node, TK.note, Literal(clean(source.note))))


def _add_values(
    graph: Graph,
    table: PageTable,
    row: TableRow,
    node: URIRef,
    stated: Mapping[URIRef, list[tuple[Literal | URIRef, str, bool]]],
) -> list[Conflict]:
    """Add the dates and consent kind of a row; where another file states a
    different value, keep the depositary's (:class:`Conflict`)."""
    at = f"{table.path.with_suffix('.csv')}:{row.line}"
    row_depositary = bool(set(row.sources) & table.depositary_sources)
    first = table.sources[row.sources[0]]
    here = f"{table.stem}.csv [{first.key}]"
    conflicts: list[Conflict] = []
    values: list[tuple[URIRef, str, Literal | URIRef]] = []
    for column, (prop, what) in DATE_COLUMNS.items():
        parsed = parse_partial_date(row.cells[column], f"{at} {column}")
        if parsed is not None:
            values.append((prop, what, parsed))
    kind = row.cells["consent_kind"].lower()
    if kind:
        values.append((KIND_FIELD[0], KIND_FIELD[1], CONSENT_KINDS[kind]))
    for prop, what, value in values:
        others = stated.get(prop, [])
        # The depositary's value first: it is the one that wins.
        clash = sorted((o for o in others if not same_value(value, o[0])), key=lambda o: not o[2])
        if not clash:
            graph.add((node, prop, value))  # stated nowhere else, or the same value
            continue
        theirs, their_file, their_depositary = clash[0]
        node_id = id_for_iri(str(node))
        if their_depositary or not row_depositary:
            graph.add(
                (
                    node,
                    TK.alternativeValue,
                    Literal(f"{first.title} gives {shown(value)} for {what}."),
                )
            )
            conflicts.append(
                Conflict(node_id, what, shown(theirs), their_file, shown(value), here, True)
            )
        else:
            graph.add((node, prop, value))
            conflicts.append(
                Conflict(node_id, what, shown(value), here, shown(theirs), their_file, False)
            )
    return conflicts


def build_table_graph(
    table: PageTable, seed_dir: Path, tables_dir: Path | None = None
) -> TableImport:
    """The graph of one table (nothing is written)."""
    tables_dir = tables_dir or table.path.parent
    reference = reference_graph(seed_dir)
    instrument = iri_for("instrument", table.instrument_slug)
    if (instrument, RDF.type, None) not in reference:
        raise DataError(
            f"{table.path}: no instrument '{table.instrument_slug}' in {seed_dir / 'instruments'}.",
            "Add the instrument file first (copy seed/_template.ttl).",
        )
    out_path = table_output(table, seed_dir)
    names = actor_names(reference)
    labels = actor_labels(reference)
    short = instrument_short_name(reference, table.instrument_slug)
    where = f"the {short}" if short else table.instrument_slug
    actors = _match_rows(table, reference, names)

    graph = new_graph()
    _add_sources(graph, table)

    nodes = {
        row.line: iri_for(
            "participation", f"{table.instrument_slug}.{local_name(actors[row.line])}"
        )
        for row in table.rows
    }
    elsewhere = stated_elsewhere(seed_dir, out_path, tables_dir, set(nodes.values()))
    conflicts: list[Conflict] = []
    for row in table.rows:
        actor, node = actors[row.line], nodes[row.line]
        graph.add((node, RDF.type, TK.Participation))
        label = labels.get(actor, row.participant)
        graph.add((node, RDFS.label, Literal(f"{label} in {where}")))
        graph.add((node, TK.participant, actor))
        graph.add((node, TK.participationIn, instrument))
        stated = elsewhere.get(node, StatedValues()).by_prop
        conflicts += _add_values(graph, table, row, node, stated)
        if row.unverified:
            graph.add((node, TK.verification, TK.unverified))
        if row.notes:
            graph.add((node, TK.note, Literal(row.notes)))
        for key in row.sources:
            graph.add((node, DCTERMS.source, _source_node(table, key)))
        graph.add((node, TK.sourceTable, _source_node(table, row.sources[0])))

    participations = set(nodes.values())
    count = None
    if table.checked_against is not None:
        value, as_of, key = table.checked_against
        count = PartyCount(value, as_of, _source_node(table, key))
    spec = ListSpec(
        local=f"{table.instrument_slug}.{table.stem}",
        label=table.description,
        as_of=table.as_of,
        complete=table.complete,
        sources=tuple(_source_node(table, k) for k in sorted(table.sources)),
        checked_against=count,
        extends=table.extends,
        note=(
            f"The changes since {id_for_iri(str(table.extends))}: together they list the "
            f"participants as of {table.as_of.isoformat()}."
            if table.extends is not None
            else None
        ),
    )
    if count is not None:
        counted = _merged(graph, seed_dir, out_path, table.extends, participations)
        check_party_count(
            spec, consents_on(counted, _participations_of(counted, instrument), count.as_of)
        )
    add_participant_list(graph, spec, table.instrument_slug, participations)
    consents = sum(1 for n in participations if (n, TK.consentDate, None) in graph)
    return TableImport(graph, out_path, tuple(conflicts), len(table.rows), consents)


def _participations_of(graph: Graph, instrument: URIRef) -> set[URIRef]:
    return {s for s in graph.subjects(TK.participationIn, instrument) if isinstance(s, URIRef)}


def _merged(
    graph: Graph, seed_dir: Path, out_path: Path, extends: URIRef | None, ours: set[URIRef]
) -> Graph:
    """This table's graph plus, for a table of changes, the rows of the list it
    extends (so the count covers both); for the others, the graph alone."""
    merged = Graph()
    for triple in graph:
        merged.add(triple)
    if extends is None:
        return merged
    seed = sources_graph(seed_dir, skip=out_path)
    if (extends, RDF.type, TK.ParticipantList) not in seed:
        raise DataError(
            f"{id_for_iri(str(extends))} is not a participant list in {seed_dir}.",
            "Import the table it extends first (tkgraph import untc).",
        )
    for node in seed.subjects(TK.inList, extends):
        for p, o in seed.predicate_objects(node):
            # Our rows win for the properties they state (a later consent).
            if node in ours and (node, p, None) in graph:
                continue
            merged.add((node, p, o))
    return merged


def import_page_table(
    toml_path: Path, seed_dir: Path, tables_dir: Path | None = None, check: bool = False
) -> tuple[TableImport, ImportChanges | None, bool]:
    """Import one table. Returns the import, what writing changed (None with
    ``check``) and, with ``check``, whether the file on disk is stale."""
    result = build_table_graph(read_page_table(toml_path), seed_dir, tables_dir)
    if check:
        current = result.out_path.read_text(encoding="utf-8") if result.out_path.exists() else None
        return result, None, current != to_turtle(result.graph, *_TOOL)
    return result, write_generated_file(result.graph, result.out_path, *_TOOL), False


_TOOL = (
    "`tkgraph import table` (tkgraph.importers.tables)",
    "edit data/tables/<stem>.csv or .toml and run `tkgraph import table` (or "
    "scripts/import_bundled_tables.py) again",
)
