"""Properties of the whole bundled data set (issue 3)."""

from collections import Counter

from tests.conftest import Runner
from tkgraph.snapshot import Snapshot


def test_every_subject_has_a_source(real: Snapshot) -> None:
    model = real.model
    unsourced = [
        iri for iri, rec in model.nodes.items() if not rec.sources and iri not in model.sources
    ]
    assert unsourced == []


def test_every_source_has_title_and_address(real: Snapshot) -> None:
    bad = [s.iri for s in real.model.sources.values() if not s.title or not s.address]
    assert bad == []


def test_every_referenced_source_exists(real: Snapshot) -> None:
    model = real.model
    missing = {s for rec in model.nodes.values() for s in rec.sources if s not in model.sources}
    assert missing == set()


def test_no_two_nodes_for_one_state_or_identifier(real: Snapshot) -> None:
    model = real.model
    iso2 = Counter(a.iso2 for a in model.actors.values() if a.iso2)
    assert [code for code, n in iso2.items() if n > 1] == []
    labels = Counter((a.kind, a.label) for a in model.actors.values())
    assert [key for key, n in labels.items() if n > 1] == []
    identifiers = Counter(pair for i in model.instruments.values() for pair in i.identifiers)
    assert [key for key, n in identifiers.items() if n > 1] == []


def test_non_un_member_participants_are_states(real: Snapshot) -> None:
    model = real.model
    for code in ("VA", "PS", "CK", "NU"):
        assert f"https://w3id.org/tkgraph/id/state/{code}" in model.actors


def test_api_reports_table_counts_and_latest_count(gql_real: Runner) -> None:
    data = gql_real(
        """{ instrument(id: "instrument:tip-protocol") {
             sourceTables { source { id asOf } participationCount consentCount signatureCount }
             figures(measure: "partyCount") { value asOf } } }"""
    )["instrument"]
    untc = [t for t in data["sourceTables"] if t["source"]["asOf"] == "2014-01-27"]
    assert [(t["participationCount"], t["consentCount"], t["signatureCount"]) for t in untc] == [
        (167, 159, 117)
    ]
    # The newest dated count is later than the table: the API shows both.
    assert data["figures"][0] == {"value": 182.0, "asOf": "2024-04-20"}


def test_memberships_over_time(gql_real: Runner) -> None:
    q = """query($d: Date) { eu: actors(memberOf: "organization:eu", asOf: $d, first: 100) { totalCount }
             coe: actors(memberOf: "organization:coe", asOf: $d, first: 100) { totalCount }
             asean: actors(memberOf: "organization:asean", asOf: $d, first: 100) { totalCount } }"""
    assert {k: v["totalCount"] for k, v in gql_real(q, d="2019-06-01").items()} == {
        "eu": 28,
        "coe": 47,
        "asean": 10,
    }
    assert {k: v["totalCount"] for k, v in gql_real(q, d="2023-01-01").items()} == {
        "eu": 27,
        "coe": 46,
        "asean": 10,
    }
    assert gql_real(q, d="2026-01-01")["asean"]["totalCount"] == 11


def test_unverified_claim_is_marked(gql_real: Runner) -> None:
    data = gql_real(
        '{ node(id: "organization:asean-intergovernmental-commission-on-human-trafficking") { verification note } }'
    )
    assert data["node"]["verification"] == "unverified"
    assert "ACWC" in data["node"]["note"]
