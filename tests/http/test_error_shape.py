"""One error body on every route: {"error": {status, code, message, hint}}, and
on /graphql the GraphQL shape with the same code. The cases are keyed by the
app's own routes, so a new route without a case here fails the test."""

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from starlette.routing import BaseRoute, Mount, Route

from tkgraph.service.snapshot import Snapshot
from tkgraph.settings import Settings
from tkgraph.web.app import create_app

TOKEN = "s3cret-token"
MAX_BODY = 2_000

# One request per route that the route refuses: (method, path, headers, body,
# status, code). Paths with a parameter get a concrete path.
Case = tuple[str, str, dict[str, str], bytes | None, int, str]
CASES: dict[str, list[Case]] = {
    "/": [("POST", "/", {}, None, 405, "METHOD_NOT_ALLOWED")],
    "/healthz": [("POST", "/healthz", {}, None, 405, "METHOD_NOT_ALLOWED")],
    "/admin/reload": [
        ("GET", "/admin/reload", {}, None, 405, "METHOD_NOT_ALLOWED"),
        ("POST", "/admin/reload", {}, None, 401, "UNAUTHORIZED"),
        ("POST", "/admin/reload", {"authorization": "Bearer wrong"}, None, 401, "UNAUTHORIZED"),
    ],
    "/graphql": [
        ("GET", "/graphql?query={x&variables=[", {}, None, 400, "BAD_REQUEST"),
        ("GET", "/graphql?query=mutation{x}", {}, None, 405, "METHOD_NOT_ALLOWED"),
        ("PUT", "/graphql", {}, None, 405, "METHOD_NOT_ALLOWED"),
        ("POST", "/graphql", {"content-type": "text/plain"}, b"{}", 415, "BAD_REQUEST"),
        (
            "POST",
            "/graphql",
            {"content-type": "application/json"},
            b"x" * (MAX_BODY + 1),
            413,
            "PAYLOAD_TOO_LARGE",
        ),
    ],
    "/map": [("POST", "/map", {}, None, 405, "METHOD_NOT_ALLOWED")],
    "/atlas": [("POST", "/atlas", {}, None, 405, "METHOD_NOT_ALLOWED")],
    "/graphql/examples.json": [
        ("POST", "/graphql/examples.json", {}, None, 405, "METHOD_NOT_ALLOWED")
    ],
    "/id/{kind}/{local}": [
        ("GET", "/id/state/XX", {"accept": "text/turtle"}, None, 404, "NOT_FOUND"),
        ("GET", "/id/nokind/FR", {"accept": "text/turtle"}, None, 404, "NOT_FOUND"),
        ("POST", "/id/state/AA", {}, None, 405, "METHOD_NOT_ALLOWED"),
    ],
    "/.well-known/void": [("POST", "/.well-known/void", {}, None, 405, "METHOD_NOT_ALLOWED")],
    "/sparql": [
        ("GET", "/sparql?query=", {}, None, 400, "SPARQL_ERROR"),
        ("POST", "/sparql", {"content-type": "application/sparql-query"}, b"", 400, "SPARQL_ERROR"),
        ("GET", "/sparql?query=SELEKT", {}, None, 400, "SPARQL_SYNTAX_ERROR"),
        ("GET", "/sparql?update=x", {}, None, 403, "SPARQL_UPDATE_REFUSED"),
        ("PUT", "/sparql", {}, None, 405, "METHOD_NOT_ALLOWED"),
        (
            "POST",
            "/sparql",
            {"content-type": "application/sparql-query"},
            b"#" * (MAX_BODY + 1),
            413,
            "PAYLOAD_TOO_LARGE",
        ),
    ],
    "/static": [("GET", "/static/no-such-file.js", {}, None, 404, "NOT_FOUND")],
    # Not a route: what the router answers for a path nothing serves.
    "(none)": [("GET", "/no/such/page", {}, None, 404, "NOT_FOUND")],
}


def _export_cases(path: str) -> list[Case]:
    concrete = path.replace("{format}", "xlsx")
    return [
        ("GET", concrete, {}, None, 400, "BAD_USER_INPUT"),
        ("POST", path.replace("{format}", "csv"), {}, None, 405, "METHOD_NOT_ALLOWED"),
    ]


def _route_path(route: BaseRoute) -> str:
    assert isinstance(route, Route | Mount), route
    return route.path


@pytest.fixture
def settings(tiny_settings: Settings) -> Settings:
    return replace(tiny_settings, admin_token=TOKEN, max_body_bytes=MAX_BODY)


@pytest.fixture
async def client(tiny: Snapshot, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, tiny)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as c:
        yield c


def _all_cases(tiny: Snapshot, settings: Settings) -> Iterator[Case]:
    app = create_app(settings, tiny)
    paths = [_route_path(route) for route in app.routes]
    for path in paths:
        if path.startswith("/export/"):
            yield from _export_cases(path)
            continue
        assert path in CASES, f"route {path} has no error case in this test: add one"
        yield from CASES[path]
    yield from CASES["(none)"]
    assert set(CASES) <= {*paths, "(none)"}, "a case for a route the app no longer has"


def assert_error_body(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"status", "code", "message", "hint"}, error
    assert error["status"] == status and error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"]
    assert error["hint"] is None or isinstance(error["hint"], str)


def assert_graphql_body(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) <= {"data", "errors"} and body.get("data") is None, body
    (error,) = body["errors"]
    assert isinstance(error["message"], str) and error["message"]
    assert error["extensions"]["code"] == code, error


async def test_every_route_answers_errors_in_one_shape(
    client: httpx.AsyncClient, tiny: Snapshot, settings: Settings
) -> None:
    seen = 0
    for method, path, headers, body, status, code in _all_cases(tiny, settings):
        response = await client.request(method, path, headers=headers, content=body)
        if path.split("?")[0] == "/graphql":
            assert_graphql_body(response, status, code)
        else:
            assert_error_body(response, status, code)
        if status == 405:
            assert response.headers.get("allow"), (method, path)
        if status == 401:
            assert response.headers["www-authenticate"] == "Bearer"
        seen += 1
    assert seen > 20


async def test_a_body_over_the_limit_while_streaming_gets_the_error_body(
    client: httpx.AsyncClient,
) -> None:
    """No Content-Length: the limit is found while reading, inside the endpoint."""

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(4):
            yield b"#" * (MAX_BODY // 2)

    response = await client.post(
        "/sparql", headers={"content-type": "application/sparql-query"}, content=chunks()
    )
    assert_error_body(response, 413, "PAYLOAD_TOO_LARGE")


async def test_admin_off_is_not_found(tiny: Snapshot, tiny_settings: Settings) -> None:
    app = create_app(replace(tiny_settings, admin_token=None), tiny)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as c:
        response = await c.post("/admin/reload")
    assert_error_body(response, 404, "NOT_FOUND")
    assert "--admin-token" in response.json()["error"]["hint"]


async def test_graphql_errors_before_execution_follow_the_accept_header(
    client: httpx.AsyncClient,
) -> None:
    accept = "application/graphql-response+json"
    response = await client.post(
        "/graphql", headers={"content-type": "text/plain", "accept": accept}, content=b"{}"
    )
    assert response.headers["content-type"].startswith(accept)
    assert_graphql_body(response, 415, "BAD_REQUEST")
