"""`tkgraph --debug`: the traceback of an error, not only its one-line message."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ONTOLOGY
from tkgraph.cli import main


@pytest.fixture
def broken_seed(tmp_path: Path) -> Path:
    (tmp_path / "bad.ttl").write_text("<urn:a> <urn:b> .\n")
    return tmp_path


def query_args(seed: Path) -> list[str]:
    return ["query", "--ontology", str(ONTOLOGY), "--seed", str(seed), "{ __typename }"]


def test_debug_shows_the_traceback_then_the_message(broken_seed: Path) -> None:
    result = CliRunner().invoke(main, ["--debug", *query_args(broken_seed)])
    assert result.exit_code == 3
    trace, message = result.stderr.split("\nError: ", 1)
    assert trace.startswith("Traceback (most recent call last):")
    assert "tkgraph/rdf/loading.py" in trace
    assert trace.rstrip().splitlines()[-1].startswith("tkgraph.errors.SeedParseError: ")
    assert message.startswith(f"Cannot parse '{broken_seed / 'bad.ttl'}:1'")


def test_debug_shows_where_an_error_without_exception_was_reported(tmp_path: Path) -> None:
    # --workers with --admin-token is refused by the CLI itself, not raised.
    args = ["--debug", "serve", "--workers", "2", "--admin-token", "t", "--port", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert 'File "' in result.stderr and "in serve" in result.stderr
    assert "\nError: " in result.stderr


def test_without_debug_only_the_message(broken_seed: Path) -> None:
    result = CliRunner().invoke(main, query_args(broken_seed))
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: Cannot parse")
