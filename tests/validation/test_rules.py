"""One broken fixture per rule: it triggers exactly that rule, at the marked lines.

Each folder tests/fixtures/invalid/<rule id, "/" written "__">/ holds files
laid out like a seed folder. The test copies the tiny seed, adds those files
and validates. A line marked ``# expect: <rule id>`` is where a problem must
be reported, and no problem may be reported anywhere else.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ONTOLOGY, ROOT, TINY_SEED
from tkgraph.validation import Report, all_rules, validate

INVALID = ROOT / "tests" / "fixtures" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())
# The OWL rule needs HermiT: tested in test_validate.py under the reasoner marker.
WITHOUT_REASONER = [case for case in CASES if not case.startswith("owl__")]
_EXPECT = re.compile(r"#\s*expect:\s*(\S+)")


def rule_id(case: str) -> str:
    return case.replace("__", "/")


def seed_with(case: str, tmp_path: Path) -> Path:
    """The tiny seed plus the broken files of one case, in a fresh folder."""
    seed = tmp_path / "seed"
    shutil.copytree(TINY_SEED, seed)
    shutil.copytree(INVALID / case, seed, dirs_exist_ok=True)
    return seed


def expected_locations(case: str) -> set[tuple[str, int, str]]:
    found = set()
    for path in sorted((INVALID / case).rglob("*.ttl")):
        relative = "seed/" + path.relative_to(INVALID / case).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if (marker := _EXPECT.search(line)) is not None:
                found.add((relative, number, marker.group(1)))
    return found


def assert_exactly(report: Report, case: str) -> None:
    assert report.rule_ids == {rule_id(case)}, report.to_text()
    assert {(p.file, p.line, p.rule_id) for p in report.problems} == expected_locations(case), (
        report.to_text()
    )
    for problem in report.problems:
        assert problem.text().startswith(f"{problem.file}:{problem.line}: ERROR [{rule_id(case)}]")


def test_every_rule_has_a_broken_fixture() -> None:
    assert {rule_id(case) for case in CASES} == {rule.id for rule in all_rules(ONTOLOGY)}


@pytest.mark.parametrize("case", CASES)
def test_fixture_marks_where_its_rule_is_reported(case: str) -> None:
    expected = expected_locations(case)
    assert expected, f"{case} has no '# expect: {rule_id(case)}' line"
    assert {rule for _, _, rule in expected} == {rule_id(case)}


@pytest.mark.parametrize("case", WITHOUT_REASONER, ids=WITHOUT_REASONER)
def test_broken_fixture_triggers_exactly_its_rule(case: str, tmp_path: Path) -> None:
    report = validate(ONTOLOGY, seed_with(case, tmp_path), reasoner=False)
    assert not report.ok
    assert_exactly(report, case)


def test_the_tiny_seed_is_clean() -> None:
    report = validate(ONTOLOGY, TINY_SEED, reasoner=False)
    assert report.problems == (), report.to_text()
    assert report.ok


# Findings that one mistake could raise under two rules are reported under one.


def test_a_bad_date_used_twice_is_reported_at_each_use(tmp_path: Path) -> None:
    seed = seed_with("shape__date-not-date", tmp_path)
    extra = seed / "actors-extra.ttl"
    extra.write_text(
        (seed / "actors.ttl").read_text().split("source:tiny a tk:Source")[0]
        + 'organization:yu a tk:RegionalOrganization ; rdfs:label "Why Union" ;\n'
        + '    tk:foundingDate "2006-02-30"^^xsd:date ; dcterms:source source:tiny .\n'
    )
    report = validate(ONTOLOGY, seed, reasoner=False)
    assert report.rule_ids == {"shape/date-not-date"}
    assert {(p.file, p.subject) for p in report.problems} == {
        (
            "seed/date-not-date.ttl",
            "https://w3id.org/tkgraph/id/participation/example-protocol.CC2",
        ),
        ("seed/actors-extra.ttl", "https://w3id.org/tkgraph/id/organization/yu"),
    }


def test_a_malformed_date_is_not_also_reported_as_out_of_order(tmp_path: Path) -> None:
    seed = seed_with("shape__consent-before-signature", tmp_path)
    broken = seed / "consent-before-signature.ttl"
    broken.write_text(
        broken.read_text().replace('"2001-06-01"^^xsd:date', '"2001-06-31"^^xsd:date')
    )
    report = validate(ONTOLOGY, seed, reasoner=False)
    # Consent dates may be a year or a month, so their own rule reports them.
    assert report.rule_ids == {"shape/date-not-day-month-or-year"}, report.to_text()


def test_an_undeclared_source_is_reported_only_as_undeclared(tmp_path: Path) -> None:
    seed = seed_with("shape__source-not-a-source", tmp_path)
    broken = seed / "source-not-a-source.ttl"
    broken.write_text(
        broken.read_text().replace("dcterms:source state:AA", "dcterms:source source:tiyn")
    )
    report = validate(ONTOLOGY, seed, reasoner=False)
    assert report.rule_ids == {"ref/undeclared-iri"}, report.to_text()
    assert "source:tiyn" in report.problems[0].message


def test_a_misspelt_consent_kind_is_reported_only_as_unknown_term(tmp_path: Path) -> None:
    seed = seed_with("shape__consent-kind-not-in-list", tmp_path)
    broken = seed / "consent-kind.ttl"
    broken.write_text(broken.read_text().replace("tk:prevention", "tk:ratificaton"))
    report = validate(ONTOLOGY, seed, reasoner=False)
    assert report.rule_ids == {"ref/unknown-term"}, report.to_text()
    assert "tk:ratificaton" in report.problems[0].message


def test_an_instrument_file_that_declares_no_instrument_is_reported_at_line_1(
    tmp_path: Path,
) -> None:
    seed = seed_with("file__instrument-slug-mismatch", tmp_path)
    broken = seed / "instruments" / "example-treaty.ttl"
    broken.write_text(
        broken.read_text().replace(
            "a tk:Convention", "a tk:Provision ; tk:provisionOf instrument:example-protocol"
        )
    )
    report = validate(ONTOLOGY, seed, reasoner=False)
    assert [(p.rule_id, p.file, p.line) for p in report.problems] == [
        ("file/instrument-slug-mismatch", "seed/instruments/example-treaty.ttl", 1)
    ]


def test_a_table_file_holds_participations_of_its_instrument_only(tmp_path: Path) -> None:
    seed = seed_with("shape__consent-kind-not-in-list", tmp_path)
    moved = seed / "consent-kind.ttl"
    (seed / "instruments").mkdir()
    text = moved.read_text().replace("tk:prevention", "tk:accession")
    (seed / "instruments" / "example-directive.untc.ttl").write_text(text)
    moved.unlink()
    report = validate(ONTOLOGY, seed, reasoner=False)
    assert [(p.rule_id, p.file, p.line) for p in report.problems] == [
        ("file/instrument-slug-mismatch", "seed/instruments/example-directive.untc.ttl", 22)
    ]
    assert "instrument:example-protocol" in report.problems[0].message


def test_a_second_value_of_a_one_value_link_is_reported_at_that_property(tmp_path: Path) -> None:
    seed = seed_with("shape__participation-incomplete", tmp_path)
    broken = seed / "participation.ttl"
    broken.write_text(
        broken.read_text().replace(
            "tk:participant state:CC ;",
            "tk:participant state:CC ;\n    tk:participationIn instrument:example-protocol, instrument:example-directive ;",
        )
    )
    report = validate(ONTOLOGY, seed, reasoner=False)
    (problem,) = report.problems
    assert (problem.rule_id, problem.line) == ("shape/participation-incomplete", 22)
    assert "2 values of tk:participationIn" in problem.message
