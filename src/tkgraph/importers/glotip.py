"""UNODC's Global Report on Trafficking in Persons country data into tk:Figures.

The data portal's export, ``data_glotip.xlsx`` (no open licence: not bundled;
a user downloads it), has two banner rows ("UNODC" and the export date
dd/mm/yyyy), then the header: Iso3_code, Country, Region, Subregion,
Indicator, Dimension, Category, Sex, Age, Year, Unit of measurement,
txtVALUE, Source. Its sheet declares its dimension as A1 only, so openpyxl's
read-only mode reads one row unless the dimensions are reset; its normal mode
fails on a drawing part missing from the archive. So it is read read-only,
after reset_dimensions().

One tk:Figure per row: the state (by ISO 3166 alpha-3), the indicator as a
tk:Measure, the breakdown, sex and age group as the source names them, the
year it counts as tk:asOfDate (xsd:gYear), and the value: a number, or the
source's text with its bound ("<5": tk:valueText "<5", tk:valueBelow 5).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from tkgraph.errors import DataError
from tkgraph.rdf.vocab import DCTERMS, RDF, RDFS, TK, XSD, iri_for

__all__ = ["COLUMNS", "GlotipImport", "build_glotip", "read_rows"]

COLUMNS = (
    "Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category",
    "Sex", "Age", "Year", "Unit of measurement", "txtVALUE", "Source",
)  # fmt: skip
_HEADER_ROW = 3  # after the two banner rows
_PORTAL = "https://dataunodc.un.org/dp-trafficking-persons"
_SOURCE = "unodc-glotip-export"
_BOUND = re.compile(r"\s*<\s*(\d+(?:\.\d+)?)\s*")


@dataclass
class GlotipImport:
    graph: Graph
    rows: int = 0
    figures: int = 0
    # ISO codes of rows naming no state of the data (with their row counts)
    unmatched: dict[str, int] = field(default_factory=dict)
    bounds: int = 0  # values given as "<n"


def _measure(indicator: str) -> URIRef:
    text = indicator.casefold()
    if "victim" in text:
        return TK.victimsDetected
    if "prosecut" in text:
        return TK.personsProsecuted
    if "convict" in text:
        return TK.personsConvicted
    return TK.otherMeasure


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "na"


def _export_date(banner: Any, path: Path) -> date:
    if isinstance(banner, datetime):
        return banner.date()
    if isinstance(banner, date):
        return banner
    try:
        return datetime.strptime(str(banner).strip(), "%d/%m/%Y").date()
    except ValueError:
        raise DataError(
            f"{path.name}: the second row should hold the export date (dd/mm/yyyy), "
            f"not {banner!r}.",
            "Give the file as the data portal exports it (two banner rows above the header).",
        ) from None


def read_rows(path: Path) -> tuple[date, list[dict[str, Any]]]:
    """The export date and the data rows of the export, as dicts by column."""
    from openpyxl import load_workbook  # only this importer needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, InvalidFileException) as e:
        raise DataError(
            f"Cannot read '{path}' as an xlsx workbook: {e}.",
            "Give the data_glotip.xlsx file the data portal exports.",
        ) from None
    try:
        return _sheet_rows(workbook.worksheets[0], path)
    finally:
        workbook.close()


def _sheet_rows(sheet: Any, path: Path) -> tuple[date, list[dict[str, Any]]]:
    sheet.reset_dimensions()  # the file declares its dimension as A1 only
    rows = sheet.iter_rows(values_only=True)
    banner = [next(rows, ()) for _ in range(_HEADER_ROW)]
    header = tuple(str(c).strip() if c is not None else "" for c in banner[2])
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise DataError(
            f"{path.name}: row {_HEADER_ROW} lacks the columns {', '.join(missing)}.",
            "Give the data portal's export unchanged: two banner rows, then the header.",
        )
    exported = _export_date(banner[1][0] if banner[1] else None, path)
    data = [dict(zip(header, row, strict=False)) for row in rows if any(c is not None for c in row)]
    return exported, data


def _value(text: Any, where: str) -> tuple[float | None, str | None, float | None]:
    """(number, text as written, exclusive upper bound) of a txtVALUE cell."""
    if isinstance(text, int | float):
        return float(text), None, None
    written = str(text or "").strip()
    try:
        return float(written.replace(",", "")), None, None
    except ValueError:
        pass
    bound = _BOUND.fullmatch(written)
    if bound:
        return None, written, float(bound.group(1))
    raise DataError(
        f"{where}: txtVALUE {written!r} is neither a number nor a bound such as '<5'.",
        "Fix the cell, or leave the row out.",
    )


def _rows_with_states(
    rows: list[dict[str, Any]], states: dict[str, URIRef], result: GlotipImport
) -> Iterator[tuple[int, dict[str, Any], URIRef]]:
    for number, row in enumerate(rows, start=_HEADER_ROW + 1):
        iso3 = str(row["Iso3_code"] or "").strip()
        state = states.get(iso3)
        if state is None:
            result.unmatched[iso3] = result.unmatched.get(iso3, 0) + 1
            continue
        yield number, row, state


def build_glotip(path: Path, states: dict[str, URIRef]) -> GlotipImport:
    """The figures of the export at ``path``; ``states`` maps ISO alpha-3 to IRIs."""
    exported, rows = read_rows(path)
    graph = Graph()
    result = GlotipImport(graph=graph, rows=len(rows))
    source = iri_for("source", _SOURCE)
    graph.add((source, RDF.type, TK.Source))
    graph.add((source, DCTERMS.title, Literal(
        f"UNODC, Global Report on Trafficking in Persons: country data, data portal export "
        f"{path.name} of {exported.isoformat()}")))  # fmt: skip
    graph.add((source, TK.address, Literal(_PORTAL, datatype=XSD.anyURI)))
    graph.add((source, TK.asOfDate, Literal(exported.isoformat(), datatype=XSD.date)))
    for number, row, state in _rows_with_states(rows, states, result):
        where = f"{path.name} row {number}"
        try:
            year = int(row["Year"])
        except (TypeError, ValueError):
            raise DataError(
                f"{where}: Year {row['Year']!r} is not a year.", "Fix the cell."
            ) from None
        number_value, written, below = _value(row["txtVALUE"], where)
        parts = [
            str(row[c] or "").strip() for c in ("Indicator", "Dimension", "Category", "Sex", "Age")
        ]
        indicator, dimension, category, sex, age = parts
        local = ".".join(
            ["glotip", str(row["Iso3_code"]).strip(), *(_slug(p) for p in parts), str(year)]
        )
        node = iri_for("figure", local)
        if (node, RDF.type, TK.Figure) in graph:
            raise DataError(f"{where}: a second row for the same figure ({local}).",
                            "Remove the duplicate row.")  # fmt: skip
        breakdown = f"{dimension}: {category}"
        graph.add((node, RDF.type, TK.Figure))
        graph.add((node, RDFS.label, Literal(
            f"{row['Country']}: {indicator} ({breakdown}; {sex}; {age}), {year}")))  # fmt: skip
        graph.add((node, TK.figureOf, state))
        graph.add((node, TK.measure, _measure(indicator)))
        graph.add((node, TK.asOfDate, Literal(str(year), datatype=XSD.gYear)))
        graph.add((node, TK.breakdown, Literal(breakdown)))
        graph.add((node, TK.sex, Literal(sex)))
        graph.add((node, TK.ageGroup, Literal(age)))
        if row["Unit of measurement"]:
            graph.add((node, TK.unit, Literal(str(row["Unit of measurement"]).strip())))
        if number_value is not None:
            graph.add((node, TK.value, Literal(number_value, datatype=XSD.decimal)))
        else:
            result.bounds += 1
            graph.add((node, TK.valueText, Literal(written)))
            graph.add((node, TK.valueBelow, Literal(below, datatype=XSD.decimal)))
        if row["Source"]:
            graph.add(
                (node, TK.note, Literal(f"Source given by UNODC: {str(row['Source']).strip()}"))
            )
        graph.add((node, DCTERMS.source, source))
        result.figures += 1
    return result
