"""A snapshot: one loaded data set and the read model built from it.

A request takes the current snapshot once and answers from it alone, so that
a reload (which builds a whole new snapshot off to the side and swaps one
reference) can never show a request half of one graph and half of another.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import hmac
import io
import logging
import os
import pickle
import secrets
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from tkgraph import __version__
from tkgraph.domain.network import Network, build_network
from tkgraph.domain.status_timelines import build_status_timelines
from tkgraph.model import readmodel
from tkgraph.model.readmodel import ReadModel
from tkgraph.rdf.loading import DataFile, LoadedData, data_version, load, load_version
from tkgraph.rdf.vocab import INFERRED_GRAPH
from tkgraph.settings import Settings, default_cache_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    data: LoadedData
    model: ReadModel
    load_seconds: float

    @property
    def version(self) -> str:
        return self.data.version

    @cached_property
    def network(self) -> Network:
        """Who is linked to whom, built from the model on first use: only the
        network questions (cooperation, relationship maps) need it, and building
        it is about as fast as reading it back, so it is neither saved nor built
        before the service is ready."""
        with collector_paused():
            return build_network(self.model)

    @cached_property
    def labels(self) -> dict[str, str]:
        """Display label of every node, built once per snapshot (maps ask for it on
        every request; at 1M triples building it takes about 120 ms)."""
        from tkgraph.domain.mapformats import labels

        return labels(self.model)

    @property
    def loaded_at(self) -> datetime:
        return self.data.loaded_at

    @cached_property
    def earliest_event(self) -> date | None:
        """The oldest signature, consent or entry into force in the data: where a
        timeline of the whole regime starts."""
        days = [
            day
            for p in self.model.participations.values()
            for day in (p.signature_date, p.consent_date, p.entry_into_force_given)
            if day is not None
        ]
        return min(days, default=None)


def build_snapshot(
    ontology_dir: Path,
    seed_dir: Path,
    progress: Callable[[DataFile, int, int], None] | None = None,
    store_dir: Path | None = None,
) -> Snapshot:
    """Parse the data files (or open their persisted store) and build the read model.

    With store_dir, the read model (with its status timelines) is kept beside
    the store (per data version and tkgraph version, signed: see _signing_key):
    at a million triples building it takes far longer than reading it back.
    """
    started = time.perf_counter()
    if store_dir is None:
        return snapshot_of(load(ontology_dir, seed_dir, progress), started)
    files, version = data_version(ontology_dir, seed_dir)
    saved = store_dir / f"{version[:32]}.tkgraph-{__version__}-{_MODEL_FORMAT}.model"
    key = _signing_key(default_cache_dir())
    if saved.exists():
        # RocksDB opens the store without the GIL: it does so while the model is read.
        with ThreadPoolExecutor(max_workers=1) as pool:
            opening = pool.submit(load_version, files, version, progress, store_dir)
            restored = _read_signed(saved, key)
            data = opening.result()
        if restored is not None:
            data = replace(data, counted=restored.quad_count)
            return Snapshot(data, restored, time.perf_counter() - started)
    else:
        data = load_version(files, version, progress, store_dir)
    if data.parsed is None:
        # The store folder was there (a new tkgraph version, or the model file
        # refused): parsing the files again is faster than reading RocksDB.
        data = replace(data, parsed=load_version(files, version, progress).store)
    snapshot = snapshot_of(data, started)
    # Saved with every instrument's status timelines, so a restart answers from
    # them at once (without a store folder each is built on first use).
    build_status_timelines(snapshot.model)
    _write_signed(saved, key, snapshot.model)
    for other in store_dir.glob(f"{data.content_hash[:32]}.*.model"):
        if other != saved:  # written by another tkgraph version: never read again
            other.unlink(missing_ok=True)
    return snapshot


# A saved model is a pickle, and unpickling runs code named in the file: the
# store folder may be shared or writable by others, so a file is unpickled only
# if its HMAC proves this installation wrote it. The key lives outside the store
# folder (in the user's cache dir, mode 0600), so write access to the store is
# not enough to forge one. The tkgraph version is in the file name: a model
# saved by another version (other record classes) is rebuilt, never loaded.
_MAC_SIZE = hashlib.sha256().digest_size
# Changed whenever the saved classes change (a field added) within one tkgraph
# version, so an older file is rebuilt.
_MODEL_FORMAT = "timelines-3"
_KEY_FILE = "model-signing.key"


def _signing_key(cache_dir: Path) -> bytes:
    """This installation's key, created on first use (readable by its owner only)."""
    path = cache_dir / _KEY_FILE
    if not path.exists():
        cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Written whole under a temporary name, then linked into place: two
        # workers starting together agree on one key, and no one reads half a key.
        descriptor, temporary = tempfile.mkstemp(prefix=".key-", dir=cache_dir)
        try:
            os.write(descriptor, secrets.token_bytes(32))
            os.close(descriptor)
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            Path(temporary).unlink()
    return path.read_bytes()


