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
reported (:class:`Conflict`).

This module neither prints nor exits: it returns values or raises
:class:`~tkgraph.errors.TkgraphError` subclasses.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from tkgraph.errors import DataError, UnmatchedNamesError
from tkgraph.importers.depositary import is_depositary_file
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
from tkgraph.importers.turtle import ImportChanges, new_graph, to_turtle, write_generated_file
from tkgraph.importers.untc_csv import clean, read_text
from tkgraph.model.partial_date import PartialDate, Precision
from tkgraph.rdf.vocab import DCTERMS, RDF, RDFS, TK, XSD, id_for_iri, iri_for

__all__ = [
    "COLUMNS",
    "Conflict",
    "PageTable",
    "TableImport",
    "build_table_graph",
    "depositary_values",
    "import_page_table",
    "parse_partial_date",
    "read_page_table",
    "table_output",
]

#: The CSV columns, in this order (data/tables/README.md).
COLUMNS = (
    "participant",
    "iso2",
    "signature_date",
    "consent_kind",
    "consent_date",
    "entry_into_force",
    "denunciation_date",
    "denunciation_effective",
    "source",
    "status",
    "notes",
)

#: Date columns -> the (functional) property they fill, and the name used in
#: tk:alternativeValue sentences.
_DATE_COLUMNS: dict[str, tuple[URIRef, str]] = {
    "signature_date": (TK.signatureDate, "the signature date"),
    "consent_date": (TK.consentDate, "the consent date"),
    "entry_into_force": (TK.entryIntoForceForParticipant, "the entry into force"),
    "denunciation_date": (TK.denunciationDate, "the denunciation date"),
    "denunciation_effective": (TK.denunciationEffectiveDate, "the effective date of denunciation"),
}
_KIND_FIELD = (TK.consentKind, "the consent kind")

_KEY = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_STEM = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSource:
    """One ``[sources.<key>]`` entry of the TOML sidecar."""

    key: str
    title: str
    address: str
    as_of: Literal | None  # xsd:date, or gYear/gYearMonth when the page gives no day
    secondary: bool
    note: str | None


@dataclass(frozen=True)
class TableRow:
    """One CSV row, its cells as written (dates parsed later, with the line)."""

    line: int
    participant: str
    iso2: str
    cells: Mapping[str, str]
    sources: tuple[str, ...]
    unverified: bool
    notes: str


@dataclass(frozen=True)
class PageTable:
    """A table of data/tables/: its sidecar and its rows."""

    path: Path  # the .toml file
    stem: str
    instrument_slug: str
    as_of: date
    complete: bool
    description: str
    sources: Mapping[str, PageSource]
    rows: tuple[TableRow, ...]
    checked_against: tuple[int, date, str] | None = None  # count, as of, source key
    extends: URIRef | None = None
    depositary_sources: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Conflict:
    """A row value that another seed file states differently."""

    node: str  # participation:<slug>.<ISO2>
    field: str  # "the consent date"
    kept: str  # the value kept
    kept_from: str  # where it comes from (file name)
    other: str  # the value recorded as tk:alternativeValue
    other_from: str  # the page that gives it
    resolved_here: bool  # False: the other file must give way (regenerate it)

    def text(self) -> str:
        action = (
            "kept; the other is a tk:alternativeValue"
            if self.resolved_here
            else "kept; the other file states the other value and must be regenerated to yield"
        )
        return (
            f"{self.node}: {self.field} is {self.kept} in {self.kept_from} but {self.other} in "
            f"{self.other_from}: {self.kept} {action}."
        )


@dataclass(frozen=True)
class TableImport:
    """What a table import produced: the graph, where it goes, the conflicts."""

    graph: Graph
    out_path: Path
    conflicts: tuple[Conflict, ...]
    rows: int
    consents: int


@dataclass
class _Values:
    """The values of one participation node stated by the other seed files."""

    by_prop: dict[URIRef, list[tuple[Literal | URIRef, str, bool]]] = field(default_factory=dict)


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def parse_partial_date(text: str, where: str) -> Literal | None:
    """``YYYY-MM-DD`` -> xsd:date, ``YYYY-MM`` -> xsd:gYearMonth, ``YYYY`` ->
    xsd:gYear, empty -> None. A partial date keeps its precision: it is never
    completed by guessing."""
    text = text.strip()
    if not text:
        return None
    try:
        found = PartialDate.parse(text)
    except ValueError as e:
        raise DataError(
            f"{where}: {e}.",
            "Write YYYY-MM-DD, or YYYY-MM / YYYY where the source gives only the month or year.",
        ) from None
    if found.precision is Precision.YEAR:
        return Literal(found.isoformat(), datatype=XSD.gYear)
    if found.precision is Precision.MONTH:
        return Literal(found.isoformat(), datatype=XSD.gYearMonth)
    return Literal(found.first)


