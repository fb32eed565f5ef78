"""Who cooperates with whom on the real data (issue 5)."""

import itertools

from tests.conftest import Runner

COOPERATION = """query($a: ID!) { cooperation(actor: $a) { partner { id } evidence {
  kind via { id ... on Activity { kind } } roles partnerRoles startDate records { id sources { title address } } } } }"""


def test_interpol_cooperates_with_europol_by_the_2001_agreement(gql_real: Runner) -> None:
    partners = {
        c["partner"]["id"]: c
        for c in gql_real(COOPERATION, a="organization:interpol")["cooperation"]
    }
    europol = partners["organization:europol"]["evidence"]
    agreement = [e for e in europol if e["via"]["id"] == "agreement:interpol-europol-2001"]
    assert len(agreement) == 1
    assert agreement[0]["kind"] == "AGREEMENT"
    assert agreement[0]["startDate"] == "2001-11-05"
    assert agreement[0]["records"][0]["sources"][0]["address"].startswith(
        "https://www.interpol.int/"
    )


def test_interpol_cooperates_with_countries_of_operations_it_coordinated(gql_real: Runner) -> None:
    coordinated = gql_real(
        """{ activities(kind: ["JointOperation"], first: 100) { nodes { id
             involvements { actor { id kind } roles } } } }"""
    )["activities"]["nodes"]
    expected: dict[str, set[str]] = {}
    for op in coordinated:
        roles = {i["actor"]["id"]: i["roles"] for i in op["involvements"]}
        if "coordinator" in roles.get("organization:interpol", []):
            for actor, _ in roles.items():
                if actor.startswith("state:"):
                    expected.setdefault(actor, set()).add(op["id"])
    assert len(expected) > 30
    partners = {
        c["partner"]["id"]: c
        for c in gql_real(COOPERATION, a="organization:interpol")["cooperation"]
    }
    for state, operations in expected.items():
        evidence = partners[state]["evidence"]
        via = {e["via"]["id"] for e in evidence if e["kind"] == "OPERATION"}
        assert operations <= via, state
        for e in evidence:
            assert all(r["sources"] for r in e["records"])


def test_roles_keep_their_direction(gql_real: Runner) -> None:
    q = """{ cooperation(actor: "state:AU", kinds: [PROGRAMME]) { partner { id } evidence { via { id } roles partnerRoles } } }"""
    rows = {c["partner"]["id"]: c["evidence"] for c in gql_real(q)["cooperation"]}
    [asean_act] = [e for e in rows["organization:asean"] if e["via"]["id"] == "programme:asean-act"]
    assert "funder" in asean_act["roles"]
    assert "funder" not in asean_act["partnerRoles"]


def test_path_from_asean_to_europol_is_explained_hop_by_hop(gql_real: Runner) -> None:
    data = gql_real(
        """{ connections(source: "organization:asean", target: "organization:europol", maxHops: 4, limit: 5) {
             length hops { from { id } to { id } evidence { kind via { id } records { id sources { title } } } } } }"""
    )
    paths = data["connections"]
    assert paths, "no path found"
    assert len({p["length"] for p in paths}) == 1
    for path in paths:
        hops = path["hops"]
        assert hops[0]["from"]["id"] == "organization:asean"
        assert hops[-1]["to"]["id"] == "organization:europol"
        for left, right in itertools.pairwise(hops):
            assert left["to"]["id"] == right["from"]["id"]
        for hop in hops:
            assert hop["evidence"]
            assert all(r["sources"] for e in hop["evidence"] for r in e["records"])


MAP = """query($f: [ID!]!, $depth: Int!, $budget: Int!) { relationshipMap(focus: $f, depth: $depth, budget: $budget) {
  truncated nodes { id hiddenNeighbours } edges { id source target } } }"""


def test_interpol_map_depth_2_budget_50_has_correct_left_out_counts(gql_real: Runner) -> None:
    rmap = gql_real(MAP, f=["organization:interpol"], depth=2, budget=50)["relationshipMap"]
    ids = {n["id"] for n in rmap["nodes"]}
    assert len(rmap["nodes"]) == 50
    assert rmap["truncated"] is True
    for edge in rmap["edges"]:
        assert {edge["source"], edge["target"]} <= ids
    for node in rmap["nodes"]:
        # Independently: every neighbour of the node, from its own unbudgeted depth-1 map.
        around = gql_real(MAP, f=[node["id"]], depth=1, budget=2000)["relationshipMap"]
        neighbours = {n["id"] for n in around["nodes"]} - {node["id"]}
        assert node["hiddenNeighbours"] == len(neighbours - ids), node["id"]
