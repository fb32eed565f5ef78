"""validate(): the real seed, path selection, the reasoner adapter, errors that stop it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from tests.conftest import ONTOLOGY, SEED, TINY_SEED
from tests.validation.test_rules import assert_exactly, seed_with
from tkgraph.errors import ConfigError, ReasonerUnavailableError
from tkgraph.validation import Severity, validate

STATE_AA = "https://w3id.org/tkgraph/id/state/AA"


def line_starting(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(text))


def test_the_real_seed_has_no_errors() -> None:
    report = validate(ONTOLOGY, SEED, reasoner=False)
    assert report.errors == (), report.to_text()
    assert "seed/instruments/tip-protocol.ttl" in report.files_checked
    assert "ontology/tkgraph.ttl" in report.files_checked


@pytest.mark.slow
@pytest.mark.reasoner
def test_the_real_seed_is_consistent_for_hermit() -> None:
    report = validate(ONTOLOGY, SEED)
    assert report.errors == (), report.to_text()


@pytest.mark.reasoner
def test_hermit_finds_a_node_in_two_disjoint_classes(tmp_path: Path) -> None:
    report = validate(ONTOLOGY, seed_with("owl__inconsistent", tmp_path))
    assert_exactly(report, "owl__inconsistent")
    assert "tk:State and tk:Organization" in report.problems[0].message


def two_broken_files(tmp_path: Path) -> Path:
    """The tiny seed plus a state without label (a.ttl) and one without source (sub/b.ttl)."""
    seed = seed_with("shape__missing-label", tmp_path)
    (seed / "missing-label.ttl").rename(seed / "a.ttl")
    (seed / "sub").mkdir()
    shutil.copy(
        seed_with("shape__missing-source", tmp_path / "other") / "missing-source.ttl",
        seed / "sub" / "b.ttl",
    )
    (seed / "sub" / "b.ttl").write_text((seed / "sub" / "b.ttl").read_text().replace("ZZ", "YY"))
    return seed


def test_paths_select_the_problems_reported(tmp_path: Path) -> None:
    seed = two_broken_files(tmp_path)
    everything = validate(ONTOLOGY, seed, reasoner=False)
    assert {p.file for p in everything.problems} == {"seed/a.ttl", "seed/sub/b.ttl"}

    only_a = validate(ONTOLOGY, seed, [seed / "a.ttl"], reasoner=False)
    assert [(p.file, p.rule_id) for p in only_a.problems] == [("seed/a.ttl", "shape/missing-label")]
    assert only_a.files_checked == ("seed/a.ttl",)

    folder = validate(ONTOLOGY, seed, [seed / "sub"], reasoner=False)
    assert [(p.file, p.rule_id) for p in folder.problems] == [
        ("seed/sub/b.ttl", "shape/missing-source")
    ]


def test_no_paths_means_every_file(tmp_path: Path) -> None:
    seed = two_broken_files(tmp_path)
    assert validate(ONTOLOGY, seed, [], reasoner=False) == validate(ONTOLOGY, seed, reasoner=False)
    assert len(validate(ONTOLOGY, seed, [], reasoner=False).problems) == 2


def test_a_clean_file_validates_clean_even_if_others_have_problems(tmp_path: Path) -> None:
    seed = two_broken_files(tmp_path)
    report = validate(ONTOLOGY, seed, [seed / "example-protocol.ttl"], reasoner=False)
    assert report.ok and report.problems == ()


def test_references_are_resolved_across_files_when_one_file_is_selected(tmp_path: Path) -> None:
    # example-directive.ttl uses state:DD and organization:xu, declared in actors.ttl.
    seed = tmp_path / "seed"
    shutil.copytree(TINY_SEED, seed)
    report = validate(ONTOLOGY, seed, [seed / "example-directive.ttl"], reasoner=False)
    assert report.problems == ()
    (seed / "actors.ttl").unlink()
    report = validate(ONTOLOGY, seed, [seed / "example-directive.ttl"], reasoner=False)
    assert "ref/undeclared-iri" in report.rule_ids
    assert {p.file for p in report.problems} == {"seed/example-directive.ttl"}


def test_a_parse_error_elsewhere_is_reported_whatever_the_selection(tmp_path: Path) -> None:
    seed = seed_with("file__parse-error", tmp_path)
    report = validate(ONTOLOGY, seed, [seed / "actors.ttl"], reasoner=False)
    assert [(p.rule_id, p.file, p.line) for p in report.problems] == [
        ("file/parse-error", "seed/broken.ttl", 21)
    ]
    assert not report.ok


def test_a_file_outside_the_data_set_is_validated_with_it(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(TINY_SEED, seed)
    draft = tmp_path / "drafts" / "zedland.ttl"
    draft.parent.mkdir()
    shutil.copy(seed_with("shape__missing-label", tmp_path / "x") / "missing-label.ttl", draft)
    report = validate(ONTOLOGY, seed, [draft], reasoner=False)
    assert [(p.rule_id, p.file, p.line) for p in report.problems] == [
        ("shape/missing-label", draft.as_posix(), 19)
    ]
    assert validate(ONTOLOGY, seed, reasoner=False).problems == ()


def test_a_path_that_does_not_exist_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        validate(ONTOLOGY, TINY_SEED, [tmp_path / "nowhere.ttl"], reasoner=False)


def test_missing_shapes_are_a_config_error(tmp_path: Path) -> None:
    ontology = tmp_path / "ontology"
    ontology.mkdir()
    shutil.copy(ONTOLOGY / "tkgraph.ttl", ontology)
    with pytest.raises(ConfigError, match="No SHACL shapes"):
        validate(ontology, TINY_SEED, reasoner=False)


def test_the_loader_does_not_read_the_shapes() -> None:
    from tkgraph.rdf.loading import data_files

    assert all("shapes" not in f.relative for f in data_files(ONTOLOGY, TINY_SEED))


class FakeChecker:
    def __init__(self, answer: list[str]) -> None:
        self.answer = answer
        self.graphs: list[Graph] = []

    def __call__(self, graph: Graph) -> list[str]:
        self.graphs.append(graph)
        return self.answer


def test_the_checker_gets_ontology_and_seed_in_one_graph() -> None:
    checker = FakeChecker([])
    assert validate(ONTOLOGY, TINY_SEED, consistency_checker=checker).ok
    (graph,) = checker.graphs
    subjects = {str(s) for s in graph.subjects()}
    assert STATE_AA in subjects
    assert "https://w3id.org/tkgraph/ontology#State" in subjects


def test_an_inconsistency_is_reported_at_the_node_it_names() -> None:
    checker = FakeChecker(["state:AA is both tk:State and tk:Organization, which are disjoint."])
    report = validate(ONTOLOGY, TINY_SEED, consistency_checker=checker)
    (problem,) = report.problems
    assert (problem.rule_id, problem.file, problem.line, problem.subject) == (
        "owl/inconsistent",
        "seed/actors.ttl",
        line_starting(TINY_SEED / "actors.ttl", "state:AA a tk:State"),
        STATE_AA,
    )
    assert "state:AA is both tk:State and tk:Organization" in problem.message
    assert problem.severity is Severity.ERROR


def test_an_inconsistency_naming_no_node_is_reported_on_the_ontology() -> None:
    checker = FakeChecker(["HermiT finds the data inconsistent."])
    report = validate(ONTOLOGY, TINY_SEED, [TINY_SEED / "actors.ttl"], consistency_checker=checker)
    (problem,) = report.problems
    assert (problem.file, problem.line, problem.subject) == ("ontology/tkgraph.ttl", 1, None)
    assert problem.message.startswith("The data set is inconsistent")


def test_no_reasoner_means_the_checker_is_not_called() -> None:
    checker = FakeChecker(["state:AA is wrong."])
    assert validate(ONTOLOGY, TINY_SEED, reasoner=False, consistency_checker=checker).ok
    assert checker.graphs == []


def test_a_reasoner_that_cannot_start_stops_validation() -> None:
    def no_java(graph: Graph) -> list[str]:
        raise ReasonerUnavailableError("No Java.", "Install a JRE or pass --no-reasoner.")

    with pytest.raises(ReasonerUnavailableError):
        validate(ONTOLOGY, TINY_SEED, consistency_checker=no_java)
