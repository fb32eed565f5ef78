"""The coverage rules of rating lists, on a hand-made fixture (tests/fixtures/ratings/)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ONTOLOGY, ROOT, Runner
from tkgraph.domain import ratings as rt
from tkgraph.rdf.vocab import TK, iri_for
from tkgraph.service.snapshot import Snapshot, build_snapshot
from tkgraph.settings import Settings

SEED = ROOT / "tests" / "fixtures" / "ratings" / "seed"
SCHEME = str(TK.TipTiers)


@pytest.fixture(scope="module")
def snap() -> Snapshot:
    return build_snapshot(ONTOLOGY, SEED)


def rate(snap: Snapshot, local: str, year: int) -> rt.RatingAnswer:
    return rt.rate(snap.model, str(iri_for("state", local)), SCHEME, year)


def test_the_scheme_is_read_from_the_ontology_as_an_ordered_scale(snap: Snapshot) -> None:
    assert rt.scheme_iri(snap.model, "tip-tiers") == SCHEME
    values = rt.values_of(snap.model, SCHEME)
    assert [(v.notation, v.rank) for v in values] == [
        ("TIER_1", 1), ("TIER_2", 2), ("TIER_2_WATCH_LIST", 3), ("TIER_3", 4),
        ("SPECIAL_CASE", None),
    ]  # fmt: skip
    assert rt.report_years(snap.model, SCHEME) == [2010, 2020]


def test_a_held_rating_is_rated_with_its_sources(snap: Snapshot) -> None:
    answer = rate(snap, "BB", 2010)
    assert answer.status is rt.RatingStatus.RATED
    assert answer.value == str(TK.tipTier2WatchList)
    assert answer.summary == "Tier 2 Watch List"
    assert answer.sources == (str(iri_for("source", "full-2010")),)


def test_absent_from_a_complete_list_is_not_ranked(snap: Snapshot) -> None:
    answer = rate(snap, "CC", 2010)
    assert answer.status is rt.RatingStatus.NOT_RATED
    assert answer.value is None
    assert answer.possible_values == (str(TK.tipSpecialCase),)


def test_left_out_of_the_lists_table_is_unknown(snap: Snapshot) -> None:
    answer = rate(snap, "DD", 2010)
    assert answer.status is rt.RatingStatus.UNKNOWN
    assert "leaves Deltaland out" in answer.reason


def test_absent_from_a_partial_list_gets_the_values_it_does_not_cover(snap: Snapshot) -> None:
    answer = rate(snap, "AA", 2020)
    assert answer.status is rt.RatingStatus.NOT_ON_LIST
    assert answer.value is None  # never a guess of one tier
    assert answer.summary == "Tier 1 or Tier 2"
    assert answer.possible_values == (str(TK.tipTier1), str(TK.tipTier2), str(TK.tipSpecialCase))
    assert answer.sources == (str(iri_for("source", "lists-2020")),)
    assert answer.lists == (str(iri_for("list", "tip-tiers.2020")),)


def test_a_rating_beside_a_partial_list_is_rated(snap: Snapshot) -> None:
    assert rate(snap, "BB", 2020).summary == "Tier 3"
    answer = rate(snap, "EE", 2020)
    assert answer.status is rt.RatingStatus.RATED
    assert answer.summary == "Tier 2"
    assert answer.sources == (str(iri_for("source", "news-2020")),)


@pytest.mark.parametrize("year", [2009, 2015, 2021])
def test_a_year_without_a_list_is_unknown(snap: Snapshot, year: int) -> None:
    answer = rate(snap, "AA", year)
    assert answer.status is rt.RatingStatus.UNKNOWN
    assert f"no US Trafficking in Persons Report tiers list for report year {year}" in answer.reason


def test_an_organisation_is_not_rated_by_a_scheme_of_states(snap: Snapshot) -> None:
    answer = rt.rate(snap.model, str(iri_for("organization", "xu")), SCHEME, 2010)
    assert answer.status is rt.RatingStatus.UNKNOWN


def test_graphql_gives_every_year_of_the_range(snap: Snapshot) -> None:
    gql = Runner(snap, Settings(ontology_dir=ONTOLOGY, seed_dir=SEED), date(2024, 1, 1))
    data = gql(
        '{ actor(id: "state:AA") { assessments(from: 2009, to: 2020) {'
        " reportYear status summary sources { title } } } }"
    )
    answers = data["actor"]["assessments"]
    assert [a["reportYear"] for a in answers] == list(range(2009, 2021))
    by_year = {a["reportYear"]: a for a in answers}
    assert by_year[2010]["summary"] == "Tier 1"
    assert by_year[2015]["status"] == "UNKNOWN"
    assert by_year[2020]["status"] == "NOT_ON_LIST"
    assert by_year[2020]["sources"] == [{"title": "Fictional Watch List and Tier 3 lists 2020"}]
    errors = gql.errors('{ assessment(actor: "state:AA", year: 2010, scheme: "nope") { status } }')
    assert "Unknown rating scheme 'nope'" in errors[0]["message"]
