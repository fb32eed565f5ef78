"""The US TIP Report tiers on the bundled data: a recount of the tier table
read with csv (independently of the importer), the issue's cases, ratings
beside bindings (GraphQL and the CSV in pandas) and the Wikidata links."""

from __future__ import annotations

import csv
import importlib.util
import io
from collections import Counter

import httpx
import pandas as pd
import pytest
from rdflib import Graph, Literal, URIRef

from tests.conftest import ONTOLOGY, ROOT, SEED, Runner
from tkgraph.service.snapshot import Snapshot
from tkgraph.settings import Settings

MONITORING = ROOT / "data" / "monitoring"
TK = "https://w3id.org/tkgraph/ontology#"
# map_tiers.csv's codes (its README): 3 is the Tier 2 Watch List
CODES = {"1": "TIER_1", "2": "TIER_2", "3": "TIER_2_WATCH_LIST", "4": "TIER_3"}
NAMES = {"Tier 1": "TIER_1", "Tier 2": "TIER_2", "Tier 2 Watch List": "TIER_2_WATCH_LIST",
         "Tier 3": "TIER_3"}  # fmt: skip


def _rows(name: str) -> list[dict[str, str]]:
    with (MONITORING / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_tiers() -> dict[tuple[int, str], str]:
    """(report year, ISO alpha-3) -> tier, from the three tables as data/SOURCES.md
    describes them: map_tiers for 2001-2015, the Factbook lists where map_tiers has
    no row (other years, South Sudan), the corrections over both."""
    tiers: dict[tuple[int, str], str] = {}
    rows_of: set[tuple[int, str]] = set()
    for row in _rows("scorecard-diplomacy/map_tiers.csv"):
        rows_of.add((int(row["year"]), row["iso"]))
        if row["tier"] in CODES:
            tiers[int(row["year"]), row["iso"]] = CODES[row["tier"]]
    map_years = {year for year, _ in tiers}
    for row in _rows("tip_watchlist_tier3_lists_cia_factbook_2011_2025.csv"):
        key = (int(row["report_year"]), row["iso3"])
        if key[0] not in map_years or key not in rows_of:
            tiers[key] = NAMES[row["tier"]]
    for row in _rows("tip_corrections.csv"):
        tiers[int(row["report_year"]), row["iso3"]] = NAMES[row["tier"]]
    return tiers


def state_codes() -> dict[str, str]:
    graph = Graph().parse(SEED / "actors" / "states.ttl", format="turtle")
    return {str(code): str(s) for s, code in graph.subject_objects(URIRef(TK + "iso3"))}


def test_the_tier_table_recounts_per_year(real: Snapshot) -> None:
    states = state_codes()
    expected = Counter(
        (year, tier) for (year, iso3), tier in expected_tiers().items() if iso3 in states
    )
    model = real.model
    held = Counter(
        (rating.year, model.rating_values[rating.value].notation)
        for rating in model.ratings.values()
    )
    assert held == expected
    # every report year 2001-2015, 2020 and 2022-2025 and no other
    assert sorted({year for year, _ in held}) == [*range(2001, 2016), 2020, *range(2022, 2026)]


@pytest.fixture(scope="module")
def gql(real: Snapshot) -> Runner:
    from datetime import date

    return Runner(real, Settings(ontology_dir=ONTOLOGY, seed_dir=SEED), date(2024, 1, 1))


def summaries(gql: Runner, actor: str, start: int, end: int) -> dict[int, str]:
    data = gql(
        "query($a: ID!, $f: Int, $t: Int) { actor(id: $a) { assessments(from: $f, to: $t) {"
        " reportYear summary } } }",
        a=actor, f=start, t=end,
    )  # fmt: skip
    return {a["reportYear"]: a["summary"] for a in data["actor"]["assessments"]}


def test_north_korea_is_tier_3_in_every_year_the_data_hold(gql: Runner) -> None:
    found = summaries(gql, "state:KP", 2003, 2025)
    for year in [*range(2003, 2016), 2020, *range(2022, 2026)]:
        assert found[year] == "Tier 3", year
    for year in (2016, 2017, 2018, 2019, 2021):
        assert found[year] == "unknown", year


def test_the_issues_cases(gql: Runner) -> None:
    assert summaries(gql, "state:JP", 2004, 2004) == {2004: "Tier 2 Watch List"}
    assert summaries(gql, "state:TH", 2014, 2015) == {2014: "Tier 3", 2015: "Tier 3"}
    # corrected from the reports' pages, each with its page
    korea = gql(
        '{ assessment(actor: "state:KR", year: 2003) { summary sources { address asOf } } }'
    )["assessment"]
    assert korea["summary"] == "Tier 1"
    assert {"address": "https://www.refworld.org/reference/annualreport/usdos/2003/en/43955",
            "asOf": "2003-06-11"} in korea["sources"]  # fmt: skip
    assert summaries(gql, "state:CU", 2003, 2003) == {2003: "Tier 3"}


def test_a_state_in_neither_2023_list_is_tier_1_or_tier_2_with_the_lists_source(
    gql: Runner,
) -> None:
    answer = gql(
        '{ assessment(actor: "state:FR", year: 2023) { status summary value { id }'
        " possibleValues { id } sources { title } } }"
    )["assessment"]
    assert answer["status"] == "NOT_ON_LIST"
    assert answer["summary"] == "Tier 1 or Tier 2"
    assert answer["value"] is None
    assert [v["id"] for v in answer["possibleValues"]] == ["TIER_1", "TIER_2", "SPECIAL_CASE"]
    assert "CIA World Factbook" in answer["sources"][0]["title"]


def test_france_links_to_wikidata(gql: Runner) -> None:
    fr = gql('{ actor(id: "state:FR") { iso3 wikidata sameAs } }')["actor"]
    assert fr == {"iso3": "FRA", "wikidata": "Q142",
                  "sameAs": ["http://www.wikidata.org/entity/Q142"]}  # fmt: skip


def test_every_state_of_the_owid_table_carries_its_qid(real: Snapshot) -> None:
    qids = {r["iso_alpha3"]: r["wikidata_qid"] for r in _rows("owid/iso_cow_wikidata.csv")}
    states = [a for a in real.model.actors.values() if a.kind == "State"]
    for state in states:
        assert state.wikidata == (qids.get(state.iso3 or "") or None), state.iri


BINDINGS_WITH_RATING = """
{ instrument(id: "instrument:tip-protocol") {
    bindingsWithAssessment(asOf: "2015-06-01", year: 2015) {
      actor { id } binding { status } rating { status summary value { id } } } } }
"""


def test_one_query_gives_status_and_tier_for_every_state(gql: Runner, real: Snapshot) -> None:
    rows = gql(BINDINGS_WITH_RATING)["instrument"]["bindingsWithAssessment"]
    states = {iri for iri, a in real.model.actors.items() if a.kind == "State"}
    assert len(rows) == len(states)
    by_id = {row["actor"]["id"]: row for row in rows}
    china = gql(
        '{ binding(actor: "state:CN", instrument: "instrument:tip-protocol", asOf: "2015-06-01")'
        " { status } }"
    )["binding"]
    assert by_id["state:CN"]["binding"] == china
    assert by_id["state:KP"]["rating"]["value"] == {"id": "TIER_3"}
    assert by_id["state:TH"]["rating"]["summary"] == "Tier 3"


@pytest.fixture
def client(real_client: httpx.AsyncClient) -> httpx.AsyncClient:
    return real_client


async def test_the_same_table_as_csv_opens_in_pandas(
    client: httpx.AsyncClient, gql: Runner
) -> None:
    response = await client.get(
        "/export/bindings-ratings.csv",
        params={"instrument": "instrument:tip-protocol", "asOf": "2015-06-01", "year": "2015"},
    )
    assert response.status_code == 200
    frame = pd.read_csv(io.StringIO(response.text))
    rows = gql(BINDINGS_WITH_RATING)["instrument"]["bindingsWithAssessment"]
    assert len(frame) == len(rows)
    expected = {r["actor"]["id"]: (r["binding"]["status"], r["rating"]["status"]) for r in rows}
    found = dict(
        zip(frame["actor"], zip(frame["status"], frame["rating_status"], strict=True), strict=True)
    )
    assert found == expected
    assert set(frame.loc[frame["actor"] == "state:FR", "wikidata"]) == {"Q142"}


async def test_assessments_csv_holds_every_rating(
    client: httpx.AsyncClient, real: Snapshot
) -> None:
    response = await client.get("/export/assessments.csv")
    assert response.status_code == 200
    frame = pd.read_csv(io.StringIO(response.text))
    assert len(frame) == len(real.model.ratings)
    kp = frame[(frame["iso3"] == "PRK") & (frame["report_year"] == 2015)]
    assert list(kp["value"]) == ["TIER_3"]
    bad = await client.get(
        "/export/bindings-ratings.csv",
        params={"instrument": "instrument:tip-protocol", "year": "20x5"},
    )
    assert bad.status_code == 400


def test_the_generated_files_are_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location(
        "import_ratings", ROOT / "scripts" / "import_ratings.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.run(SEED, ROOT / "data", check=True) == []


def test_literal_years_are_integers() -> None:
    graph = Graph().parse(SEED / "ratings" / "tip-tiers.ttl", format="turtle")
    years = set(graph.objects(None, URIRef(TK + "reportYear")))
    assert years and all(isinstance(y, Literal) and isinstance(y.toPython(), int) for y in years)
