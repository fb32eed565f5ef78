"""The map page at /map in a real browser: Debian's headless Chromium, driven by
Playwright, against the real `tkgraph serve` with the bundled data.

The page draws with Cytoscape.js on a canvas, so what it drew is read from
Cytoscape (`window.tkgraphMap.drawn()` / `.edges()`) and compared with the
same relationshipMap query sent straight to the API; clicks go to the places
Cytoscape drew the nodes and links, so its own hit testing is exercised. The
journey test leaves a screenshot at artifacts/map.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SCREENSHOT = ROOT / "artifacts" / "map.png"
INTERPOL = "organization:interpol"
BUDGET = 60  # the page's default nodes per step

MAP_QUERY = """query($focus: [ID!]!, $relations: [RelationKind!], $asOf: Date, $budget: Int!) {
  relationshipMap(focus: $focus, depth: 1, relations: $relations, asOf: $asOf, budget: $budget) {
    truncated
    nodes { id hiddenNeighbours }
    edges { id evidence { id } }
  }
}"""


class Watched:
    """A page plus every request it made and every error it logged."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(30_000)
    yield Watched(page)
    page.close()


def api_map(
    server: str,
    focus: list[str],
    budget: int,
    as_of: str | None = None,
    relations: list[str] | None = None,
) -> dict[str, Any]:
    variables = {"focus": focus, "budget": budget, "asOf": as_of, "relations": relations}
    response = httpx.post(
        f"{server}/graphql", json={"query": MAP_QUERY, "variables": variables}, timeout=30
    )
    body = response.json()
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["relationshipMap"]
    return result


def node_sources(server: str, node_id: str) -> list[dict[str, str]]:
    query = "query($id: ID!) { node(id: $id) { sources { title address } } }"
    response = httpx.post(
        f"{server}/graphql", json={"query": query, "variables": {"id": node_id}}, timeout=30
    )
    sources: list[dict[str, str]] = response.json()["data"]["node"]["sources"]
    return sources


def api_nodes(rmap: dict[str, Any]) -> dict[str, int]:
    """Node id -> its count of hidden neighbours (the badge)."""
    return {n["id"]: n["hiddenNeighbours"] for n in rmap["nodes"]}


def drawn_nodes(page: Page) -> dict[str, int]:
    drawn: dict[str, int] = page.evaluate("window.tkgraphMap.drawn()")
    return drawn


def drawn_edges(page: Page) -> set[str]:
    return set(page.evaluate("window.tkgraphMap.edges()"))


def click_drawn(page: Page, element_id: str, double: bool = False) -> None:
    """Click (or double-click) where Cytoscape drew a node, or half-way along a link."""
    where = page.evaluate("id => window.tkgraphMap.position(id)", element_id)
    assert where, f"{element_id} is not drawn"
    if double:
        page.mouse.dblclick(where["x"], where["y"])
    else:
        page.mouse.click(where["x"], where["y"])


def assert_draws(page: Page, rmap: dict[str, Any]) -> None:
    """The page shows exactly the API's nodes, badges and edges."""
    assert drawn_nodes(page) == api_nodes(rmap)
    assert drawn_edges(page) == {e["id"] for e in rmap["edges"]}
    # the keyboard's list of nodes holds the same nodes
    listed = page.locator("#node-list button.node").evaluate_all(
        "els => els.map(e => e.dataset.id)"
    )
    assert sorted(listed) == sorted(api_nodes(rmap))


def redraw_count(page: Page) -> int:
    return int(page.evaluate("window.tkgraphMap.version"))


def wait_for_redraw(page: Page, after: int) -> None:
    try:
        page.wait_for_function(
            "v => window.tkgraphMap.version > v && !window.tkgraphMap.busy", arg=after
        )
    except PlaywrightTimeoutError:
        status = page.locator("#status").text_content()
        seen = page.evaluate("[tkgraphMap.version, tkgraphMap.busy, tkgraphMap.request()]")
        raise AssertionError(
            f"the map was not redrawn after version {after}; the page says {status!r};"
            f" [version, busy, last request] = {seen}"
        ) from None


