"""The schema executed in-process against the tiny fixture."""

from tests.conftest import Runner


def test_node_lookup_by_readable_id_exposes_iri(gql_tiny: Runner) -> None:
    data = gql_tiny('{ node(id: "state:AA") { id iri label ... on Actor { kind altNames } } }')
    assert data["node"] == {
        "id": "state:AA",
        "iri": "https://w3id.org/tkgraph/id/state/AA",
        "label": "Alphaland",
        "kind": "State",
        "altNames": ["Republic of Alphaland"],
    }


def test_unknown_but_wellformed_id_is_null(gql_tiny: Runner) -> None:
    assert gql_tiny('{ node(id: "state:ZZ") { id } }') == {"node": None}


def test_malformed_id_is_bad_user_input(gql_tiny: Runner) -> None:
    [error] = gql_tiny.errors('{ node(id: "France") { id } }')
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "'France' is not a tkgraph id" in error["message"]
    assert error["path"] == ["node"]


def test_participations_of_an_instrument(gql_tiny: Runner) -> None:
    data = gql_tiny(
        """{ instrument(id: "instrument:example-protocol") {
              participations(first: 10) { totalCount nodes { participant { id } consentKind consentDate signatureDate } } } }"""
    )
    conn = data["instrument"]["participations"]
    assert conn["totalCount"] == 6
    by_id = {n["participant"]["id"]: n for n in conn["nodes"]}
    assert by_id["state:BB"] == {
        "participant": {"id": "state:BB"},
        "consentKind": "accession",
        "consentDate": "2005-06-10",
        "signatureDate": None,
    }
    assert by_id["state:CC"]["consentKind"] is None


