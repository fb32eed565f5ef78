"""The issue #11 / #12 table on the bundled data: no answer claims more than the
data know, and the data now give the true status of the issues' cases, each
with the sources of the records it rests on."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.conftest import Runner
from tkgraph.domain.binding import Status, assessments_for_instrument
from tkgraph.service.snapshot import Snapshot

CASES = [
    # actor, instrument, true status on 2024-01-01 (issue #11)
    ("state:JP", "instrument:tip-protocol", "BOUND"),  # acceptance deposited July 2017
    ("state:DE", "instrument:cets-197", "BOUND"),  # ratified 2012, in force 2013-04-01
    ("state:US", "instrument:ilo-c182", "BOUND"),  # ratified 1999
    ("state:FR", "instrument:ilo-c029", "BOUND"),  # ratified 1937
    ("state:MY", "instrument:ilo-c105", "NO_LONGER_BOUND"),  # ratified 1958, denounced 1990
]


def _run(snapshot: Snapshot, gql_real: Runner, document: str) -> tuple[dict[str, Any], list[Any]]:
    result = gql_real.execute(document)
    assert result.errors is None, result.errors
    assert isinstance(result.data, dict)
    return result.data, (result.extensions or {}).get("warnings", [])


@pytest.mark.parametrize(("actor", "instrument", "truth"), CASES)
def test_the_issue_cases_give_the_true_status_with_sources(
    real: Snapshot, gql_real: Runner, actor: str, instrument: str, truth: str
) -> None:
    data, warnings = _run(
        real,
        gql_real,
        f"""{{ binding(actor: "{actor}", instrument: "{instrument}", asOf: "2024-01-01") {{
              status rule reason carriedForward knownUntil
              premises {{ role node {{ id sources {{ title address }} }} }} }} }}""",
    )
    b = data["binding"]
    assert b["status"] == truth, b
    participation = next(p for p in b["premises"] if p["role"] == "participation")
    assert participation["node"]["sources"], "the record names its sources"
    assert all(s["title"] for s in participation["node"]["sources"])
    if b["carriedForward"]:
        # a status carried past the newest list says so in the response
        assert instrument in {w["instrument"] for w in warnings}


def test_malaysia_c105_denunciation_takes_effect_by_the_rule(
    real: Snapshot, gql_real: Runner
) -> None:
    data, _ = _run(
        real,
        gql_real,
        """{ before: binding(actor: "state:MY", instrument: "instrument:ilo-c105", asOf: "1990-06-01") { status }
             after: binding(actor: "state:MY", instrument: "instrument:ilo-c105", asOf: "1992-01-01") {
               status premises { role } } }""",
    )
    # denounced in 1990, effective twelve months after registration (art. 5)
    assert data["before"]["status"] == "BOUND"
    assert data["after"]["status"] == "NO_LONGER_BOUND"
    assert "denunciation-rule" in {p["role"] for p in data["after"]["premises"]}
    edge, _ = _run(
        real,
        gql_real,
        """{ last: binding(actor: "state:MY", instrument: "instrument:ilo-c105", asOf: "1991-01-09") { status }
             first: binding(actor: "state:MY", instrument: "instrument:ilo-c105", asOf: "1991-01-10") {
               status boundUntil } }""",
    )
    # NORMLEX: denounced on 10 Jan 1990, so no longer bound from 10 Jan 1991
    assert edge["last"]["status"] == "BOUND"
    assert edge["first"] == {"status": "NO_LONGER_BOUND", "boundUntil": "1991-01-09"}


def test_japan_is_bound_from_the_change_table(real: Snapshot, gql_real: Runner) -> None:
    data, _ = _run(
        real,
        gql_real,
        """{ binding(actor: "state:JP", instrument: "instrument:tip-protocol", asOf: "2024-01-01") {
              status lastKnown { status asOf } } }""",
    )
    b = data["binding"]
    # the 2024 change table records the acceptance of 2017: no last known signature needed
    assert b["status"] == "BOUND" and b["lastKnown"] is None


def test_tip_bound_count_comes_with_what_it_misses(real: Snapshot, gql_real: Runner) -> None:
    data, warnings = _run(
        real,
        gql_real,
        """{ instrument(id: "instrument:tip-protocol") { boundCount(asOf: "2024-01-01")
              coverage(asOf: "2024-01-01") { bound complete newestPartyCount { count asOf } } } }""",
    )
    ins = data["instrument"]
    assert ins["coverage"]["bound"] == ins["boundCount"]
    assert ins["coverage"]["newestPartyCount"] == {"count": 182, "asOf": "2024-04-20"}
    if ins["boundCount"] != 182:
        assert ins["coverage"]["complete"] is False
        assert {w["code"] for w in warnings} & {"DATA_PAST_COVERAGE", "PARTIAL_PARTICIPATION_DATA"}


def test_no_answer_on_bundled_data_says_signed_only_past_the_data(real: Snapshot) -> None:
    for instrument in real.model.instruments:
        for a in assessments_for_instrument(real.model, instrument, date(2024, 1, 1)):
            # Membership-derived statuses follow the membership data, not a list of parties.
            if not a.derived and a.status in (Status.SIGNED_ONLY, Status.CONSENTED_NOT_IN_FORCE):
                assert a.known_until is not None and a.known_until >= a.as_of, a
