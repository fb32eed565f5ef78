"""Differential test: the README's queries give identical answers from the
embedded store and from a real Oxigraph SPARQL server (the `oxigraph` package
from PyPI) loaded with the same bundled data."""

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from tests.conftest import ONTOLOGY, ROOT, SEED, Runner
from tkgraph.export import export
from tkgraph.loading import load
from tkgraph.remote import load_remote
from tkgraph.settings import Settings
from tkgraph.snapshot import Snapshot, snapshot_of

EXAMPLES = sorted((ROOT / "examples").glob("*.graphql"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def oxigraph_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("oxigraph")
    dump = work / "bundled.nq"
    dump.write_bytes(export(load(ONTOLOGY, SEED), "nq"))
    oxigraph = str(Path(sys.executable).with_name("oxigraph"))
    subprocess.run(
        [oxigraph, "load", "--location", str(work / "db"), "--file", str(dump)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    with (work / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [oxigraph, "serve-read-only", "--location", str(work / "db"), "--bind", f"127.0.0.1:{port}"],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        endpoint = f"http://127.0.0.1:{port}/query"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(endpoint, params={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, (work / "server.log").read_text()
            assert time.monotonic() < deadline, "oxigraph server did not start"
            time.sleep(0.1)
        yield endpoint
        server.terminate()
        server.wait(timeout=10)


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


def test_serve_with_sparql_endpoint_answers_over_http(oxigraph_endpoint: str) -> None:
    port = free_port()
    tkgraph = str(Path(sys.executable).with_name("tkgraph"))
    server = subprocess.Popen(
        [tkgraph, "serve", "--port", str(port), "--sparql-endpoint", oxigraph_endpoint],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, "tkgraph serve --sparql-endpoint exited"
            assert time.monotonic() < deadline
            time.sleep(0.2)
        query = '{ instrument(id: "instrument:tip-protocol") { boundCount(asOf: "2010-01-01") } }'
        response = httpx.post(f"{base}/graphql", json={"query": query})
        assert response.json()["data"] == {"instrument": {"boundCount": 135}}
    finally:
        server.terminate()
        server.wait(timeout=10)
