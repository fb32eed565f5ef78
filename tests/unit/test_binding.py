"""Status as of a date on the tiny fixture (see tests/fixtures/tiny/README.md)."""

from datetime import date

import pytest

from tkgraph.domain.binding import (
    EntryIntoForceBasis,
    Rule,
    Status,
    assess,
    assess_provision,
    assessments_for_instrument,
)
from tkgraph.domain.coverage import coverage_of
from tkgraph.rdf.vocab import iri_for
from tkgraph.service.snapshot import Snapshot

PROTOCOL = str(iri_for("instrument", "example-protocol"))
DIRECTIVE = str(iri_for("instrument", "example-directive"))
DECLARATION = str(iri_for("instrument", "example-declaration"))


def state(code: str) -> str:
    return str(iri_for("state", code))


def test_early_ratifier_is_bound_from_general_entry_into_force(tiny: Snapshot) -> None:
    a = assess(tiny.model, state("AA"), PROTOCOL, date(2002, 1, 1))
    assert a.status is Status.BOUND
    assert a.bound_from == date(2002, 1, 1)
    assert a.entry_into_force_basis is EntryIntoForceBasis.COMPUTED
    assert [p.role for p in a.premises] == ["participation", "entry-into-force-rule"]


def test_early_ratifier_is_not_yet_bound_the_day_before(tiny: Snapshot) -> None:
    a = assess(tiny.model, state("AA"), PROTOCOL, date(2001, 12, 31))
    assert a.status is Status.CONSENTED_NOT_IN_FORCE


def test_late_accession_binds_from_the_thirtieth_day(tiny: Snapshot) -> None:
    assert (
        assess(tiny.model, state("BB"), PROTOCOL, date(2005, 7, 9)).status
        is Status.CONSENTED_NOT_IN_FORCE
    )
    a = assess(tiny.model, state("BB"), PROTOCOL, date(2005, 7, 10))
    assert (a.status, a.bound_from) == (Status.BOUND, date(2005, 7, 10))


def test_signature_alone_never_binds(tiny: Snapshot) -> None:
    a = assess(tiny.model, state("CC"), PROTOCOL, date(2020, 1, 1))
    assert (a.status, a.rule) == (Status.SIGNED_ONLY, Rule.SIGNATURE_ONLY)
    before = assess(tiny.model, state("CC"), PROTOCOL, date(2000, 12, 11))
    assert before.status is Status.NOT_PARTICIPATING


def test_denunciation_ends_binding(tiny: Snapshot) -> None:
    assert assess(tiny.model, state("DD"), PROTOCOL, date(2009, 12, 31)).status is Status.BOUND
    a = assess(tiny.model, state("DD"), PROTOCOL, date(2010, 1, 1))
    assert (a.status, a.bound_until) == (Status.NO_LONGER_BOUND, date(2009, 12, 31))


def test_reio_is_bound_in_its_own_right(tiny: Snapshot) -> None:
    a = assess(tiny.model, str(iri_for("organization", "xu")), PROTOCOL, date(2004, 2, 14))
    assert (a.status, a.derived, a.bound_from) == (Status.BOUND, False, date(2004, 2, 14))


def test_reservation_excludes_one_provision(tiny: Snapshot) -> None:
    art_15_2 = str(iri_for("provision", "example-protocol.art-15-2"))
    art_5 = str(iri_for("provision", "example-protocol.art-5"))
    excluded = assess_provision(tiny.model, state("EE"), art_15_2, date(2020, 1, 1))
    assert not excluded.bound
    assert excluded.reservation == str(iri_for("statement", "example-protocol.EE.art-15-2"))
    assert excluded.instrument_assessment.status is Status.BOUND
    assert assess_provision(tiny.model, state("EE"), art_5, date(2020, 1, 1)).bound
    assert assess_provision(tiny.model, state("AA"), art_15_2, date(2020, 1, 1)).bound


def test_directive_binds_members_derived_with_the_chain(tiny: Snapshot) -> None:
    a = assess(tiny.model, state("AA"), DIRECTIVE, date(2012, 1, 1))
    assert (a.status, a.derived, a.rule) == (Status.BOUND, True, Rule.MEMBERSHIP_DERIVED)
    assert a.bound_from == date(2011, 4, 15)
    assert a.membership == str(iri_for("membership", "xu.AA"))
    assert [p.role for p in a.premises] == ["instrument", "membership"]


def test_directive_stops_binding_when_membership_ends(tiny: Snapshot) -> None:
    assert assess(tiny.model, state("BB"), DIRECTIVE, date(2019, 6, 1)).status is Status.BOUND
    a = assess(tiny.model, state("BB"), DIRECTIVE, date(2021, 6, 1))
    assert (a.status, a.rule) == (Status.NO_LONGER_BOUND, Rule.MEMBERSHIP_ENDED)


def test_opt_out_member_is_not_bound(tiny: Snapshot) -> None:
    a = assess(tiny.model, state("DD"), DIRECTIVE, date(2015, 1, 1))
    assert (a.status, a.rule) == (Status.NOT_PARTICIPATING, Rule.OPT_OUT)
    assert "Protocol No 22" in a.reason


def test_directive_not_in_force_before_its_date(tiny: Snapshot) -> None:
    assert (
        assess(tiny.model, state("AA"), DIRECTIVE, date(2011, 4, 14)).status
        is Status.CONSENTED_NOT_IN_FORCE
    )


def test_declaration_never_binds(tiny: Snapshot) -> None:
    assert (
        assess(tiny.model, state("AA"), DECLARATION, date(2020, 1, 1)).status is Status.NOT_BINDING
    )


@pytest.mark.parametrize("code", ["CC", "EE"])
def test_non_member_is_not_bound_by_directive(tiny: Snapshot, code: str) -> None:
    assert (
        assess(tiny.model, state(code), DIRECTIVE, date(2015, 1, 1)).status
        is Status.NOT_PARTICIPATING
    )


def test_statuses_need_no_label_and_the_reason_is_written_when_read(
    tiny: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = date(2002, 1, 1)
    for instrument in (PROTOCOL, DIRECTIVE):
        coverage_of(tiny.model, instrument)  # per instrument, once per model: not per answer

    def no_labels(iri: str) -> str:
        raise AssertionError(f"label of {iri} looked up for a status")

    with monkeypatch.context() as patched:
        patched.setattr(tiny.model, "display_label", no_labels)
        statuses = {
            (a.instrument, a.actor): a.status
            for instrument in (PROTOCOL, DIRECTIVE)
            for a in assessments_for_instrument(tiny.model, instrument, day)
        }
        early = assess(tiny.model, state("AA"), PROTOCOL, day)
    assert statuses[PROTOCOL, state("AA")] is Status.BOUND
    assert statuses[DIRECTIVE, state("AA")] is Status.CONSENTED_NOT_IN_FORCE
    assert "in force for it from 2002-01-01" in early.reason
    assert early.premises[0].statement.startswith("Alphaland")
