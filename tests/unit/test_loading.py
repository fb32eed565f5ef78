from pathlib import Path

import pytest

from tests.conftest import ONTOLOGY, TINY_SEED
from tkgraph.errors import ConfigError, SeedParseError
from tkgraph.loading import data_files, load
from tkgraph.vocab import GRAPH_BASE


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


def test_snapshot_from_store_dir_reuses_read_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tkgraph import snapshot as snapshot_module

    first = snapshot_module.build_snapshot(ONTOLOGY, TINY_SEED, store_dir=tmp_path / "store")

    def no_build(store: object) -> None:
        raise AssertionError("the read model should come from the store dir")

    monkeypatch.setattr(snapshot_module.readmodel, "build", no_build)
    # Opened while the first is still open, as a reload of unchanged data does.
    again = snapshot_module.build_snapshot(ONTOLOGY, TINY_SEED, store_dir=tmp_path / "store")
    assert again.model.nodes.keys() == first.model.nodes.keys()
    assert again.network.link_count == first.network.link_count
    assert again.data.triple_count == first.data.triple_count
