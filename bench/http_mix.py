"""A realistic mixed workload against the real service (uvicorn, loopback).

What the atlas and map pages and a researcher's scripts send, in fixed
proportions (``MIX``): the pages themselves, the atlas's selects and
``/export/...`` tables (bindings, members, timeline), the map's
``relationshipMap``, node and edge documents, ``binding`` and ``cooperation``
documents and CSV downloads. Subjects and dates are drawn with a seeded
random from the data's instruments, states and organisations (asked once
over GraphQL before the clock starts), so most requests differ and the
response cache answers only the ones that repeat, as with real users.

Every response of a check pass over a warm-up list (4 connections; a request
that fails is sent again alone) must be a 200 (and a GraphQL body without
``errors``) before anything is timed. Then each timed run (16 and 64
keep-alive connections, round after round) sends a list of its own, drawn
with the next seed: replaying the checked list would time the response cache
alone. The report gives, per level, the share of requests sent before (by the
check pass or an earlier run, so possibly cached), and keeps the medians of
throughput, p50 and p99, overall and per kind of request, and counts the
responses that were not answers (HTTP status or GraphQL error: the service
sheds load with 503 BUSY or times out).
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from bench.http_client import post_request, progress, read_response

CHECK_CONCURRENCY = 4
DATES = [date(year, 1, 1).isoformat() for year in (1995, 2005, 2010, 2015, 2020)]
SELECTS = """{
  instruments(first: 200) { nodes { id label shortName binding } }
  organizations: actors(kind: ["InternationalOrganization", "RegionalOrganization", "REIO",
    "CoordinationBody"], first: 200) { nodes { id label shortName } }
}"""
STATES = '{ actors(kind: ["State"], first: 200) { nodes { id } } }'
MAP = """query Map($focus: [ID!]!, $asOf: Date, $budget: Int!) {
  relationshipMap(focus: $focus, depth: 1, asOf: $asOf, budget: $budget) { truncated cytoscape }
}"""
EDGE = """query Edge($ends: [ID!]!, $asOf: Date) {
  relationshipMap(focus: $ends, depth: 0, asOf: $asOf, budget: 2) {
    edges { id evidence { id label sources { title address asOf isSecondary } } }
  }
}"""
NODE = """query Node($id: ID!) {
  node(id: $id) {
    __typename id label types note verification
    sources { title address asOf isSecondary }
    ... on Actor { kind shortName foundingDate seat }
    ... on Instrument { kind shortName adoptionDate entryIntoForce
      figures { label value unit asOf sources { title address } } }
  }
}"""
BINDING = """query Binding($actor: ID!, $instrument: ID!, $asOf: Date) {
  instrument(id: $instrument) { boundCount(asOf: $asOf) }
  binding(actor: $actor, instrument: $instrument, asOf: $asOf) {
    status boundFrom entryIntoForceBasis reason
    premises { role statement node { id sources { title } } }
  }
}"""
COOPERATION = """query Cooperation($actor: ID!) {
  cooperation(actor: $actor) {
    partner { id label }
    evidence { kind via { id label } roles partnerRoles startDate records { sources { title } } }
  }
}"""


@dataclass(frozen=True)
class Subjects:
    instruments: list[str]
    states: list[str]
    organizations: list[str]


# Method, path and (for POST) the JSON body of one request.
Request = tuple[str, str, dict[str, Any] | None]
Builder = Callable[[Subjects, random.Random], Request]


def _get(path: str, params: dict[str, str]) -> Request:
    return "GET", f"{path}?{urlencode(params)}" if params else path, None


def _graphql(query: str, variables: dict[str, Any]) -> Request:
    return "POST", "/graphql", {"query": query, "variables": variables}


# Kind of request -> (weight, builder of one request).
MIX: dict[str, tuple[int, Builder]] = {
    "atlas page": (1, lambda s, r: _get("/atlas", {})),
    "atlas selects": (1, lambda s, r: _graphql(SELECTS, {})),
    "atlas bindings.json": (
        4,
        lambda s, r: _get(
            "/export/bindings.json",
            {"instrument": r.choice(s.instruments), "asOf": r.choice(DATES)},
        ),
    ),
    "atlas members.json": (
        2,
        lambda s, r: _get(
            "/export/members.json",
            {"organization": r.choice(s.organizations), "asOf": r.choice(DATES)},
        ),
    ),
    "atlas timeline.json": (
        1,
        lambda s, r: _get("/export/timeline.json", {"instrument": r.choice(s.instruments)}),
    ),
    "map page": (1, lambda s, r: _get("/map", {})),
    "map relationshipMap": (
        3,
        lambda s, r: _graphql(
            MAP,
            {
                "focus": [r.choice(s.organizations + s.states)],
                "asOf": r.choice(DATES),
                "budget": 200,
            },
        ),
    ),
    "map node": (
        2,
        lambda s, r: _graphql(NODE, {"id": r.choice(s.instruments + s.states + s.organizations)}),
    ),
    "map edge": (
        1,
        lambda s, r: _graphql(
            EDGE, {"ends": [r.choice(s.states), r.choice(s.organizations)], "asOf": None}
        ),
    ),
    "binding": (
        3,
        lambda s, r: _graphql(
            BINDING,
            {
                "actor": r.choice(s.states),
                "instrument": r.choice(s.instruments),
                "asOf": r.choice(DATES),
            },
        ),
    ),
    "cooperation": (
        2,
        lambda s, r: _graphql(COOPERATION, {"actor": r.choice(s.organizations + s.states)}),
    ),
    "cooperation.csv": (
        1,
        lambda s, r: _get("/export/cooperation.csv", {"actor": r.choice(s.organizations)}),
    ),
    "participations.csv": (
        1,
        lambda s, r: _get("/export/participations.csv", {"instrument": r.choice(s.instruments)}),
    ),
}


def _get_request(port: int, path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


def workload(port: int, subjects: Subjects, count: int, seed: int) -> list[tuple[str, bytes]]:
    """`count` requests (kind, bytes), drawn with the weights of MIX."""
    rng = random.Random(seed)
    kinds = list(MIX)
    weights = [MIX[k][0] for k in kinds]
    found = []
    for kind in rng.choices(kinds, weights, k=count):
        _, path, body = MIX[kind][1](subjects, rng)
        found.append(
            (
                kind,
                post_request(port, path, body) if body is not None else _get_request(port, path),
            )
        )
    return found


async def _post(port: int, body: dict[str, Any]) -> Any:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(post_request(port, "/graphql", body))
    status, payload = await read_response(reader)
    writer.close()
    if status != 200:
        raise RuntimeError(f"discovery query failed with HTTP {status}: {payload[:300]!r}")
    return json.loads(payload)["data"]


async def discover(port: int) -> Subjects:
    """The instruments, states and organisations the pages would offer."""
    selects = await _post(port, {"query": SELECTS})
    states = await _post(port, {"query": STATES})
    return Subjects(
        instruments=[n["id"] for n in selects["instruments"]["nodes"]],
        states=[n["id"] for n in states["actors"]["nodes"]],
        organizations=[n["id"] for n in selects["organizations"]["nodes"]],
    )


def _failure(status: int, body: bytes, request: bytes) -> str | None:
    """Why a response is not an answer (HTTP status or GraphQL error code), or None."""
    if status != 200:
        return f"HTTP {status}"
    if request.startswith(b"POST") and b'"errors"' in body:
        errors = json.loads(body).get("errors") or []
        if errors:
            return str(errors[0].get("extensions", {}).get("code", "ERROR"))
    return None


@dataclass
class MixRun:
    seconds: float
    latencies: dict[str, list[float]]
    failures: dict[str, int]  # "kind: why" -> count
    failed: list[tuple[str, bytes]]


async def drive_mix(port: int, requests: list[tuple[str, bytes]], concurrency: int) -> MixRun:
    """Send every request once over `concurrency` keep-alive connections."""
    pending: Iterator[tuple[str, bytes]] = iter(requests)
    latencies: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    failed: list[tuple[str, bytes]] = []

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for kind, request in pending:
                started = time.perf_counter()
                writer.write(request)
                status, body = await read_response(reader)
                latencies[kind].append(time.perf_counter() - started)
                if why := _failure(status, body, request):
                    failures[f"{kind}: {why}"] += 1
                    failed.append((kind, request))
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return MixRun(time.perf_counter() - started, dict(latencies), dict(failures), failed)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def _summary(runs: list[MixRun]) -> dict[str, Any]:
    every = [[x for found in run.latencies.values() for x in found] for run in runs]
    kinds = sorted({k for run in runs for k in run.latencies})
    return {
        "rps": statistics.median(
            len(lat) / run.seconds for lat, run in zip(every, runs, strict=True)
        ),
        "p50_ms": statistics.median(_percentile(lat, 0.5) for lat in every),
        "p99_ms": statistics.median(_percentile(lat, 0.99) for lat in every),
        "errors": sum(sum(run.failures.values()) for run in runs),
        "failures": {
            why: sum(run.failures.get(why, 0) for run in runs)
            for why in sorted({why for run in runs for why in run.failures})
        },
        "kinds": {
            kind: {
                "p50_ms": statistics.median(
                    _percentile(run.latencies[kind], 0.5) for run in runs if kind in run.latencies
                ),
                "p99_ms": statistics.median(
                    _percentile(run.latencies[kind], 0.99) for run in runs if kind in run.latencies
                ),
            }
            for kind in kinds
        },
    }


async def mix_bench(
    port: int, requests_per_run: int, rounds: int, levels: tuple[int, ...], seed: int
) -> dict[str, Any]:
    subjects = await discover(port)
    requests = workload(port, subjects, requests_per_run, seed)
    counts: dict[str, int] = defaultdict(int)
    for kind, _ in requests:
        counts[kind] += 1
    # The check pass, at a concurrency the server handles without shedding
    # load, also warms it up (code paths, and the response cache with what
    # it sent, as a running service would have it).
    checked = await drive_mix(port, requests, CHECK_CONCURRENCY)
    # On a loaded machine even 4 connections can meet a timeout: a request
    # that fails again when sent alone is a wrong request, not a slow one.
    alone = await drive_mix(port, checked.failed, 1) if checked.failed else checked
    if alone.failures:
        raise RuntimeError(f"mixed workload: requests fail before timing: {alone.failures}")
    sent = {request for _, request in requests}
    results: dict[int, list[MixRun]] = {level: [] for level in levels}
    seen_before: dict[int, list[float]] = {level: [] for level in levels}
    run_seed = seed
    for round_ in range(rounds):
        for level in levels:
            progress(f"HTTP: mixed workload, round {round_ + 1}, {level} connections")
            run_seed += 1
            fresh = workload(port, subjects, requests_per_run, run_seed)
            seen_before[level].append(sum(r in sent for _, r in fresh) / len(fresh))
            sent.update(r for _, r in fresh)
            results[level].append(await drive_mix(port, fresh, level))
    return {
        "requests": requests_per_run,
        "rounds": rounds,
        "distinct": len({request for _, request in requests}),
        "counts": dict(counts),
        "subjects": {k: len(v) for k, v in subjects.__dict__.items()},
        "levels": {
            str(level): _summary(runs) | {"seenBefore": statistics.mean(seen_before[level])}
            for level, runs in results.items()
        },
    }
