"""End to end: the real `tkgraph serve` in a subprocess on a free loopback port."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ONTOLOGY, TINY_SEED


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    tkgraph = Path(sys.executable).with_name("tkgraph")
    command = [str(tkgraph), "serve", "--port", str(port)]
    command += ["--ontology", str(ONTOLOGY), "--seed", str(TINY_SEED)]
    log_path = tmp_path_factory.mktemp("serve") / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=os.environ | {"PYTHONUNBUFFERED": "1"},
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
            if proc.poll() is not None:
                raise AssertionError(f"server exited: {log_path.read_text()}")
        else:
            proc.kill()
            raise AssertionError("server did not answer /healthz within 30 s")
        yield base
        proc.terminate()
        proc.wait(timeout=10)


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
    assert body["extensions"]["cost"]["requested"] == 3


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
