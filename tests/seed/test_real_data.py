"""Properties of the whole bundled data set (issue 3)."""

from collections import Counter

from tests.conftest import Runner
from tkgraph.service.snapshot import Snapshot


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


def test_russia_is_not_a_coe_member_from_16_march_2022(gql_real: Runner) -> None:
    # "ceases to be a member ... as from 16 March 2022": its last day was the 15th.
    q = """query($d: Date) { actors(memberOf: "organization:coe", asOf: $d, first: 100) {
             edges { node { id } } } }"""
    members = {
        d: {e["node"]["id"] for e in gql_real(q, d=d)["actors"]["edges"]}
        for d in ("2022-03-15", "2022-03-16")
    }
    assert "state:RU" in members["2022-03-15"]
    assert "state:RU" not in members["2022-03-16"]


def test_every_membership_end_date_is_a_last_day(real: Snapshot) -> None:
    # tk:endDate means the last day a member; the notes say which reading each source needed.
    ended = {iri: m.end.isoformat() for iri, m in real.model.memberships.items() if m.end}
    assert ended == {
        "https://w3id.org/tkgraph/id/membership/coe.GR.1949": "1969-12-12",
        "https://w3id.org/tkgraph/id/membership/coe.RU": "2022-03-15",
        "https://w3id.org/tkgraph/id/membership/eu.GB": "2020-01-31",
        # "terminated its CIS membership on 18 August 2009" (kremlin.ru): last day the 17th
        "https://w3id.org/tkgraph/id/membership/cis.GE": "2009-08-17",
        # ceased to be members "from 29 January 2025" (66th ECOWAS Summit)
        "https://w3id.org/tkgraph/id/membership/ecowas.BF": "2025-01-28",
        "https://w3id.org/tkgraph/id/membership/ecowas.ML": "2025-01-28",
        "https://w3id.org/tkgraph/id/membership/ecowas.NE": "2025-01-28",
        # withdrew in December 2000 (no day): the last day of that month, inferred
        "https://w3id.org/tkgraph/id/membership/ecowas.MR": "2000-12-31",
        # left in the year the source gives, no day: known to the year only
        "https://w3id.org/tkgraph/id/membership/african-union.MA.2": "1984",
        "https://w3id.org/tkgraph/id/membership/sadc.SC.2": "2004",
    }


def test_untoc_newest_dated_party_count_is_not_the_2005_one(gql_real: Runner) -> None:
    figures = gql_real(
        """{ instrument(id: "instrument:untoc") {
             figures(measure: "partyCount") { count asOf asOfLatest verification } } }"""
    )["instrument"]["figures"]
    assert figures[0] == {
        "count": 187,
        "asOf": "2016-06-01",
        "asOfLatest": "2016-06-30",
        "verification": None,
    }
    # The one count no page dates is kept, marked unverified and last.
    assert figures[-1] == {
        "count": 193,
        "asOf": None,
        "asOfLatest": None,
        "verification": "unverified",
    }


def test_unverified_body_is_marked_on_maps_and_in_search(gql_real: Runner) -> None:
    body = "organization:asean-intergovernmental-commission-on-human-trafficking"
    data = gql_real(
        f"""{{ relationshipMap(focus: ["{body}"], depth: 0, budget: 1) {{
              nodes {{ id verification }} cytoscape graphml }}
            actors(text: "Intergovernmental Commission on Human Trafficking") {{
              nodes {{ id verification }} }} }}"""
    )
    rmap = data["relationshipMap"]
    assert rmap["nodes"] == [{"id": body, "verification": "unverified"}]
    assert rmap["cytoscape"]["nodes"][0]["data"]["verification"] == "unverified"
    assert '<data key="node_verification">unverified</data>' in rmap["graphml"]
    assert {"id": body, "verification": "unverified"} in data["actors"]["nodes"]


def test_participation_edges_past_the_data_say_so(gql_real: Runner) -> None:
    data = gql_real(
        """{ relationshipMap(focus: ["state:JP"], depth: 1, budget: 200, asOf: "2024-01-01",
              relations: [PARTICIPATION]) { edges { target status carriedForward } cytoscape } }"""
    )["relationshipMap"]
    tip = [e for e in data["edges"] if e["target"] == "instrument:tip-protocol"]
    assert tip and tip[0]["status"] in ("UNKNOWN", "BOUND")
    cyto = [
        e["data"]
        for e in data["cytoscape"]["edges"]
        if e["data"]["target"] == "instrument:tip-protocol"
    ]
    assert cyto[0]["status"] == tip[0]["status"]
