"""Child process: time every query kind three ways on one data set.

``python -m bench.query_bench --data bench/data/1m --out f.json [--no-rdflib]``.
Loads an rdflib Dataset of the files first (so its load time and peak RSS are
measured clean, before anything else is in memory), then the snapshot (the
service) and the dict baselines; checks that the three ways give the same
answer; then times them interleaved, round after round, and keeps the median.
rdflib calls run under a time cap (a capped call is reported as a lower
bound). A service row slower than 3x its baseline (its explained way: 10x)
is profiled with cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import signal
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

from rdflib import Dataset

from bench import baseline_binding, baseline_network
from bench.facts import read_facts
from bench.generate import ONTOLOGY_DIR
from bench.process_memory import peak_rss_mb, rss_mb
from bench.query_kinds import QUERY_KINDS, Answer, Context, QueryKind, Subjects
from bench.sparql import load_dataset
from tkgraph.rdf.vocab import iri_for_id
from tkgraph.service.snapshot import build_snapshot

# Inner loop: repeat a fast call until one sample takes at least this long.
SAMPLE_SECONDS = 0.02
SLOW_CALL_SECONDS = 1.0
CALIBRATION_CALLS = 3
# Profile a service way slower than this many times the baseline (the targets of
# issue 17: statuses and counts within 3x, full explanations within 10x) ...
PROFILE_OVER = {"service": 3.0, "explained": 10.0}
PROFILE_UNDER = 60.0  # ... when one call takes less than this many seconds


@dataclass(frozen=True)
class Limits:
    repeats: int = 7
    budget: float = 10.0  # seconds of samples per way and row, after which 3 samples do
    rdflib_cap: float = 30.0  # give up on one rdflib call after this many seconds
    cap: float = 180.0  # ... and on one service or dict call after this many


def subjects(manifest: dict[str, Any]) -> Subjects:
    probes = manifest["probes"]

    def iri(key: str) -> str:
        found = iri_for_id(probes[key]) if probes.get(key) else None
        return str(found) if found is not None else ""

    return Subjects(
        as_of=date.fromisoformat(probes["as_of"]),
        instrument_treaty=iri("instrument_treaty"),
        instrument_members=iri("instrument_members") or None,
        state=iri("state"),
        actor_a=iri("actor_a"),
        path_from=iri("path_from"),
        path_to=iri("path_to"),
    )


def load_rdflib(data: Path) -> tuple[Dataset, dict[str, float]]:
    before, started = rss_mb(), time.perf_counter()
    dataset = load_dataset(ONTOLOGY_DIR, data / "seed")
    seconds = time.perf_counter() - started
    return dataset, {
        "seconds": seconds,
        "triples": len(dataset),
        "rss_before_mb": before,
        "peak_rss_mb": peak_rss_mb(),
    }


def load_context(data: Path, dataset: Dataset | None) -> tuple[Context, dict[str, float]]:
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    snapshot = build_snapshot(ONTOLOGY_DIR, data / "seed")
    seconds["snapshot"] = time.perf_counter() - started
    started = time.perf_counter()
    facts = read_facts(snapshot.data.store)
    binding_index, net_index = baseline_binding.build(facts), baseline_network.build(facts)
    del facts
    seconds["dict_baseline"] = time.perf_counter() - started
    manifest = json.loads((data / "manifest.json").read_text())
    ctx = Context(snapshot, binding_index, net_index, dataset, subjects(manifest), {}, {})
    return ctx, seconds


class CapReachedError(Exception):
    """An rdflib call ran past the time cap."""


@contextmanager
def time_cap(seconds: float | None) -> Iterator[None]:
    if seconds is None:
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise CapReachedError

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timed(way: Callable[[], Answer], number: int) -> float:
    started = time.perf_counter()
    for _ in range(number):
        way()
    return (time.perf_counter() - started) / number


def _agree(answers: dict[str, Answer]) -> bool:
    items = list(answers.values())
    return all(
        first[key] == other[key]
        for i, first in enumerate(items)
        for other in items[i + 1 :]
        for key in first.keys() & other.keys()
    )


def _oxigraph_agrees(answers: dict[str, Answer]) -> bool | None:
    found = answers.get("oxigraph")
    reference = answers.get("service")
    if found is None or reference is None:
        return None
    return all(found[key] == reference[key] for key in found.keys() & reference.keys())


@dataclass
class _Row:
    ways: dict[str, Callable[[], Answer]]
    answers: dict[str, Answer] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    capped: dict[str, float] = field(default_factory=dict)
    samples: dict[str, list[float]] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)


def _first_calls(row: _Row, limits: Limits) -> None:
    """Get each way's answer once; calibrate the inner loop; drop ways that fail."""
    for name, way in list(row.ways.items()):
        cap = limits.rdflib_cap if name in ("rdflib", "oxigraph") else limits.cap
        started = time.perf_counter()
        try:
            with time_cap(cap):
                row.answers[name] = way()
        except CapReachedError:
            row.capped[name] = cap
        except Exception as exc:  # a way that breaks is reported, not fatal
            row.errors[name] = f"{type(exc).__name__}: {exc}"
        if name not in row.answers:
            del row.ways[name]
            continue
        first = time.perf_counter() - started
        # A call of a second or more is its own sample (warming up is noise
        # next to it); a fast one is calibrated on the fastest of the next
        # CALIBRATION_CALLS: the second question about a pair builds its status
        # timeline, and calibrating on that call alone would time the service
        # one cold call per sample against the baseline's warm loop.
        slow = first >= SLOW_CALL_SECONDS
        row.samples[name] = [first] if slow else []
        fastest = first if slow else min(_timed(way, 1) for _ in range(CALIBRATION_CALLS))
        row.numbers[name] = max(1, int(SAMPLE_SECONDS / max(fastest, 1e-7)))  # 1 when slow


