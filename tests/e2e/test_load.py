"""Short load test in CI (issue 8): the README's queries at 32 concurrent
clients against the real server, with and without reloads. The full version
is `python -m bench.loadtest` (see bench/README.md)."""

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.loadtest import run_load
from tests.conftest import ONTOLOGY, SEED
from tests.servers import tkgraph_server

pytestmark = pytest.mark.slow

TOKEN = "load-test-token"
TIP = "instrument:tip-protocol"
# Filled by the tests, printed at the end of the run by tests/conftest.py.
SUMMARIES: dict[str, dict[str, object]] = {}
NAME_A, NAME_B = "Trafficking in Persons Protocol", "Trafficking in Persons Protocol (B)"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, Path]]:
    data = tmp_path_factory.mktemp("load")
    shutil.copytree(SEED, data / "seed")
    args = [
        "--admin-token",
        TOKEN,
        "--no-validate",
        "--ontology",
        str(ONTOLOGY),
        "--seed",
        str(data / "seed"),
    ]
    with tkgraph_server(args, data) as (base, pid):
        yield base, pid, data / "seed"


def test_load_32_clients_no_errors(server: tuple[str, int, Path]) -> None:
    base, pid, _ = server
    result = asyncio.run(
        run_load(base, clients=32, max_requests=3_000, max_seconds=60, server_pid=pid)
    )
    summary = SUMMARIES["32 clients"] = result.summary()
    assert summary["errors"] == 0, summary["errorKinds"]
    assert summary["requests"] >= 3_000 or summary["seconds"] >= 59
    assert summary["mixedVersions"] == 0


def test_reloads_under_load_fail_nothing_and_mix_nothing(server: tuple[str, int, Path]) -> None:
    base, pid, seed = server
    tip = seed / "instruments" / "tip-protocol.ttl"
    original = tip.read_text()
    names = [NAME_B, NAME_A] * 3

    async def reload() -> None:
        name = names.pop(0)
        tip.write_text(original.replace(f'tk:shortName "{NAME_A}"', f'tk:shortName "{name}"'))
        async with httpx.AsyncClient(timeout=120) as client:
            response = await client.post(
                f"{base}/admin/reload", headers={"authorization": f"Bearer {TOKEN}"}
            )
            assert response.status_code == 200, response.text

    try:
        result = asyncio.run(
            run_load(
                base,
                clients=32,
                max_requests=4_000,
                max_seconds=90,
                reload=reload,
                reloads=6,
                server_pid=pid,
            )
        )
    finally:
        tip.write_text(original)
    summary = SUMMARIES["32 clients, 6 reloads"] = result.summary()
    assert summary["errors"] == 0, summary["errorKinds"]
    assert summary["mixedVersions"] == 0
    assert result.reloads >= 2
    assert len(result.versions) >= 2, "the reloads were not seen"
    for version, seen_names in result.short_names.items():
        assert len(seen_names) == 1, (version, seen_names)