def test_pagination_walks_all_pages_without_overlap(gql_tiny: Runner) -> None:
    seen: list[str] = []
    after = None
    while True:
        data = gql_tiny(
            """query($after: String) { instrument(id: "instrument:example-protocol") {
                participations(first: 4, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } } }""",
            after=after,
        )
        conn = data["instrument"]["participations"]
        seen += [n["id"] for n in conn["nodes"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 6


def test_first_over_the_cap_is_rejected(gql_tiny: Runner) -> None:
    [error] = gql_tiny.errors("{ actors(first: 100000) { totalCount } }")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "first=100000" in error["message"]


def test_binding_as_of_with_basis_and_sources(gql_tiny: Runner) -> None:
    data = gql_tiny(
        """{ binding(actor: "state:BB", instrument: "instrument:example-protocol", asOf: "2006-01-01") {
              status derived rule boundFrom entryIntoForceBasis
              premises { role node { id sources { title } } } } }"""
    )
    b = data["binding"]
    assert (b["status"], b["derived"], b["rule"], b["boundFrom"]) == (
        "BOUND",
        False,
        "consent-and-entry-into-force",
        "2005-07-10",
    )
    assert b["entryIntoForceBasis"] == "COMPUTED"
    assert [p["node"]["id"] for p in b["premises"]] == [
        "participation:example-protocol.BB",
        "rule:example-protocol",
    ]
    assert b["premises"][0]["node"]["sources"] == [{"title": "Hand-made test fixture (fictional)"}]


def test_bindings_of_an_instrument_include_derived_and_can_exclude_them(gql_tiny: Runner) -> None:
    q = """query($asserted: Boolean!) { instrument(id: "instrument:example-directive") {
             bindings(asOf: "2015-01-01", status: [BOUND], assertedOnly: $asserted) { totalCount nodes { actor { id } derived } }
             boundCount(asOf: "2015-01-01") } }"""
    derived = gql_tiny(q, asserted=False)["instrument"]
    assert {n["actor"]["id"] for n in derived["bindings"]["nodes"]} == {"state:AA", "state:BB"}
    assert all(n["derived"] for n in derived["bindings"]["nodes"])
    assert derived["boundCount"] == 2
    assert gql_tiny(q, asserted=True)["instrument"]["bindings"]["totalCount"] == 0


def test_bound_count_changes_with_as_of(gql_tiny: Runner) -> None:
    q = 'query($d: Date) { instrument(id: "instrument:example-protocol") { boundCount(asOf: $d) } }'
    counts = [
        gql_tiny(q, d=d)["instrument"]["boundCount"]
        for d in ("2001-12-31", "2002-01-01", "2006-01-01", "2010-01-01")
    ]
    assert counts == [0, 2, 5, 4]


def test_obligations_by_category_respect_reservations(gql_tiny: Runner) -> None:
    q = """query($s: ID!) { actor(id: $s) { obligations(asOf: "2020-01-01", category: PARTNERSHIP) { provision { id } } } }"""
    assert gql_tiny(q, s="state:AA")["actor"]["obligations"] == [
        {"provision": {"id": "provision:example-protocol.art-15-2"}}
    ]
    assert gql_tiny(q, s="state:EE")["actor"]["obligations"] == []


def test_members_and_memberships_as_of(gql_tiny: Runner) -> None:
    data = gql_tiny(
        """{ a: actor(id: "organization:xu") { members(asOf: "2021-01-01") { nodes { member { id } } } parts { id } }
             b: actor(id: "state:BB") { memberships { organization { id } startDate endDate } } }"""
    )
    assert {n["member"]["id"] for n in data["a"]["members"]["nodes"]} == {"state:AA", "state:DD"}
    assert data["a"]["parts"] == [{"id": "organization:xu-agency"}]
    assert data["b"]["memberships"] == [
        {
            "organization": {"id": "organization:xu"},
            "startDate": "2004-05-01",
            "endDate": "2020-01-31",
        }
    ]


def test_actor_filters(gql_tiny: Runner) -> None:
    data = gql_tiny(
        """{ s: actors(kind: ["State"], text: "land") { totalCount }
             m: actors(memberOf: "organization:xu", asOf: "2003-01-01") { nodes { id } }
             t: actors(text: "republic of alpha") { nodes { id } } }"""
    )
    assert data["s"]["totalCount"] == 5
    assert [n["id"] for n in data["m"]["nodes"]] == ["state:AA", "state:DD"]
    assert [n["id"] for n in data["t"]["nodes"]] == ["state:AA"]


def test_instrument_filters_binding_and_relations(gql_tiny: Runner) -> None:
    data = gql_tiny(
        """{ nb: instruments(binding: false) { nodes { id kind } }
             d: instrument(id: "instrument:example-directive") { relations { relation instrument { id } } } }"""
    )
    assert data["nb"]["nodes"] == [{"id": "instrument:example-declaration", "kind": "Declaration"}]
    assert data["d"]["relations"] == [
        {"relation": "replaces", "instrument": {"id": "instrument:example-declaration"}}
    ]


def test_gap_analysis(gql_tiny: Runner) -> None:
    data = gql_tiny(
        """{ boundByButNot(boundBy: "instrument:example-protocol", notBoundBy: "instrument:example-directive", asOf: "2015-01-01") {
              actor { id } status } }"""
    )
    # DD opted out of the directive but had denounced the protocol by 2015.
    assert {(r["actor"]["id"], r["status"]) for r in data["boundByButNot"]} == {
        ("state:EE", "NOT_PARTICIPATING"),
        ("organization:xu", "NOT_PARTICIPATING"),
    }


def test_binding_matrix(gql_tiny: Runner) -> None:
    data = gql_tiny(
        """{ bindingMatrix(actors: ["state:AA", "state:CC"], instruments: ["instrument:example-protocol", "instrument:example-declaration"], asOf: "2020-01-01") { status } }"""
    )
    assert data["bindingMatrix"] == [
        [{"status": "BOUND"}, {"status": "NOT_BINDING"}],
        [{"status": "SIGNED_ONLY"}, {"status": "NOT_PARTICIPATING"}],
    ]


def test_unknown_actor_in_binding_is_not_found(gql_tiny: Runner) -> None:
    [error] = gql_tiny.errors(
        '{ binding(actor: "state:ZZ", instrument: "instrument:example-protocol") { status } }'
    )
    assert error["extensions"]["code"] == "NOT_FOUND"


def test_files_name_the_named_graph(gql_tiny: Runner) -> None:
    data = gql_tiny('{ node(id: "instrument:example-protocol") { files } }')
    assert data["node"]["files"] == ["urn:tkgraph:graph:seed/example-protocol.ttl"]
