"""Run the benchmark suite: ``python -m bench.run --sizes 100k,1m [--skip-http]``.

For each size: generate the data if needed (``bench/data/<size>/``), time
tkgraph's load in fresh processes, run ``bench.query_bench`` (which first
measures the rdflib load, then times every domain query three ways),
interleaving the two. Then GraphQL over HTTP on the 100k data (against a raw
Starlette endpoint, then a mixed workload at 16 and 64 connections). Writes
``bench/results/<timestamp>.json`` and ``.md`` and prints the Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.generate import DEFAULT_SEED, generate, parse_size
from bench.http_load import run_http
from bench.report import markdown

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
# Stop adding tkgraph load runs once they have taken this long in all (the
# budget is ~10 minutes at 1M); the first run always happens.
LOAD_BUDGET_SECONDS = 45.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def child(module: str, *args: str) -> dict[str, Any]:
    """Run ``python -m bench.<module> ... --out <tmp>`` and return its JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        command = [sys.executable, "-m", f"bench.{module}", *args, "--out", str(out)]
        subprocess.run(command, cwd=BENCH_DIR.parent, check=True)
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def machine() -> dict[str, Any]:
    meminfo = Path("/proc/meminfo").read_text().split() if Path("/proc/meminfo").exists() else []
    ram_kb = int(meminfo[meminfo.index("MemTotal:") + 1]) if "MemTotal:" in meminfo else 0
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "ram_gb": ram_kb / 1024 / 1024,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_start": _load(),
    }


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def bench_size(size: str, args: argparse.Namespace) -> dict[str, Any]:
    data = generate(size, args.seed)
    manifest = json.loads((data / "manifest.json").read_text())
    log(f"{size}: {manifest['seed_triples']:,} seed triples in {data}")
    with_rdflib = parse_size(size) <= parse_size(args.rdflib_up_to)
    loads: dict[str, list[dict[str, Any]]] = {"tkgraph": [], "rdflib": []}
    query_args = ["--data", str(data), "--repeats", str(args.repeats)]
    query_args += ["--rdflib-cap", str(args.rdflib_cap)]
    if not with_rdflib:
        query_args.append("--no-rdflib")
    queries: dict[str, Any] | None = None
    for turn in range(args.load_repeats):
        log(f"{size}: tkgraph load {turn + 1}")
        loads["tkgraph"].append(child("load_probe", "tkgraph", "--data", str(data)))
        if turn == 0:
            log(f"{size}: queries (rdflib load first{'' if with_rdflib else ': skipped'})")
            queries = child("query_bench", *query_args)
            if queries.get("rdflib_load"):
                loads["rdflib"].append(queries["rdflib_load"])
        if sum(run["seconds"] for run in loads["tkgraph"]) > LOAD_BUDGET_SECONDS:
            break
    with tempfile.TemporaryDirectory(prefix="tkgraph-store-") as store:
        log(f"{size}: tkgraph first start with --store-dir (parse, build, save)")
        loads["store_first"] = [child("load_probe", "tkgraph-store", *_store(data, store))]
        log(f"{size}: tkgraph restart from --store-dir")
        loads["restart"] = [child("load_probe", "tkgraph-store", *_store(data, store))]
    return {"manifest": manifest, "loads": loads, "queries": queries, "rdflib": with_rdflib}


def _store(data: Path, store: str) -> list[str]:
    return ["--data", str(data), "--store-dir", store]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1m", help="comma-separated: 100k,1m,5m")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--repeats", type=int, default=7, help="timed rounds per query")
    parser.add_argument("--load-repeats", type=int, default=3, help="tkgraph loads per size")
    parser.add_argument("--rdflib-up-to", default="1m", help="largest size rdflib runs at")
    parser.add_argument("--rdflib-cap", type=float, default=30.0, help="seconds per rdflib call")
    parser.add_argument("--http-rounds", type=int, default=5)
    parser.add_argument("--mix-requests", type=int, default=600, help="per mixed-workload run")
    parser.add_argument("--note", default="", help="a line for the report (e.g. what else ran)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    started = time.perf_counter()
    result: dict[str, Any] = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": "python -m bench.run " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "note": args.note,
        "sizes": {},
        "http": None,
    }
    for size in [s.strip().lower() for s in args.sizes.split(",") if s.strip()]:
        result["sizes"][size] = bench_size(size, args)
    if not args.skip_http:
        log("HTTP: GraphQL and raw Starlette on the 100k data")
        result["http"] = run_http(
            generate("100k", args.seed),
            rounds=args.http_rounds,
            mix_requests=args.mix_requests,
            seed=args.seed,
        )
    result["machine"]["load_end"] = _load()
    result["seconds"] = time.perf_counter() - started
    RESULTS_DIR.mkdir(exist_ok=True)
    stem = RESULTS_DIR / datetime.now().strftime("%Y-%m-%dT%H-%M-%S")
    # The raw numbers first: a report that fails to render can be redone from them.
    stem.with_suffix(".json").write_text(json.dumps(result, indent=1, default=str) + "\n")
    text = markdown(result)
    stem.with_suffix(".md").write_text(text)
    print(text)
    log(f"written {stem}.md and .json")


if __name__ == "__main__":
    main()
