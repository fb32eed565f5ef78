"""The ASGI app over HTTP (httpx + ASGITransport): status codes, error shape, health."""

from collections.abc import AsyncIterator

import httpx
import pytest

from tkgraph.service.snapshot import Snapshot
from tkgraph.settings import Settings
from tkgraph.web.app import create_app
from tkgraph.web.pages import STATIC_DIR

QUERY = '{ instrument(id: "instrument:example-protocol") { shortName } }'


@pytest.fixture
async def client(tiny: Snapshot, tiny_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(tiny_settings, tiny)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as c:
        yield c


def assert_graphql_error(body: dict[str, object], code: str) -> dict[str, object]:
    errors = body["errors"]
    assert isinstance(errors, list) and errors
    error = errors[0]
    assert set(error) >= {"message", "extensions"}
    assert error["extensions"]["code"] == code
    return error


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_query_over_get_and_post(client: httpx.AsyncClient, method: str) -> None:
    if method == "GET":
        response = await client.get("/graphql", params={"query": QUERY})
    else:
        response = await client.post("/graphql", json={"query": QUERY})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["data"] == {"instrument": {"shortName": "Example Protocol"}}


async def test_bad_id_gets_the_error_shape(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": '{ node(id: "nope") { id } }'})
    error = assert_graphql_error(response.json(), "BAD_USER_INPUT")
    assert error["path"] == ["node"]


async def test_invalid_document_is_a_validation_error(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ noSuchField }"})
    assert_graphql_error(response.json(), "GRAPHQL_VALIDATION_FAILED")


async def test_malformed_json_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400


async def test_healthz_reports_data_version(client: httpx.AsyncClient, tiny: Snapshot) -> None:
    body = (await client.get("/healthz")).json()
    assert body["status"] == "ok"
    assert body["data"]["contentHash"] == tiny.data.content_hash
    assert body["data"]["triples"] == tiny.data.triple_count


async def test_graphiql_is_served_to_browsers(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


@pytest.mark.parametrize(("path", "name"), [("/atlas", "atlas.html"), ("/map", "map.html")])
async def test_pages_are_the_bundled_files(client: httpx.AsyncClient, path: str, name: str) -> None:
    # Served from memory (pages.page), byte for byte the file in static/.
    bundled = (STATIC_DIR / name).read_bytes()
    page = await client.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.content == bundled
    head = await client.head(path)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == len(bundled)


async def test_cors_preflight_allows_other_origins(client: httpx.AsyncClient) -> None:
    response = await client.options(
        "/graphql",
        headers={
            "origin": "http://frontend.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] in ("*", "http://frontend.example")


async def test_admin_reload_is_off_without_token(client: httpx.AsyncClient) -> None:
    response = await client.post("/admin/reload")
    assert response.status_code == 404
    assert "--admin-token" in response.json()["error"]["hint"]


async def test_mutations_do_not_exist(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "mutation { x }"})
    body = response.json()
    assert "errors" in body and body.get("data") is None