def slider_position(year: int, month: int) -> int:
    """The as-of slider counts months from January 1990."""
    return (year - 1990) * 12 + month - 1


def test_search_expand_date_and_evidence(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{server}/map")

    # Search: type, pick the suggestion, get the map the API gives for it.
    page.get_by_role("combobox").press_sequentially("INTERPOL", delay=30)
    page.locator(f'#suggestions [role="option"][data-id="{INTERPOL}"]').click()
    wait_for_redraw(page, 0)
    first = api_map(server, [INTERPOL], BUDGET)
    assert len(first["nodes"]) > 5
    assert_draws(page, first)

    # Expand: the badge of the node with most neighbours left out.
    hidden = {k: v for k, v in api_nodes(first).items() if k != INTERPOL and v > 0}
    target = max(sorted(hidden), key=lambda k: hidden[k])
    before = set(drawn_nodes(page))
    count = redraw_count(page)
    click_drawn(page, target, double=True)  # double-click expands a node
    wait_for_redraw(page, count)
    expanded = api_map(server, [target, INTERPOL], 2 * BUDGET)
    assert_draws(page, expanded)
    new = set(drawn_nodes(page)) - before
    own = set(api_nodes(api_map(server, [target], BUDGET)))
    assert not expanded["truncated"] and len(new) == hidden[target]
    assert new <= own <= set(drawn_nodes(page))

    # Date: January 2005 redraws the map as it stood then.
    count = redraw_count(page)
    page.locator("#as-of").fill(str(slider_position(2005, 1)))
    wait_for_redraw(page, count)
    expect(page.locator("#as-of-value")).to_have_text("as of 1 Jan 2005")
    early = api_map(server, [target, INTERPOL], 2 * BUDGET, as_of="2005-01-01")
    assert set(api_nodes(early)) != set(api_nodes(expanded))
    assert_draws(page, early)

    # Evidence: a link's panel lists the sources of the records behind it, as links.
    # Links can cross; click the midpoints until one lands on its own link.
    for edge in early["edges"][:15]:
        click_drawn(page, edge["id"])
        if page.locator(f'#details [data-edge-id="{edge["id"]}"]').count():
            break
    else:
        raise AssertionError("no click on a link's midpoint selected that link")
    sources = [s for ev in edge["evidence"] for s in node_sources(server, ev["id"])]
    assert sources
    for source in sources:
        link = page.locator("#details a", has_text=source["title"]).first
        expect(link).to_have_attribute("href", source["address"])

    # Back to all dates, select a node for the screenshot, and save it.
    count = redraw_count(page)
    page.locator("#as-of").fill(page.locator("#as-of").get_attribute("max") or "")
    wait_for_redraw(page, count)
    assert_draws(page, expanded)
    click_drawn(page, target)
    expect(page.locator("#details code")).to_have_text(target)
    expect(page.locator("#details h3", has_text="Sources")).to_be_visible()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOT)

    # Nothing left this machine (no CDN), and the page logged no error.
    assert watched.requests and all(url.startswith(server) for url in watched.requests)
    assert watched.errors == []


