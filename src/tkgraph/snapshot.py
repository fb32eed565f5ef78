"""A snapshot: one loaded data set and the read model built from it.

A request takes the current snapshot once and answers from it alone, so that
a reload (which builds a whole new snapshot off to the side and swaps one
reference) can never show a request half of one graph and half of another.
"""

from __future__ import annotations

import logging
import pickle
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from tkgraph import readmodel
from tkgraph.loading import DataFile, LoadedData, load
from tkgraph.network import Network, build_network
from tkgraph.readmodel import ReadModel
from tkgraph.settings import Settings
from tkgraph.vocab import INFERRED_GRAPH

log = logging.getLogger("tkgraph.snapshot")


@dataclass(frozen=True)
class Snapshot:
    data: LoadedData
    model: ReadModel
    network: Network
    load_seconds: float

    @property
    def version(self) -> str:
        return self.data.version

    @cached_property
    def labels(self) -> dict[str, str]:
        """Display label of every node, built once per snapshot (maps ask for it on
        every request; at 1M triples building it takes about 120 ms)."""
        from tkgraph.mapformats import labels

        return labels(self.model)

    @property
    def loaded_at(self) -> datetime:
        return self.data.loaded_at


def build_snapshot(
    ontology_dir: Path,
    seed_dir: Path,
    progress: Callable[[DataFile, int, int], None] | None = None,
    store_dir: Path | None = None,
) -> Snapshot:
    """Parse the data files (or open their persisted store) and build the read model.

    With store_dir, the read model and network are kept beside the store
    (pickled, per data version): at a million triples building them from the
    store takes far longer than reading them back.
    """
    started = time.perf_counter()
    data = load(ontology_dir, seed_dir, progress, store_dir)
    if store_dir is None:
        return snapshot_of(data, started)
    cached = store_dir / f"{data.content_hash[:32]}.model.pickle"
    if cached.exists():
        try:
            with cached.open("rb") as handle:
                model, network = pickle.load(handle)  # written by this code, below
            return Snapshot(data, model, network, time.perf_counter() - started)
        except Exception as exc:  # damaged, or written by another version of the code
            log.warning("cannot read %s (%s); building the read model again", cached, exc)
    snapshot = snapshot_of(data, started)
    partial = cached.with_suffix(".partial")
    with partial.open("wb") as handle:
        pickle.dump((snapshot.model, snapshot.network), handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(cached)
    return snapshot


def snapshot_of(data: LoadedData, started: float | None = None) -> Snapshot:
    """The read model and network of already loaded data (files or a remote endpoint)."""
    started = time.perf_counter() if started is None else started
    model = readmodel.build(data.store)
    network = build_network(model)
    return Snapshot(data, model, network, time.perf_counter() - started)


def build_snapshot_for(
    settings: Settings, progress: Callable[[DataFile, int, int], None] | None = None
) -> Snapshot:
    """The snapshot the settings ask for: a remote SPARQL endpoint, else the data
    folders; with settings.reasoning, plus what the ontology entails."""
    started = time.perf_counter()
    if settings.sparql_endpoint:
        from tkgraph.remote import load_remote

        snapshot = snapshot_of(load_remote(settings.sparql_endpoint), started)
    else:
        snapshot = build_snapshot(
            settings.ontology_dir, settings.seed_dir, progress, settings.store_dir
        )
    if settings.reasoning:
        add_inferred(snapshot.data, settings.reasoning_cache_dir)
    return snapshot


def add_inferred(data: LoadedData, cache_dir: Path | None) -> int:
    """Put HermiT's entailments into their own named graph (urn:tkgraph:graph:inferred).

    Run once per data version: the result is cached by content hash, so a
    restart with the same data needs no Java. Added after the read model is
    built, which holds asserted facts only; SPARQL and exports see both,
    told apart by the graph.
    """
    from tkgraph import reasoning
    from tkgraph.loading import as_rdflib_graph

    cache = cache_dir or reasoning.default_cache_dir()
    inferred = reasoning.read_cached(data.content_hash, cache)
    if inferred is None:
        inferred = reasoning.cached_materialise(
            as_rdflib_graph(data.store), data.content_hash, cache
        )
    data.store.bulk_load(
        inferred.serialize(format="nt", encoding="utf-8"),
        format=ox.RdfFormat.N_TRIPLES,
        to_graph=ox.NamedNode(str(INFERRED_GRAPH)),
    )
    return len(inferred)


class SnapshotHolder:
    """Holds the snapshot being served; swapping it is one reference assignment."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._lock = threading.Lock()
        self.last_error: str | None = None
        self.last_attempt: datetime | None = None

    @property
    def current(self) -> Snapshot:
        return self._snapshot

    def swap(self, snapshot: Snapshot) -> None:
        with self._lock:
            self._snapshot = snapshot
            self.last_error = None
