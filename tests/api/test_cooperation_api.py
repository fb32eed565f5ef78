"""cooperation, connections and relationshipMap through GraphQL, on
tests/fixtures/cooperation (see its README): the arguments reach the rules."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ONTOLOGY, Runner
from tests.unit import cooperation_fixture
from tkgraph.settings import Settings

SEED = cooperation_fixture.SEED


@pytest.fixture(scope="module")
def gql() -> Runner:
    settings = Settings(ontology_dir=ONTOLOGY, seed_dir=SEED)
    return Runner(cooperation_fixture.build(), settings, date(2026, 1, 1))


COOPERATION = """
query ($asOf: Date, $from: Date, $to: Date, $kinds: [EvidenceKind!], $partnerKinds: [String!]) {
  cooperation(actor: "state:AA", asOf: $asOf, fromDate: $from, toDate: $to, kinds: $kinds,
              partnerKinds: $partnerKinds) {
    partner { id }
    evidenceCount
    evidence { kind via { id } roles partnerRoles startDate endDate records { id } }
  }
}
"""


def partner_ids(data: dict) -> list[str]:  # type: ignore[type-arg]
    return [c["partner"]["id"] for c in data["cooperation"]]


def test_cooperation_ranks_partners_and_shows_each_piece_of_evidence(gql: Runner) -> None:
    data = gql(COOPERATION)
    assert partner_ids(data) == [
        "state:BB", "state:GG", "state:DD", "organization:xo", "state:CC",
    ]  # fmt: skip
    body = data["cooperation"][2]["evidence"]
    assert body == [
        {
            "kind": "COORDINATION_BODY",
            "via": {"id": "organization:cb"},
            "roles": ["member"],
            "partnerRoles": ["member"],
            "startDate": "2012-01-01",
            "endDate": "2018-12-31",
            "records": [{"id": "membership:cb.AA"}, {"id": "membership:cb.DD"}],
        }
    ]


def test_cooperation_arguments_filter(gql: Runner) -> None:
    assert partner_ids(gql(COOPERATION, asOf="2009-12-31")) == ["organization:xo"]
    assert "state:CC" not in partner_ids(
        gql(COOPERATION, **{"from": "2015-03-06", "to": "2016-01-01"})
    )
    assert partner_ids(gql(COOPERATION, kinds=["OPERATION"])) == [
        "state:BB",
        "state:GG",
        "state:CC",
    ]  # by label: Etaland, Gammaland
    assert "organization:xo" not in partner_ids(gql(COOPERATION, partnerKinds=["State"]))


def test_a_window_that_ends_before_it_starts_is_refused(gql: Runner) -> None:
    (error,) = gql.errors(COOPERATION, **{"from": "2016-01-01", "to": "2015-01-01"})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "2016-01-01" in error["message"]


def test_connections_and_map_take_their_arguments(gql: Runner) -> None:
    data = gql(
        """{ connections(source: "state:BB", target: "state:DD", limit: 1) {
               length hops { from { id } to { id } } }
             late: connections(source: "state:BB", target: "state:DD", asOf: "2019-01-01") {
               length }
             relationshipMap(focus: ["state:AA"], depth: 2, relations: [MEMBERSHIP],
                             asOf: "2019-01-01") { truncated nodes { id } } }"""
    )
    (path,) = data["connections"]
    assert path["length"] == 2
    assert [h["to"]["id"] for h in path["hops"]] == ["state:AA", "state:DD"]
    assert data["late"] == []
    assert sorted(n["id"] for n in data["relationshipMap"]["nodes"]) == [
        "organization:cb", "state:AA", "state:GG",
    ]  # fmt: skip
