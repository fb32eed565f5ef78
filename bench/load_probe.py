"""Child process: load one data set with one loader and report time and peak RSS.

``python -m bench.load_probe tkgraph|tkgraph-store|rdflib --data bench/data/1m --out f.json``.
``tkgraph-store --store-dir DIR`` starts as ``tkgraph serve --store-dir DIR``
does: the first time it parses into DIR and saves the read model (with the
status timelines) beside it; the next time it is a restart that loads them.
Run in a fresh process per measurement so that the peak RSS is this loader's
alone. Imports happen before the clock starts; their memory is reported as
``rss_before_mb`` and is part of the peak, as it is for a real server.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generate import ONTOLOGY_DIR
from bench.process_memory import peak_rss_mb, rss_mb
from bench.sparql import load_dataset
from tkgraph.service.snapshot import Snapshot, build_snapshot
from tkgraph.settings import Settings
from tkgraph.web.app import create_app

# The parse / read model split needs build_snapshot's two halves; should a
# change of the load path remove them, the probe times build_snapshot whole.
try:
    from tkgraph.rdf.loading import load
    from tkgraph.service.snapshot import snapshot_of
except ImportError:
    has_split = False
else:
    has_split = True


def _snapshot(seed: Path, seconds: dict[str, float | None]) -> Snapshot:
    started = time.perf_counter()
    if not has_split:
        snapshot = build_snapshot(ONTOLOGY_DIR, seed)
        seconds |= {"parse_seconds": None, "model_seconds": None}
        return snapshot
    data = load(ONTOLOGY_DIR, seed)
    parsed = time.perf_counter()
    snapshot = snapshot_of(data, started)
    seconds |= {"parse_seconds": parsed - started, "model_seconds": time.perf_counter() - parsed}
    return snapshot


def load_tkgraph(seed: Path) -> dict[str, Any]:
    """build_snapshot (= load, then snapshot_of: pyoxigraph parse, read model,
    network), then create_app: ready to serve."""
    started = time.perf_counter()
    seconds: dict[str, float | None] = {}
    snapshot = _snapshot(seed, seconds)
    built = time.perf_counter()
    create_app(Settings(ontology_dir=ONTOLOGY_DIR, seed_dir=seed, graphiql=False), snapshot)
    ready = time.perf_counter()
    return seconds | {
        "seconds": ready - started,
        "app_seconds": ready - built,
        "triples": snapshot.data.triple_count,
    }


def load_tkgraph_store(seed: Path, store_dir: Path) -> dict[str, Any]:
    """build_snapshot with a store folder, then create_app: ready to serve."""
    started = time.perf_counter()
    snapshot = build_snapshot(ONTOLOGY_DIR, seed, store_dir=store_dir)
    built = time.perf_counter()
    create_app(Settings(ontology_dir=ONTOLOGY_DIR, seed_dir=seed, graphiql=False), snapshot)
    ready = time.perf_counter()
    return {
        "seconds": ready - started,
        "app_seconds": ready - built,
        "triples": snapshot.data.triple_count,
    }


def load_rdflib(seed: Path) -> dict[str, Any]:
    started = time.perf_counter()
    dataset = load_dataset(ONTOLOGY_DIR, seed)
    return {"seconds": time.perf_counter() - started, "triples": len(dataset)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("loader", choices=["tkgraph", "tkgraph-store", "rdflib"])
    parser.add_argument("--store-dir", type=Path, help="for tkgraph-store")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    before = rss_mb()
    seed = args.data / "seed"
    loaders: dict[str, Callable[[], dict[str, Any]]] = {
        "tkgraph": lambda: load_tkgraph(seed),
        "tkgraph-store": lambda: load_tkgraph_store(seed, args.store_dir),
        "rdflib": lambda: load_rdflib(seed),
    }
    result = loaders[args.loader]()
    result |= {"loader": args.loader, "rss_before_mb": before, "peak_rss_mb": peak_rss_mb()}
    args.out.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
