"""Bounded loopback load test of a running tkgraph server.

Mixes the README's example queries (examples/*.graphql) over N concurrent
clients for a fixed number of requests or a fixed duration, whichever comes
first, optionally reloading the data several times meanwhile. Reports errors,
p50/p99 latency, throughput and the server's memory growth, and checks that
no response mixes two data versions: every query also asks `dataVersion`, and
the body's version must equal the `Tkgraph-Data-Version` header.

    python -m bench.loadtest --url http://127.0.0.1:8000 --clients 32 --requests 20000

Only loopback addresses are accepted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
VERSION_PROBE = "dataVersion { contentHash }"


def example_queries() -> list[str]:
    """The README's queries, each also asking for the data version it was answered from."""
    queries = []
    for path in sorted(EXAMPLES.glob("*.graphql")):
        text = "\n".join(line for line in path.read_text().splitlines() if not line.startswith("#"))
        body = text.strip()
        assert body.startswith("{") and body.endswith("}"), path
        queries.append(body[:-1] + f" {VERSION_PROBE} }}")
    return queries


@dataclass
class LoadResult:
    requests: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    versions: Counter[str] = field(default_factory=Counter)
    # The TIP Protocol's short name seen under each data version: a reload test
    # changes it, so one version with two names would be a mixed response.
    short_names: dict[str, set[str]] = field(default_factory=dict)
    mixed: int = 0
    seconds: float = 0.0
    reloads: int = 0
    rss_before_kb: int | None = None
    rss_after_kb: int | None = None

    def summary(self) -> dict[str, object]:
        lat = sorted(self.latencies)

        def pct(p: float) -> float:
            return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 2) if lat else 0.0

        growth = (
            self.rss_after_kb - self.rss_before_kb
            if self.rss_after_kb is not None and self.rss_before_kb is not None
            else None
        )
        return {
            "requests": self.requests,
            "errors": sum(self.errors.values()),
            "errorKinds": dict(self.errors),
            "mixedVersions": self.mixed,
            "versionsSeen": len(self.versions),
            "reloads": self.reloads,
            "seconds": round(self.seconds, 2),
            "requestsPerSecond": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "p50ms": pct(0.50),
            "p99ms": pct(0.99),
            "meanMs": round(statistics.fmean(lat) * 1000, 2) if lat else 0.0,
            "rssBeforeMB": round(self.rss_before_kb / 1024, 1) if self.rss_before_kb else None,
            "rssGrowthMB": round(growth / 1024, 1) if growth is not None else None,
        }


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _check_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        raise SystemExit(f"refusing to load-test {host!r}: only loopback addresses are allowed")


async def run_load(
    url: str,
    clients: int,
    max_requests: int,
    max_seconds: float,
    reload: Callable[[], Awaitable[None]] | None = None,
    reloads: int = 0,
    server_pid: int | None = None,
) -> LoadResult:
    """Drive the server; stops by itself at max_requests or max_seconds."""
    _check_loopback(url)
    queries = example_queries()
    result = LoadResult(rss_before_kb=rss_kb(server_pid) if server_pid else None)
    issued = 0
    started = time.monotonic()
    deadline = started + max_seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:

        async def worker(index: int) -> None:
            nonlocal issued
            while issued < max_requests and time.monotonic() < deadline:
                query = queries[(issued + index) % len(queries)]
                issued += 1
                t0 = time.perf_counter()
                try:
                    response = await client.post("/graphql", json={"query": query})
                except httpx.HTTPError as exc:
                    result.errors[type(exc).__name__] += 1
                    continue
                result.latencies.append(time.perf_counter() - t0)
                result.requests += 1
                _check_response(response, result)

        async def reloader() -> None:
            if reload is None or reloads <= 0:
                return
            gap = max_seconds / (reloads + 1)
            for _ in range(reloads):
                await asyncio.sleep(min(gap, 1.0))
                if issued >= max_requests or time.monotonic() >= deadline:
                    return
                await reload()
                result.reloads += 1

        await asyncio.gather(reloader(), *(worker(i) for i in range(clients)))
    result.seconds = time.monotonic() - started
    result.rss_after_kb = rss_kb(server_pid) if server_pid else None
    return result


def _check_response(response: httpx.Response, result: LoadResult) -> None:
    if response.status_code != 200:
        result.errors[f"HTTP {response.status_code}"] += 1
        return
    body = response.json()
    if body.get("errors"):
        result.errors[body["errors"][0].get("extensions", {}).get("code", "ERROR")] += 1
        return
    version = body["data"]["dataVersion"]["contentHash"]
    result.versions[version] += 1
    if not version.startswith(response.headers.get("tkgraph-data-version", "?")):
        result.mixed += 1
    instrument = body["data"].get("instrument")
    if isinstance(instrument, dict) and "shortName" in instrument:
        result.short_names.setdefault(version, set()).add(instrument["shortName"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--pid", type=int, default=None, help="server pid, to report memory growth")
    args = parser.parse_args()
    result = asyncio.run(
        run_load(args.url, args.clients, args.requests, args.seconds, server_pid=args.pid)
    )
    print(json.dumps(result.summary(), indent=2))


if __name__ == "__main__":
    main()
