"""Which instrument governs between parties to both, and states that no
longer exist, on tests/fixtures/supersession (see its README)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.conftest import ONTOLOGY, ROOT, Runner
from tkgraph.domain.binding import Status, assess
from tkgraph.domain.supersession import supersession_of
from tkgraph.rdf.vocab import iri_for
from tkgraph.service.snapshot import Snapshot, build_snapshot
from tkgraph.settings import Settings

SEED = ROOT / "tests" / "fixtures" / "supersession" / "seed"
OLD = str(iri_for("instrument", "old-convention"))
NEW = str(iri_for("instrument", "new-convention"))


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return build_snapshot(ONTOLOGY, SEED)


@pytest.fixture(scope="module")
def gql(snapshot: Snapshot) -> Runner:
    return Runner(snapshot, Settings(ontology_dir=ONTOLOGY, seed_dir=SEED), date(2026, 1, 1))


def query(gql: Runner, document: str) -> Any:
    result = gql.execute(document)
    assert result.errors is None, result.errors
    return result.data


def state(code: str) -> str:
    return str(iri_for("state", code))


def test_the_fixture_loads_without_problems(snapshot: Snapshot) -> None:
    assert snapshot.model.problems == []


def test_a_party_to_both_is_still_bound_by_the_old_one_which_the_new_one_supersedes(
    snapshot: Snapshot,
) -> None:
    old = assess(snapshot.model, state("AA"), OLD, date(1960, 1, 1))
    assert old.status is Status.BOUND
    found = supersession_of(snapshot.model, old)
    assert found is not None
    assert (found.by, found.since, found.basis) == (NEW, date(1955, 5, 30), "art. 28")
    assert "New Convention governs (art. 28)" in found.reason(snapshot.model)


def test_no_supersession_before_the_new_one_binds_or_for_a_party_to_the_old_one_only(
    snapshot: Snapshot,
) -> None:
    before = assess(snapshot.model, state("AA"), OLD, date(1955, 5, 29))
    assert before.status is Status.BOUND
    assert supersession_of(snapshot.model, before) is None
    only_old = assess(snapshot.model, state("BB"), OLD, date(1960, 1, 1))
    assert only_old.status is Status.BOUND
    assert supersession_of(snapshot.model, only_old) is None


def test_the_binding_says_which_instrument_governs_and_why(gql: Runner) -> None:
    data = query(
        gql,
        """{ binding(actor: "state:AA", instrument: "instrument:old-convention", asOf: "1960-01-01") {
              status supersession { by { id } since basis reason } }
           betaland: binding(actor: "state:BB", instrument: "instrument:old-convention", asOf: "1960-01-01") {
              supersession { since } } }""",
    )
    found = data["binding"]["supersession"]
    assert data["binding"]["status"] == "BOUND"
    assert found["by"]["id"] == "instrument:new-convention"
    assert (found["since"], found["basis"]) == ("1955-05-30", "art. 28")
    assert "still binds" in found["reason"]
    assert data["betaland"]["supersession"] is None


def test_relations_go_both_ways(gql: Runner) -> None:
    data = query(
        gql,
        """{ old: instrument(id: "instrument:old-convention") { relations { relation instrument { id } } }
             new: instrument(id: "instrument:new-convention") { relations { relation instrument { id } } } }""",
    )
    old = {(r["relation"], r["instrument"]["id"]) for r in data["old"]["relations"]}
    new = {(r["relation"], r["instrument"]["id"]) for r in data["new"]["relations"]}
    assert ("supersedesBetweenPartiesBy", "instrument:new-convention") in old
    assert ("consolidatesBy", "instrument:new-convention") in old
    assert ("supersedesBetweenParties", "instrument:old-convention") in new


def test_a_relation_says_which_side_states_it(gql: Runner) -> None:
    data = query(
        gql,
        """{ old: instrument(id: "instrument:old-convention") { relations { relation stated } }
             new: instrument(id: "instrument:new-convention") { relations { relation stated } } }""",
    )
    assert {(r["relation"], r["stated"]) for r in data["old"]["relations"]} == {
        ("supersedesBetweenPartiesBy", False), ("consolidatesBy", False),
    }  # fmt: skip
    assert ("supersedesBetweenParties", True) in {
        (r["relation"], r["stated"]) for r in data["new"]["relations"]
    }


def test_a_successor_state_names_the_state_it_succeeded(gql: Runner) -> None:
    data = query(
        gql,
        """{ cc: node(id: "state:CC") { ... on Actor { existedFrom successorOf { id existedUntil } } }
             empire: node(id: "state:XEMP") { ... on Actor { existedUntil successors { id } } } }""",
    )
    assert data["cc"] == {
        "existedFrom": "1993-01-01",
        "successorOf": [{"id": "state:XEMP", "existedUntil": "1992-12-31"}],
    }
    assert data["empire"] == {"existedUntil": "1992-12-31", "successors": [{"id": "state:CC"}]}
