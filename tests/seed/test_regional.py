"""Regional frameworks and the breadth of cooperation (issue 15), checked on the real data.

Each fact below was read on the page its source names (data/regional/sources.csv); the
tests check that the graph carries the fact and points at that page.
"""

import csv
import itertools
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Runner

DATA = Path(__file__).resolve().parents[2] / "data" / "regional"

NODE = """query($id: ID!) { node(id: $id) { id ... on Membership { startDate endDate verification }
  ... on Activity { kind startDate endDate parties { id } involvements { actor { id } roles } }
  ... on Figure { value asOf measure }
  sources { address } } }"""


def _node(gql_real: Runner, node_id: str) -> dict[str, Any]:
    node: dict[str, Any] = gql_real(NODE, id=node_id)["node"]
    assert node is not None, node_id
    return node


def _addresses(node: dict[str, Any]) -> set[str]:
    return {s["address"] for s in node["sources"]}


@pytest.mark.parametrize(
    ("node_id", "start", "end", "address"),
    [
        ("membership:gcc.QA", "1981-05-25", None, "http://www.gccegov.net/en/web/guest/gcc"),
        ("membership:ecowas.NG", "1975-05-28", None, "https://reliefweb.int/organization/ecowas"),
        (
            "membership:ecowas.BF",
            "1975-05-28",
            "2025-01-28",
            "https://afrinz.ru/en/2024/12/ecowas-summit-sets-date-for-withdrawal-of-mali-burkina-faso-and-niger-from-the-union/",
        ),
        (
            "membership:saarc.AF",
            "2007-04-03",
            None,
            "http://swapsushias.blogspot.com/2010/09/international-organisation-saarc.html",
        ),
        ("membership:cis.GE", None, "2009-08-17", "http://en.kremlin.ru/catalog/glossary/38"),
        ("membership:eac.RW", "2007-07-01", None, "http://eac.int/treaty/"),
        (
            "membership:khartoum-process.ER",
            "2014-11-28",
            None,
            "https://wikimili.com/en/Khartoum_process",
        ),
        ("membership:african-union.MA", "2017-01-31", None, "http://amo.au.int/en/member-states"),
    ],
)
def test_memberships_carry_the_dates_of_their_sources(
    gql_real: Runner, node_id: str, start: str | None, end: str | None, address: str
) -> None:
    node = _node(gql_real, node_id)
    assert (node["startDate"], node["endDate"]) == (start, end)
    assert address in _addresses(node)


def test_an_inferred_end_date_says_so(gql_real: Runner) -> None:
    assert _node(gql_real, "membership:ecowas.MR")["verification"] == "inferredFact"


