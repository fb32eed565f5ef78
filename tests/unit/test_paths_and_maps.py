"""Shortest evidence paths and relationship maps on tests/fixtures/cooperation
(see its README): each rule on a graph small enough to check by reading it."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit import cooperation_fixture
from tests.unit.cooperation_fixture import (
    AA,
    AGREEMENT,
    BB,
    CB,
    CC,
    DD,
    EE,
    FF,
    GG,
    OP,
    PROG,
    XO,
    XO_UNIT,
)
from tkgraph.domain.cooperation import EvidenceKind, Hop, Window, paths_between, relationship_map
from tkgraph.domain.network import LinkKind
from tkgraph.service.snapshot import Snapshot

EVERY_KIND = frozenset(EvidenceKind)


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return cooperation_fixture.build()


def paths(
    snapshot: Snapshot,
    source: str,
    target: str,
    max_hops: int = 4,
    limit: int = 5,
    kinds: frozenset[EvidenceKind] = EVERY_KIND,
    as_of: date | None = None,
) -> list[list[Hop]]:
    return paths_between(
        snapshot.model, snapshot.network, source, target, max_hops, limit, kinds, Window(as_of)
    )


def nodes(path: list[Hop]) -> list[str]:
    return [path[0].source, *(hop.target for hop in path)]


# -- paths ---------------------------------------------------------------------------


def test_one_hop_through_a_shared_operation_with_its_evidence(snapshot: Snapshot) -> None:
    (path,) = paths(snapshot, BB, CC)
    assert nodes(path) == [BB, CC]
    (evidence,) = path[0].evidence
    assert (evidence.kind, evidence.via) == (EvidenceKind.OPERATION, OP)
    assert (evidence.roles, evidence.partner_roles) == (("participantRole",), ("participantRole",))


def test_membership_and_part_of_links_make_paths_in_both_directions(snapshot: Snapshot) -> None:
    (to_member,) = paths(snapshot, AA, EE)
    assert nodes(to_member) == [AA, XO, EE]
    assert [e.kind for e in to_member[0].evidence] == [EvidenceKind.PROGRAMME]
    (membership,) = to_member[1].evidence
    assert membership.kind is EvidenceKind.MEMBERSHIP
    assert (membership.roles, membership.partner_roles) == (("has memberOf",), ("memberOf",))
    (to_unit,) = paths(snapshot, AA, XO_UNIT)
    assert nodes(to_unit) == [AA, XO, XO_UNIT]
    assert [e.kind for e in to_unit[1].evidence] == [EvidenceKind.PART_OF]


def test_every_shortest_path_in_iri_order_up_to_the_limit(snapshot: Snapshot) -> None:
    found = paths(snapshot, BB, DD)
    # Through AA (operation/agreement, then the body) and through GG (operation, then the body).
    assert [nodes(p) for p in found] == [[BB, AA, DD], [BB, GG, DD]]
    assert [nodes(p) for p in paths(snapshot, BB, DD, limit=1)] == [[BB, AA, DD]]


def test_no_path_beyond_max_hops_or_without_the_kinds_that_carry_it(snapshot: Snapshot) -> None:
    assert paths(snapshot, AA, EE, max_hops=1) == []
    without_programmes = EVERY_KIND - {EvidenceKind.PROGRAMME}
    assert paths(snapshot, AA, EE, kinds=without_programmes) == []
    assert paths(snapshot, AA, FF) == []
    assert paths(snapshot, AA, AA) == []


def test_as_of_drops_links_that_had_ended_or_not_begun(snapshot: Snapshot) -> None:
    # DD left the body at the end of 2018: after that, nothing links it.
    assert [nodes(p) for p in paths(snapshot, BB, DD, as_of=date(2018, 6, 1))] == [
        [BB, AA, DD], [BB, GG, DD],
    ]  # fmt: skip
    assert paths(snapshot, BB, DD, as_of=date(2019, 1, 1)) == []
    # Before GG joined the body (2013) and before the operation (2015), BB reaches DD
    # through AA by the agreement only.
    (early,) = paths(snapshot, BB, DD, as_of=date(2012, 6, 1))
    assert nodes(early) == [BB, AA, DD]
    assert [e.kind for e in early[0].evidence] == [EvidenceKind.AGREEMENT]


# -- relationship maps ---------------------------------------------------------------


def a_map(
    snapshot: Snapshot,
    focus: list[str],
    depth: int,
    budget: int = 100,
    kinds: frozenset[LinkKind] | None = None,
    as_of: date | None = None,
) -> tuple[dict[str, int], set[tuple[str, str]], bool]:
    found = relationship_map(snapshot.network, focus, depth, budget, kinds, as_of, snapshot.labels)
    return (
        {n.iri: n.hidden_neighbours for n in found.nodes},
        {(e.source, e.target) for e in found.edges},
        found.truncated,
    )


def test_depth_one_is_the_focus_and_its_neighbours_with_what_they_hide(
    snapshot: Snapshot,
) -> None:
    found, edges, truncated = a_map(snapshot, [AA], depth=1)
    assert found == {
        AA: 0,
        CB: 2,  # DD and GG
        AGREEMENT: 1,  # BB
        OP: 3,  # BB, CC, GG
        PROG: 1,  # XO
    }
    assert edges == {(AA, CB), (AA, AGREEMENT), (AA, OP), (AA, PROG)}
    assert truncated is False


def test_depth_zero_is_the_focus_alone(snapshot: Snapshot) -> None:
    found, edges, truncated = a_map(snapshot, [AA], depth=0)
    assert found == {AA: 4}
    assert (edges, truncated) == (set(), False)


def test_the_budget_keeps_the_nearest_nodes_in_label_order_and_says_it_cut(
    snapshot: Snapshot,
) -> None:
    found, _, truncated = a_map(snapshot, [AA], depth=2, budget=3)
    labels = snapshot.labels
    ring = sorted([CB, AGREEMENT, OP, PROG], key=lambda n: (labels[n].casefold(), n))
    assert list(found) == [AA, *ring[:2]]
    assert truncated is True


def test_relation_kinds_and_as_of_filter_the_map(snapshot: Snapshot) -> None:
    memberships = frozenset({LinkKind.MEMBERSHIP})
    found, edges, _ = a_map(snapshot, [AA], depth=2, kinds=memberships)
    assert set(found) == {AA, CB, DD, GG}
    assert edges == {(AA, CB), (DD, CB), (GG, CB)}
    found, _, _ = a_map(snapshot, [AA], depth=2, kinds=memberships, as_of=date(2019, 1, 1))
    assert set(found) == {AA, CB, GG}
    found, _, _ = a_map(snapshot, [AA], depth=2, kinds=memberships, as_of=date(2012, 6, 1))
    assert set(found) == {AA, CB, DD}


def test_a_hops_evidence_is_newest_first(snapshot: Snapshot) -> None:
    (path,) = paths(snapshot, BB, AA)
    # The operation (2015) before the agreement (2010), whatever order the store gave.
    assert [e.kind for e in path[0].evidence] == [EvidenceKind.OPERATION, EvidenceKind.AGREEMENT]
