"""GraphQL over HTTP: response cache and ETags, media types, request errors, body size."""

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tkgraph.api import cost, documents, limits
from tkgraph.service.snapshot import Snapshot
from tkgraph.settings import Settings
from tkgraph.web import graphql_http
from tkgraph.web.app import create_app

QUERY = '{ actor(id: "state:AA") { label } }'


@pytest.fixture
def app(tiny: Snapshot, tiny_settings: Settings) -> Starlette:
    return create_app(replace(tiny_settings, max_body_bytes=2_000), tiny)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


async def test_repeated_query_is_served_from_cache(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    cache = app.state.graphql.cache
    first = await client.get("/graphql", params={"query": QUERY})
    second = await client.get("/graphql", params={"query": QUERY})
    assert first.content == second.content
    assert (cache.misses, cache.hits) == (1, 1)
    assert first.headers["cache-control"] == "public, max-age=60"
    other = await client.get("/graphql", params={"query": QUERY.replace("AA", "BB")})
    assert other.json()["data"]["actor"]["label"] == "Betaland"
    assert cache.misses == 2


async def test_etag_gives_304(client: httpx.AsyncClient) -> None:
    first = await client.get("/graphql", params={"query": QUERY})
    etag = first.headers["etag"]
    again = await client.get("/graphql", params={"query": QUERY}, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""


async def test_errors_are_not_cached(app: Starlette, client: httpx.AsyncClient) -> None:
    for _ in range(2):
        response = await client.get("/graphql", params={"query": '{ node(id: "bad") { id } }'})
        assert response.headers["cache-control"] == "no-store"
    assert app.state.graphql.cache.hits == 0


async def test_graphql_response_media_type(client: httpx.AsyncClient) -> None:
    accept = {"accept": "application/graphql-response+json"}
    ok = await client.post("/graphql", json={"query": QUERY}, headers=accept)
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("application/graphql-response+json")
    invalid = await client.post("/graphql", json={"query": "{ nope }"}, headers=accept)
    assert invalid.status_code == 400
    legacy = await client.post("/graphql", json={"query": "{ nope }"})
    assert legacy.status_code == 200
    assert legacy.headers["content-type"].startswith("application/json")


async def test_application_graphql_body(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", content=QUERY, headers={"content-type": "application/graphql"}
    )
    assert response.json()["data"] == {"actor": {"label": "Alphaland"}}


@pytest.mark.parametrize(
    ("content", "content_type", "status", "words"),
    [
        (b"{not json", "application/json", 400, "not valid JSON"),
        (b"[]", "application/json", 400, "batching"),
        (b'{"variables": {}}', "application/json", 400, "No GraphQL query"),
        (b'{"query": "{ __typename }", "variables": [1]}', "application/json", 400, "JSON object"),
        (b"query=x", "text/plain", 415, "not supported"),
    ],
)
async def test_bad_requests_say_what_is_wrong(
    client: httpx.AsyncClient, content: bytes, content_type: str, status: int, words: str
) -> None:
    response = await client.post(
        "/graphql", content=content, headers={"content-type": content_type}
    )
    assert response.status_code == status
    [error] = response.json()["errors"]
    assert words in error["message"]
    assert error["extensions"]["code"] == "BAD_REQUEST"


async def test_oversized_body_is_413(client: httpx.AsyncClient) -> None:
    big = {"query": "{ __typename }", "variables": {"pad": "x" * 5_000}}
    response = await client.post("/graphql", json=big)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(10):
            yield b" " * 500

    streamed = await client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413


async def test_static_files_stay_in_their_folder(client: httpx.AsyncClient) -> None:
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py"):
        response = await client.get(path)
        assert response.status_code == 404, path


async def test_a_short_document_is_parsed_and_measured_once_per_request(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The view measures a document to choose where it runs; the limits reuse that
    measure, and a repeated text with new variables is not parsed again."""
    measured: list[object] = []
    parsed: list[str] = []
    real_measure, real_parse = cost.measure, documents.parse

    def recording_measure(*args: Any, **kwargs: Any) -> Any:
        measured.append(args[1])
        return real_measure(*args, **kwargs)

    def recording_parse(source: str, **options: Any) -> Any:
        parsed.append(source)
        return real_parse(source, **options)

    monkeypatch.setattr(graphql_http, "measure", recording_measure)
    monkeypatch.setattr(limits, "measure", recording_measure)
    monkeypatch.setattr(documents, "parse", recording_parse)
    query = "query($id: ID!) { actor(id: $id) { label } } # measured once"
    for actor_id, label in (("state:AA", "Alphaland"), ("state:BB", "Betaland")):
        response = await client.post(
            "/graphql", json={"query": query, "variables": {"id": actor_id}}
        )
        assert response.json()["data"]["actor"]["label"] == label
    assert len(measured) == 2  # once per request
    assert parsed == [query]  # once for both