def test_every_table_row_is_in_the_graph(gql_real: Runner) -> None:
    with (DATA / "memberships.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows[:: max(1, len(rows) // 40)]:
        local = row["member"].split(":", 1)[-1]
        node = _node(gql_real, f"membership:{row['org']}.{local}")
        assert node["startDate"] == (row["start"] or None)


def test_twenty_regional_bodies_have_members_and_many_have_dates(gql_real: Runner) -> None:
    q = """query($id: ID!) { actor(id: $id) { members(first: 200) { edges { node { startDate } } } } }"""
    regional = [
        "african-union", "ecowas", "sadc", "eac", "oas", "mercosur", "saarc", "gcc", "arab-league",
        "cis", "rcm", "colombo-process", "commit", "khartoum-process", "rabat-process",
        "asean", "eu", "coe", "bali-process", "icat", "bimstec", "sco", "cbss", "caricom", "andean-community",
    ]  # fmt: skip
    dated = 0
    for slug in regional:
        members = gql_real(q, id=f"organization:{slug}")["actor"]["members"]["edges"]
        assert members, slug
        dated += any(m["node"]["startDate"] for m in members)
    assert dated >= 20


def test_inter_american_convention_participations_and_binding(gql_real: Runner) -> None:
    data = gql_real(
        """{ instrument(id: "instrument:ia-traffic-minors-1994") { id
             in2000: boundCount(asOf: "2000-12-31") participations { totalCount } }
           br: binding(actor: "state:BR", instrument: "instrument:ia-traffic-minors-1994") { status boundFrom }
           ar: binding(actor: "state:AR", instrument: "instrument:ia-traffic-minors-1994", asOf: "2000-03-01") {
             status carriedForward knownUntil } }"""
    )
    assert data["instrument"]["participations"]["totalCount"] == 8
    # Belize, Brazil (1997), Argentina (in force 29 March 2000) and Colombia (22 September 2000).
    assert data["instrument"]["in2000"] == 4
    assert data["br"] == {"status": "BOUND", "boundFrom": "1997-08-15"}
    # The OAS table is partial and undated: past Argentina's deposit (28 February
    # 2000) its consent is carried forward (in force for it from 29 March 2000).
    assert data["ar"] == {
        "status": "CONSENTED_NOT_IN_FORCE",
        "carriedForward": True,
        "knownUntil": "2000-02-28",
    }
    brazil = _node(gql_real, "participation:ia-traffic-minors-1994.BR")
    assert (
        "http://www.oas.org/dil/treaties_B-57_Inter-American_Convention_on_International_Traffic_in_Minors_sign.htm"
        in _addresses(brazil)
    )


def test_saarc_convention_is_honest_about_missing_consent_dates(gql_real: Runner) -> None:
    data = gql_real(
        """{ instrument(id: "instrument:saarc-trafficking-convention-2002") { boundCount participations { totalCount } }
           india: binding(actor: "state:IN", instrument: "instrument:saarc-trafficking-convention-2002") { status reason } }"""
    )
    assert data["instrument"]["participations"]["totalCount"] == 7
    # No day of deposit, but in force for India from 2005-11-15: that implies its consent.
    assert data["india"]["status"] == "BOUND"
    assert "implied" in data["india"]["reason"]


@pytest.mark.parametrize(
    ("node_id", "start", "parties", "address"),
    [
        (
            "agreement:europol-us-2001",
            "2001-12-06",
            {"organization:europol", "state:US"},
            "http://statewatch.org/news/2002/nov/12eurousagmt.htm",
        ),
        (
            "agreement:europol-brazil-2017",
            "2017-04-11",
            {"organization:europol", "state:BR"},
            "https://observador.pt/2017/04/11/europol-assina-acordo-de-troca-de-informacoes-estrategicas-com-o-brasil/",
        ),
        (
            "agreement:eu-brazil-europol-2025",
            "2025-03-05",
            {"organization:eu", "state:BR"},
            "https://eeas.europa.eu/delegations/brazil/eu-and-brazil-signed-international-agreement-fight-organised-crime-and-terrorism-5-march-2025-0_en",
        ),
        (
            "agreement:thailand-vietnam-tip-mou-2008",
            "2008-03-24",
            {"state:TH", "state:VN"},
            "https://wikileaks.jcvignoli.com/cable_08HANOI429/?hl=",
        ),
        (
            "agreement:unodc-sco-2011",
            "2011-06-14",
            {"organization:unodc", "organization:sco"},
            "https://en.tengrinews.kz/kazakhstan_news/SCO-and-UN-agreed-on-cooperation-in-countering-terrorism-2500/",
        ),
    ],
)
def test_agreements_match_their_sources(
    gql_real: Runner, node_id: str, start: str, parties: set[str], address: str
) -> None:
    node = _node(gql_real, node_id)
    assert node["kind"] == "CooperationAgreement"
    assert node["startDate"] == start
    assert {p["id"] for p in node["parties"]} == parties
    assert address in _addresses(node)


@pytest.mark.parametrize(
    ("figure_id", "value", "as_of"),
    [
        ("figure:epervier-2.victims-identified", 216, "2019-04-25"),
        ("figure:epervier-2.arrests", 47, "2019-04-25"),
        ("figure:epervier-2017.arrests", 40, "2017-11-23"),
        ("figure:libertad-2018.arrests", 22, "2018-04-30"),
        ("figure:weka-2-2022.arrests", 300, "2022-06-29"),
        ("figure:akoma-2015.victims-identified", 48, "2015-06-23"),
    ],
)
def test_operation_figures_are_dated_and_sourced(
    gql_real: Runner, figure_id: str, value: int, as_of: str
) -> None:
    node = _node(gql_real, figure_id)
    assert node["value"] == value
    assert node["asOf"] == as_of
    assert node["sources"]


def test_roles_keep_funders_apart_from_implementers(gql_real: Runner) -> None:
    aaptip = _node(gql_real, "programme:aaptip")
    roles = {i["actor"]["id"]: set(i["roles"]) for i in aaptip["involvements"]}
    assert roles["state:AU"] == {"funder"}
    assert roles["organization:cardno"] == {"implementer"}
    assert roles["state:TH"] == {"beneficiaryCountry"}


COOPERATION = """query($a: ID!) { cooperation(actor: $a) { partner { id } evidence { kind records { sources { address } } } } }"""


@pytest.mark.parametrize("actor", ["state:NG", "state:IN", "state:BR", "state:TH", "state:US"])
def test_done_when_three_kinds_of_evidence(gql_real: Runner, actor: str) -> None:
    rows = gql_real(COOPERATION, a=actor)["cooperation"]
    kinds = {e["kind"] for c in rows for e in c["evidence"]}
    assert len(kinds) >= 3, kinds
    for c in rows:
        for e in c["evidence"]:
            assert all(r["sources"] for r in e["records"])


@pytest.mark.parametrize(
    ("source", "target"),
    [("organization:ecowas", "organization:asean"), ("organization:saarc", "organization:coe")],
)
def test_done_when_connections(gql_real: Runner, source: str, target: str) -> None:
    paths = gql_real(
        """query($s: ID!, $t: ID!) { connections(source: $s, target: $t, maxHops: 5, limit: 3) {
             hops { from { id } to { id } evidence { kind records { sources { title } } } } } }""",
        s=source,
        t=target,
    )["connections"]
    assert paths
    for path in paths:
        hops = path["hops"]
        assert hops[0]["from"]["id"] == source and hops[-1]["to"]["id"] == target
        for left, right in itertools.pairwise(hops):
            assert left["to"]["id"] == right["from"]["id"]
        for hop in hops:
            assert hop["evidence"]
            assert all(r["sources"] for e in hop["evidence"] for r in e["records"])


def test_done_when_at_least_150_cooperation_activities(gql_real: Runner) -> None:
    data = gql_real("""{ activities(first: 1) { totalCount } }""")
    assert data["activities"]["totalCount"] >= 150


def test_generated_files_match_their_tables(tmp_path: Path) -> None:
    """The generated seed files are what scripts/build_regional_seed.py makes of data/regional/."""
    import importlib.util

    root = DATA.parents[1]
    spec = importlib.util.spec_from_file_location(
        "build_regional_seed", root / "scripts" / "build_regional_seed.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = [
        root / "seed" / "sources" / "regional.ttl",
        *(root / "seed" / "cooperation").glob("*-regional.ttl"),
        *(root / "seed" / "memberships" / f"{org}.ttl" for org in module.ORG_LABELS),
        root / "seed" / "memberships" / "rosters.ttl",
    ]
    committed = {p: p.read_text(encoding="utf-8") for p in generated}
    fake_seed = tmp_path / "seed"
    for sub in ("sources", "memberships", "cooperation", "actors"):
        (fake_seed / sub).mkdir(parents=True)
    for p in (root / "seed" / "actors").glob("*.ttl"):
        (fake_seed / "actors" / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    setattr(module, "SEED", fake_seed)  # noqa: B010 - the module is loaded from a file path
    module.build_sources()
    module.load_actor_labels()
    module.load_suspensions()
    module.build_memberships()
    module.build_rosters()
    module.build_cooperation()
    for path, text in committed.items():
        regenerated = fake_seed / path.parent.name / path.name
        assert regenerated.read_text(encoding="utf-8") == text, path.name
