"""Differential test: the README's queries give identical answers from the
embedded store and from a real Oxigraph SPARQL server (the `oxigraph` package
from PyPI) loaded with the same bundled data."""

import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from tests.conftest import ONTOLOGY, ROOT, SEED, Runner
from tests.servers import OXIGRAPH, free_port, running, tkgraph_server
from tkgraph.rdf.export import export
from tkgraph.rdf.loading import load
from tkgraph.rdf.remote import load_remote
from tkgraph.service.snapshot import Snapshot, snapshot_of
from tkgraph.settings import Settings

EXAMPLES = sorted((ROOT / "examples").glob("*.graphql"))


@pytest.fixture(scope="module")
def oxigraph_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("oxigraph")
    dump = work / "bundled.nq"
    dump.write_bytes(export(load(ONTOLOGY, SEED), "nq"))
    subprocess.run(
        [OXIGRAPH, "load", "--location", str(work / "db"), "--file", str(dump)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}/query"
    command = [
        OXIGRAPH,
        "serve-read-only",
        "--location",
        str(work / "db"),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    with running(command, f"{endpoint}?query=ASK%7B%7D", work / "server.log"):
        yield endpoint


def test_examples_found() -> None:
    assert len(EXAMPLES) >= 8


@pytest.fixture(scope="module")
def remote(oxigraph_endpoint: str) -> Snapshot:
    return snapshot_of(load_remote(oxigraph_endpoint))


def test_remote_snapshot_holds_the_same_quads(remote: Snapshot, real: Snapshot) -> None:
    assert remote.data.triple_count == real.data.triple_count
    assert {str(q) for q in remote.data.store} == {str(q) for q in real.data.store}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_readme_query_same_answer_embedded_and_remote(
    remote: Snapshot, real: Snapshot, example: Path
) -> None:
    settings = Settings(ontology_dir=ONTOLOGY, seed_dir=SEED)
    today = date(2026, 1, 1)
    document = example.read_text()
    assert Runner(remote, settings, today)(document) == Runner(real, settings, today)(document)


def test_serve_with_sparql_endpoint_answers_over_http(
    oxigraph_endpoint: str, tmp_path: Path
) -> None:
    with tkgraph_server(["--sparql-endpoint", oxigraph_endpoint], tmp_path) as (base, _):
        query = '{ instrument(id: "instrument:tip-protocol") { boundCount(asOf: "2010-01-01") } }'
        response = httpx.post(f"{base}/graphql", json={"query": query})
        assert response.json()["data"] == {"instrument": {"boundCount": 135}}
