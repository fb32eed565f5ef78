"""The coverage rules on the coverage fixture (tests/fixtures/coverage/README.md)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ONTOLOGY, ROOT
from tkgraph.domain.binding import Rule, Status, assess
from tkgraph.domain.coverage import WarningCode, coverage_of
from tkgraph.rdf.vocab import iri_for
from tkgraph.service.snapshot import Snapshot, build_snapshot
from tkgraph.validation import validate

COVERAGE_SEED = ROOT / "tests" / "fixtures" / "coverage" / "seed"
LISTED = str(iri_for("instrument", "listed-protocol"))
PARTIAL = str(iri_for("instrument", "partial-protocol"))


def state(code: str) -> str:
    return str(iri_for("state", code))


@pytest.fixture(scope="module")
def cov() -> Snapshot:
    return build_snapshot(ONTOLOGY, COVERAGE_SEED)


def test_the_fixture_is_valid() -> None:
    report = validate(ONTOLOGY, COVERAGE_SEED, reasoner=False)
    assert report.problems == (), report.to_text()


def test_coverage_is_the_newest_complete_list(cov: Snapshot) -> None:
    c = coverage_of(cov.model, LISTED)
    assert c.coverage_date == date(2014, 1, 27)
    assert [pl.as_of for pl in c.lists] == [date(2016, 6, 30), date(2014, 1, 27)]
    assert c.newest_party_count is not None and c.newest_party_count.value == 2
    assert coverage_of(cov.model, PARTIAL).coverage_date is None


def test_no_record_inside_a_complete_list_is_not_participating(cov: Snapshot) -> None:
    for day in (date(2010, 1, 1), date(2014, 1, 27)):
        a = assess(cov.model, state("DD"), LISTED, day)
        assert (a.status, a.rule, a.warning) == (Status.NOT_PARTICIPATING, Rule.NO_RECORD, None)


def test_no_record_past_a_complete_list_is_unknown_and_names_the_list(cov: Snapshot) -> None:
    a = assess(cov.model, state("DD"), LISTED, date(2024, 1, 1))
    assert (a.status, a.rule) == (Status.UNKNOWN, Rule.NO_RECORD_PAST_COVERAGE)
    assert "the status table as of 2014-01-27" in a.reason
    assert a.warning is not None and a.warning.code is WarningCode.DATA_PAST_COVERAGE
    assert a.warning.coverage_date == date(2014, 1, 27)


def test_no_record_with_a_partial_list_only_is_unknown_on_every_date(cov: Snapshot) -> None:
    for day in (date(2005, 1, 1), date(2024, 1, 1)):
        a = assess(cov.model, state("DD"), PARTIAL, day)
        assert (a.status, a.rule) == (Status.UNKNOWN, Rule.NO_COMPLETE_LIST)
        assert a.warning is not None
        assert a.warning.code is WarningCode.PARTIAL_PARTICIPATION_DATA


def test_signed_only_past_coverage_is_unknown_with_the_last_known_status(cov: Snapshot) -> None:
    assert assess(cov.model, state("CC"), LISTED, date(2010, 1, 1)).status is Status.SIGNED_ONLY
    a = assess(cov.model, state("CC"), LISTED, date(2024, 1, 1))
    assert (a.status, a.rule) == (Status.UNKNOWN, Rule.STATE_PAST_COVERAGE)
    assert a.last_known is not None
    assert (a.last_known.status, a.last_known.as_of) == (Status.SIGNED_ONLY, date(2014, 1, 27))


def test_consented_not_in_force_past_coverage_is_carried_forward(cov: Snapshot) -> None:
    inside = assess(cov.model, state("BB"), LISTED, date(2014, 1, 27))
    assert inside.status is Status.CONSENTED_NOT_IN_FORCE
    assert inside.carried_forward is False
    a = assess(cov.model, state("BB"), LISTED, date(2014, 2, 1))
    # Its entry into force is known: pending until then, like a binding carried forward.
    assert (a.status, a.carried_forward) == (Status.CONSENTED_NOT_IN_FORCE, True)
    assert a.warning is not None and a.warning.code is WarningCode.DATA_PAST_COVERAGE


def test_bound_past_coverage_is_carried_forward(cov: Snapshot) -> None:
    inside = assess(cov.model, state("AA"), LISTED, date(2010, 1, 1))
    assert (inside.status, inside.carried_forward, inside.warning) == (Status.BOUND, False, None)
    a = assess(cov.model, state("AA"), LISTED, date(2024, 1, 1))
    assert (a.status, a.carried_forward, a.known_until) == (Status.BOUND, True, date(2014, 1, 27))
    assert a.warning is not None and a.warning.code is WarningCode.DATA_PAST_COVERAGE


def test_a_record_in_a_newer_partial_list_is_known_up_to_that_list(cov: Snapshot) -> None:
    a = assess(cov.model, state("AA"), PARTIAL, date(2019, 1, 1))
    assert (a.status, a.carried_forward, a.known_until) == (Status.BOUND, False, date(2020, 1, 1))
    later = assess(cov.model, state("AA"), PARTIAL, date(2024, 1, 1))
    assert later.carried_forward and later.warning is not None
    assert later.warning.code is WarningCode.PARTIAL_PARTICIPATION_DATA


def test_year_only_consent_is_unknown_where_the_status_depends_on_the_day(cov: Snapshot) -> None:
    a = assess(cov.model, state("EE"), LISTED, date(2015, 3, 1))
    assert (a.status, a.rule) == (Status.UNKNOWN, Rule.IMPRECISE_DATE)
    assert "between 2015-01-01 and 2015-12-31" in a.reason
    before = assess(cov.model, state("EE"), LISTED, date(2014, 6, 1))
    assert before.status is Status.NOT_PARTICIPATING
    after = assess(cov.model, state("EE"), LISTED, date(2016, 3, 1))
    assert after.status is Status.BOUND
    assert after.bound_from is None  # somewhere in 2015: never guessed


def test_alternative_values_are_read(cov: Snapshot) -> None:
    p = cov.model.participations[str(iri_for("participation", "listed-protocol.BB"))]
    assert p.alternative_values == ("accession 2014-01-21 according to a news page",)
