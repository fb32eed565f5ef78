"""A snapshot: one loaded data set and the read model built from it.

A request takes the current snapshot once and answers from it alone, so that
a reload (which builds a whole new snapshot off to the side and swaps one
reference) can never show a request half of one graph and half of another.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tkgraph import readmodel
from tkgraph.loading import DataFile, LoadedData, load
from tkgraph.network import Network, build_network
from tkgraph.readmodel import ReadModel
from tkgraph.settings import Settings


@dataclass(frozen=True)
class Snapshot:
    data: LoadedData
    model: ReadModel
    network: Network
    load_seconds: float

    @property
    def version(self) -> str:
        return self.data.version

    @property
    def loaded_at(self) -> datetime:
        return self.data.loaded_at


def build_snapshot(
    ontology_dir: Path,
    seed_dir: Path,
    progress: Callable[[DataFile, int], None] | None = None,
) -> Snapshot:
    """Parse the data files and build the read model and network from them."""
    started = time.perf_counter()
    return snapshot_of(load(ontology_dir, seed_dir, progress), started)


def snapshot_of(data: LoadedData, started: float | None = None) -> Snapshot:
    """The read model and network of already loaded data (files or a remote endpoint)."""
    started = time.perf_counter() if started is None else started
    model = readmodel.build(data.store)
    network = build_network(model)
    return Snapshot(data, model, network, time.perf_counter() - started)


def build_snapshot_for(settings: Settings) -> Snapshot:
    """The snapshot the settings ask for: a remote SPARQL endpoint, else the data folders."""
    if settings.sparql_endpoint:
        from tkgraph.remote import load_remote

        started = time.perf_counter()
        return snapshot_of(load_remote(settings.sparql_endpoint), started)
    return build_snapshot(settings.ontology_dir, settings.seed_dir)


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