def _wants_sample(taken: list[float], limits: Limits) -> bool:
    """Up to `repeats` samples; once the budget is used, 3 do (1 for a call over budget)."""
    if len(taken) >= limits.repeats:
        return False
    enough = 1 if taken and taken[0] > limits.budget else 3
    return len(taken) < enough or sum(taken) <= limits.budget


def measure(kind: QueryKind, limits: Limits) -> dict[str, Any]:
    ways = {"service": kind.service, "dict": kind.baseline, "rdflib": kind.rdflib}
    if kind.explained is not None:
        ways["explained"] = kind.explained
    if kind.oxigraph is not None:
        ways["oxigraph"] = kind.oxigraph
    row = _Row({name: way for name, way in ways.items() if way is not None})
    _first_calls(row, limits)
    names = list(row.ways)
    for round_ in range(limits.repeats):
        turn = round_ % max(1, len(names))  # rotate who goes first
        for name in names[turn:] + names[:turn]:
            taken = row.samples[name]
            if _wants_sample(taken, limits):
                taken.append(_timed(row.ways[name], row.numbers[name]))
    return {
        "key": kind.key,
        "title": kind.title,
        "note": kind.note,
        "missing": [n for n, w in ways.items() if w is None],
        "answers": row.answers,
        "errors": row.errors,
        "capped_seconds": row.capped,
        # Oxigraph is a peer, not a check: where it differs the report says why.
        "agree": _agree({n: a for n, a in row.answers.items() if n != "oxigraph"}),
        "oxigraph_agrees": _oxigraph_agrees(row.answers),
        "median_seconds": {n: statistics.median(s) for n, s in row.samples.items() if s},
        "samples": {n: len(s) for n, s in row.samples.items()},
        "inner_loop": row.numbers,
    }


def profile(way: Callable[[], Answer], number: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(max(1, number)):
        way()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(16)
    return out.getvalue()


def _reuse_rdflib(row: dict[str, Any], kind: QueryKind, done: list[dict[str, Any]]) -> None:
    source = next((r for r in done if r["key"] == kind.rdflib_from), None)
    if source is None:
        return
    for field_name in ("median_seconds", "capped_seconds", "answers"):
        if "rdflib" in source[field_name]:
            row[field_name]["rdflib"] = source[field_name]["rdflib"]
    row["agree"] = _agree({n: a for n, a in row["answers"].items() if n != "oxigraph"})
    row["note"] = f"rdflib: reused from '{kind.rdflib_from}' (same answer)"


def run(data: Path, with_rdflib: bool, limits: Limits) -> dict[str, Any]:
    dataset, rdflib_load = load_rdflib(data) if with_rdflib else (None, None)
    ctx, load_seconds = load_context(data, dataset)
    # The rdflib Dataset holds millions of objects the service would not have:
    # move everything loaded out of the collector's way so that no query pays
    # for another competitor's heap.
    gc.collect()
    gc.freeze()
    rows: list[dict[str, Any]] = []
    for factory in QUERY_KINDS:
        kind = factory(ctx)
        row = measure(kind, limits)
        _reuse_rdflib(row, kind, rows)
        times = row["median_seconds"]
        for name, over in PROFILE_OVER.items():
            way = kind.service if name == "service" else kind.explained
            if (
                way
                and "dict" in times
                and over * times["dict"] < times.get(name, 0) < PROFILE_UNDER
            ):
                row.setdefault("profiles", {})[name] = profile(way, row["inner_loop"].get(name, 1))
        rows.append(row)
    return {
        "rdflib_load": rdflib_load,
        "load_seconds": load_seconds,
        "queries": rows,
        "limits": limits.__dict__,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=Limits.repeats)
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--budget", type=float, default=Limits.budget)
    parser.add_argument("--rdflib-cap", type=float, default=Limits.rdflib_cap)
    parser.add_argument("--cap", type=float, default=Limits.cap)
    args = parser.parse_args()
    limits = Limits(args.repeats, args.budget, args.rdflib_cap, args.cap)
    result = run(args.data, not args.no_rdflib, limits)
    args.out.write_text(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
