"""Heavy in-limit clients must not stall small queries (issue 13, item 3).

Against the real server and the bundled data: three clients loop on the
heaviest binding matrices the cost limit accepts, while one client sends small
queries (each new to the server, so each is parsed, validated and executed).
The small query's p99 with the heavy clients running must stay within 10x of
its p99 without them, or within 50 ms where that is more. Bounded: 200 small
queries per phase, 60 s at most. The figures are printed at the end of the run
(tests/conftest.py).
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import ONTOLOGY, SEED
from tests.servers import tkgraph_server

SUMMARIES: dict[str, dict[str, object]] = {}
SMALL = 200
HEAVY_CLIENTS = 3
SMALL_QUERY_FLOOR_MS = 50.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    logs = tmp_path_factory.mktemp("heavy")
    args = ["--no-validate", "--ontology", str(ONTOLOGY), "--seed", str(SEED)]
    with tkgraph_server(args, logs) as (base, _pid):
        yield base


pytestmark = pytest.mark.slow


def _ids(client: httpx.Client, field: str) -> list[str]:
    body = client.post(
        "/graphql", json={"query": f"{{ {field}(first: 200) {{ nodes {{ id }} }} }}"}
    )
    return [n["id"] for n in body.json()["data"][field]["nodes"]]


def _small_p99(client: httpx.Client, tag: str) -> tuple[float, float]:
    times = []
    for i in range(SMALL):
        # A new alias each time: not a cache hit, so parse, validation and execution run.
        query = f'{{ q{tag}{i}: actor(id: "state:FR") {{ label }} }}'
        started = time.perf_counter()
        response = client.post("/graphql", json={"query": query})
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
    times.sort()
    return times[int(len(times) * 0.99) - 1] * 1000, statistics.median(times) * 1000


def test_heavy_clients_do_not_stall_small_queries(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        actors, instruments = _ids(client, "actors"), _ids(client, "instruments")
        rows = (actors * 100)[:100]
        columns = (instruments * 100)[:100]  # 10,000 cells, the resolver's own maximum
        heavy = {
            "query": "query($a: [ID!]!, $i: [ID!]!) { m1: bindingMatrix(actors: $a, instruments: $i) { status } "
            "m2: bindingMatrix(actors: $a, instruments: $i) { status } "
            "m3: bindingMatrix(actors: $a, instruments: $i) { status } }",
            "variables": {"a": rows, "i": columns},
        }
        first = client.post("/graphql", json=heavy)
        assert first.status_code == 200 and "errors" not in first.json(), first.text[:500]
        cost = first.json()["extensions"]["cost"]["requested"]
        # Over the limit: five such matrices (110,001 each: a cell's work and its field).
        more = " ".join(
            f"m{k}: bindingMatrix(actors: $a, instruments: $i) {{ status }}" for k in (4, 5)
        )
        over = dict(heavy, query=heavy["query"][:-2] + f" {more} }}")
        refused = client.post("/graphql", json=over).json()
        assert refused["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"

        baseline_p99, baseline_p50 = _small_p99(client, "a")

        stop = threading.Event()
        heavy_done: list[float] = []
        heavy_codes: list[int] = []

        def heavy_client() -> None:
            with httpx.Client(base_url=server, timeout=60) as own:
                while not stop.is_set():
                    started = time.perf_counter()
                    # A changing date defeats the response cache: real work each time.
                    day = f"20{10 + len(heavy_done) % 10}-01-01"
                    body = dict(heavy, variables={**heavy["variables"]})
                    body["query"] = body["query"].replace(
                        "instruments: $i)", f'instruments: $i, asOf: "{day}")'
                    )
                    response = own.post("/graphql", json=body)
                    heavy_codes.append(response.status_code)
                    heavy_done.append(time.perf_counter() - started)

        threads = [threading.Thread(target=heavy_client) for _ in range(HEAVY_CLIENTS)]
        for thread in threads:
            thread.start()
        try:
            time.sleep(1.0)  # let the heavy queries get going
            loaded_p99, loaded_p50 = _small_p99(client, "b")
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
    summary = SUMMARIES["small query p99 (ms), alone vs with 3 heavy clients"] = {
        "aloneP50": round(baseline_p50, 2),
        "aloneP99": round(baseline_p99, 2),
        "loadedP50": round(loaded_p50, 2),
        "loadedP99": round(loaded_p99, 2),
        "ratio": round(loaded_p99 / baseline_p99, 2),
        "heavyQueryCost": cost,
        "heavyRequests": len(heavy_done),
        "heavyMeanS": round(statistics.mean(heavy_done), 2) if heavy_done else None,
        "heavyStatuses": sorted(set(heavy_codes)),
    }
    print(summary)
    assert heavy_done, "the heavy clients sent nothing"
    # On a quiet machine the baseline p99 is ~3 ms, and a small query can wait for
    # the GIL behind each heavy thread for one switch interval (5 ms, 3 threads):
    # the bound is 10x the baseline but never below 50 ms. The stall this test
    # guards against put the loaded p99 at 120-155 ms (heavy queries holding the
    # event loop or the collector's full passes).
    assert loaded_p99 <= max(10 * baseline_p99, SMALL_QUERY_FLOOR_MS), summary
