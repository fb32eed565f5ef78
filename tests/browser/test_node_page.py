"""A node's page (/id/state/FR) in a real browser: what a reader of the IRI sees."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "artifacts"


def test_the_iri_of_france_opens_its_page(server: str, page: Page) -> None:
    console_errors: list[str] = []  # a blocked or missing resource shows here
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    response = page.goto(f"{server}/id/state/FR?asOf=2015-06-01")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text("France")
    bindings = page.locator("h2", has_text="Bindings on 2015-06-01")
    expect(bindings).to_be_visible()
    row = page.locator("tr", has=page.locator('a[href="/id/instrument/tip-protocol"]')).first
    expect(row).to_contain_text("BOUND")
    expect(row).to_contain_text("UN Treaty Collection")
    expect(page.locator("h2", has_text="US Trafficking in Persons Report tiers")).to_be_visible()
    expect(page.locator('a[href="http://www.wikidata.org/entity/Q142"]')).to_have_count(2)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "node-page.png"), full_page=False)
    # a link on the page leads to the other node's page
    row.locator('a[href="/id/instrument/tip-protocol"]').click()
    expect(page.locator("h1")).to_contain_text("Trafficking")
    assert console_errors == []