def _toml_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise DataError(f"{where}: {value!r} is not a date (YYYY-MM-DD).", "Write the full date.")


def _source_date(value: Any, where: str) -> Literal:
    """A page's as-of date: a day, or the month or year when that is all it gives."""
    if isinstance(value, date):
        return Literal(value)
    found = parse_partial_date(str(value), where)
    if found is None:
        raise DataError(f"{where}: empty date.", "Write YYYY-MM-DD, YYYY-MM or YYYY.")
    return found


def _toml_str(data: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise DataError(f"{where}: '{key}' must be a non-empty string.", f'Set {key} = "...".')
    return value.strip()


def _read_sources(data: Mapping[str, Any], where: str) -> dict[str, PageSource]:
    raw = data.get("sources")
    if not isinstance(raw, dict) or not raw:
        raise DataError(f"{where}: no [sources.<key>] entry.", "Name every page rows come from.")
    sources: dict[str, PageSource] = {}
    for key, entry in raw.items():
        at = f"{where} [sources.{key}]"
        if not _KEY.fullmatch(key):
            raise DataError(f"{at}: the key is not lowercase-kebab.", "Use e.g. 'normlex-c182'.")
        if not isinstance(entry, dict):
            raise DataError(f"{at}: not a table.", "Write [sources.<key>] with title, address.")
        as_of = entry.get("as_of")
        secondary = entry.get("secondary", False)
        if not isinstance(secondary, bool):
            raise DataError(f"{at}: secondary must be true or false.", "Write secondary = true.")
        sources[key] = PageSource(
            key=key,
            title=_toml_str(entry, "title", at),
            address=_toml_str(entry, "address", at),
            as_of=None if as_of is None else _source_date(as_of, f"{at} as_of"),
            secondary=secondary,
            note=_toml_str(entry, "note", at, required=False) or None,
        )
    return sources


def _read_row(
    cells: list[str], line: int, where: str, sources: Mapping[str, PageSource]
) -> TableRow:
    """One CSV row, checked: a name, known source keys, a known status and kind."""
    row = dict(zip(COLUMNS, (cell.strip() for cell in cells), strict=True))
    name = clean(row["participant"])
    if not name:
        raise DataError(f"{where}: the participant is empty.", "Write the name as the page does.")
    keys = tuple(k.strip() for k in row["source"].split(";") if k.strip())
    if not keys:
        raise DataError(f"{where}: {name!r} names no source.", "Fill the source column.")
    unknown = [k for k in keys if k not in sources]
    if unknown:
        raise DataError(
            f"{where}: source key(s) {', '.join(map(repr, unknown))} not in the TOML sidecar.",
            "Add a [sources.<key>] entry or fix the key.",
        )
    status = row["status"] or "verified"
    if status not in ("verified", "unverified"):
        raise DataError(f"{where}: status {status!r}.", "Write verified or unverified.")
    if status == "unverified" and not row["notes"]:
        raise DataError(
            f"{where}: {name!r} is unverified but the notes do not say why.",
            "Say in notes what is uncertain.",
        )
    kind = row["consent_kind"].lower()
    if kind and kind not in CONSENT_KINDS:
        raise DataError(
            f"{where}: unknown consent kind {row['consent_kind']!r}.",
            f"Use one of {', '.join(CONSENT_KINDS)} (or leave it empty).",
        )
    return TableRow(
        line=line,
        participant=name,
        iso2=row["iso2"].upper(),
        cells=row,
        sources=keys,
        unverified=status == "unverified",
        notes=clean(row["notes"]),
    )


def _read_rows(csv_path: Path, sources: Mapping[str, PageSource]) -> tuple[TableRow, ...]:
    reader = csv.reader(io.StringIO(read_text(csv_path, "table"), newline=""))
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise DataError(f"Table '{csv_path}' is empty.", "Write the header row.") from None
    if tuple(header) != COLUMNS:
        raise DataError(
            f"{csv_path}:1: expected the columns {', '.join(COLUMNS)}; found {', '.join(header)}.",
            "Use the header of data/tables/README.md, in its order.",
        )
    rows: list[TableRow] = []
    for cells in reader:
        where = f"{csv_path}:{reader.line_num}"
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(COLUMNS):
            raise DataError(
                f"{where}: expected {len(COLUMNS)} cells, found {len(cells)}.",
                "Quote cells that contain commas.",
            )
        rows.append(_read_row(cells, reader.line_num, where, sources))
    return tuple(rows)


def read_page_table(toml_path: Path) -> PageTable:
    """Read ``<stem>.toml`` and ``<stem>.csv`` (raise DataError on any problem)."""
    where = str(toml_path)
    try:
        data = tomllib.loads(read_text(toml_path, "table sidecar"))
    except tomllib.TOMLDecodeError as e:
        raise DataError(f"{where}: {e}.", "Fix the TOML syntax.") from None
    stem = toml_path.stem
    if not _STEM.fullmatch(stem):
        raise DataError(f"{where}: the stem {stem!r} is not lowercase-kebab.", "Rename the files.")
    instrument = _toml_str(data, "instrument", where).removeprefix("instrument:")
    completeness = _toml_str(data, "completeness", where)
    if completeness not in ("complete", "partial"):
        raise DataError(f"{where}: completeness {completeness!r}.", "Write complete or partial.")
    sources = _read_sources(data, where)
    checked = data.get("checked_against")
    checked_against = None
    if checked is not None:
        at = f"{where} [checked_against]"
        count, key = checked.get("count"), checked.get("source")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise DataError(f"{at}: count must be a whole number.", "Write count = 187.")
        if key not in sources:
            raise DataError(f"{at}: source {key!r} is not a [sources.*] key.", "Name its page.")
        checked_against = (count, _toml_date(checked.get("as_of"), f"{at} as_of"), str(key))
    if completeness == "complete" and checked_against is None and "extends" not in data:
        raise DataError(
            f"{where}: complete, but checked against no party count.",
            "Add [checked_against] (a dated count from the depositary), or say partial.",
        )
    extends = None
    if "extends" in data:
        target = _toml_str(data, "extends", where)
        kind, _, local = target.partition(":")
        if kind != "list" or not local:
            raise DataError(
                f"{where}: extends = {target!r}.", 'Write extends = "list:<slug>.untc".'
            )
        extends = iri_for("list", local)
    depositary = data.get("depositary_sources", [])
    if not isinstance(depositary, list) or any(k not in sources for k in depositary):
        raise DataError(
            f"{where}: depositary_sources must list [sources.*] keys.",
            'Write depositary_sources = ["<key>"].',
        )
    csv_path = toml_path.with_suffix(".csv")
    return PageTable(
        path=toml_path,
        stem=stem,
        instrument_slug=instrument,
        as_of=_toml_date(data.get("as_of"), f"{where} as_of"),
        complete=completeness == "complete",
        description=_toml_str(data, "description", where),
        sources=sources,
        rows=_read_rows(csv_path, sources),
        checked_against=checked_against,
        extends=extends,
        depositary_sources=frozenset(str(k) for k in depositary),
    )


# --------------------------------------------------------------------------
# What other seed files already state
# --------------------------------------------------------------------------


def _depositary_sources_of(path: Path, tables_dir: Path) -> set[URIRef] | None:
    """The depositary tk:Sources of a generated table file, from its TOML
    (None when the file is not a data/tables import)."""
    slug, _, rest = path.name.partition(".")
    toml_path = tables_dir / f"{rest.removesuffix('.ttl')}.toml"
    if not toml_path.exists():
        return None
    data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    stem = toml_path.stem
    return {iri_for("source", f"{slug}.{stem}.{k}") for k in data.get("depositary_sources", [])}


def depositary_values(
    seed_dir: Path, tables_dir: Path
) -> dict[tuple[URIRef, URIRef], tuple[Literal | URIRef, str]]:
    """(participation, property) -> (value, file) for every value that a
    depositary states: the files of its own tables (<slug>.untc.ttl,
    <slug>.normlex-2023.ttl ...) and the depositary rows of data/tables imports
    (the page imports yield to these: tkgraph.importers.pages)."""
    found: dict[tuple[URIRef, URIRef], tuple[Literal | URIRef, str]] = {}
    props = [prop for prop, _ in _DATE_COLUMNS.values()] + [_KIND_FIELD[0]]
    for path in sorted((seed_dir / "instruments").glob("*.ttl")):
        depositary = _depositary_sources_of(path, tables_dir)
        whole_file = is_depositary_file(path)
        if not (whole_file or depositary):
            continue
        graph = Graph().parse(path, format="turtle")
        for node in graph.subjects(RDF.type, TK.Participation):
            cited = set(graph.objects(node, DCTERMS.source))
            if isinstance(node, URIRef) and (whole_file or cited & (depositary or set())):
                for prop in props:
                    value = graph.value(node, prop)
                    if isinstance(value, (Literal, URIRef)):
                        found.setdefault((node, prop), (value, path.name))
    return found


def _stated_elsewhere(
    seed_dir: Path, out_path: Path, tables_dir: Path, nodes: set[URIRef]
) -> dict[URIRef, _Values]:
    """For each participation node, the values other seed files give it, each
    with the file name and whether it is the depositary's (a UNTC table, or a
    row of a data/tables import read from a depositary source)."""
    found: dict[URIRef, _Values] = {}
    props = [prop for prop, _ in _DATE_COLUMNS.values()] + [_KIND_FIELD[0]]
    for path in sorted((seed_dir / "instruments").glob("*.ttl")):
        if path.name.startswith("_") or path.resolve() == out_path.resolve():
            continue
        graph = Graph().parse(path, format="turtle")
        depositary = _depositary_sources_of(path, tables_dir)
        for node in nodes & set(graph.subjects(RDF.type, TK.Participation)):
            cited = set(graph.objects(node, DCTERMS.source))
            is_depositary = is_depositary_file(path) or bool(depositary and cited & depositary)
            values = found.setdefault(node, _Values())
            for prop in props:
                for value in graph.objects(node, prop):
                    if isinstance(value, (Literal, URIRef)):
                        values.by_prop.setdefault(prop, []).append(
                            (value, path.name, is_depositary)
                        )
    return found


def _same(ours: Literal | URIRef, theirs: Literal | URIRef) -> bool:
    """The same value (a date of another precision is another value: keeping
    both would give a functional property two values)."""
    if isinstance(ours, Literal) and isinstance(theirs, Literal):
        return str(ours) == str(theirs) and ours.datatype == theirs.datatype
    return ours == theirs


def _shown(value: Literal | URIRef) -> str:
    if isinstance(value, URIRef):
        return str(value).rpartition("#")[2]
    return str(value)


# --------------------------------------------------------------------------
# Building
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
    for column, (prop, what) in _DATE_COLUMNS.items():
        parsed = parse_partial_date(row.cells[column], f"{at} {column}")
        if parsed is not None:
            values.append((prop, what, parsed))
    kind = row.cells["consent_kind"].lower()
    if kind:
        values.append((_KIND_FIELD[0], _KIND_FIELD[1], CONSENT_KINDS[kind]))
    for prop, what, value in values:
        others = stated.get(prop, [])
        # The depositary's value first: it is the one that wins.
        clash = sorted((o for o in others if not _same(value, o[0])), key=lambda o: not o[2])
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
                    Literal(f"{first.title} gives {_shown(value)} for {what}."),
                )
            )
            conflicts.append(
                Conflict(node_id, what, _shown(theirs), their_file, _shown(value), here, True)
            )
        else:
            graph.add((node, prop, value))
            conflicts.append(
                Conflict(node_id, what, _shown(value), here, _shown(theirs), their_file, False)
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
    elsewhere = _stated_elsewhere(seed_dir, out_path, tables_dir, set(nodes.values()))
    conflicts: list[Conflict] = []
    for row in table.rows:
        actor, node = actors[row.line], nodes[row.line]
        graph.add((node, RDF.type, TK.Participation))
        label = labels.get(actor, row.participant)
        graph.add((node, RDFS.label, Literal(f"{label} in {where}")))
        graph.add((node, TK.participant, actor))
        graph.add((node, TK.participationIn, instrument))
        stated = elsewhere.get(node, _Values()).by_prop
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


def page_table_paths(tables_dir: Path) -> Sequence[Path]:
    """The sidecars of data/tables, in name order."""
    return sorted(tables_dir.glob("*.toml"))
