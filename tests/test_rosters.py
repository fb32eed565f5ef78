"""Membership rosters: partial dates, suspensions, coverage (fixture), and a
recount of every bundled roster against its dated member count, read from
the raw CSV tables independently of the seed builder."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from tkgraph.domain import rosters as ro
from tkgraph.domain.coverage import WarningCode
from tkgraph.model.partial_date import PartialDate, Precision
from tkgraph.service.snapshot import Snapshot, build_snapshot

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "regional"
FIXTURE = ROOT / "tests" / "fixtures" / "rosters" / "seed"
ORG = "https://w3id.org/tkgraph/id/organization/"
STATE = "https://w3id.org/tkgraph/id/state/"


@pytest.fixture(scope="module")
def fixture() -> Snapshot:
    return build_snapshot(ROOT / "ontology", FIXTURE)


def status(snap: Snapshot, org: str, state: str, day: str) -> ro.MemberAnswer:
    return ro.member_status(snap.model, ORG + org, STATE + state, date.fromisoformat(day))


def test_partial_date_spans() -> None:
    year = PartialDate.parse("1994")
    assert (year.first, year.last, year.precision) == (
        date(1994, 1, 1),
        date(1994, 12, 31),
        Precision.YEAR,
    )
    assert PartialDate.parse("2024-02").last == date(2024, 2, 29)
    assert year.on_or_before(date(1994, 6, 1)) is None
    assert year.on_or_before(date(1995, 1, 1)) is True
    assert year.on_or_before(date(1993, 12, 31)) is False
    with pytest.raises(ValueError, match="YYYY-MM"):
        PartialDate.parse("1994-13")


def test_year_only_start_is_unknown_inside_its_year(fixture: Snapshot) -> None:
    assert status(fixture, "full", "BB", "1994-06-01").status is ro.MemberStatus.UNKNOWN
    assert status(fixture, "full", "BB", "1995-01-01").status is ro.MemberStatus.MEMBER
    assert status(fixture, "full", "BB", "1993-12-31").status is ro.MemberStatus.NOT_MEMBER


def test_suspended_member_stays_a_member(fixture: Snapshot) -> None:
    during = status(fixture, "full", "AA", "2015-01-01")
    assert during.status is ro.MemberStatus.MEMBER
    assert during.suspension is not None and str(during.suspension.start) == "2011"
    after = status(fixture, "full", "AA", "2023-05-07")
    assert after.status is ro.MemberStatus.MEMBER and after.suspension is None
    # Inside the suspension's start year the data cannot say it was suspended.
    assert status(fixture, "full", "AA", "2011-06-01").suspension is None


def test_end_date_is_the_last_day_a_member(fixture: Snapshot) -> None:
    assert status(fixture, "full", "CC", "2005-06-30").status is ro.MemberStatus.MEMBER
    assert status(fixture, "full", "CC", "2005-07-01").status is ro.MemberStatus.NOT_MEMBER


def test_no_record_is_not_a_member_only_inside_a_complete_roster(fixture: Snapshot) -> None:
    assert status(fixture, "full", "DD", "2019-01-01").status is ro.MemberStatus.NOT_MEMBER
    past = status(fixture, "full", "DD", "2021-01-01")
    assert past.status is ro.MemberStatus.UNKNOWN
    coverage = ro.roster_coverage(fixture.model, ORG + "full")
    assert coverage.warning(date(2019, 1, 1)) is None
    warning = coverage.warning(date(2021, 1, 1))
    assert warning is not None and warning.code is WarningCode.MEMBERSHIP_PAST_COVERAGE


def test_partial_roster_answers_unknown_with_the_partial_warning(fixture: Snapshot) -> None:
    assert status(fixture, "part", "BB", "2010-01-01").status is ro.MemberStatus.UNKNOWN
    assert status(fixture, "part", "AA", "2010-01-01").status is ro.MemberStatus.MEMBER
    warning = ro.roster_coverage(fixture.model, ORG + "part").warning(date(2010, 1, 1))
    assert warning is not None and warning.code is WarningCode.PARTIAL_MEMBERSHIP_DATA


def test_actors_member_of_carries_the_warning(fixture: Snapshot) -> None:
    from tests.conftest import Runner
    from tkgraph.settings import Settings

    run = Runner(
        fixture, Settings(ontology_dir=ROOT / "ontology", seed_dir=FIXTURE), date(2024, 1, 1)
    )
    result = run.execute(
        '{ actors(memberOf: "organization:part", asOf: "2010-01-01") { totalCount } }'
    )
    assert result.errors is None, result.errors
    assert result.data == {"actors": {"totalCount": 1}}
    codes = [w["code"] for w in (result.extensions or {}).get("warnings", [])]
    assert codes == ["PARTIAL_MEMBERSHIP_DATA"]


# -- the bundled rosters, recounted from data/regional/*.csv ----------------


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _bounds(cell: str) -> tuple[date, date]:
    parts = [int(x) for x in cell.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return date(parts[0], parts[1], 1), following - timedelta(days=1)
    day = date(*parts)
    return day, day


ROSTERS = [r for r in _rows("rosters.csv") if r["member_count"] and r["completeness"] == "complete"]


@pytest.mark.parametrize("roster", ROSTERS, ids=[r["org"] for r in ROSTERS])
def test_bundled_roster_recounts_to_its_member_count(roster: dict[str, str]) -> None:
    day = _bounds(roster["count_as_of"])[1]
    members = {
        m["member"]
        for m in _rows("memberships.csv")
        if m["org"] == roster["org"]
        and (not m["start"] or _bounds(m["start"])[1] <= day)
        and (not m["end"] or day <= _bounds(m["end"])[0])
    }
    assert len(members) == int(roster["member_count"])


@pytest.mark.parametrize(
    ("org", "day", "members"),
    [
        ("african-union", "2024-01-01", 55),
        ("arab-league", "2024-01-01", 22),
        ("sadc", "2024-01-01", 16),
        ("ecowas", "2024-01-01", 15),
        ("un", "2024-01-01", 193),
        ("bimstec", "2023-06-01", 7),
        ("eac", "2025-01-01", 8),
        ("ecowas", "2026-01-01", 12),
        ("sco", "2024-07-04", 10),
        ("sco", "2024-07-03", 9),
    ],
)
def test_bundled_members_on_a_day(real: Snapshot, org: str, day: str, members: int) -> None:
    found = ro.members_on(real.model, ORG + org, date.fromisoformat(day))
    assert len(found) == members


def test_syria_in_the_league(real: Snapshot) -> None:
    assert status(real, "arab-league", "SY", "2024-01-01").status is ro.MemberStatus.MEMBER
    suspended = status(real, "arab-league", "SY", "2015-01-01")
    assert suspended.status is ro.MemberStatus.MEMBER and suspended.suspension is not None
    assert suspended.suspension.sources


LAW = "https://w3id.org/tkgraph/id/instrument/full-law"


def test_derived_binding_follows_the_roster_rules(fixture: Snapshot) -> None:
    from tkgraph.domain import binding as b

    def assess(state: str, day: str) -> b.Assessment:
        return b.assess(fixture.model, STATE + state, LAW, date.fromisoformat(day))

    suspended = assess("AA", "2015-01-01")
    assert suspended.status is b.Status.BOUND
    assert any(p.role == "suspension" for p in suspended.premises)
    assert assess("BB", "1994-06-01").status is b.Status.UNKNOWN
    assert assess("BB", "1995-01-01").status is b.Status.BOUND
    assert assess("DD", "2019-01-01").status is b.Status.NOT_PARTICIPATING
    past = assess("DD", "2021-01-01")
    assert past.status is b.Status.UNKNOWN
    assert past.warning is not None
    assert past.warning.code is WarningCode.MEMBERSHIP_PAST_COVERAGE


def test_graphql_membership_coverage_and_suspension(fixture: Snapshot) -> None:
    from tests.conftest import Runner
    from tkgraph.settings import Settings

    settings = Settings(ontology_dir=ROOT / "ontology", seed_dir=FIXTURE)
    run = Runner(fixture, settings, date(2024, 1, 1))
    data = run(
        """{ org: actor(id: "organization:full") {
               membershipCoverage(asOf: "2015-01-01") {
                 complete coverageDate members unknown suspended newestMemberCount { value } } }
             aa: actor(id: "state:AA") {
               memberships { start status(asOf: "2015-01-01") suspended(asOf: "2015-01-01") { start } } }
             bb: actor(id: "state:BB") {
               memberships { start startDate status(asOf: "1994-06-01") } } }"""
    )
    assert data["org"]["membershipCoverage"] == {
        "complete": True,
        "coverageDate": "2020-01-01",
        "members": 2,
        "unknown": 0,
        "suspended": 1,
        "newestMemberCount": {"value": 2.0},
    }
    full = [m for m in data["aa"]["memberships"] if m["start"] == "1990-03-01"]
    assert full == [{"start": "1990-03-01", "status": "MEMBER", "suspended": {"start": "2011"}}]
    assert data["bb"]["memberships"] == [{"start": "1994", "startDate": None, "status": "UNKNOWN"}]
