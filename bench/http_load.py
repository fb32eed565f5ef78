"""GraphQL over HTTP against a raw Starlette endpoint serving the same records.

Starts ``bench.http_server`` (real uvicorn, loopback) and drives each endpoint
with a small asyncio HTTP/1.1 client (keep-alive connections, requests built
before the clock starts), a fixed number of requests per run at a fixed
concurrency, so each run stops by itself. GraphQL and raw alternate, round
after round; the table keeps the median of each and of the per-round ratios.

Cases, each sent first time and repeated:
- tiny: ``{ <alias>: instrument(id: ...) { label shortName } }``;
- 200-item list: 200 participations of one instrument with their participant;
- cooperation: the partners of one actor with every piece of evidence (first
  time only: the p50 is the figure the issue sets a target for).
"First time" puts a new alias ``q<n>`` in every request, so the service's
response cache and strawberry's parser and validation caches all miss (the
raw endpoint gets the same alias and echoes it); "repeated" sends one
document again and again (cache hit).

The 200-item list is also sent "not cached": one document, the instrument
passed as ``$id``, and the variables of every request carry a different
``request`` number that the document does not declare (GraphQL ignores it).
The response cache is keyed by the variables, so it misses every time, while
the parser and validation caches hit: the cost of executing the list, as for
a page that asks many different instruments.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvloop

from bench.http_client import post_request, progress, read_response
from bench.http_mix import mix_bench

BENCH_DIR = Path(__file__).resolve().parent
TINY = '{ %s: instrument(id: "%s") { label shortName } }'
LIST_SELECTION = (
    "participations(first: 200) { totalCount "
    "edges { node { id consentKind consentDate signatureDate participant { id label } } } }"
)
LIST = '{ %s: instrument(id: "%s") { ' + LIST_SELECTION + " } }"
LIST_BY_VARIABLE = "query List($id: ID!) { instrument(id: $id) { " + LIST_SELECTION + " } }"


COOPERATION = (
    '{ %s: cooperation(actor: "%s") { partner { id } evidenceCount '
    "evidence { kind via { id } startDate endDate } } }"
)
# Minimum GraphQL/raw throughput ratios (issue 17's done-when).
TARGETS = {"tiny_first": 0.25, "tiny_repeated": 0.5, "list_uncached": 0.25, "list_repeated": 0.5}
Body = Callable[[int], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    key: str
    title: str
    requests: int  # per run
    graphql: Body  # i-th request body
    raw_path: str
    raw: Body
    target: float | None  # minimum GraphQL/raw throughput ratio


def _first(i: int) -> str:
    return f"q{i}"  # a new alias per request: every cache misses


def _same(i: int) -> str:
    return "instrument"


def _graphql_body(doc: str, alias: Callable[[int], str], instrument: str) -> Body:
    return lambda i: {"query": doc % (alias(i), instrument)}


def _raw_body(alias: Callable[[int], str], instrument: str) -> Body:
    return lambda i: {"id": instrument, "alias": alias(i)}


def _uncached_list_body(instrument: str) -> Body:
    return lambda i: {"query": LIST_BY_VARIABLE, "variables": {"id": instrument, "request": i}}


def cases(instrument: str, actor: str, tiny_requests: int, list_requests: int) -> list[Case]:
    """Each document first time and repeated, the list also not cached; the raw
    endpoint echoes the alias. Then the cooperation of one actor, first time."""
    found = []
    for key, doc, path, what in (
        ("tiny", TINY, "/raw/instrument", "tiny query"),
        ("list", LIST, "/raw/participations", "200-item list (participations + participant)"),
    ):
        for when, alias, title in (
            ("first", _first, "first time (cache miss)"),
            ("repeated", _same, "repeated (cache hit)"),
        ):
            first_list = key == "list" and when == "first"
            found.append(
                Case(
                    f"{key}_{when}",
                    f"{what}, {title}",
                    list_requests if first_list else tiny_requests,
                    _graphql_body(doc, alias, instrument),
                    path,
                    _raw_body(alias, instrument),
                    TARGETS.get(f"{key}_{when}"),
                )
            )
    found.insert(
        3,
        Case(
            "list_uncached",
            "200-item list, not cached (same document, a new variable value per request)",
            list_requests,
            _uncached_list_body(instrument),
            "/raw/participations",
            _raw_body(_same, instrument),
            TARGETS["list_uncached"],
        ),
    )
    found.append(
        Case(
            "cooperation_first",
            "cooperation(actor:) with evidence, first time (cache miss)",
            list_requests,
            _graphql_body(COOPERATION, _first, actor),
            "/raw/cooperation",
            _raw_body(_first, actor),
            None,
        )
    )
    return found


@dataclass(frozen=True)
class RunStats:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


async def drive(port: int, requests: list[bytes], concurrency: int) -> RunStats:
    """Send every request once over `concurrency` keep-alive connections."""
    pending: Iterator[bytes] = iter(requests)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for request in pending:
                started = time.perf_counter()
                writer.write(request)
                status, _ = await read_response(reader)
                latencies.append(time.perf_counter() - started)
                statuses[status] += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return RunStats(
        rps=len(latencies) / elapsed,
        p50_ms=1000 * latencies[len(latencies) // 2],
        p99_ms=1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        errors=sum(n for status, n in statuses.items() if status != 200),
    )


async def _answer(port: int, request: bytes) -> Any:
    """Status and ``data`` of one response (the service adds ``extensions``, e.g. cost)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    status, body = await read_response(reader)
    writer.close()
    return status, json.loads(body).get("data")


