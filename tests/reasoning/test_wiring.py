"""Reasoning wired into loading and the CLI: inferred triples in their own graph."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ONTOLOGY, TINY_SEED
from tkgraph.cli import main
from tkgraph.rdf.vocab import INFERRED_GRAPH
from tkgraph.service.snapshot import build_snapshot_for
from tkgraph.settings import Settings
from tkgraph.web.sparql import run_query

pytestmark = pytest.mark.reasoner


def test_snapshot_with_reasoning_keeps_inferred_apart(tmp_path: Path) -> None:
    settings = Settings(
        ontology_dir=ONTOLOGY, seed_dir=TINY_SEED, reasoning=True, reasoning_cache_dir=tmp_path
    )
    snapshot = build_snapshot_for(settings)
    assert list(tmp_path.glob("*.nt")), "the inferred triples were not cached"
    ask = f"""ASK {{ GRAPH <{INFERRED_GRAPH}> {{
        <https://w3id.org/tkgraph/id/organization/xu> <https://w3id.org/tkgraph/ontology#hasPart>
        <https://w3id.org/tkgraph/id/organization/xu-agency> }} }}"""
    assert b'"boolean": true' in run_query(snapshot.data.store, ask, "", 30, 10).body
    # The read model holds asserted facts only.
    graphs = {g for gs in snapshot.model.graphs_by_subject.values() for g in gs}
    assert str(INFERRED_GRAPH) not in graphs
    asserted_only = f"ASK {{ GRAPH ?g {{ ?s <https://w3id.org/tkgraph/ontology#hasPart> ?o }} FILTER(?g != <{INFERRED_GRAPH}>) }}"
    assert b'"boolean": false' in run_query(snapshot.data.store, asserted_only, "", 30, 10).body


def test_reason_command_reports_and_caches(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "reason",
            "--ontology",
            str(ONTOLOGY),
            "--seed",
            str(TINY_SEED),
            "--cache-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Consistent." in result.output
    assert len(list(tmp_path.glob("*.nt"))) == 1


def test_reason_command_names_inconsistent_individuals(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "bad.ttl").write_text(
        "@prefix tk: <https://w3id.org/tkgraph/ontology#> .\n"
        "<https://w3id.org/tkgraph/id/state/QQ> a tk:State, tk:Organization .\n"
    )
    result = CliRunner().invoke(
        main,
        ["reason", "--ontology", str(ONTOLOGY), "--seed", str(seed), "--cache-dir", str(tmp_path)],
    )
    assert result.exit_code == 1
    assert "state:QQ" in result.output or "state/QQ" in result.output
