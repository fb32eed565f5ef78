import hmac
import logging
import os
import pickle
import stat
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import ONTOLOGY, TINY_SEED
from tkgraph.errors import ConfigError, SeedParseError
from tkgraph.model.readmodel import ReadModel
from tkgraph.rdf.loading import data_files, load
from tkgraph.rdf.vocab import GRAPH_BASE


def test_each_file_goes_to_its_own_named_graph() -> None:
    data = load(ONTOLOGY, TINY_SEED)
    graphs = {q.graph_name.value for q in data.store}
    assert f"{GRAPH_BASE}seed/example-protocol.ttl" in graphs
    assert f"{GRAPH_BASE}ontology/tkgraph.ttl" in graphs
    assert len(graphs) == len(data.files)


def test_files_starting_with_underscore_are_skipped() -> None:
    names = [f.relative for f in data_files(ONTOLOGY, TINY_SEED)]
    assert "seed/_ignored.ttl" not in names
    assert names == sorted(names[:1]) + sorted(names[1:])


def test_parse_error_names_file_and_line(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "good.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    bad = seed / "broken.ttl"
    bad.write_text('<urn:a> <urn:b> <urn:c> .\n<urn:d> <urn:e> "unterminated .\n')
    with pytest.raises(SeedParseError) as caught:
        load(ONTOLOGY, seed)
    assert caught.value.path == bad
    assert caught.value.line == 2
    assert f"{bad}:2" in str(caught.value)


def test_files_parse_in_parallel_but_report_in_file_order(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    seed.mkdir()
    # The first broken file is large, the second tiny: the second fails first.
    first_bad = seed / "a-broken.ttl"
    first_bad.write_text("<urn:a> <urn:b> <urn:c> .\n" * 20_000 + "<urn:d> <urn:e> .\n")
    (seed / "b-broken.ttl").write_text("<urn:d> <urn:e> .\n")
    for index in range(20):
        (seed / f"c{index:02}.ttl").write_text(f"<urn:s{index}> <urn:p> <urn:o> .\n")
    reported: list[str] = []
    with pytest.raises(SeedParseError) as caught:
        load(ONTOLOGY, seed, lambda data_file, done, total: reported.append(data_file.relative))
    assert caught.value.path == first_bad
    assert caught.value.line == 20_001
    assert reported == [f.relative for f in data_files(ONTOLOGY, seed)][: len(reported)]
    assert "seed/a-broken.ttl" not in reported

    first_bad.unlink()
    (seed / "b-broken.ttl").unlink()
    reported.clear()
    data = load(ONTOLOGY, seed, lambda data_file, done, total: reported.append(data_file.relative))
    assert reported == [f.relative for f in data.files]
    assert sum(1 for q in data.store if q.subject.value.startswith("urn:s")) == 20


def test_missing_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load(ONTOLOGY, tmp_path / "nowhere")


def test_content_hash_follows_the_bytes(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "a.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    first = load(ONTOLOGY, seed).content_hash
    assert load(ONTOLOGY, seed).content_hash == first
    (seed / "a.ttl").write_text("<urn:a> <urn:b> <urn:d> .\n")
    assert load(ONTOLOGY, seed).content_hash != first


def test_persisted_store_is_reopened_without_parsing(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "a.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    parsed: list[str] = []
    first = load(
        ONTOLOGY,
        seed,
        lambda f, done, total: parsed.append(f.relative),
        store_dir=tmp_path / "store",
    )
    assert "seed/a.ttl" in parsed
    count = first.triple_count
    del first
    parsed.clear()
    again = load(
        ONTOLOGY,
        seed,
        lambda f, done, total: parsed.append(f.relative),
        store_dir=tmp_path / "store",
    )
    assert parsed == []  # opened from disk
    assert again.triple_count == count
    del again
    (seed / "a.ttl").write_text("<urn:a> <urn:b> <urn:d> .\n<urn:a> <urn:b> <urn:e> .\n")
    changed = load(ONTOLOGY, seed, store_dir=tmp_path / "store")
    assert changed.triple_count == count + 1
    assert len([p for p in (tmp_path / "store").iterdir() if not p.name.startswith(".")]) == 1


def test_persisted_store_not_left_half_built_on_parse_error(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "bad.ttl").write_text("<urn:a> <urn:b> .\n")
    with pytest.raises(SeedParseError):
        load(ONTOLOGY, seed, store_dir=tmp_path / "store")
    # Only the lock file that serialises builds in the folder (issue 13).
    assert [p.name for p in (tmp_path / "store").iterdir()] == [".lock"]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's cache dir (where the model-signing key lives), here a fresh one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "tkgraph"


def _builds_counted(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    from tkgraph.service import snapshot as snapshot_module

    builds: list[object] = []
    real_build = snapshot_module.readmodel.build

    def counting_build(store: ox.Store) -> ReadModel:
        builds.append(store)
        return real_build(store)

    monkeypatch.setattr(snapshot_module.readmodel, "build", counting_build)
    return builds


def _saved_models(store_dir: Path) -> list[Path]:
    return sorted(store_dir.glob("*.model"))


def test_snapshot_from_store_dir_reuses_read_model(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tkgraph.service import snapshot as snapshot_module

    first = snapshot_module.build_snapshot(ONTOLOGY, TINY_SEED, store_dir=tmp_path / "store")
    builds = _builds_counted(monkeypatch)
    # Opened while the first is still open, as a reload of unchanged data does.
    again = snapshot_module.build_snapshot(ONTOLOGY, TINY_SEED, store_dir=tmp_path / "store")
    assert builds == [], "the read model should come from the store dir"
    assert again.model is not first.model
    assert again.model == first.model
    assert again.network == first.network
    assert again.data.triple_count == first.data.triple_count


def test_restored_timelines_are_read_on_first_use(tmp_path: Path, cache_dir: Path) -> None:
    from tkgraph.domain.status_timelines import instrument_timelines
    from tkgraph.service.snapshot import build_snapshot

    first = build_snapshot(ONTOLOGY, TINY_SEED, store_dir=tmp_path / "store")
    again = build_snapshot(ONTOLOGY, TINY_SEED, store_dir=tmp_path / "store")
    assert first.model.timeline_cache, "the first start saves every timeline"
    assert type(again.model.timeline_cache) is not dict, "not read before first use"
    instrument = next(i for i in first.model.instruments if i in first.model.timeline_cache)
    found = instrument_timelines(again.model, instrument)
    assert type(again.model.timeline_cache) is dict
    assert found is again.model.timeline_cache[instrument]
    assert again.model.timeline_cache == first.model.timeline_cache


def test_signing_key_is_private_to_its_owner(tmp_path: Path, cache_dir: Path) -> None:
    from tkgraph.service.snapshot import build_snapshot

    build_snapshot(ONTOLOGY, TINY_SEED, store_dir=tmp_path / "store")
    key_file = cache_dir / "model-signing.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_bytes()) == 32
    assert not list((tmp_path / "store").glob("*.key"))


def test_model_saved_by_another_tkgraph_version_is_rebuilt(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tkgraph.service import snapshot as snapshot_module

    store_dir = tmp_path / "store"
    monkeypatch.setattr(snapshot_module, "__version__", "0.0.1")
    old = snapshot_module.build_snapshot(ONTOLOGY, TINY_SEED, store_dir=store_dir)
    assert [p.name.split(".", 1)[1] for p in _saved_models(store_dir)] == [
        f"tkgraph-0.0.1-{snapshot_module._MODEL_FORMAT}.model"
    ]
    monkeypatch.setattr(snapshot_module, "__version__", "0.0.2")
    builds = _builds_counted(monkeypatch)
    new = snapshot_module.build_snapshot(ONTOLOGY, TINY_SEED, store_dir=store_dir)
    assert len(builds) == 1
    assert new.model == old.model
    # The old version's file is gone; the new one is read back on the next start.
    assert [p.name.split(".", 1)[1] for p in _saved_models(store_dir)] == [
        f"tkgraph-0.0.2-{snapshot_module._MODEL_FORMAT}.model"
    ]
    snapshot_module.build_snapshot(ONTOLOGY, TINY_SEED, store_dir=store_dir)
    assert len(builds) == 1


class _RunsCodeWhenUnpickled:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.mkdir, (str(self.marker),))


@pytest.mark.parametrize("tampering", ["foreign pickle", "flipped byte", "truncated", "empty"])
def test_unsigned_or_damaged_model_is_refused_logged_and_rebuilt(
    tmp_path: Path,
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    tampering: str,
) -> None:
    from tkgraph.service import snapshot as snapshot_module

    store_dir = tmp_path / "store"
    first = snapshot_module.build_snapshot(ONTOLOGY, TINY_SEED, store_dir=store_dir)
    [saved] = _saved_models(store_dir)
    marker = tmp_path / "code-ran"
    content = saved.read_bytes()
    if tampering == "foreign pickle":
        # Someone who can write the store folder but has not got the key.
        content = pickle.dumps((_RunsCodeWhenUnpickled(marker), None))
        content = b"\0" * 32 + content
    elif tampering == "flipped byte":
        content = content[:-1] + bytes([content[-1] ^ 1])
    elif tampering == "truncated":
        content = content[: len(content) // 2]
    else:
        content = b""
    saved.write_bytes(content)

    builds = _builds_counted(monkeypatch)
    with caplog.at_level(logging.WARNING, logger=snapshot_module.__name__):
        again = snapshot_module.build_snapshot(ONTOLOGY, TINY_SEED, store_dir=store_dir)
    assert not marker.exists()
    assert len(builds) == 1
    assert again.model == first.model
    assert f"{saved} was not written by this installation" in caplog.text
    # Saved again, signed: the next start reads it back.
    snapshot_module.build_snapshot(ONTOLOGY, TINY_SEED, store_dir=store_dir)
    assert len(builds) == 1


def test_model_signed_with_another_installations_key_is_refused(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tkgraph.service import snapshot as snapshot_module

    store_dir = tmp_path / "store"
    snapshot_module.build_snapshot(ONTOLOGY, TINY_SEED, store_dir=store_dir)
    (cache_dir / "model-signing.key").write_bytes(b"another installation's key 32 by")
    builds = _builds_counted(monkeypatch)
    snapshot_module.build_snapshot(ONTOLOGY, TINY_SEED, store_dir=store_dir)
    assert len(builds) == 1


def test_signed_model_of_other_record_classes_is_rebuilt(
    tmp_path: Path,
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Signed by this installation, but pickled from classes this code no longer
    has (a development checkout whose records changed, same version number)."""
    from tkgraph.service import snapshot as snapshot_module

    store_dir = tmp_path / "store"
    snapshot_module.build_snapshot(ONTOLOGY, TINY_SEED, store_dir=store_dir)
    [saved] = _saved_models(store_dir)
    key = snapshot_module._signing_key(cache_dir)
    stale = pickle.dumps((_RunsCodeWhenUnpickled, None)).replace(
        b"_RunsCodeWhenUnpickled", b"_RecordClassGoneSince_"
    )
    saved.write_bytes(hmac.digest(key, stale, "sha256") + stale)
    builds = _builds_counted(monkeypatch)
    with caplog.at_level(logging.WARNING, logger=snapshot_module.__name__):
        snapshot_module.build_snapshot(ONTOLOGY, TINY_SEED, store_dir=store_dir)
    assert len(builds) == 1
    assert f"cannot read {saved}" in caplog.text
