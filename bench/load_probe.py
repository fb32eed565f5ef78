"""Child process: load one data set with one loader and report time and peak RSS.

``python -m bench.load_probe tkgraph|rdflib --data bench/data/1m --out f.json``.
Run in a fresh process per measurement so that the peak RSS is this loader's
alone. Imports happen before the clock starts; their memory is reported as
``rss_before_mb`` and is part of the peak, as it is for a real server.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from bench.generate import ONTOLOGY_DIR
from bench.process_memory import peak_rss_mb, rss_mb
from bench.sparql import load_dataset
from tkgraph.app import create_app
from tkgraph.loading import load
from tkgraph.settings import Settings
from tkgraph.snapshot import snapshot_of


def load_tkgraph(seed: Path) -> dict[str, Any]:
    """build_snapshot (= load, then snapshot_of: pyoxigraph parse, read model,
    network), then create_app: ready to serve."""
    started = time.perf_counter()
    data = load(ONTOLOGY_DIR, seed)
    parsed = time.perf_counter()
    snapshot = snapshot_of(data, started)
    built = time.perf_counter()
    create_app(Settings(ontology_dir=ONTOLOGY_DIR, seed_dir=seed, graphiql=False), snapshot)
    ready = time.perf_counter()
    return {
        "seconds": ready - started,
        "parse_seconds": parsed - started,
        "model_seconds": built - parsed,
        "app_seconds": ready - built,
        "triples": snapshot.data.triple_count,
    }


def load_rdflib(seed: Path) -> dict[str, Any]:
    started = time.perf_counter()
    dataset = load_dataset(ONTOLOGY_DIR, seed)
    return {"seconds": time.perf_counter() - started, "triples": len(dataset)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("loader", choices=["tkgraph", "rdflib"])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    before = rss_mb()
    load = load_tkgraph if args.loader == "tkgraph" else load_rdflib
    result = load(args.data / "seed")
    result |= {"loader": args.loader, "rss_before_mb": before, "peak_rss_mb": peak_rss_mb()}
    args.out.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
