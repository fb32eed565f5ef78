"""Who is bound to what on the real data: hand-checked cases (issue 4).

Each case was checked by hand against the UNTC table in data/untc/ and the
instrument files in seed/instruments/.
"""

import csv
from datetime import date, datetime, timedelta

import pytest

from tests.conftest import ROOT, Runner

BINDING = """query($a: ID!, $i: ID!, $d: Date) { binding(actor: $a, instrument: $i, asOf: $d) {
  status derived rule boundFrom boundUntil entryIntoForceBasis reason
  premises { role statement node { id sources { title } } }
  membership { id startDate endDate } participation { id consentKind consentDate } } }"""
TIP = "instrument:tip-protocol"
DIRECTIVE = "instrument:eu-directive-2011-36"


def binding(gql: Runner, actor: str, instrument: str, day: str) -> dict:
    return gql(BINDING, a=actor, i=instrument, d=day)["binding"]


def test_early_ratifier_bound_from_protocol_entry_into_force(gql_real: Runner) -> None:
    # Albania ratified 21 Aug 2002, before the Protocol entered into force.
    b = binding(gql_real, "state:AL", TIP, "2004-01-01")
    assert (b["status"], b["boundFrom"], b["entryIntoForceBasis"]) == (
        "BOUND",
        "2003-12-25",
        "COMPUTED",
    )
    assert b["participation"] == {
        "id": "participation:tip-protocol.AL",
        "consentKind": "ratification",
        "consentDate": "2002-08-21",
    }
    assert [p["role"] for p in b["premises"]] == ["participation", "entry-into-force-rule"]
    assert all(p["node"]["sources"] for p in b["premises"])
    assert binding(gql_real, "state:AL", TIP, "2003-12-24")["status"] == "CONSENTED_NOT_IN_FORCE"


def test_late_accession_bound_from_thirtieth_day(gql_real: Runner) -> None:
    # China acceded 8 Feb 2010: bound from the 30th day after deposit.
    assert binding(gql_real, "state:CN", TIP, "2010-03-09")["status"] == "CONSENTED_NOT_IN_FORCE"
    b = binding(gql_real, "state:CN", TIP, "2010-03-10")
    assert (b["status"], b["boundFrom"]) == ("BOUND", "2010-03-10")
    assert b["participation"]["consentKind"] == "accession"


def test_signatory_that_never_ratified_is_not_bound(gql_real: Runner) -> None:
    # Japan signed 9 Dec 2002 and had not consented by the table's date.
    b = binding(gql_real, "state:JP", TIP, "2014-01-27")
    assert (b["status"], b["rule"]) == ("SIGNED_ONLY", "signature-does-not-bind")


def test_eu_is_party_in_its_own_right_by_approval(gql_real: Runner) -> None:
    b = binding(gql_real, "organization:eu", TIP, "2007-01-01")
    assert (b["status"], b["derived"], b["boundFrom"]) == ("BOUND", False, "2006-10-06")
    assert b["participation"]["consentKind"] == "approval"


def test_saudi_arabia_party_but_not_bound_by_article_15_2(gql_real: Runner) -> None:
    q = """query($p: ID!) { provisionBinding(actor: "state:SA", provision: $p, asOf: "2020-01-01") {
             bound reason reservation { id kind sources { title } } instrumentBinding { status } } }"""
    excluded = gql_real(q, p="provision:tip-protocol.art-15-2")["provisionBinding"]
    assert excluded["bound"] is False
    assert excluded["instrumentBinding"]["status"] == "BOUND"
    assert excluded["reservation"]["id"] == "statement:tip-protocol.SA.art-15-2"
    assert excluded["reservation"]["sources"]
    assert gql_real(q, p="provision:tip-protocol.art-5")["provisionBinding"]["bound"] is True


def test_denmark_not_bound_by_directive_france_bound_derived_with_chain(gql_real: Runner) -> None:
    dk = binding(gql_real, "state:DK", DIRECTIVE, "2015-01-01")
    assert (dk["status"], dk["rule"]) == ("NOT_PARTICIPATING", "member-does-not-take-part")
    assert [p["role"] for p in dk["premises"]] == ["instrument", "opt-out"]
    fr = binding(gql_real, "state:FR", DIRECTIVE, "2015-01-01")
    assert (fr["status"], fr["derived"], fr["rule"], fr["boundFrom"]) == (
        "BOUND",
        True,
        "membership-derived",
        "2011-04-15",
    )
    assert fr["membership"]["id"] == "membership:eu.FR"
    assert [p["node"]["id"] for p in fr["premises"]] == [DIRECTIVE, "membership:eu.FR"]
    assert "transposition deadline 2013-04-06" in fr["premises"][0]["statement"]


def test_united_kingdom_and_the_directive_before_and_after_leaving(gql_real: Runner) -> None:
    before = binding(gql_real, "state:GB", DIRECTIVE, "2019-06-01")
    assert (before["status"], before["derived"]) == ("BOUND", True)
    assert before["membership"]["endDate"] == "2020-01-31"
    after = binding(gql_real, "state:GB", DIRECTIVE, "2021-06-01")
    assert (after["status"], after["rule"]) == ("NO_LONGER_BOUND", "membership-ended")


def test_asserted_only_excludes_derived_bindings(gql_real: Runner) -> None:
    q = """query($a: Boolean!) { instrument(id: "instrument:eu-directive-2011-36") {
             bindings(asOf: "2015-01-01", status: [BOUND], assertedOnly: $a) { totalCount } } }"""
    assert gql_real(q, a=False)["instrument"]["bindings"]["totalCount"] > 20
    assert gql_real(q, a=True)["instrument"]["bindings"]["totalCount"] == 0


def _recount_bound(day: date) -> int:
    """Independent recount from the UNTC table: consent + 30 days, not before 2003-12-25."""
    general = date(2003, 12, 25)
    count = 0
    with (ROOT / "data" / "untc" / "treaties_18-12-a.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    for row in rows:
        consent = row[2].strip()
        if not consent:
            continue
        deposited = datetime.strptime(" ".join(consent.split()[:3]), "%d %b %Y").date()
        if max(deposited + timedelta(days=30), general) <= day:
            count += 1
    return count


@pytest.mark.parametrize("day", ["2005-01-01", "2010-01-01", "2014-01-27"])
def test_tip_bound_count_equals_recount_from_the_table(gql_real: Runner, day: str) -> None:
    q = 'query($d: Date) { instrument(id: "instrument:tip-protocol") { boundCount(asOf: $d) } }'
    assert gql_real(q, d=day)["instrument"]["boundCount"] == _recount_bound(date.fromisoformat(day))


def test_gap_analysis_cets_197_parties_not_bound_by_p029(gql_real: Runner) -> None:
    q = """{ boundByButNot(boundBy: "instrument:cets-197", notBoundBy: "instrument:ilo-p029", asOf: "2014-01-01") {
             actor { id } status } }"""
    rows = gql_real(q)["boundByButNot"]
    assert rows, "CETS 197 had parties in 2014, none bound by P029 (not in force until 2016)"
    assert {r["status"] for r in rows} <= {
        "NOT_PARTICIPATING",
        "SIGNED_ONLY",
        "CONSENTED_NOT_IN_FORCE",
        "UNKNOWN",
    }
