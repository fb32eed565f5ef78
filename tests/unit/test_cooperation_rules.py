"""Cooperation on tests/fixtures/cooperation (see its README): each rule of
tkgraph.domain.cooperation on a graph small enough to check by reading it."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit import cooperation_fixture
from tests.unit.cooperation_fixture import AA, AGREEMENT, BB, CB, CC, DD, EE, FF, GG, OP, PROG, XO
from tkgraph.domain.cooperation import (
    COOPERATION_KINDS,
    Cooperation,
    EvidenceKind,
    Window,
    cooperation_of,
)
from tkgraph.rdf.vocab import iri_for
from tkgraph.service.snapshot import Snapshot


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return cooperation_fixture.build()


def partners(
    snapshot: Snapshot,
    actor: str,
    kinds: frozenset[EvidenceKind] = COOPERATION_KINDS,
    window: Window | None = None,
    partner_kinds: frozenset[str] | None = None,
) -> dict[str, Cooperation]:
    found = cooperation_of(
        snapshot.model, snapshot.network, actor, kinds, window or Window(), partner_kinds
    )
    return {c.partner: c for c in found}


def test_the_fixture_loads_without_problems(snapshot: Snapshot) -> None:
    assert snapshot.model.problems == []


def test_partners_are_ranked_by_evidence_then_by_label(snapshot: Snapshot) -> None:
    found = cooperation_of(snapshot.model, snapshot.network, AA)
    # BB: agreement + operation; GG: operation + body; then one piece each, by label:
    # Deltaland, Example Organisation, Gammaland.
    assert [(c.partner, c.evidence_count) for c in found] == [
        (BB, 2), (GG, 2), (DD, 1), (XO, 1), (CC, 1),
    ]  # fmt: skip
    for cooperation in found:
        assert cooperation.evidence_count == len(cooperation.evidence)


def test_an_actor_never_cooperates_with_itself_and_an_unlinked_one_with_nobody(
    snapshot: Snapshot,
) -> None:
    assert AA not in partners(snapshot, AA)
    assert partners(snapshot, FF) == {}


def test_each_kind_of_evidence_names_the_activity_roles_dates_and_records(
    snapshot: Snapshot,
) -> None:
    by_kind = {e.kind: e for e in partners(snapshot, AA)[BB].evidence}
    assert set(by_kind) == {EvidenceKind.AGREEMENT, EvidenceKind.OPERATION}
    agreement = by_kind[EvidenceKind.AGREEMENT]
    assert (agreement.via, agreement.roles, agreement.partner_roles) == (
        AGREEMENT, ("partyTo",), ("partyTo",),
    )  # fmt: skip
    assert (agreement.start, agreement.end) == (date(2010, 1, 1), None)
    assert agreement.records == (AGREEMENT,)
    operation = by_kind[EvidenceKind.OPERATION]
    assert (operation.via, operation.roles, operation.partner_roles) == (
        OP, ("coordinator",), ("participantRole",),
    )  # fmt: skip
    assert (operation.start, operation.end) == (date(2015, 3, 1), date(2015, 3, 5))
    assert operation.records == (
        str(iri_for("involvement", "op.AA")), str(iri_for("involvement", "op.BB")),
    )  # fmt: skip
    # Newest first.
    assert [e.kind for e in partners(snapshot, AA)[BB].evidence] == [
        EvidenceKind.OPERATION, EvidenceKind.AGREEMENT,
    ]  # fmt: skip


def test_a_funder_and_an_implementer_keep_their_own_roles(snapshot: Snapshot) -> None:
    (programme,) = partners(snapshot, AA)[XO].evidence
    assert (programme.kind, programme.via) == (EvidenceKind.PROGRAMME, PROG)
    assert (programme.roles, programme.partner_roles) == (("funder",), ("implementer",))
    (seen_from_xo,) = partners(snapshot, XO)[AA].evidence
    assert (seen_from_xo.roles, seen_from_xo.partner_roles) == (("implementer",), ("funder",))


def test_a_shared_coordination_body_counts_only_while_both_are_members(
    snapshot: Snapshot,
) -> None:
    (body,) = partners(snapshot, AA)[DD].evidence
    assert (body.kind, body.via, body.roles) == (EvidenceKind.COORDINATION_BODY, CB, ("member",))
    # AA is a member from 2000, DD from 2012 to 2018: they share the body from 2012 to 2018.
    assert (body.start, body.end) == (date(2012, 1, 1), date(2018, 12, 31))
    assert set(body.records) == {
        str(iri_for("membership", "cb.AA")), str(iri_for("membership", "cb.DD")),
    }  # fmt: skip
    assert DD in partners(snapshot, AA, window=Window(as_of=date(2018, 12, 31)))
    assert DD not in partners(snapshot, AA, window=Window(as_of=date(2019, 1, 1)))
    assert DD not in partners(snapshot, AA, window=Window(as_of=date(2011, 12, 31)))


def test_membership_of_an_ordinary_organisation_is_not_cooperation(snapshot: Snapshot) -> None:
    assert AA not in partners(snapshot, EE)
    assert XO not in partners(snapshot, EE)


def test_as_of_keeps_only_evidence_that_had_begun(snapshot: Snapshot) -> None:
    before_everything = partners(snapshot, AA, window=Window(as_of=date(2009, 12, 31)))
    assert set(before_everything) == {XO}  # the programme has no dates: always evidence
    before_operation = partners(snapshot, AA, window=Window(as_of=date(2015, 2, 28)))
    assert [e.kind for e in before_operation[BB].evidence] == [EvidenceKind.AGREEMENT]
    assert CC not in before_operation
    # An operation, once it happened, stays evidence.
    later = partners(snapshot, AA, window=Window(as_of=date(2024, 1, 1)))
    assert [e.kind for e in later[CC].evidence] == [EvidenceKind.OPERATION]


def test_a_period_keeps_evidence_that_overlaps_it(snapshot: Snapshot) -> None:
    after_operation = partners(
        snapshot, AA, window=Window(start=date(2015, 3, 6), end=date(2015, 12, 31))
    )
    assert [e.kind for e in after_operation[BB].evidence] == [EvidenceKind.AGREEMENT]
    assert CC not in after_operation
    during = partners(snapshot, AA, window=Window(start=date(2015, 3, 5), end=date(2015, 3, 5)))
    assert CC in during


def test_kinds_and_partner_kinds_filter(snapshot: Snapshot) -> None:
    operations_only = partners(snapshot, AA, kinds=frozenset({EvidenceKind.OPERATION}))
    assert set(operations_only) == {BB, CC, GG}
    assert all(
        e.kind is EvidenceKind.OPERATION for c in operations_only.values() for e in c.evidence
    )
    states_only = partners(snapshot, AA, partner_kinds=frozenset({"State"}))
    assert set(states_only) == {BB, CC, DD, GG}
