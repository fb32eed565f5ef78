"""/sparql: SPARQL 1.1 Protocol, read-only, time limit and row cap reported."""

from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest

from tkgraph.service.snapshot import Snapshot
from tkgraph.settings import Settings
from tkgraph.web.app import create_app

PARTIES = """PREFIX tk: <https://w3id.org/tkgraph/ontology#>
SELECT ?participant ?date WHERE {
  ?p tk:participationIn <https://w3id.org/tkgraph/id/instrument/example-protocol> ;
     tk:participant ?participant ; tk:consentDate ?date .
} ORDER BY ?date"""


@pytest.fixture
async def client(tiny: Snapshot, tiny_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    settings = replace(tiny_settings, sparql_timeout=2.0, sparql_row_cap=3)
    app = create_app(settings, tiny)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-direct"])
async def test_select_over_the_protocol(client: httpx.AsyncClient, method: str) -> None:
    if method == "GET":
        response = await client.get("/sparql", params={"query": PARTIES})
    elif method == "POST-form":
        response = await client.post("/sparql", data={"query": PARTIES})
    else:
        response = await client.post(
            "/sparql", content=PARTIES, headers={"content-type": "application/sparql-query"}
        )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    body = response.json()
    assert body["head"]["vars"] == ["participant", "date"]
    dates = [b["date"]["value"] for b in body["results"]["bindings"]]
    assert dates == ["2001-03-01", "2001-05-05", "2003-02-01"]
    # 5 consents, cap 3: cut and reported, never silently.
    assert response.headers["tkgraph-result-truncated"] == "true"
    assert body["tkgraph"] == {"truncated": True, "rowCap": 3}


async def test_csv_when_asked(client: httpx.AsyncClient) -> None:
    query = PARTIES.replace("ORDER BY ?date", "ORDER BY ?date LIMIT 2")
    response = await client.get("/sparql", params={"query": query}, headers={"accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines()[0] == "participant,date"
    assert response.headers["tkgraph-result-truncated"] == "false"


async def test_update_is_refused(client: httpx.AsyncClient) -> None:
    for request in (
        client.post("/sparql", data={"update": "DELETE WHERE { ?s ?p ?o }"}),
        client.post(
            "/sparql", content="DROP ALL", headers={"content-type": "application/sparql-update"}
        ),
        client.get("/sparql", params={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
    ):
        response = await request
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "SPARQL_UPDATE_REFUSED"
    still = await client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert still.json()["boolean"] is True


async def test_syntax_error_is_400_with_position(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", params={"query": "SELEC ?x WHERE {}"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "SPARQL_SYNTAX_ERROR"
    assert "1:" in response.json()["error"]["message"]


async def test_timeout_is_an_error_not_an_empty_result(client: httpx.AsyncClient) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    response = await client.get("/sparql", params={"query": slow})
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "TIMEOUT"
    assert "2 s" in error["message"]


async def test_missing_query_is_400(client: httpx.AsyncClient) -> None:
    # (a GET without a query asks for the service description: tests/http/test_linked_data.py)
    response = await client.post("/sparql", data={"other": "x"})
    assert response.status_code == 400
    assert "?query=" in response.json()["error"]["hint"]