class _Sides:
    """Builds the requests of one case for both endpoints; numbers never repeat."""

    def __init__(self, ports: dict[str, int], counter: Iterator[int]) -> None:
        self.ports, self.counter = ports, counter

    def build(self, case: Case, count: int) -> dict[str, list[bytes]]:
        numbers = [next(self.counter) for _ in range(count)]
        gql, raw = self.ports["graphql"], self.ports["raw"]
        return {
            "graphql": [post_request(gql, "/graphql", case.graphql(i)) for i in numbers],
            "raw": [post_request(raw, case.raw_path, case.raw(i)) for i in numbers],
        }


def _summary(runs: list[RunStats]) -> dict[str, float]:
    return {
        "rps": statistics.median(r.rps for r in runs),
        "p50_ms": statistics.median(r.p50_ms for r in runs),
        "p99_ms": statistics.median(r.p99_ms for r in runs),
        "errors": sum(r.errors for r in runs),
    }


async def bench(
    ports: dict[str, int], all_cases: list[Case], rounds: int, concurrency: int
) -> list[dict[str, Any]]:
    sides = _Sides(ports, itertools.count())
    results = []
    for case in all_cases:
        progress(f"HTTP: {case.title}")
        check = sides.build(case, 1)
        answers = {side: await _answer(ports[side], check[side][0]) for side in check}
        for side, requests in sides.build(case, min(200, case.requests)).items():
            await drive(ports[side], requests, concurrency)  # warm-up
        runs: dict[str, list[RunStats]] = {"graphql": [], "raw": []}
        for round_ in range(rounds):
            batch = sides.build(case, case.requests)
            for side in ("graphql", "raw") if round_ % 2 == 0 else ("raw", "graphql"):
                runs[side].append(await drive(ports[side], batch[side], concurrency))
        ratios = [g.rps / r.rps for g, r in zip(runs["graphql"], runs["raw"], strict=True)]
        results.append(
            {
                "key": case.key,
                "title": case.title,
                "requests": case.requests,
                "same_answer": answers["graphql"] == answers["raw"],
                "graphql": _summary(runs["graphql"]),
                "raw": _summary(runs["raw"]),
                "ratio": statistics.median(ratios),
                "target": case.target,
            }
        )
    return results


@contextmanager
def servers(data: Path) -> Iterator[dict[str, int]]:
    """Run bench.http_server for `data`; yield its ports; stop it (close its stdin)."""
    command = [sys.executable, "-m", "bench.http_server", "--data", str(data)]
    proc = subprocess.Popen(
        command, cwd=BENCH_DIR.parent, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"bench.http_server exited with {proc.wait()} before listening")
        yield json.loads(line)
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run_http(
    data: Path,
    rounds: int = 5,
    concurrency: int = 16,
    tiny_requests: int = 2000,
    list_requests: int = 150,
    mix_requests: int = 1000,
    mix_levels: tuple[int, ...] = (16, 64),
    seed: int = 1,
) -> dict[str, Any]:
    manifest = json.loads((data / "manifest.json").read_text())
    instrument = manifest["probes"]["instrument_treaty"]
    actor = manifest["probes"]["actor_a"]
    with servers(data) as ports:
        found = uvloop.run(
            bench(
                ports, cases(instrument, actor, tiny_requests, list_requests), rounds, concurrency
            )
        )
        mix = uvloop.run(
            mix_bench(ports["graphql"], mix_requests, max(1, rounds // 2), mix_levels, seed)
        )
    return {
        "data": data.name,
        "instrument": instrument,
        "rounds": rounds,
        "concurrency": concurrency,
        "cases": found,
        "mix": mix,
    }
