"""The format of a page-derived table (data/tables/<stem>.csv + <stem>.toml,
described in data/tables/README.md): reading the sidecar and the rows, with a
clear error (file, line, what to fix) for anything that breaks the format.
Building the seed file from them is tables.py's job.

This module neither prints nor exits: it returns values or raises
:class:`~tkgraph.errors.TkgraphError` subclasses.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from tkgraph.errors import DataError
from tkgraph.importers.graphs import CONSENT_KINDS
from tkgraph.importers.untc_csv import clean, read_text
from tkgraph.model.partial_date import PartialDate, Precision
from tkgraph.rdf.vocab import TK, XSD, iri_for

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
DATE_COLUMNS: dict[str, tuple[URIRef, str]] = {
    "signature_date": (TK.signatureDate, "the signature date"),
    "consent_date": (TK.consentDate, "the consent date"),
    "entry_into_force": (TK.entryIntoForceForParticipant, "the entry into force"),
    "denunciation_date": (TK.denunciationDate, "the denunciation date"),
    "denunciation_effective": (TK.denunciationEffectiveDate, "the effective date of denunciation"),
}
KIND_FIELD = (TK.consentKind, "the consent kind")

_KEY = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_STEM = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


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


def page_table_paths(tables_dir: Path) -> Sequence[Path]:
    """The sidecars of data/tables, in name order."""
    return sorted(tables_dir.glob("*.toml"))
