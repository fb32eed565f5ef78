"""The atlas's instrument family view, in a real browser against the real
`tkgraph serve`: the line it draws is the set of instruments the API links to
the chosen one (recomputed here from `Instrument.relations`), each
instrument's bound count on the date equals `boundCount`, its completeness
equals `coverage.complete`, and a state's strip says, year by year, what
`bindingMatrix` answers, supersession included."""

from __future__ import annotations

from collections import deque
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

CONVENTION_1949 = "instrument:traffic-persons-convention-1949"
SLAVERY_1956 = "instrument:supplementary-slavery-convention-1956"
TIP = "instrument:tip-protocol"
ARTIFACTS = ROOT / "artifacts"


def ask(server: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    body = httpx.post(
        f"{server}/graphql", json={"query": query, "variables": variables or {}}, timeout=60
    ).json()
    assert "errors" not in body, body
    return dict(body["data"])


def line_of(server: str, start: str) -> list[str]:
    """Every instrument linked to `start` through relations, directly or not,
    oldest adoption first (an independent walk over the API's relations)."""
    nodes = ask(
        server,
        "{ instruments(first: 200) { nodes { id adoptionDate entryIntoForce"
        " relations { relation instrument { id } } } } }",
    )["instruments"]["nodes"]
    by_id = {n["id"]: n for n in nodes}
    found, queue = {start}, deque([start])
    while queue:
        for r in by_id[queue.popleft()]["relations"]:
            other = r["instrument"]["id"]
            if other in by_id and other not in found:
                found.add(other)
                queue.append(other)

    def key(i: str) -> tuple[str, str]:
        n = by_id[i]
        return (n["adoptionDate"] or n["entryIntoForce"] or "9999", i)

    return sorted(found, key=key)


def adoption_dates(server: str, ids: list[str]) -> dict[str, str | None]:
    fields = " ".join(f'i{k}: instrument(id: "{i}") {{ adoptionDate }}' for k, i in enumerate(ids))
    data = ask(server, f"{{ {fields} }}")
    return {i: data[f"i{k}"]["adoptionDate"] for k, i in enumerate(ids)}


def wait_family(page: Page, as_of: str) -> None:
    page.wait_for_selector(f'#family-chart[data-state="ready"][data-as-of="{as_of}"]')


def check_counts(server: str, page: Page, ids: list[str], as_of: str) -> None:
    fields = " ".join(
        f'i{k}: instrument(id: "{i}") {{ boundCount(asOf: "{as_of}")'
        f' coverage(asOf: "{as_of}") {{ complete }} }}'
        for k, i in enumerate(ids)
    )
    data = ask(server, f"{{ {fields} }}")
    items = page.locator("#family-list li")
    for k, instrument in enumerate(ids):
        item = items.nth(k)
        expect(item).to_have_attribute("data-instrument", instrument)
        assert int(item.get_attribute("data-bound") or "-1") == data[f"i{k}"]["boundCount"]
        complete = data[f"i{k}"]["coverage"]["complete"]
        assert item.get_attribute("data-complete") == str(complete).lower()
    partial = [i for k, i in enumerate(ids) if not data[f"i{k}"]["coverage"]["complete"]]
    note = page.locator("#family-note")
    if partial:
        expect(note).to_contain_text("no complete list of parties")
        expect(note).to_contain_text("lower bounds")
    else:
        expect(note).to_contain_text("a complete list of parties for every instrument")


@pytest.mark.parametrize("start", [CONVENTION_1949, SLAVERY_1956])
def test_family_view_draws_the_line_the_relations_give(server: str, page: Page, start: str) -> None:
    line = line_of(server, start)
    assert len(line) > 1 and TIP not in line  # the TIP Protocol is linked to neither line
    page.goto(f"{server}/atlas?mode=family&instrument={start}&with={TIP}&asOf=1960-01-01")
    wait_family(page, "1960-01-01")
    expect(page.locator("#family-chart")).to_have_attribute(
        "data-instruments", ",".join([*line, TIP])
    )
    items = page.locator("#family-list li")
    expect(items).to_have_count(len(line) + 1)
    assert items.evaluate_all("els => els.map(e => e.dataset.linked)") == [
        *(["true"] * len(line)),
        "false",
    ]
    series = page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('family-chart'))"
        ".getOption().series.length"
    )
    assert series == len(line) + 1
    check_counts(server, page, [*line, TIP], "1960-01-01")
    page.locator("#year").fill("1990")  # the slider: 1 January 1990
    wait_family(page, "1990-01-01")
    check_counts(server, page, [*line, TIP], "1990-01-01")


def test_the_strip_says_which_instrument_binds_a_state_each_year(server: str, page: Page) -> None:
    line = line_of(server, CONVENTION_1949)
    adopted = adoption_dates(server, line)
    page.goto(f"{server}/atlas?mode=family&instrument={CONVENTION_1949}&asOf=1970-01-01")
    wait_family(page, "1970-01-01")
    # France's shapes overlap others overseas: the click is sent to the shape itself.
    page.locator('#world path[data-iso2="FR"]').first.dispatch_event("click")
    strip = page.locator('#family-strip[data-state="ready"][data-actor="state:FR"]')
    expect(strip).to_be_attached()
    runs = strip.locator("rect.run").evaluate_all(
        "els => els.map(e => [e.dataset.instrument, +e.dataset.from, +e.dataset.to,"
        " e.dataset.category, e.dataset.status])"
    )
    first = int(page.locator("#year").get_attribute("min") or "0")
    last = datetime.now(UTC).year
    for instrument in line:  # every year of every instrument, once
        years = sorted(y for i, a, b, *_ in runs if i == instrument for y in range(a, b + 1))
        assert years == list(range(first, last + 1)), instrument

    def shown(instrument: str, year: int) -> tuple[str, str]:
        (found,) = [(c, s) for i, a, b, c, s in runs if i == instrument and a <= year <= b]
        return found

    superseded = 0
    for year in (1910, 1925, 1950, 1965, 2010):
        answers = ask(
            server,
            "query($a: [ID!]!, $i: [ID!]!, $d: Date) { bindingMatrix(actors: $a,"
            " instruments: $i, asOf: $d) { status instrument { id } supersession { since } } }",
            {"a": ["state:FR"], "i": line, "d": f"{year}-01-01"},
        )["bindingMatrix"][0]
        for answer in answers:
            instrument = answer["instrument"]["id"]
            category, status = shown(instrument, year)
            assert status == answer["status"], (instrument, year)
            if adopted[instrument] and f"{year}-01-01" < str(adopted[instrument]):
                assert category == "NOT_YET_ADOPTED", (instrument, year)
            elif answer["status"] == "BOUND" and answer["supersession"]:
                assert category == "BOUND_SUPERSEDED", (instrument, year)
                superseded += 1
            else:
                assert category == answer["status"], (instrument, year)
    # France, bound by the 1904 Agreement and a party to the 1949 Convention:
    # the strip shows the older obligation superseded between parties.
    assert superseded > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "atlas-family.png"))
