"""The world atlas at /atlas, GraphiQL and the map, in a real browser (Debian's
headless Chromium driven by Playwright) against the real `tkgraph serve`.

What the atlas draws is compared with the API: the number of states coloured
bound on a date equals `boundCount` for that date. Screenshots of the atlas
and its timeline are left in artifacts/. A last test blocks every request to
another host and checks that the three pages still work and asked for none.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "artifacts"
TIP = "instrument:tip-protocol"


def bound_count(server: str, day: str) -> int:
    query = 'query($d: Date) { instrument(id: "instrument:tip-protocol") { boundCount(asOf: $d) } }'
    body = httpx.post(f"{server}/graphql", json={"query": query, "variables": {"d": day}}).json()
    return int(body["data"]["instrument"]["boundCount"])


def wait_ready(page: Page, as_of: str) -> None:
    page.wait_for_selector(f'#world[data-state="ready"][data-as-of="{as_of}"]')


def coloured(page: Page, category: str) -> int:
    """States drawn in a category (a state may have several shapes) plus those listed
    as too small to draw, plus organisations (not on a map of states)."""
    drawn = page.locator(f'#world path[data-status="{category}"]').evaluate_all(
        "els => new Set(els.map(e => e.dataset.iso2)).size"
    )
    off_map = page.locator(f'#offmap button[data-category="{category}"]').count()
    return int(drawn) + off_map


def test_atlas_colours_equal_bound_count(server: str, page: Page) -> None:
    page.goto(f"{server}/atlas?instrument={TIP}&asOf=2014-01-27")
    wait_ready(page, "2014-01-27")
    expect(page.locator("#instrument")).to_have_value(TIP)
    for year in ("2005", "2010"):
        page.locator("#year").fill(year)  # the slider: 1 January of that year
        day = f"{year}-01-01"
        wait_ready(page, day)
        expected = bound_count(server, day)
        assert coloured(page, "BOUND") == expected
        assert int(page.locator("#count-BOUND").inner_text()) == expected
    page.wait_for_selector(
        '#timeline[data-state="ready"][data-as-of="2010-01-01"] svg path', state="attached"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "atlas.png"))
    page.locator("#timeline").screenshot(path=str(ARTIFACTS / "atlas-timeline.png"))


def test_banner_says_what_the_data_cover(server: str, page: Page) -> None:
    page.goto(f"{server}/atlas?instrument={TIP}&asOf=2010-01-01")
    wait_ready(page, "2010-01-01")
    expect(page.locator("#banner")).to_be_hidden()  # the 2014 UNTC table covers 2010
    page.locator("#year").fill("2024")
    wait_ready(page, "2024-01-01")
    banner = page.locator("#banner")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("data-codes", "DATA_PAST_COVERAGE")
    # past the complete list, bound states are carried forward and others unknown
    assert coloured(page, "BOUND_CARRIED") > 0 and coloured(page, "UNKNOWN") > 0


def test_click_a_country_shows_its_basis_and_sources(server: str, page: Page) -> None:
    page.goto(f"{server}/atlas?instrument={TIP}&asOf=2011-01-01")
    wait_ready(page, "2011-01-01")
    page.locator('#world path[data-iso2="CN"]').first.click()
    details = page.locator("#details")
    expect(details.locator("h2")).to_have_text("China")
    expect(details).to_contain_text("accession deposited 2010-02-08")
    # The depositary's page: the UNTC status page of the Protocol (XVIII-12-a).
    expect(details.locator(".sources a").first).to_have_attribute(
        "href",
        re.compile(
            r"^https://treaties\.un\.org/Pages/ViewDetails\.aspx\?src=TREATY&mtdsg_no=XVIII-12-a&"
        ),
    )


def test_compare_mode_colours_the_gap(server: str, page: Page) -> None:
    page.goto(
        f"{server}/atlas?mode=compare&instrument={TIP}&b=instrument:smuggling-protocol&asOf=2014-01-27"
    )
    wait_ready(page, "2014-01-27")
    query = """{ boundByButNot(boundBy: "instrument:tip-protocol", notBoundBy: "instrument:smuggling-protocol", asOf: "2014-01-27") { actor { id } } }"""
    body = httpx.post(f"{server}/graphql", json={"query": query}).json()
    assert "errors" not in body, body
    assert int(page.locator("#count-A_NOT_B").inner_text()) == len(body["data"]["boundByButNot"])


def test_pages_work_without_other_hosts(server: str, page: Page) -> None:
    own = urlsplit(server).netloc
    elsewhere: list[str] = []

    def block(route: Route) -> None:
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", block)
    page.goto(f"{server}/graphql")
    expect(page.locator(".graphiql-container")).to_be_visible()
    page.goto(f"{server}/atlas?asOf=2010-01-01")
    wait_ready(page, "2010-01-01")
    page.goto(f"{server}/map")
    expect(page.locator("#search")).to_be_visible()
    assert elsewhere == []


def test_the_slider_reaches_back_to_the_oldest_event_in_the_data(server: str, page: Page) -> None:
    oldest = httpx.post(
        f"{server}/graphql", json={"query": "{ dataVersion { earliestEvent } }"}, timeout=30
    ).json()["data"]["dataVersion"]["earliestEvent"]
    page.goto(
        f"{server}/atlas?instrument=instrument:white-slave-traffic-agreement-1904&asOf=1910-01-01"
    )
    wait_ready(page, "1910-01-01")
    slider = page.locator("#year")
    expect(slider).to_have_attribute("min", oldest[:4])
    # The 1904 Agreement's original parties are drawn bound in 1910.
    france = page.locator('#world path[data-iso2="FR"]').first
    expect(france).to_have_attribute("data-status", re.compile(r"^BOUND(_CARRIED)?$"))
