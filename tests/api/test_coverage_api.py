"""Coverage facts and warnings through GraphQL, on the coverage fixture."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.conftest import ONTOLOGY, ROOT
from tkgraph.api.context import Context
from tkgraph.api.schema import build_schema
from tkgraph.service.snapshot import build_snapshot
from tkgraph.settings import Settings

SEED = ROOT / "tests" / "fixtures" / "coverage" / "seed"


@pytest.fixture(scope="module")
def run() -> Any:
    snapshot = build_snapshot(ONTOLOGY, SEED)
    schema = build_schema()
    settings = Settings(ontology_dir=ONTOLOGY, seed_dir=SEED)

    def execute(document: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        result = schema.execute_sync(
            document, context_value=Context(snapshot, settings, date(2024, 1, 1))
        )
        assert result.errors is None, result.errors
        assert isinstance(result.data, dict)
        return result.data, (result.extensions or {}).get("warnings", [])

    return execute


BINDING = """{ binding(actor: "state:%s", instrument: "instrument:%s", asOf: "%s") {
  status rule reason knownUntil carriedForward lastKnown { status asOf }
  coverage { complete coverageDate newestPartyCount { count asOf } } } }"""


def test_no_warning_inside_coverage(run: Any) -> None:
    data, warnings = run(BINDING % ("DD", "listed-protocol", "2010-01-01"))
    assert data["binding"]["status"] == "NOT_PARTICIPATING"
    assert data["binding"]["coverage"]["complete"] is True
    assert warnings == []


def test_last_known_status_and_warning_past_coverage(run: Any) -> None:
    data, warnings = run(BINDING % ("CC", "listed-protocol", "2024-01-01"))
    b = data["binding"]
    assert (b["status"], b["rule"]) == ("UNKNOWN", "last-known-state-past-coverage")
    assert b["lastKnown"] == {"status": "SIGNED_ONLY", "asOf": "2014-01-27"}
    assert b["coverage"] == {
        "complete": False,
        "coverageDate": "2014-01-27",
        "newestPartyCount": {"count": 2, "asOf": "2014-01-27"},
    }
    assert [(w["code"], w["instrument"], w["coverageDate"]) for w in warnings] == [
        ("DATA_PAST_COVERAGE", "instrument:listed-protocol", "2014-01-27")
    ]


def test_bound_carried_forward(run: Any) -> None:
    data, warnings = run(BINDING % ("AA", "listed-protocol", "2024-01-01"))
    b = data["binding"]
    assert (b["status"], b["carriedForward"], b["knownUntil"]) == ("BOUND", True, "2014-01-27")
    assert warnings[0]["code"] == "DATA_PAST_COVERAGE"


def test_partial_data_warning(run: Any) -> None:
    data, warnings = run(BINDING % ("DD", "partial-protocol", "2015-01-01"))
    assert data["binding"]["status"] == "UNKNOWN"
    assert [(w["code"], w["coverageDate"]) for w in warnings] == [
        ("PARTIAL_PARTICIPATION_DATA", None)
    ]


def test_coverage_summary_beside_bound_count(run: Any) -> None:
    data, warnings = run(
        """{ instrument(id: "instrument:listed-protocol") {
          inside: boundCount(asOf: "2010-01-01")
          past: coverage(asOf: "2024-01-01") { bound unknown notParticipating carriedForward
            complete coverageDate newestCompleteList { id asOf complete } } } }"""
    )
    ins = data["instrument"]
    assert ins["inside"] == 1
    assert ins["past"] == {
        # AA, BB and EE are bound (carried forward past their data); CC signed only in 2014.
        "bound": 3,
        "unknown": 1,
        "notParticipating": 0,
        "carriedForward": 3,
        "complete": False,
        "coverageDate": "2014-01-27",
        "newestCompleteList": {
            "id": "list:listed-protocol.untc",
            "asOf": "2014-01-27",
            "complete": True,
        },
    }
    assert {w["code"] for w in warnings} == {"DATA_PAST_COVERAGE"}


def test_matrix_and_gap_analysis_carry_coverage(run: Any) -> None:
    data, warnings = run(
        """{ bindingMatrix(actors: ["state:AA"], instruments: ["instrument:listed-protocol",
              "instrument:partial-protocol"], asOf: "2024-01-01") { status carriedForward knownUntil }
            boundByButNot(boundBy: "instrument:partial-protocol",
              notBoundBy: "instrument:listed-protocol", asOf: "2016-01-01") { status } }"""
    )
    assert data["bindingMatrix"] == [
        [
            {"status": "BOUND", "carriedForward": True, "knownUntil": "2014-01-27"},
            {"status": "BOUND", "carriedForward": True, "knownUntil": "2020-01-01"},
        ]
    ]
    assert data["boundByButNot"] == []
    assert {w["code"] for w in warnings} == {"DATA_PAST_COVERAGE", "PARTIAL_PARTICIPATION_DATA"}


def test_alternative_values_and_imprecise_dates(run: Any) -> None:
    data, _ = run(
        """{ bb: node(id: "participation:listed-protocol.BB") { ... on Participation { alternativeValues inLists { id } } }
            ee: node(id: "participation:listed-protocol.EE") { ... on Participation { consentDate impreciseDates { field earliest latest } } } }"""
    )
    assert data["bb"] == {
        "alternativeValues": ["accession 2014-01-21 according to a news page"],
        "inLists": [{"id": "list:listed-protocol.untc"}],
    }
    assert data["ee"]["impreciseDates"] == [
        {"field": "consentDate", "earliest": "2015-01-01", "latest": "2015-12-31"}
    ]
