"""The tkgraph command: exit codes and messages (click's CliRunner)."""

import json
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Graph

from tests.conftest import ONTOLOGY, TINY_SEED
from tkgraph.cli import main

DATA = ["--ontology", str(ONTOLOGY), "--seed", str(TINY_SEED)]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_query_prints_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", *DATA, '{ actor(id: "state:AA") { label } }'])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"data": {"actor": {"label": "Alphaland"}}}


def test_query_prints_coverage_warnings_on_stderr(runner: CliRunner) -> None:
    # The tiny protocol's list is as of 2020-12-31, its source as of 2024-01-01: 2025 is past both.
    doc = '{ binding(actor: "state:CC", instrument: "instrument:example-protocol", asOf: "2025-01-01") { status } }'
    result = runner.invoke(main, ["query", *DATA, doc])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"data": {"binding": {"status": "UNKNOWN"}}}
    assert "warning: DATA_PAST_COVERAGE instrument:example-protocol (2020-12-31)" in result.stderr
    inside = runner.invoke(main, ["query", *DATA, doc.replace("2025-01-01", "2019-01-01")])
    assert "warning" not in inside.stderr


def test_query_with_variables_and_stdin(runner: CliRunner) -> None:
    doc = "query($id: ID!) { actor(id: $id) { label } }"
    result = runner.invoke(main, ["query", *DATA, "-f", "-", "--var", "id=state:BB"], input=doc)
    assert json.loads(result.stdout)["data"] == {"actor": {"label": "Betaland"}}


def test_query_errors_exit_1(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", *DATA, "{ nope }"])
    assert result.exit_code == 1
    assert (
        json.loads(result.stdout)["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    )


def test_bad_variables_json_is_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", *DATA, "{ __typename }", "--variables", "{x"])
    assert result.exit_code == 2
    assert "not valid JSON" in result.output


def test_unparseable_seed_exits_3_with_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n\n<urn:a> <urn:b> .\n")
    result = runner.invoke(
        main, ["query", "--ontology", str(ONTOLOGY), "--seed", str(tmp_path), "{ __typename }"]
    )
    assert result.exit_code == 3
    assert f"{tmp_path / 'bad.ttl'}:3" in result.stderr


@pytest.mark.parametrize(
    ("suffix", "fmt"),
    [(".ttl", "turtle"), (".nt", "nt"), (".trig", "trig"), (".jsonld", "json-ld")],
)
def test_export_round_trips(runner: CliRunner, tmp_path: Path, suffix: str, fmt: str) -> None:
    out = tmp_path / f"export{suffix}"
    result = runner.invoke(main, ["export", *DATA, "-o", str(out)])
    assert result.exit_code == 0, result.output
    if suffix == ".trig":
        # pyoxigraph: rdflib's TriG parser warns about its own deprecated API.
        store = pyoxigraph.Store()
        store.load(path=str(out), format=pyoxigraph.RdfFormat.TRIG)
        assert len(list(store.named_graphs())) > 3
    else:
        graph = Graph().parse(out, format=fmt)
        assert (None, None, None) in graph
        assert len(graph) > 100


def test_export_to_stdout_needs_format(runner: CliRunner) -> None:
    result = runner.invoke(main, ["export", *DATA])
    assert result.exit_code == 2
    assert "--format" in result.output


def test_export_nt_is_deterministic(runner: CliRunner) -> None:
    first = runner.invoke(main, ["export", *DATA, "--format", "nt"]).stdout_bytes
    assert first == runner.invoke(main, ["export", *DATA, "--format", "nt"]).stdout_bytes
