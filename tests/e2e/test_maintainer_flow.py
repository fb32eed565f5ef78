"""A maintainer adds an instrument as one file, validates it, and a running
server picks it up on reload; a broken file is refused and the old answers
are kept (issue 6). Real `tkgraph serve` and `tkgraph validate` subprocesses."""

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ONTOLOGY, ROOT, SEED
from tests.servers import tkgraph_server

pytestmark = pytest.mark.slow

FIXTURES = ROOT / "tests" / "fixtures" / "maintainer"
TKGRAPH = str(Path(sys.executable).with_name("tkgraph"))
TOKEN = "maintainer-test-token"
PARTIES = """{ instrument(id: "instrument:example-regional-convention") {
  label participations { totalCount }
  bindings(asOf: "2022-07-01") { nodes { actor { id } status boundFrom } } } }"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(SEED, tmp_path / "seed")
    shutil.copytree(ONTOLOGY, tmp_path / "ontology")
    return tmp_path


@pytest.fixture
def server(data: Path) -> Iterator[str]:
    args = [
        "--admin-token",
        TOKEN,
        "--ontology",
        str(data / "ontology"),
        "--seed",
        str(data / "seed"),
    ]
    with tkgraph_server(args, data) as (base, _):
        yield base


def validate(data: Path, *paths: Path) -> subprocess.CompletedProcess[str]:
    command = [TKGRAPH, "validate", "--no-reasoner", "--format", "json"]
    command += [
        "--ontology",
        str(data / "ontology"),
        "--seed",
        str(data / "seed"),
        *map(str, paths),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def reload(base: str) -> httpx.Response:
    return httpx.post(
        f"{base}/admin/reload", headers={"authorization": f"Bearer {TOKEN}"}, timeout=120
    )


def query(base: str, document: str) -> dict:
    return httpx.post(f"{base}/graphql", json={"query": document}, timeout=30).json()


def test_new_instrument_file_is_validated_reloaded_and_queried(data: Path, server: str) -> None:
    assert query(server, PARTIES)["data"]["instrument"] is None
    target = data / "seed" / "instruments" / "example-regional-convention.ttl"
    shutil.copy(FIXTURES / "example-regional-convention.ttl", target)

    checked = validate(data, target)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    response = reload(server)
    assert response.status_code == 200, response.text
    instrument = query(server, PARTIES)["data"]["instrument"]
    assert instrument["participations"]["totalCount"] == 2
    statuses = {
        b["actor"]["id"]: (b["status"], b["boundFrom"]) for b in instrument["bindings"]["nodes"]
    }
    # France ratified before entry into force: bound from 2021-01-01; Germany acceded
    # 2022-05-02: bound from the 60th day, 2022-07-01.
    assert statuses == {"state:FR": ("BOUND", "2021-01-01"), "state:DE": ("BOUND", "2022-07-01")}


def test_broken_file_is_refused_and_old_answers_kept(data: Path, server: str) -> None:
    target = data / "seed" / "instruments" / "example-regional-convention.ttl"
    shutil.copy(FIXTURES / "example-regional-convention.ttl", target)
    assert reload(server).status_code == 200
    good = query(server, PARTIES)
    version = httpx.get(f"{server}/healthz").json()["data"]["version"]

    shutil.copy(FIXTURES / "broken-label.ttl", target)
    checked = validate(data, target)
    assert checked.returncode == 1
    problems = json.loads(checked.stdout)["problems"]
    assert {p["rule"] for p in problems} == {"shape/missing-label"}
    assert problems[0]["file"].endswith("instruments/example-regional-convention.ttl")
    assert problems[0]["line"] == 18

    refused = reload(server)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "RELOAD_REFUSED"
    assert "shape/missing-label" in error["message"]
    assert query(server, PARTIES) == good
    health = httpx.get(f"{server}/healthz").json()
    assert health["status"] == "degraded"
    assert health["data"]["version"] == version
    assert "example-regional-convention.ttl:18" in health["lastReload"]["error"]

    shutil.copy(FIXTURES / "example-regional-convention.ttl", target)
    text = target.read_text().replace(
        '"Example Regional Convention against', '"Example Regional Convention (fixed) against'
    )
    target.write_text(text)
    assert reload(server).status_code == 200
    fixed = query(server, PARTIES)["data"]["instrument"]["label"]
    assert fixed == "Example Regional Convention (fixed) against Trafficking in Persons"
    assert httpx.get(f"{server}/healthz").json()["status"] == "ok"
