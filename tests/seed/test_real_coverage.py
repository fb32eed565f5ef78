"""The issue #11 table on the bundled data: no answer claims more than the data
know. Until the data issue fills the tables these are UNKNOWN with their
coverage facts and a warning; once it lands they may be the true status."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.conftest import Runner
from tkgraph.binding import Status, assessments_for_instrument
from tkgraph.snapshot import Snapshot

CASES = [
    # actor, instrument, true status on 2024-01-01 (issue #11)
    ("state:JP", "instrument:tip-protocol", "BOUND"),  # acceptance deposited July 2017
    ("state:DE", "instrument:cets-197", "BOUND"),  # ratified 2012, in force 2013-04-01
    ("state:US", "instrument:ilo-c182", "BOUND"),  # ratified 1999
    ("state:FR", "instrument:ilo-c029", "BOUND"),  # ratified 1937
]


def _run(snapshot: Snapshot, gql_real: Runner, document: str) -> tuple[dict[str, Any], list[Any]]:
    result = gql_real.schema.execute_sync(document, context_value=gql_real.context)
    assert result.errors is None, result.errors
    assert isinstance(result.data, dict)
    gql_real.context.warnings.clear()  # the runner's context is shared by the session
    return result.data, (result.extensions or {}).get("warnings", [])


@pytest.mark.parametrize(("actor", "instrument", "truth"), CASES)
def test_the_issue_cases_are_true_or_unknown_with_a_warning(
    real: Snapshot, gql_real: Runner, actor: str, instrument: str, truth: str
) -> None:
    gql_real.context.warnings.clear()
    data, warnings = _run(
        real,
        gql_real,
        f"""{{ binding(actor: "{actor}", instrument: "{instrument}", asOf: "2024-01-01") {{
              status rule reason lastKnown {{ status asOf }} coverage {{ complete coverageDate }} }} }}""",
    )
    b = data["binding"]
    assert b["status"] in (truth, "UNKNOWN"), b
    if b["status"] == "UNKNOWN":
        assert b["coverage"]["complete"] is False
        assert [w["instrument"] for w in warnings] == [instrument]
        assert warnings[0]["code"] in ("DATA_PAST_COVERAGE", "PARTIAL_PARTICIPATION_DATA")


def test_japan_keeps_its_last_known_signature_as_data(real: Snapshot, gql_real: Runner) -> None:
    data, _ = _run(
        real,
        gql_real,
        """{ binding(actor: "state:JP", instrument: "instrument:tip-protocol", asOf: "2024-01-01") {
              status lastKnown { status asOf } } }""",
    )
    b = data["binding"]
    if b["status"] == "UNKNOWN":  # until a newer TIP table is imported
        assert b["lastKnown"] == {"status": "SIGNED_ONLY", "asOf": "2014-01-27"}


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
