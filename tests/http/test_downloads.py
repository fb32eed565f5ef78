"""The researchers' downloads (/export/...) over HTTP, on the real bundled data.

Each table is opened as a researcher would (Python's csv module and pandas)
and compared with the GraphQL API's own answer for the same question.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

import httpx
import pandas as pd
import pytest

from tests.conftest import ONTOLOGY, SEED
from tkgraph.service.snapshot import Snapshot
from tkgraph.settings import Settings
from tkgraph.web.app import create_app
from tkgraph.web.downloads import (
    BINDING_COLUMNS,
    COOPERATION_COLUMNS,
    MEMBER_COLUMNS,
    PARTICIPATION_COLUMNS,
)
from tkgraph.web.tabular import spreadsheet_safe, to_csv

TIP = "instrument:tip-protocol"


@pytest.fixture
async def client(real: Snapshot) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(ontology_dir=ONTOLOGY, seed_dir=SEED), real)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as c:
        yield c


async def bound_count(client: httpx.AsyncClient, instrument: str, day: str) -> int:
    query = "query($i: ID!, $d: Date) { instrument(id: $i) { boundCount(asOf: $d) } }"
    response = await client.post(
        "/graphql", json={"query": query, "variables": {"i": instrument, "d": day}}
    )
    return int(response.json()["data"]["instrument"]["boundCount"])


@pytest.mark.parametrize("day", ["2005-01-01", "2010-01-01", "2014-01-27"])
async def test_bindings_csv_counts_equal_bound_count(client: httpx.AsyncClient, day: str) -> None:
    response = await client.get("/export/bindings.csv", params={"instrument": TIP, "asOf": day})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0]) == BINDING_COLUMNS
    bound = [r for r in rows if r["status"] == "BOUND"]
    assert len(bound) == await bound_count(client, TIP, day)
    # every state of the data is in the table, once
    states = [r for r in rows if r["actor"].startswith("state:")]
    assert len({r["actor"] for r in states}) == len(states) >= 190
    frame = pd.read_csv(io.StringIO(response.text))
    assert list(frame.columns) == list(BINDING_COLUMNS)
    assert len(frame) == len(rows)
    assert int((frame["status"] == "BOUND").sum()) == len(bound)


async def test_bindings_rows_carry_basis_and_sources(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/export/bindings.json", params={"instrument": TIP, "asOf": "2011-01-01"}
    )
    body = response.json()
    assert body["meta"]["table"] == "bindings" and body["meta"]["asOf"] == "2011-01-01"
    china = next(r for r in body["rows"] if r["actor"] == "state:CN")
    assert china["status"] == "BOUND" and china["bound_from"] == "2010-03-10"
    assert "accession deposited 2010-02-08" in china["basis"]
    assert "treaties.un.org" in china["source_addresses"]


async def test_participations_csv_matches_the_records(client: httpx.AsyncClient) -> None:
    response = await client.get("/export/participations.csv", params={"instrument": TIP})
    frame = pd.read_csv(io.StringIO(response.text), dtype=str)
    assert list(frame.columns) == list(PARTICIPATION_COLUMNS)
    query = '{ instrument(id: "instrument:tip-protocol") { participations { totalCount } } }'
    total = (await client.post("/graphql", json={"query": query})).json()
    assert len(frame) == total["data"]["instrument"]["participations"]["totalCount"]


async def test_matrix_has_one_row_per_cell(client: httpx.AsyncClient) -> None:
    params = {"actors": "state:FR,state:JP,state:DE", "instruments": f"{TIP},instrument:untoc",
              "asOf": "2012-06-01"}  # fmt: skip
    response = await client.get("/export/matrix.csv", params=params)
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 6
    assert {(r["actor"], r["instrument"]) for r in rows} == {
        (a, i) for a in ("state:FR", "state:JP", "state:DE") for i in (TIP, "instrument:untoc")
    }


async def test_members_and_cooperation_tables(client: httpx.AsyncClient) -> None:
    members = await client.get(
        "/export/members.csv", params={"organization": "organization:eu", "asOf": "2024-01-01"}
    )
    rows = list(csv.DictReader(io.StringIO(members.text)))
    assert tuple(rows[0]) == MEMBER_COLUMNS
    assert sum(r["status"] == "MEMBER" for r in rows) == 27
    coop = await client.get("/export/cooperation.csv", params={"actor": "organization:interpol"})
    rows = list(csv.DictReader(io.StringIO(coop.text)))
    assert tuple(rows[0]) == COOPERATION_COLUMNS
    assert rows and all(r["source_titles"] for r in rows)


async def test_timeline_points_equal_bound_count(client: httpx.AsyncClient) -> None:
    body = (
        await client.get("/export/timeline.json", params={"instrument": TIP, "until": "2014-01-27"})
    ).json()
    points = {p["date"]: p["bound"] for p in body["rows"]}
    for day in ("2005-01-01", "2010-01-01", "2014-01-27"):
        assert points[day] == await bound_count(client, TIP, day)
    counts = [p["bound"] for p in body["rows"]]
    assert counts == sorted(counts)  # no denunciation of the TIP Protocol in the data
    assert sum(p["count"] for p in body["meta"]["consentsPerYear"]) >= 159


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/export/bindings.csv", {}, 400, "BAD_USER_INPUT"),
        ("/export/bindings.csv", {"instrument": "instrument:nope"}, 404, "NOT_FOUND"),
        ("/export/bindings.csv", {"instrument": TIP, "asOf": "2010-13-01"}, 400, "BAD_USER_INPUT"),
        ("/export/timeline.xlsx", {"instrument": TIP}, 400, "BAD_USER_INPUT"),
        ("/export/matrix.csv", {"actors": "state:FR", "instruments": "state:FR"}, 404, "NOT_FOUND"),
    ],
)
async def test_bad_parameters_get_clear_errors(
    client: httpx.AsyncClient, path: str, params: dict[str, str], status: int, code: str
) -> None:
    response = await client.get(path, params=params)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and error["hint"]


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x")', "+1+2", "-3+4", "@SUM(A1)", "\tx", "\rx"]
)
def test_formula_cells_are_neutralised(text: str) -> None:
    assert spreadsheet_safe(text) == "'" + text
    written = to_csv([{"a": text}], ["a"])
    cell = next(csv.DictReader(io.StringIO(written)))["a"]
    assert cell.startswith("'")
    assert pd.read_csv(io.StringIO(written), dtype=str)["a"][0].startswith("'")


def test_plain_values_are_kept() -> None:
    assert spreadsheet_safe("Albania") == "Albania"
    assert (
        spreadsheet_safe(-3) == -3
        and spreadsheet_safe(None) == ""
        and spreadsheet_safe(True) == "true"
    )
