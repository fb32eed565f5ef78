"""How a participation record's dates give its status (issue: no party turned
into a non-party), on tests/fixtures/consent-rules (see its README)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ONTOLOGY, ROOT
from tkgraph.domain.binding import EntryIntoForceBasis, Rule, Status, assess
from tkgraph.rdf.vocab import iri_for
from tkgraph.service.snapshot import Snapshot, build_snapshot

CONVENTION = str(iri_for("instrument", "labour-convention"))


@pytest.fixture(scope="module")
def rules() -> Snapshot:
    return build_snapshot(ONTOLOGY, ROOT / "tests" / "fixtures" / "consent-rules" / "seed")


def status(snapshot: Snapshot, code: str, day: str) -> tuple[Status, Rule]:
    a = assess(snapshot.model, str(iri_for("state", code)), CONVENTION, date.fromisoformat(day))
    return a.status, a.rule


def test_the_fixture_loads_without_problems(rules: Snapshot) -> None:
    assert rules.model.problems == []


def test_entry_into_force_without_consent_date_binds_from_that_day(rules: Snapshot) -> None:
    a = assess(rules.model, str(iri_for("state", "AA")), CONVENTION, date(2014, 1, 1))
    assert a.status is Status.BOUND
    assert a.bound_from == date(2010, 6, 1)
    assert a.entry_into_force_basis is EntryIntoForceBasis.GIVEN
    assert "implied" in a.reason
    # Before it the day of consent is not known: never "not participating".
    assert status(rules, "AA", "2010-05-31") == (Status.UNKNOWN, Rule.CONSENT_DATE_UNKNOWN)
    for day in ("2010-06-01", "2012-01-01", "2014-08-12", "2030-01-01"):
        assert status(rules, "AA", day)[0] is not Status.NOT_PARTICIPATING


def test_a_stated_entry_into_force_wins_over_the_window_of_a_year_only_consent(
    rules: Snapshot,
) -> None:
    a = assess(rules.model, str(iri_for("state", "BB")), CONVENTION, date(2013, 1, 1))
    assert a.status is Status.BOUND
    assert a.bound_from == date(2012, 3, 22)
    # Later in its year of ratification, still bound (the window would say unknown).
    assert status(rules, "BB", "2012-06-01")[0] is Status.BOUND
    # Before the stated day, the consent may or may not have come yet.
    assert status(rules, "BB", "2012-02-01") == (Status.UNKNOWN, Rule.IMPRECISE_DATE)


def test_a_consent_with_a_known_entry_into_force_is_pending_then_bound(rules: Snapshot) -> None:
    assert status(rules, "CC", "2014-07-18")[0] is Status.NOT_PARTICIPATING
    assert status(rules, "CC", "2014-08-01") == (
        Status.CONSENTED_NOT_IN_FORCE,
        Rule.NOT_YET_IN_FORCE,
    )
    # Past the list (2014-08-12) but before the stated day: still pending, not unknown.
    assert status(rules, "CC", "2015-01-01")[0] is Status.CONSENTED_NOT_IN_FORCE
    a = assess(rules.model, str(iri_for("state", "CC")), CONVENTION, date(2016, 1, 1))
    assert (a.status, a.bound_from) == (Status.BOUND, date(2015, 7, 19))


def test_a_pending_consent_past_the_list_is_carried_forward_and_says_so(
    rules: Snapshot,
) -> None:
    pending = assess(rules.model, str(iri_for("state", "DD")), CONVENTION, date(2015, 1, 1))
    assert pending.status is Status.CONSENTED_NOT_IN_FORCE
    assert pending.carried_forward is True
    assert pending.warning is not None
    assert "Carried forward" in pending.reason
    bound = assess(rules.model, str(iri_for("state", "DD")), CONVENTION, date(2016, 1, 1))
    assert (bound.status, bound.bound_from, bound.carried_forward) == (
        Status.BOUND,
        date(2015, 8, 1),
        True,
    )


def test_a_year_only_consent_without_entry_into_force_is_unknown_inside_its_window(
    rules: Snapshot,
) -> None:
    # Ratified in 2013: in force between 2014-01-01 and 2014-12-31 by the rule.
    assert status(rules, "EE", "2014-06-01") == (Status.UNKNOWN, Rule.IMPRECISE_DATE)
    assert status(rules, "EE", "2012-12-31")[0] is Status.NOT_PARTICIPATING
    assert status(rules, "EE", "2014-08-12")[0] is Status.UNKNOWN
