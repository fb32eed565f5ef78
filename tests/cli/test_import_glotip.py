"""`tkgraph import glotip` on a synthetic workbook made here with openpyxl in
the layout of UNODC's data_glotip.xlsx export (data/SOURCES.md): two banner
rows, the header, and a sheet that declares its dimension as A1 only. The
rows are invented; the real export is not bundled (no open licence)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from rdflib import Graph, Literal, URIRef

from tests.conftest import SEED
from tkgraph.cli import main
from tkgraph.importers.glotip import COLUMNS
from tkgraph.rdf.vocab import TK, XSD, iri_for

ROWS = [
    # Iso3, Country, Region, Subregion, Indicator, Dimension, Category, Sex, Age, Year, Unit, txtVALUE, Source
    ("FRA", "France", "Europe", "Western Europe", "Detected trafficking victims", "Total", "Total",
     "Female", "Adult", 2019, "Counts", "123", "National authorities"),
    ("FRA", "France", "Europe", "Western Europe", "Detected trafficking victims", "Total", "Total",
     "Male", "Minor", 2019, "Counts", "<5", "National authorities"),
    ("JPN", "Japan", "Asia", "Eastern Asia", "Persons convicted", "Total", "Total",
     "Total", "Total", 2020, "Counts", "37", "National authorities"),
    ("THA", "Thailand", "Asia", "South-eastern Asia", "Persons prosecuted", "by form of exploitation",
     "Sexual exploitation", "Total", "Total", 2018, "Counts", "1,204", "National authorities"),
    ("XKX", "Kosovo", "Europe", "Southern Europe", "Persons prosecuted", "Total", "Total",
     "Total", "Total", 2018, "Counts", "12", "National authorities"),
]  # fmt: skip


def make_export(
    path: Path, rows: list[tuple[object, ...]], header: tuple[str, ...] = COLUMNS
) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["UNODC"])
    sheet.append(["14/04/2025"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    # Declare the dimension as A1 only, as the portal's export does.
    patched = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
            out.writestr(item, data)
    patched.replace(path)
    return path


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    copy = tmp_path / "seed"
    for folder in ("actors", "sources"):
        shutil.copytree(SEED / folder, copy / folder)
    return copy


def test_the_synthetic_file_has_the_exports_quirk(tmp_path: Path) -> None:
    path = make_export(tmp_path / "data_glotip.xlsx", ROWS)
    book = load_workbook(path, read_only=True)
    sheet = book.worksheets[0]
    assert len(list(sheet.iter_rows(values_only=True))) == 1  # what a plain read-only load sees
    sheet.reset_dimensions()
    assert len(list(sheet.iter_rows(values_only=True))) == 3 + len(ROWS)
    book.close()


def test_import_writes_dated_sourced_figures(tmp_path: Path, seed: Path) -> None:
    path = make_export(tmp_path / "data_glotip.xlsx", ROWS)
    out = tmp_path / "glotip.ttl"
    result = CliRunner().invoke(
        main, ["import", "glotip", str(path), "--seed", str(seed), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "5 rows: 4 figures (1 given as a bound), 1 rows of places" in result.output
    assert "XKX (1 rows)" in result.output
    graph = Graph().parse(out, format="turtle")
    figures = set(graph.subjects(predicate=URIRef(TK.figureOf)))
    assert len(figures) == 4
    exact = iri_for(
        "figure", "glotip.FRA.detected-trafficking-victims.total.total.female.adult.2019"
    )
    assert graph.value(exact, TK.value).toPython() == 123
    assert graph.value(exact, TK.figureOf) == iri_for("state", "FR")
    assert graph.value(exact, TK.measure) == TK.victimsDetected
    assert graph.value(exact, TK.asOfDate) == Literal("2019", datatype=XSD.gYear)
    assert str(graph.value(exact, TK.sex)) == "Female"
    bound = iri_for("figure", "glotip.FRA.detected-trafficking-victims.total.total.male.minor.2019")
    assert graph.value(bound, TK.value) is None  # never a guessed number
    assert str(graph.value(bound, TK.valueText)) == "<5"
    assert graph.value(bound, TK.valueBelow).toPython() == 5
    thai = iri_for(
        "figure",
        "glotip.THA.persons-prosecuted.by-form-of-exploitation.sexual-exploitation.total.total.2018",
    )
    assert graph.value(thai, TK.value).toPython() == 1204
    assert str(graph.value(thai, TK.breakdown)) == "by form of exploitation: Sexual exploitation"
    source = graph.value(exact, URIRef("http://purl.org/dc/terms/source"))
    assert graph.value(source, TK.asOfDate) == Literal("2025-04-14", datatype=XSD.date)
    # the file is valid seed data beside the states
    shutil.copy(out, seed / "glotip.ttl")
    validated = CliRunner().invoke(main, ["validate", "--seed", str(seed), "--no-reasoner"])
    assert validated.exit_code == 0, validated.output


def test_a_file_without_the_banner_rows_is_refused(tmp_path: Path, seed: Path) -> None:
    path = tmp_path / "plain.xlsx"
    book = Workbook()
    book.active.append(list(COLUMNS))
    book.save(path)
    result = CliRunner().invoke(main, ["import", "glotip", str(path), "--seed", str(seed)])
    assert result.exit_code == 1
    assert "lacks the columns" in result.output
    assert not (seed / "figures").exists()
    text = tmp_path / "data_glotip.xlsx"
    text.write_text("Iso3_code,Country\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "glotip", str(text), "--seed", str(seed)])
    assert result.exit_code == 1
    assert "as an xlsx workbook" in result.output


def test_a_value_that_is_neither_number_nor_bound_is_refused(tmp_path: Path, seed: Path) -> None:
    bad = [(*ROWS[0][:11], "about 40", ROWS[0][12])]
    path = make_export(tmp_path / "bad.xlsx", bad)
    result = CliRunner().invoke(main, ["import", "glotip", str(path), "--seed", str(seed)])
    assert result.exit_code == 1
    assert "row 4" in result.output and "'about 40'" in result.output