def _write_signed(path: Path, key: bytes, model: ReadModel) -> None:
    """The model, then its timelines as a second pickle of the same pickler (so
    the second names the first's objects, not copies): read back, the timelines
    are unpickled on first use (_TimelinesOnFirstUse)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    with collector_paused():  # the pickler's memo is millions of objects, no cycles
        pickler.dump(replace(model, timeline_cache={}))
        pickler.dump(model.timeline_cache)
    payload = buffer.getbuffer()
    # One name per process: workers sharing the folder never write into one file.
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    with partial.open("wb") as handle:
        handle.write(hmac.digest(key, payload, "sha256"))
        handle.write(payload)
    partial.replace(path)


def _read_signed(path: Path, key: bytes) -> ReadModel | None:
    """The saved model, or None (logged) if the file was not written
    by this installation, was damaged, or does not hold what this code expects."""
    content = memoryview(path.read_bytes())  # slices share it: the file is held once
    mac, payload = content[:_MAC_SIZE], content[_MAC_SIZE:]
    if not hmac.compare_digest(mac, hmac.digest(key, payload, "sha256")):
        log.warning(
            "%s was not written by this installation (or is damaged); not loading it, "
            "building the read model again",
            path,
        )
        return None
    unpickler = pickle.Unpickler(io.BytesIO(payload))
    try:
        with collector_paused():
            model = unpickler.load()  # signed above: written by this code
    except Exception as exc:
        log.warning("cannot read %s (%s); building the read model again", path, exc)
        return None
    if not isinstance(model, ReadModel):
        log.warning("%s does not hold a read model; building it again", path)
        return None
    model.timeline_cache = _TimelinesOnFirstUse(model, unpickler, path)
    return model


class _TimelinesOnFirstUse(dict[str, object]):
    """A restored model's timeline_cache until first used: then the rest of the
    saved file (the timelines, about a third of it) is unpickled, the model's
    timeline_cache becomes that plain dict, and this one hands every call on to it.

    Ready sooner: the questions that need no timeline (a node, a list, SPARQL)
    do not wait for them, and the first that does reads them all once.
    """

    def __init__(self, model: ReadModel, unpickler: pickle.Unpickler, path: Path) -> None:
        super().__init__()
        self._model, self._unpickler, self._path = model, unpickler, path
        self._loaded: dict[str, object] | None = None
        self._lock = threading.Lock()

    def _timelines(self) -> dict[str, object]:
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    self._loaded = self._read()
                    self._model.timeline_cache = self._loaded
        return self._loaded

    def _read(self) -> dict[str, object]:
        try:
            with collector_paused():
                found = self._unpickler.load()
        except Exception as exc:  # a file of other timeline classes: build them anew
            log.warning("cannot read the timelines of %s (%s); building them on use",
                        self._path, exc)  # fmt: skip
            return {}
        finally:
            del self._unpickler  # its memo holds the whole model: let it go
        return found if isinstance(found, dict) else {}

    def get(self, key: str, default: object = None) -> object:
        return self._timelines().get(key, default)

    def setdefault(self, key: str, default: object = None) -> object:
        return self._timelines().setdefault(key, default)

    def __getitem__(self, key: str) -> object:
        return self._timelines()[key]

    def __setitem__(self, key: str, value: object) -> None:
        self._timelines()[key] = value

    def __delitem__(self, key: str) -> None:
        del self._timelines()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._timelines()

    def __iter__(self) -> Iterator[str]:
        return iter(self._timelines())

    def __len__(self) -> int:
        return len(self._timelines())

    def __eq__(self, other: object) -> bool:
        return self._timelines() == other

    __hash__ = None

    def keys(self) -> Any:
        return self._timelines().keys()

    def values(self) -> Any:
        return self._timelines().values()

    def items(self) -> Any:
        return self._timelines().items()

    def clear(self) -> None:
        self._timelines().clear()

    def __repr__(self) -> str:
        return repr(self._timelines())

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self._timelines()),))


def snapshot_of(data: LoadedData, started: float | None = None) -> Snapshot:
    """The read model of already loaded data (files or a remote endpoint)."""
    started = time.perf_counter() if started is None else started
    with collector_paused():
        model = readmodel.build(data.store if data.parsed is None else data.parsed)
    if data.counted is None or data.parsed is not None:
        data = replace(data, counted=model.quad_count, parsed=None)
    return Snapshot(data, model, time.perf_counter() - started)


def build_snapshot_for(
    settings: Settings, progress: Callable[[DataFile, int, int], None] | None = None
) -> Snapshot:
    """The snapshot the settings ask for: a remote SPARQL endpoint, else the data
    folders; with settings.reasoning, plus what the ontology entails."""
    started = time.perf_counter()
    if settings.sparql_endpoint:
        from tkgraph.rdf.remote import load_remote

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
    from tkgraph.rdf.loading import as_rdflib_graph

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


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a model is made, and what was made kept
    out of later full passes (frozen, as _settle does).

    Making a model allocates millions of objects and no garbage cycles: each
    collection the allocations set off would walk every object made so far
    (about half the time of unpickling one), and the first ones after would
    walk them all again. Frozen objects are still freed by reference counting
    when the snapshot is dropped; a swap unfreezes everything to reclaim cycles.
    """
    enabled = gc.isenabled()
    gc.collect()  # garbage made before (not the frozen snapshot served): never frozen
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class SnapshotHolder:
    """Holds the snapshot being served; swapping it is one reference assignment."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._lock = threading.Lock()
        self.last_error: str | None = None
        self.last_attempt: datetime | None = None
        # No snapshot served before this one: nothing of an old one to reclaim,
        # so what was frozen while it was made stays frozen (not walked again).
        _settle(reclaim=False)

    @property
    def current(self) -> Snapshot:
        return self._snapshot

    def swap(self, snapshot: Snapshot) -> None:
        with self._lock:
            self._snapshot = snapshot
            self.last_error = None
        _settle(reclaim=True)


def _settle(reclaim: bool) -> None:
    """Keep the served snapshot out of the cyclic garbage collector's full passes.

    A full collection walks every tracked object and holds the interpreter while
    it does: with the read model in the heap, one during a heavy query held
    the event loop 45-65 ms (the bundled data), and small queries waited
    behind it (tests/e2e/test_heavy_clients.py). Frozen objects are skipped;
    they are still freed by reference counting when a reload drops them. With
    reclaim, unfreezing first lets this collection reclaim the old snapshot's
    cycles.
    """
    if reclaim:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
