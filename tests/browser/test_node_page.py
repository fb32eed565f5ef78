"""A node's page (/id/state/FR) in a real browser: what a reader of the IRI sees."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "artifacts"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.set_default_timeout(30_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    yield page
    page.close()
    assert not problems, problems


def test_the_iri_of_france_opens_its_page(server: str, page: Page) -> None:
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
