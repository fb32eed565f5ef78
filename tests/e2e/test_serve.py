"""End to end: the real `tkgraph serve` in a subprocess on a free loopback port."""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ONTOLOGY, TINY_SEED
from tests.servers import tkgraph_server
from tkgraph.api.cost import ARGUMENT_CHARACTER_WORK


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    args = ["--ontology", str(ONTOLOGY), "--seed", str(TINY_SEED)]
    with tkgraph_server(args, tmp_path_factory.mktemp("serve")) as (base, _):
        yield base


def test_real_server_answers_graphql(server: str) -> None:
    query = (
        """query($id: ID!, $d: Date) { instrument(id: $id) { shortName boundCount(asOf: $d) } }"""
    )
    response = httpx.post(
        f"{server}/graphql",
        json={
            "query": query,
            "variables": {"id": "instrument:example-protocol", "d": "2006-01-01"},
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"instrument": {"shortName": "Example Protocol", "boundCount": 5}}
    # three fields, and the id argument's characters
    id_work = len("instrument:example-protocol") * ARGUMENT_CHARACTER_WORK
    assert body["extensions"]["cost"]["requested"] == 3 + id_work


def test_real_server_reports_errors_in_shape(server: str) -> None:
    response = httpx.post(
        f"{server}/graphql", json={"query": '{ instrument(id: "state:AA") { label } }'}
    )
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_port_in_use_exits_3(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    tkgraph = Path(sys.executable).with_name("tkgraph")
    done = subprocess.run(
        [
            str(tkgraph),
            "serve",
            "--port",
            port,
            "--ontology",
            str(ONTOLOGY),
            "--seed",
            str(TINY_SEED),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr
    assert "cannot listen" in done.stderr
