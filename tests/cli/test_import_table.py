"""`tkgraph import table` and `tkgraph import untc --party-count` on a copy of the
seed, with small hand-made tables (written by the tests)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal

from tests.conftest import ROOT, SEED
from tkgraph.cli import main
from tkgraph.importers.table_format import read_page_table
from tkgraph.importers.tables import build_table_graph
from tkgraph.rdf.vocab import DCTERMS, RDF, TK, XSD, iri_for

HEADER = (
    "participant,iso2,signature_date,consent_kind,consent_date,entry_into_force,"
    "denunciation_date,denunciation_effective,source,status,notes\n"
)
SOURCES = """
[sources.page]
title = "Example page"
address = "https://example.org/page"
as_of = "2024-06-01"
secondary = true

[sources.depositary]
title = "Example depositary table"
address = "https://example.org/depositary"
as_of = "2024-06-01"
"""


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    """The bundled seed without the files generated from data/tables, so the
    tables made here meet only the UNTC and pages imports."""
    shutil.copytree(SEED, tmp_path / "seed")
    stems = {p.stem for p in (SEED.parent / "data" / "tables").glob("*.toml")}
    for generated in (tmp_path / "seed" / "instruments").glob("*.ttl"):
        if generated.stem.partition(".")[2] in stems:
            generated.unlink()
    return tmp_path / "seed"


def table(tmp_path: Path, head: str, rows: str, stem: str = "example") -> Path:
    folder = tmp_path / "tables"
    folder.mkdir(exist_ok=True)
    (folder / f"{stem}.csv").write_text(HEADER + rows, encoding="utf-8")
    sidecar = folder / f"{stem}.toml"
    sidecar.write_text(head + SOURCES, encoding="utf-8")
    return sidecar


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["import", *args])


PARTIAL = """instrument = "instrument:cets-197"
as_of = "2024-06-01"
completeness = "partial"
description = "Some CETS 197 parties"
"""


def test_dates_keep_their_precision_and_rows_carry_list_and_source(
    seed: Path, tmp_path: Path
) -> None:
    sidecar = table(
        tmp_path,
        PARTIAL,
        "Germany,,2005-11-17,ratification,2012,2013-04,,,page,,\n"
        "Republic of Moldova,,,,,,,,page,unverified,the page gives no date\n"
        "Israel,,,accession,,,,,page,,the page names the kind but no date\n",
    )
    result = run("table", str(sidecar), "--seed", str(seed))
    assert result.exit_code == 0, result.output
    out = seed / "instruments" / "cets-197.example.ttl"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# GENERATED FILE - DO NOT EDIT")
    graph = Graph().parse(out)
    de = iri_for("participation", "cets-197.DE")
    assert graph.value(de, TK.signatureDate) == Literal("2005-11-17", datatype=XSD.date)
    assert graph.value(de, TK.consentDate) == Literal("2012", datatype=XSD.gYear)
    assert graph.value(de, TK.entryIntoForceForParticipant) == Literal(
        "2013-04", datatype=XSD.gYearMonth
    )
    the_list = iri_for("list", "cets-197.example")
    assert graph.value(de, TK.inList) == the_list
    assert graph.value(de, DCTERMS.source) == iri_for("source", "cets-197.example.page")
    assert graph.value(the_list, TK.completeness) == TK.partial
    md = iri_for("participation", "cets-197.MD")
    assert graph.value(md, TK.verification) == TK.unverified
    assert "no date" in str(graph.value(md, TK.note))
    il = iri_for("participation", "cets-197.IL")
    assert graph.value(il, TK.consentKind) == TK.accession
    assert graph.value(il, TK.consentDate) is None
    # Re-running changes nothing; --check agrees.
    again = run("table", str(sidecar), "--seed", str(seed))
    assert again.exit_code == 0 and "Unchanged" in again.output
    assert run("table", str(sidecar), "--seed", str(seed), "--check").exit_code == 0


def test_every_unmatched_name_is_listed_and_nothing_is_written(seed: Path, tmp_path: Path) -> None:
    sidecar = table(
        tmp_path,
        PARTIAL,
        "Germany,,,,2012,,,,page,,\nAtlantis,,,,2012,,,,page,,\nLemuria,,,,2013,,,,page,,\n",
    )
    result = run("table", str(sidecar), "--seed", str(seed))
    assert result.exit_code == 1
    assert "Atlantis" in result.output and "Lemuria" in result.output
    assert not (seed / "instruments" / "cets-197.example.ttl").exists()


def test_a_complete_table_must_match_its_count(seed: Path, tmp_path: Path) -> None:
    head = PARTIAL.replace('"partial"', '"complete"') + (
        '\n[checked_against]\ncount = 2\nas_of = "2024-06-01"\nsource = "depositary"\n'
    )
    rows = "Germany,,,,2012-10-19,,,,depositary,,\nAustria,,,,2006-10-12,,,,depositary,,\n"
    good = table(tmp_path, head, rows)
    assert run("table", str(good), "--seed", str(seed)).exit_code == 0
    graph = Graph().parse(seed / "instruments" / "cets-197.example.ttl")
    figure = graph.value(iri_for("list", "cets-197.example"), TK.checkedAgainst)
    assert (figure, RDF.type, TK.Figure) in graph
    assert graph.value(figure, TK.value) == Literal(2)
    bad = table(tmp_path, head.replace("count = 2", "count = 3"), rows, stem="other")
    result = run("table", str(bad), "--seed", str(seed))
    assert result.exit_code == 1
    assert "2 participant(s) have consented" in result.output


def test_a_value_another_file_states_differently_becomes_an_alternative(
    seed: Path, tmp_path: Path
) -> None:
    """The UNTC table (depositary) says France signed the TIP Protocol on
    2000-12-12; a page row saying otherwise does not add a second date."""
    head = PARTIAL.replace("cets-197", "tip-protocol")
    sidecar = table(tmp_path, head, "France,,2000-12-13,,,,,,page,,\n")
    result = run("table", str(sidecar), "--seed", str(seed))
    assert result.exit_code == 0, result.output
    assert "conflict participation:tip-protocol.FR: the signature date is 2000-12-12" in (
        result.output
    )
    seeds = Graph()
    for path in (seed / "instruments").glob("tip-protocol.*.ttl"):
        seeds.parse(path)
    fr = iri_for("participation", "tip-protocol.FR")
    assert set(seeds.objects(fr, TK.signatureDate)) == {Literal("2000-12-12", datatype=XSD.date)}
    assert "Example page gives 2000-12-13 for the signature date." in {
        str(v) for v in seeds.objects(fr, TK.alternativeValue)
    }


def test_a_table_of_changes_extends_the_untc_list(seed: Path, tmp_path: Path) -> None:
    head = (
        PARTIAL.replace("cets-197", "tip-protocol").replace("Some CETS 197", "Later TIP")
        + 'extends = "list:tip-protocol.untc"\n'
    )
    sidecar = table(tmp_path, head, "Japan,,,acceptance,2017-07-11,,,,page,,\n")
    imported = build_table_graph(read_page_table(sidecar), seed)
    the_list = iri_for("list", "tip-protocol.example")
    assert imported.graph.value(the_list, TK.extendsList) == iri_for("list", "tip-protocol.untc")
    assert imported.conflicts == ()


def test_untc_import_writes_a_complete_list_checked_against_a_count(seed: Path) -> None:
    untc = ROOT / "data" / "untc" / "treaties_18-12-b.csv"
    args = ["untc", str(untc), "--instrument", "smuggling-protocol", "--as-of", "2014-07-10"]
    wrong = run(*args, "--party-count", "137", "--party-count-source", "unis-cp-749-2014",
                "--seed", str(seed))  # fmt: skip
    assert wrong.exit_code == 1
    assert "138 participant(s) have consented" in wrong.output
    right = run(*args, "--party-count", "138", "--party-count-source", "unis-cp-749-2014",
                "--seed", str(seed))  # fmt: skip
    assert right.exit_code == 0, right.output
    graph = Graph().parse(seed / "instruments" / "smuggling-protocol.untc.ttl")
    the_list = iri_for("list", "smuggling-protocol.untc")
    assert graph.value(the_list, TK.completeness) == TK.complete
    figure = graph.value(the_list, TK.checkedAgainst)
    assert graph.value(figure, TK.value) == Literal(138)
    nodes = set(graph.subjects(RDF.type, TK.Participation))
    assert {graph.value(n, TK.inList) for n in nodes} == {the_list}


def test_pages_yield_to_a_depositary_row(seed: Path, tmp_path: Path) -> None:
    """A hypothetical depositary table giving Angola's TIP accession another day
    than the whatconvention page: the regeneration keeps the depositary's day and
    turns the page's into a tk:alternativeValue (no second consent date)."""
    import importlib.util
    import sys

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    for old in (data / "tables").glob("*.*"):
        if old.suffix in (".csv", ".toml"):
            old.unlink()
    head = (
        PARTIAL.replace("cets-197", "tip-protocol").replace("Some CETS 197", "TIP rows")
        + 'depositary_sources = ["depositary"]\n'
    )
    (data / "tables" / "tip-test.csv").write_text(
        HEADER + "Angola,AO,,accession,2014-09-19,,,,depositary,,\n", encoding="utf-8"
    )
    (data / "tables" / "tip-test.toml").write_text(head + SOURCES, encoding="utf-8")
    path = ROOT / "scripts" / "import_bundled_tables.py"
    spec = importlib.util.spec_from_file_location("import_bundled_tables", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    assert module.run(seed, data, check=False) == []
    assert module.run(seed, data, check=True) == []  # stable: a second pass agrees
    graph = Graph()
    for file in (seed / "instruments").glob("tip-protocol.*.ttl"):
        graph.parse(file)
    ao = iri_for("participation", "tip-protocol.AO")
    assert set(graph.objects(ao, TK.consentDate)) == {Literal("2014-09-19", datatype=XSD.date)}
    alternatives = {str(v) for v in graph.objects(ao, TK.alternativeValue)}
    assert any("gives 2014-09-09 for the consent date" in a for a in alternatives), alternatives