def test_node_panel_shows_the_nodes_sources(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{server}/map#focus={INTERPOL}")
    wait_for_redraw(page, 0)
    click_drawn(page, INTERPOL)
    sources = node_sources(server, INTERPOL)
    assert sources
    for source in sources:
        link = page.locator("#details a", has_text=source["title"])
        expect(link).to_have_attribute("href", source["address"])
    assert watched.errors == []


def test_relation_filter_redraws_the_api_map(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{server}/map#focus=state:FR")
    wait_for_redraw(page, 0)
    assert_draws(page, api_map(server, ["state:FR"], BUDGET))
    kinds = page.locator("#relation-list input").evaluate_all("els => els.map(e => e.value)")
    assert "PARTICIPATION" in kinds

    count = redraw_count(page)
    page.locator('#relation-list input[value="PARTICIPATION"]').uncheck()
    wait_for_redraw(page, count)
    kept = [k for k in kinds if k != "PARTICIPATION"]
    filtered = api_map(server, ["state:FR"], BUDGET, relations=kept)
    assert_draws(page, filtered)
    assert len(filtered["nodes"]) < len(api_map(server, ["state:FR"], BUDGET)["nodes"])
    assert watched.errors == []


def test_keyboard_selects_and_expands(server: str, watched: Watched) -> None:
    """Without a mouse: the list of nodes selects (Enter) and expands (+)."""
    page = watched.page
    page.goto(f"{server}/map#focus={INTERPOL}")
    wait_for_redraw(page, 0)
    first = api_map(server, [INTERPOL], BUDGET)
    hidden = {k: v for k, v in api_nodes(first).items() if k != INTERPOL and v > 0}
    target = max(sorted(hidden), key=lambda k: hidden[k])
    button = page.locator(f'#node-list button.node[data-id="{target}"]')
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#details code")).to_have_text(target)
    count = redraw_count(page)
    button.focus()
    page.keyboard.press("+")
    wait_for_redraw(page, count)
    assert_draws(page, api_map(server, [target, INTERPOL], 2 * BUDGET))
    assert watched.errors == []


def test_taps_on_two_places_do_not_expand(server: str, watched: Watched) -> None:
    """Cytoscape calls any two quick taps a double tap; a tap on a link and then
    one on a node (as when a user clicks along a link and misses) must select
    the node, not expand it."""
    page = watched.page
    page.goto(f"{server}/map#focus={INTERPOL}")
    wait_for_redraw(page, 0)
    first = api_map(server, [INTERPOL], BUDGET)
    hidden = {k: v for k, v in api_nodes(first).items() if k != INTERPOL and v > 0}
    target = max(sorted(hidden), key=lambda k: hidden[k])
    count = redraw_count(page)
    click_drawn(page, first["edges"][0]["id"])
    click_drawn(page, target)
    expect(page.locator("#details code")).to_have_text(target)
    page.wait_for_timeout(1000)  # long enough for an expansion to have started
    assert redraw_count(page) == count and not page.evaluate("window.tkgraphMap.busy")
    assert_draws(page, first)
    assert watched.errors == []


def test_banner_and_unknown_links_for_a_stale_instrument(server: str, watched: Watched) -> None:
    # The TIP Protocol's complete participation list is older than 2024: the
    # page says so in a banner and draws the links it cannot know as UNKNOWN.
    tip = "instrument:tip-protocol"
    query = """query($asOf: Date) { relationshipMap(focus: ["instrument:tip-protocol"], depth: 1,
        asOf: $asOf, budget: 60) { edges { id status } } }"""
    response = httpx.post(
        f"{server}/graphql", json={"query": query, "variables": {"asOf": "2024-01-01"}}, timeout=30
    ).json()
    warnings = response["extensions"]["warnings"]
    assert tip in {w["instrument"] for w in warnings}
    unknown = {
        e["id"] for e in response["data"]["relationshipMap"]["edges"] if e["status"] == "UNKNOWN"
    }
    assert unknown, "some TIP links are past the data in 2024"

    page = watched.page
    page.goto(f"{server}/map#focus={tip}&asOf=2024-01-01")
    wait_for_redraw(page, 0)
    banner = page.locator("#coverage-banner")
    expect(banner).to_be_visible()
    expect(banner.locator(f'li[data-instrument="{tip}"]')).to_have_count(1)
    assert set(page.evaluate("window.tkgraphMap.unknownEdges()")) == unknown
    assert watched.errors == []

    # Inside the data (2010) there is nothing to warn about: no banner.
    page.goto(f"{server}/map#focus={tip}&asOf=2010-01-01")
    page.reload()
    wait_for_redraw(page, 0)
    expect(banner).to_be_hidden()
    assert page.evaluate("window.tkgraphMap.unknownEdges()") == []
