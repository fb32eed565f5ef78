"""`tkgraph import untc` and `tkgraph import normlex` on tables as a maintainer
copies them from the depositaries' pages: any separator, footnote numbers,
the depositary's own names, every unmatched name listed and nothing dropped."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal

from tests.conftest import SEED
from tkgraph.cli import main
from tkgraph.rdf.vocab import DCTERMS, TK, iri_for

UNTC_TABLE = """Participant;Signature;Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d);ATTR_ENDPOINT
Afghanistan;;15 Aug 2014 a;nan
China 2;;8 Feb 2010 a;nan
Netherlands (Kingdom of the);12 Dec 2000;27 Jul 2005 A;nan
Türkiye;13 Dec 2000;25 Mar 2003;nan
Ukraine 6, 7;15 Nov 2001;21 May 2004;
Zimbabwe;;13 Dec 2013 a;nan
"""

NORMLEX_TABLE = """Country;Date;Status;Note;ATTR_ENDPOINT
Austria;05 Mar 1958;In Force;;nan
Japan;19 Jul 2022;Not in force;The Convention will enter into force for Japan on 19 Jul 2023.;nan
Malaysia;13 Oct 1958;Not in force;Denounced on 10 Jan 1990;nan
Guinea - Bissau;21 Feb 1977;In Force;;nan
"""

COPY = "iferminm/crba-etl:config/2023/out/data/staging/X-4.csv@" + "5" * 40


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    shutil.copytree(SEED, tmp_path / "seed")
    return tmp_path / "seed"


def run(seed: Path, layout: str, table: Path, instrument: str, *extra: str) -> Result:
    args = ["import", layout, str(table), "--instrument", instrument, "--stem", "test"]
    return CliRunner().invoke(main, [*args, *extra, "--seed", str(seed)])


def participations(graph: Graph, instrument: str) -> set[str]:
    found = graph.subjects(TK.participationIn, iri_for("instrument", instrument))
    return {str(s).rpartition("/")[2] for s in found}


def test_a_copied_untc_table_imports_with_its_footnotes_and_renamed_states(
    seed: Path, tmp_path: Path
) -> None:
    table = tmp_path / "untc.csv"
    table.write_text(UNTC_TABLE, encoding="utf-8")
    result = run(seed, "untc", table, "instrument:tip-protocol", "--copy-of", COPY)
    assert result.exit_code == 0, result.output
    graph = Graph().parse(seed / "instruments" / "tip-protocol.test.ttl")
    assert participations(graph, "tip-protocol") == {
        f"tip-protocol.{code}" for code in ("AF", "CN", "NL", "TR", "UA", "ZW")
    }
    netherlands = iri_for("participation", "tip-protocol.NL")
    assert graph.value(netherlands, TK.consentKind) == TK.acceptance
    assert graph.value(netherlands, TK.consentDate) == Literal(date(2005, 7, 27))
    # Complete as of the newest deposit (2014-08-15), not the day of the copy.
    the_list = iri_for("list", "tip-protocol.test")
    assert graph.value(the_list, TK.completeness) == TK.complete
    assert graph.value(the_list, TK.asOfDate) == Literal(date(2014, 8, 15))
    # Every row cites the depositary's page and the copy it was read from.
    addresses = {
        str(graph.value(s, TK.address)) for s in graph.objects(netherlands, DCTERMS.source)
    }
    assert any(a.startswith("https://treaties.un.org/") for a in addresses), addresses
    assert f"https://github.com/iferminm/crba-etl/blob/{'5' * 40}/" in " ".join(addresses)


def test_every_unmatched_name_is_listed_and_nothing_is_written(seed: Path, tmp_path: Path) -> None:
    table = tmp_path / "untc.csv"
    table.write_text(UNTC_TABLE + "Atlantis 3;;1 Jan 2020 a;nan\nLemuria;2 Feb 2001;;nan\n")
    result = run(seed, "untc", table, "instrument:tip-protocol")
    assert result.exit_code == 1
    assert "'Atlantis'" in result.output and "'Lemuria'" in result.output
    assert "2 participant name(s)" in result.output
    assert not (seed / "instruments" / "tip-protocol.test.ttl").exists()


def test_a_normlex_table_gives_pending_entries_into_force_and_denunciations(
    seed: Path, tmp_path: Path
) -> None:
    table = tmp_path / "normlex.csv"
    table.write_text(NORMLEX_TABLE, encoding="utf-8")
    result = run(
        seed,
        "normlex",
        table,
        "instrument:ilo-c105",
        "--source-url",
        "https://normlex.example/c105",
    )
    assert result.exit_code == 0, result.output
    graph = Graph().parse(seed / "instruments" / "ilo-c105.test.ttl")
    assert participations(graph, "ilo-c105") == {
        f"ilo-c105.{code}" for code in ("AT", "JP", "MY", "GW")
    }
    japan = iri_for("participation", "ilo-c105.JP")
    assert graph.value(japan, TK.consentDate) == Literal(date(2022, 7, 19))
    assert graph.value(japan, TK.entryIntoForceForParticipant) == Literal(date(2023, 7, 19))
    malaysia = iri_for("participation", "ilo-c105.MY")
    assert graph.value(malaysia, TK.denunciationDate) == Literal(date(1990, 1, 10))
    # A denunciation's effect follows from the instrument's rule, not from the table.
    assert graph.value(malaysia, TK.denunciationEffectiveDate) is None
    the_list = iri_for("list", "ilo-c105.test")
    assert graph.value(the_list, TK.asOfDate) == Literal(date(2022, 7, 19))


def test_a_normlex_note_the_importer_does_not_understand_is_an_error_with_its_line(
    seed: Path, tmp_path: Path
) -> None:
    table = tmp_path / "normlex.csv"
    table.write_text(
        NORMLEX_TABLE + "Chile;01 Feb 1999;Not in force;Suspended pending review;nan\n"
    )
    result = run(
        seed, "normlex", table, "instrument:ilo-c105", "--source-url", "https://x.example/"
    )
    assert result.exit_code == 1
    assert f"{table}:6" in result.output
    assert "Suspended pending review" in result.output
    assert not (seed / "instruments" / "ilo-c105.test.ttl").exists()


def test_an_as_of_before_the_newest_event_is_refused(seed: Path, tmp_path: Path) -> None:
    table = tmp_path / "untc.csv"
    table.write_text(UNTC_TABLE, encoding="utf-8")
    result = run(seed, "untc", table, "instrument:tip-protocol", "--as-of", "2010-01-01")
    assert result.exit_code == 1
    assert "2014-08-15" in result.output


@pytest.mark.parametrize("stem", ["../outside", "UNTC", "a" * 300 + "/x"])
def test_a_stem_that_is_not_lowercase_kebab_is_refused_and_nothing_is_written(
    seed: Path, tmp_path: Path, stem: str
) -> None:
    table = tmp_path / "untc.csv"
    table.write_text(UNTC_TABLE, encoding="utf-8")
    args = ["import", "untc", str(table), "--instrument", "instrument:tip-protocol"]
    result = CliRunner().invoke(main, [*args, "--stem", stem, "--seed", str(seed)])
    assert result.exit_code == 1
    assert "lowercase-kebab" in result.output
    assert sorted(p.name for p in (seed / "instruments").glob("tip-protocol.*")) == sorted(
        p.name for p in (SEED / "instruments").glob("tip-protocol.*")
    )
    assert not (seed / "outside.ttl").exists() and not (seed.parent / "outside.ttl").exists()


def test_a_copy_of_that_is_not_repo_path_commit_is_refused(seed: Path, tmp_path: Path) -> None:
    table = tmp_path / "untc.csv"
    table.write_text(UNTC_TABLE, encoding="utf-8")
    result = run(seed, "untc", table, "instrument:tip-protocol", "--copy-of", "x" * 5000)
    assert result.exit_code == 1
    assert "owner/name:path@commit" in result.output
