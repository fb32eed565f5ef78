"""`tkgraph import untc`: a UNTC table into a seed file, re-runs report changes."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from tests.conftest import ROOT, SEED
from tkgraph.cli import main
from tkgraph.rdf.vocab import TK

TABLE = ROOT / "data" / "untc" / "treaties_18-12-a.csv"


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    shutil.copytree(SEED, tmp_path / "seed")
    return tmp_path / "seed"


def run(seed: Path, table: Path, as_of: str = "2014-01-27") -> object:
    args = [
        "import",
        "untc",
        str(table),
        "--instrument",
        "instrument:tip-protocol",
        "--as-of",
        as_of,
    ]
    return CliRunner().invoke(main, [*args, "--seed", str(seed)])


def test_newer_table_updates_without_duplicates_and_reports_changes(
    seed: Path, tmp_path: Path
) -> None:
    first = run(seed, TABLE)
    assert first.exit_code == 0, first.output
    out = seed / "instruments" / "tip-protocol.untc.ttl"
    graph = Graph().parse(out)
    assert len(set(graph.subjects(TK.participationIn, None))) == 167

    again = run(seed, TABLE)
    assert "Unchanged" in again.output

    newer = tmp_path / "newer.csv"
    rows = TABLE.read_text().replace(
        "Albania,12 Dec 2000,21 Aug 2002", "Albania,12 Dec 2000,21 Aug 2002"
    )
    rows = rows.replace("Japan,9 Dec 2002,\n", "Japan,9 Dec 2002,11 Jul 2017\n")
    newer.write_text(rows + "Angola,,19 Sep 2014 a\n")
    result = run(seed, newer, "2024-04-20")
    assert result.exit_code == 0, result.output
    assert "added    participation:tip-protocol.AO" in result.output
    assert "changed  participation:tip-protocol.JP tk:consentDate: - -> 2017-07-11" in result.output
    graph = Graph().parse(out)
    assert len(set(graph.subjects(TK.participationIn, None))) == 168


def test_unmatched_names_are_all_listed(seed: Path, tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text(TABLE.read_text() + "Atlantis,1 Jan 2001,\nLemuria,,2 Feb 2002 a\n")
    result = run(seed, table)
    assert result.exit_code == 1
    assert "2 participant name(s)" in result.output
    assert "'Atlantis'" in result.output and "'Lemuria'" in result.output
    assert not (seed / "instruments" / "tip-protocol.untc.ttl").read_text().count("Atlantis")
