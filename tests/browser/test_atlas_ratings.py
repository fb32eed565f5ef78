"""The atlas's rating mode and tier outlines, in a real browser against the
real `tkgraph serve`: what it draws is compared with the API's answers."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "artifacts"
TIP = "instrument:tip-protocol"


def ratings(server: str, year: int) -> dict[str, str]:
    """iso2 -> the API's rating id (value, or NOT_ON_LIST / NOT_RANKED / UNKNOWN)."""
    query = """query($y: Int) { instrument(id: "instrument:tip-protocol") {
      bindingsWithAssessment(asOf: "2015-01-01", year: $y) {
        actor { iso2 } rating { status value { id } } } } }"""
    body = httpx.post(
        f"{server}/graphql", json={"query": query, "variables": {"y": year}}, timeout=60
    ).json()
    found = {}
    for row in body["data"]["instrument"]["bindingsWithAssessment"]:
        rating = row["rating"]
        found[row["actor"]["iso2"]] = {
            "RATED": (rating["value"] or {}).get("id"),
            "NOT_ON_LIST": "NOT_ON_LIST",
            "NOT_RATED": "NOT_RANKED",
        }.get(rating["status"], "UNKNOWN")
    return found


def drawn(page: Page, attribute: str) -> dict[str, str]:
    pairs = page.locator(f"#world path[data-{attribute}]").evaluate_all(
        f"els => els.map(e => [e.dataset.iso2, e.dataset.{attribute}])"
    )
    return dict(pairs)


@pytest.mark.parametrize("year", [2015, 2023])
def test_rating_mode_colours_each_state_by_its_tier(server: str, page: Page, year: int) -> None:
    page.goto(f"{server}/atlas?mode=rating&instrument={TIP}&asOf={year}-01-01")
    page.wait_for_selector(f'#world[data-state="ready"][data-as-of="{year}-01-01"]')
    expected = ratings(server, year)
    on_map = drawn(page, "status")
    assert on_map, "no state drawn"
    for iso2, category in on_map.items():
        if iso2 in expected:
            assert category == expected[iso2], iso2
    if year == 2015:
        assert on_map["KP"] == "TIER_3" and on_map["TH"] == "TIER_3"
    else:
        assert on_map["FR"] == "NOT_ON_LIST"
    counts = page.locator('#legend li[data-category="TIER_3"] .count').inner_text()
    assert int(counts) == sum(1 for v in expected.values() if v == "TIER_3")
    expect(page.locator("#tiers")).to_have_attribute("data-state", "ready")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"atlas-rating-{year}.png"))


def test_the_slider_moves_the_report_year(server: str, page: Page) -> None:
    page.goto(f"{server}/atlas?mode=rating&instrument={TIP}&asOf=2015-01-01")
    page.wait_for_selector('#world[data-state="ready"][data-as-of="2015-01-01"]')
    page.locator("#year").fill("2004")
    page.wait_for_selector('#world[data-state="ready"][data-as-of="2004-01-01"]')
    assert drawn(page, "status")["JP"] == "TIER_2_WATCH_LIST"
    years = page.locator("#tiers").get_attribute("data-years") or ""
    assert years.split(",")[:2] == ["2001", "2002"] and "2025" in years


def test_instrument_mode_outlines_states_by_tier(server: str, page: Page) -> None:
    page.goto(f"{server}/atlas?mode=instrument&instrument={TIP}&asOf=2015-01-01&outline=tiers")
    page.wait_for_selector('#world[data-state="ready"][data-as-of="2015-01-01"]')
    expect(page.locator("#outline")).to_be_checked()
    tiers = drawn(page, "tier")
    assert tiers["KP"] == "TIER_3"
    stroke = page.locator('#world path[data-iso2="KP"]').first.evaluate("e => e.style.stroke")
    assert stroke  # outlined in the tier's colour
    page.locator("#outline").uncheck()
    page.wait_for_function("() => !document.querySelector('#world path[data-tier]')")
    page.screenshot(path=str(ARTIFACTS / "atlas-outline-off.png"))
