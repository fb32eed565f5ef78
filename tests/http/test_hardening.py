"""Issue 13 over HTTP (in-process ASGI): no 500s, no outbound requests, bounded
SPARQL, security headers, admin endpoint out of CORS, reload of one copy."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

import tkgraph.service.reload as reload_module
from tests.conftest import ONTOLOGY, TINY_SEED
from tkgraph.api.context import Context
from tkgraph.service.snapshot import Snapshot
from tkgraph.settings import Settings
from tkgraph.web import netfence, sparql
from tkgraph.web.app import create_app

MATRIX = "query($n: Int) { instruments(first: $n) { totalCount } }"
ACTOR = "query($id: ID!) { actor(id: $id) { label } }"
ON_DAY = 'query($d: Date) { actor(id: "state:AA") { bindings(asOf: $d) { status } } }'


@pytest.fixture
def app(tiny: Snapshot, tiny_settings: Settings) -> Starlette:
    return create_app(replace(tiny_settings, sparql_timeout=2.0), tiny)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c


# --- item 4: bad requests are 4xx with the one error shape, never 500 ---------


@pytest.mark.parametrize(
    ("query", "variables", "words"),
    [
        (MATRIX, {"n": 1e300}, "Int cannot represent"),
        (MATRIX, {"n": float("nan")}, "Int cannot represent"),
        (MATRIX, {"n": "abc"}, "Int cannot represent"),
        (ACTOR, {}, "'$id'"),
        (ACTOR, {"id": {"a": 1}}, "ID cannot represent"),
        (ON_DAY, {"d": "2023-02-30"}, "Date"),
        (ON_DAY, {"d": 20230101}, "Date"),
    ],
)
async def test_bad_variable_values_are_bad_user_input(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, query: str,
    variables: dict[str, Any], words: str,
) -> None:  # fmt: skip
    caplog.set_level(logging.INFO)
    content = json.dumps({"query": query, "variables": variables}).encode()  # NaN allowed
    response = await client.post(
        "/graphql", content=content, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert words in error["message"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"query": "query A { __typename }", "operationName": "Z"}, "No operation named 'Z'"),
        ({"query": "query A { __typename } query B { __typename }"}, "2 operations (A, B)"),
        ({"query": "query A { __typename } { __typename }"}, "no operationName"),
    ],
)
async def test_operation_choice_errors_are_400(
    client: httpx.AsyncClient, body: dict[str, str], words: str
) -> None:
    response = await client.post("/graphql", json=body)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert words in error["message"]


DEEP = "[" * 2000 + "]" * 2000


@pytest.mark.parametrize("where", ["body", "variables", "GET variables", "query"])
async def test_json_nested_2000_deep_is_400(client: httpx.AsyncClient, where: str) -> None:
    if where == "body":
        response = await client.post(
            "/graphql", content=DEEP, headers={"content-type": "application/json"}
        )
    elif where == "variables":
        response = await client.post(
            "/graphql",
            content='{"query": "{ __typename }", "variables": {"a": ' + DEEP + "}}",
            headers={"content-type": "application/json"},
        )
    elif where == "GET variables":
        response = await client.get(
            "/graphql", params={"query": "{ __typename }", "variables": '{"a": ' + DEEP + "}"}
        )
    else:  # a GraphQL document nested too deeply for graphql-core's recursive parser
        nested = "{ a " * 1200 + "}" * 1200
        response = await client.post(
            "/graphql",
            json={"query": nested},
            headers={"accept": "application/graphql-response+json"},
        )
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] in {
        "BAD_REQUEST",
        "QUERY_TOO_COMPLEX",
        "GRAPHQL_VALIDATION_FAILED",
    }
    assert "deep" in error["message"]


@pytest.mark.parametrize("accept", ["text/html", "application/json", "*/*", ""])
async def test_mutation_over_get_is_refused_whatever_accept(
    client: httpx.AsyncClient, accept: str
) -> None:
    response = await client.get(
        "/graphql", params={"query": "mutation { x }"}, headers={"accept": accept}
    )
    assert response.status_code == 405
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "METHOD_NOT_ALLOWED"


# --- SPARQL stays local: Oxigraph decides, the kernel fences the child ------


class _Listener:
    """A loopback TCP listener that records every connection made to it (an HTTP
    request or not) and answers each with a secret, as an internal service would."""

    def __init__(self) -> None:
        self.connections: list[bytes] = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}/internal?cmd=x"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    self.connections.append(conn.recv(1000))
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\ncontent-length: 19\r\n\r\nSECRET-ADMIN-ANSWER"
                    )
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def listener() -> Iterator[_Listener]:
    found = _Listener()
    yield found
    found.close()


# The escape that fooled the rdflib check (issue 23): rdflib expands \u0022
# across the whole text, so it read the SERVICE clause as part of a string.
ESCAPED = (
    'SELECT * WHERE {{ VALUES ?v {{ "x\\u0022 " }} SERVICE <{url}> {{ ?a ?b ?c }} '
    'VALUES ?w {{ " \\u0022" }} }}'
)


REFUSED = {403}
ANSWERED_LOCALLY = {200, 403}


@pytest.mark.parametrize(
    ("template", "statuses"),
    [
        (ESCAPED, REFUSED),
        ("SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", REFUSED),
        ("PREFIX r: <{url}#> SELECT * WHERE {{ SERVICE r:x {{ ?s ?p ?o }} }}", REFUSED),
        ("SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}", REFUSED),
        ("# a comment\nASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", REFUSED),
        ("SELECT * WHERE {{ SERVICE <http://tkgraph-test.invalid/x> {{ ?s ?p ?o }} }}", REFUSED),
        # SILENT: SPARQL answers as if the remote endpoint had no answer
        ("select * where {{ ?a ?b ?c OPTIONAL {{ service silent <{url}> {{ ?s ?p ?o }} }} }}",
         ANSWERED_LOCALLY),
        # dataset clauses name graphs of this store; nothing may fetch them
        ("SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}", ANSWERED_LOCALLY),
        ("SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", ANSWERED_LOCALLY),
        ("CONSTRUCT {{ ?s ?p ?o }} FROM <{url}> FROM NAMED <{url}#g> WHERE {{ ?s ?p ?o }}",
         ANSWERED_LOCALLY),
        ("DESCRIBE <{url}>", ANSWERED_LOCALLY),
    ],
)  # fmt: skip
async def test_federation_and_dataset_clauses_make_no_connection(
    client: httpx.AsyncClient, listener: _Listener, template: str, statuses: set[int]
) -> None:
    response = await client.get("/sparql", params={"query": template.format(url=listener.url)})
    assert response.status_code in statuses, response.text
    if statuses == REFUSED:
        assert response.json()["error"]["code"] == "SPARQL_SERVICE_REFUSED"
    assert "SECRET" not in response.text
    assert listener.connections == []


async def test_load_is_refused_and_makes_no_connection(
    client: httpx.AsyncClient, listener: _Listener
) -> None:
    for query in (f"LOAD <{listener.url}>", f"LOAD SILENT <{listener.url}> INTO GRAPH <urn:g>"):
        response = await client.get("/sparql", params={"query": query})
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "SPARQL_UPDATE_REFUSED"
    assert listener.connections == []


def test_the_fenced_child_cannot_open_a_network_socket(tiny: Snapshot, listener: _Listener) -> None:
    """The fence itself, whatever the query: a child fenced like the SPARQL one
    gets ENONET from socket() for IPv4 and IPv6, and a local pipe still works."""
    port = listener.server.getsockname()[1]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running pytest's exit handlers
        outcome = b""
        try:
            netfence.no_network()
            for family in (socket.AF_INET, socket.AF_INET6):
                try:
                    socket.socket(family).connect(("127.0.0.1", port))
                    outcome += b"connected;"
                except OSError as exc:
                    outcome += f"{exc.errno};".encode()
            socket.socketpair()
            outcome += b"unix ok"
        finally:
            os.write(write_end, outcome)
            os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as reading:
        outcome = reading.read()
    refused = str(netfence.REFUSED_ERRNO).encode()
    assert outcome == refused + b";" + refused + b";unix ok"
    assert listener.connections == []


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a#b> <http://p> 1 }",
        "PREFIX a: <http://x#y> INSERT DATA { a:b a:c 1 } ; DELETE DATA { a:b a:c 1 }",
        "PREFIX a: <http://x/#>\nDELETE WHERE { ?s ?p ?o }",
        "BASE <http://x#>\nLOAD <http://127.0.0.1:1/x>",
        "  # comment\n  CLEAR ALL",
    ],
)
async def test_updates_are_403_whatever_their_iris_hold(
    client: httpx.AsyncClient, update: str
) -> None:
    response = await client.get("/sparql", params={"query": update})
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "SPARQL_UPDATE_REFUSED"


async def test_sparql_beyond_its_slots_gets_503_with_retry_after(
    tiny: Snapshot, tiny_settings: Settings
) -> None:
    settings = replace(tiny_settings, sparql_timeout=2.0, sparql_concurrency=1, sparql_queue=0)
    app = create_app(settings, tiny)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        running = asyncio.create_task(c.get("/sparql", params={"query": slow}))
        await asyncio.sleep(0.3)
        refused = await c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        await running
    assert refused.status_code == 503
    assert refused.json()["error"]["code"] == "SPARQL_LIMIT"
    assert int(refused.headers["retry-after"]) >= 1


def test_sparql_child_memory_is_limited(tiny: Snapshot) -> None:
    sorting = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g LIMIT 1"
    fence = sparql.Fence(64 * 2**20)
    with pytest.raises(sparql.SparqlLimitError, match="memory limit of 64 MB"):
        sparql.run_query(tiny.data.store, sorting, "", 8, 10, fence)


async def test_data_version_header_names_the_snapshot_answered_from(
    app: Starlette, client: httpx.AsyncClient, tiny: Snapshot, real: Snapshot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    holder = app.state.holder
    original = sparql.run_query

    def reload_meanwhile(store: Any, *args: Any) -> Any:
        holder.swap(real)  # a reload lands while the query runs
        return original(store, *args)

    monkeypatch.setattr(sparql, "run_query", reload_meanwhile)
    response = await client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert response.headers["tkgraph-data-version"] == tiny.version != real.version


# --- item 6: headers, CORS, admin token, reload, disconnects -------------------


async def test_nosniff_everywhere_and_csp_on_pages(client: httpx.AsyncClient) -> None:
    for path in ("/healthz", "/graphql?query={__typename}", "/sparql", "/static/map.js", "/nope"):
        response = await client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff", path
    page = await client.get("/map")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    graphiql = await client.get("/graphql", headers={"accept": "text/html"})
    assert graphiql.headers["content-type"].startswith("text/html")
    csp = graphiql.headers["content-security-policy"]
    # GraphiQL is vendored: its page loads scripts from this server only
    assert "default-src 'self'" in csp and "script-src 'self';" in csp and "https:" not in csp


async def test_admin_reload_is_out_of_cors(client: httpx.AsyncClient) -> None:
    preflight = {
        "origin": "https://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization",
    }
    admin = await client.options("/admin/reload", headers=preflight)
    assert "access-control-allow-origin" not in admin.headers
    assert admin.status_code != 200
    public = await client.options(
        "/graphql", headers=preflight | {"access-control-request-headers": "content-type"}
    )
    assert public.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("token", ["", "   "])
async def test_empty_admin_token_means_off(tiny: Snapshot, token: str) -> None:
    settings = Settings.from_env(
        {"TKGRAPH_ADMIN_TOKEN": token}, ontology_dir=ONTOLOGY, seed_dir=TINY_SEED
    )
    assert settings.admin_token is None
    for app in (create_app(settings, tiny), create_app(replace(settings, admin_token=token), tiny)):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as c:
            response = await c.post("/admin/reload", headers={"authorization": f"Bearer {token}"})
        assert response.status_code == 404


async def test_reload_loads_the_bytes_it_validated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    seed = tmp_path / "seed"
    shutil.copytree(TINY_SEED, seed)
    actors = seed / "actors.ttl"
    validated = actors.read_text().replace('"Alphaland"', '"Alphaland (validated)"')
    actors.write_text(validated)

    def validate_then_edit(settings: Settings) -> None:
        # Someone saves a file just after validation passed.
        actors.write_text(validated.replace("(validated)", "(never validated)"))

    monkeypatch.setattr(reload_module, "_validate_in_subprocess", validate_then_edit)
    settings = Settings(ontology_dir=ONTOLOGY, seed_dir=seed, admin_token="t0ken")
    app = create_app(settings)
    (seed / "extra.part.ttl").write_text("")  # a name with two dots is still copied
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        files = (await c.get("/healthz")).json()["data"]["files"]
        response = await c.post("/admin/reload", headers={"authorization": "Bearer t0ken"})
        assert response.status_code == 200, response.text
        assert response.json()["data"]["files"] == files + 1
        body = await c.post("/graphql", json={"query": '{ actor(id: "state:AA") { label } }'})
    assert body.json()["data"]["actor"]["label"] == "Alphaland (validated)"


async def test_client_gone_mid_body_is_one_log_line(
    app: Starlette, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    scope = {
        "type": "http", "method": "POST", "path": "/graphql", "raw_path": b"/graphql",
        "query_string": b"", "root_path": "", "scheme": "http", "http_version": "1.1",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"100")],
        "client": ("127.0.0.1", 5555), "server": ("t", 80),
    }  # fmt: skip
    messages = [{"type": "http.request", "body": b'{"query"', "more_body": True},
                {"type": "http.disconnect"}]  # fmt: skip
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    lines = [r for r in caplog.records if "went away" in r.getMessage()]
    assert len(lines) == 1 and lines[0].exc_info is None
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


# --- item 3: heavy queries off the event loop, with a real deadline -------------


async def test_heavy_query_has_a_real_deadline_and_others_get_busy(
    tiny: Snapshot, tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import tkgraph.api.query as query_module

    original = query_module.get_context
    # The resolver computes without a clock check until the test releases it (at
    # most 30 s): what happens meanwhile is known by order, not by timing.
    release, resolver_done = threading.Event(), threading.Event()

    def slow_context(info: Any) -> Any:
        release.wait(30)
        resolver_done.set()
        return original(info)

    monkeypatch.setattr(query_module, "get_context", slow_context)
    # Every query counts as heavy here, so it runs in the (single) worker thread.
    settings = replace(tiny_settings, query_timeout=0.3, graphql_light_cost=-1, graphql_workers=1)
    app = create_app(settings, tiny)
    healthz_while_resolving: list[bool] = []
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:

            async def healthz() -> None:
                await asyncio.sleep(0.05)
                answer = await c.get("/healthz")
                healthz_while_resolving.append(
                    answer.status_code == 200 and not resolver_done.is_set()
                )

            first, second, _ = await asyncio.gather(
                c.post("/graphql", json={"query": "{ actors(first: 1) { totalCount } }"}),
                c.post("/graphql", json={"query": "{ actors(first: 2) { totalCount } }"}),
                healthz(),
            )
            # Both answered while the resolver still ran: at the deadline, not after it.
            answered_while_resolving = not resolver_done.is_set()
    finally:
        release.set()
    assert first.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
    assert first.json()["data"] is None
    assert second.status_code == 503 and second.headers["retry-after"] == "1"
    assert second.json()["errors"][0]["extensions"]["code"] == "BUSY"
    assert answered_while_resolving
    assert healthz_while_resolving == [True]  # the event loop stayed free meanwhile
    assert app.state.graphql.heavy_runs == 2


# --- GraphQL arguments bounded before execution and counted in the cost --------

SOURCES_30 = "query($t: String) { " + " ".join(
    f"a{i}: sources(text: $t) {{ totalCount }}" for i in range(30)
) + " }"  # fmt: skip


async def _graphql(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> Any:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    return error


async def test_huge_text_argument_is_refused_naming_it_and_its_limit(
    client: httpx.AsyncClient, tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    import tkgraph.api.query as query_module

    monkeypatch.setattr(query_module, "_matches", lambda *a: calls.append("x") or True)
    error = await _graphql(client, SOURCES_30, {"t": "ß" * 450_000})
    limit = tiny_settings.max_string_argument
    assert error["extensions"]["argument"] == "Query.sources(text)"
    assert error["extensions"]["max"] == limit and error["extensions"]["value"] == 450_000
    assert "Query.sources(text)" in error["message"] and f"limit of {limit}" in error["message"]
    assert calls == []  # refused before any resolver ran


async def test_huge_kind_list_and_far_dates_are_refused(
    client: httpx.AsyncClient, tiny_settings: Settings
) -> None:
    query = "query($k: [String!]) { actors(kind: $k) { totalCount } }"
    error = await _graphql(client, query, {"k": ["S"] * 190_000})
    assert error["extensions"]["argument"] == "Query.actors(kind)"
    assert error["extensions"]["max"] == tiny_settings.max_list_argument
    literal = '{ actor(id: "state:AA") { bindings(asOf: "9999-12-31") { status } } }'
    error = await _graphql(client, literal, {})
    assert error["extensions"]["limit"] == "argumentDate"
    assert "asOf" in error["extensions"]["argument"] and "9999-12-31" in error["message"]
    old = '{ binding(actor: "state:AA", instrument: "instrument:example-protocol", asOf: "0001-01-01") { status } }'
    error = await _graphql(client, old, {})
    assert error["extensions"]["min"] == "1800-01-01"


async def test_argument_size_is_counted_in_the_cost(client: httpx.AsyncClient) -> None:
    query = "query($t: String) { sources(text: $t) { totalCount } }"
    costs = []
    for text in ("a", "a" * 400):
        response = await client.post("/graphql", json={"query": query, "variables": {"t": text}})
        costs.append(response.json()["extensions"]["cost"]["requested"])
    assert costs[1] - costs[0] == 399


def test_long_documents_are_neither_kept_parsed_nor_kept_validated(
    tiny: Snapshot, tiny_settings: Settings
) -> None:
    from tkgraph.api import documents, schema

    built = schema.build_schema(schema.limits_for(tiny_settings))
    context = Context(tiny, tiny_settings, date.today())
    padding = " " * (documents.CACHED_DOCUMENT_CHARACTERS + 1)
    parsed = documents._parse_cached.cache_info()
    validated = documents._validate_cached.cache_info()
    assert built.execute_sync("{ __typename }" + padding, context_value=context).errors is None
    assert documents._parse_cached.cache_info().currsize == parsed.currsize
    assert documents._validate_cached.cache_info().currsize == validated.currsize
    assert built.execute_sync("{ __typename }  ", context_value=context).errors is None
    assert documents._parse_cached.cache_info().currsize <= parsed.currsize + 1


# --- downloads: bounded parameters, own pool, deadline, per-client share ------


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/export/timeline.csv?instrument=instrument:example-protocol&until=9999-12-31", "until"),
        ("/export/bindings.csv?instrument=instrument:example-protocol&asOf=1066-10-14", "asOf"),
        ("/export/matrix.csv?instruments=instrument:example-protocol&actors="
         + ",".join(["state:AA"] * 501), "actors"),
    ],
)  # fmt: skip
async def test_unbounded_download_parameters_are_refused(
    client: httpx.AsyncClient, path: str, words: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "BAD_USER_INPUT"
    assert f"'{words}'" in response.json()["error"]["message"]


async def test_a_slow_download_gets_503_at_its_deadline_and_keeps_its_place(
    tiny: Snapshot, tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:

    from tkgraph.web import downloads

    release = threading.Event()
    original = downloads._build_encoded

    def slow(*args: Any) -> Any:
        release.wait(10)
        return original(*args)

    monkeypatch.setattr(downloads, "_build_encoded", slow)
    settings = replace(
        tiny_settings, download_timeout=0.3, download_workers=1, download_queue=0,
        download_per_client=1,
    )  # fmt: skip
    app = create_app(settings, tiny)
    path = "/export/participations.csv?instrument=instrument:example-protocol"
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        # The build is held until release: a TIMEOUT answer can only come from the deadline.
        late = await c.get(path)
        assert late.status_code == 503 and late.json()["error"]["code"] == "TIMEOUT"
        # The thread still runs: its place is not given to another download.
        other = "/export/bindings.csv?instrument=instrument:example-protocol"
        busy = await c.get(other)
        assert busy.status_code == 503 and int(busy.headers["retry-after"]) >= 1
        release.set()
        for _ in range(100):  # until the thread has ended and given its place back
            answered = await c.get(other)
            if answered.status_code != 503:
                break
            await asyncio.sleep(0.05)
        assert answered.status_code == 200, answered.text


def _client_at(app: Starlette, address: str) -> httpx.AsyncClient:
    """A client of the app from this address (the per-client shares go by address)."""
    transport = httpx.ASGITransport(app=app, client=(address, 1234))
    return httpx.AsyncClient(transport=transport, base_url="http://t")


async def test_heavy_downloads_do_not_hold_up_small_ones(
    tiny: Snapshot, tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tkgraph.web import downloads

    release = threading.Event()
    original = downloads._build_encoded

    def timelines_wait(snap: Snapshot, name: str, *args: Any) -> Any:
        if name == "timeline":
            release.wait(10)
        return original(snap, name, *args)

    monkeypatch.setattr(downloads, "_build_encoded", timelines_wait)
    settings = replace(tiny_settings, download_workers=1, download_queue=8)
    app = create_app(settings, tiny)

    heavy_path = "/export/timeline.csv?instrument=instrument:example-protocol&until=2020-01-0{}"
    async with _client_at(app, "10.0.0.1") as heavy, _client_at(app, "10.0.0.2") as small:
        timelines = [asyncio.create_task(heavy.get(heavy_path.format(i))) for i in range(1, 7)]
        await asyncio.sleep(0.2)
        answered = await small.get("/export/bindings.csv?instrument=instrument:example-protocol")
        assert answered.status_code == 200, answered.text
        assert not all(t.done() for t in timelines)  # the timelines are still waiting
        release.set()
        statuses = [(await t).status_code for t in timelines]
    # one client's share is 4 places: the others were told to come back later
    assert statuses.count(200) == 4 and statuses.count(503) == 2


async def test_admission_hands_free_places_to_the_client_with_fewest_running() -> None:
    from tkgraph.errors import ServerBusyError
    from tkgraph.web.admission import Admission

    admission = Admission("job", 2, 4, 3, 5.0, lambda m: ServerBusyError(m))
    a1, a2 = await admission.enter("a"), await admission.enter("a")
    a3 = asyncio.create_task(admission.enter("a"))
    await asyncio.sleep(0)
    b1 = asyncio.create_task(admission.enter("b"))
    await asyncio.sleep(0)
    with pytest.raises(ServerBusyError, match="at most 3 each"):
        await admission.enter("a")
    admission.leave(a1)  # a waited first, but b has none running
    await asyncio.sleep(0.05)
    assert b1.done() and not a3.done()
    admission.leave(a2)
    await asyncio.sleep(0.05)
    assert a3.done()
    admission.leave(a3.result())
    admission.leave(b1.result())
    assert admission.busy == 0 and admission.in_line == 0


# --- SPARQL: per-client share, byte cap, crash output ------------------------


async def test_sparql_share_per_client_leaves_room_for_others(
    tiny: Snapshot, tiny_settings: Settings
) -> None:
    settings = replace(
        tiny_settings, sparql_timeout=2.0, sparql_concurrency=2, sparql_queue=2,
        sparql_per_client=2,
    )  # fmt: skip
    app = create_app(settings, tiny)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

    async with _client_at(app, "10.0.0.1") as heavy, _client_at(app, "10.0.0.2") as other:
        running = [
            asyncio.create_task(heavy.get("/sparql", params={"query": slow})) for _ in range(2)
        ]
        await asyncio.sleep(0.3)
        refused = await heavy.get("/sparql", params={"query": "ASK {}"})
        answered = await other.get("/sparql", params={"query": "ASK {}"})
        await asyncio.gather(*running)
    assert refused.status_code == 503 and int(refused.headers["retry-after"]) >= 1
    assert "at most 2 each" in refused.json()["error"]["message"]
    assert answered.status_code == 200, answered.text


async def test_sparql_answers_are_cut_at_the_byte_cap(
    tiny: Snapshot, tiny_settings: Settings
) -> None:
    app = create_app(replace(tiny_settings, sparql_max_mb=1), tiny)
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/sparql", params={"query": query})
    assert response.status_code == 200
    assert response.headers["tkgraph-result-truncated"] == "true"
    assert response.headers["tkgraph-truncated-at"] == "byte cap"
    assert int(response.headers["tkgraph-rows"]) < tiny_settings.sparql_row_cap
    body = response.json()
    assert body["tkgraph"] == {"truncated": True, "byteCap": 2**20}
    assert len(response.content) <= 2**20


def test_sparql_child_crash_output_stays_out_of_the_server_log(
    tiny: Snapshot, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.INFO)
    sorting = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g LIMIT 1"
    with pytest.raises(sparql.SparqlLimitError):
        sparql.run_query(tiny.data.store, sorting, "", 8, 10, sparql.Fence(64 * 2**20))
    assert capfd.readouterr().err == ""  # nothing on the server's own stderr
    [summary] = [r.getMessage() for r in caplog.records if r.name == "tkgraph.web.sparql"]
    assert "ended without an answer" in summary and "\n" not in summary


# --- caches bounded in bytes --------------------------------------------------


def test_response_cache_stays_within_its_bytes() -> None:
    from tkgraph.web.responses import ResponseCache

    cache: ResponseCache[bytes] = ResponseCache(10_000, 1_000_000)
    for i in range(300):
        body = bytes(390_000 // 10)
        cache.put(f"key-{i}", body, len(body))
        assert cache.bytes <= 1_000_000
    assert cache.get("key-299") is not None and cache.get("key-0") is None
    assert cache.bytes == sum(
        len(entry[0]) + len(key) + 200 for key, entry in cache._entries.items()
    )


async def test_graphql_cache_filled_with_unique_answers_stays_within_its_bytes(
    tiny: Snapshot, tiny_settings: Settings
) -> None:
    app = create_app(replace(tiny_settings, response_cache_mb=1), tiny)
    query = (
        "query($t: String) { sources(text: $t) { totalCount } "
        "__schema { types { name description fields { name description } } } }"
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        for i in range(100):
            response = await c.post("/graphql", json={"query": query, "variables": {"t": f"x{i}"}})
            assert response.status_code == 200
    cache = app.state.graphql.cache
    assert 0 < cache.bytes <= 2**20
    assert len(cache._entries) < 100


def test_settings_out_of_range_are_refused() -> None:
    from tkgraph.errors import ConfigError

    with pytest.raises(ConfigError, match="download_workers=0 is out of range"):
        Settings.from_env({"TKGRAPH_DOWNLOAD_WORKERS": "0"})


# --- admin token: the Bearer scheme is required --------------------------------


@pytest.mark.parametrize(
    ("header", "status"),
    [("s3cret", 401), ("Basic s3cret", 401), ("Bearer s3cret", 200), ("bearer s3cret", 200),
     ("BEARER  s3cret ", 200), ("Bearer", 401), ("Bearers3cret", 401)],
)  # fmt: skip
async def test_admin_token_needs_the_bearer_scheme(
    tiny_settings: Settings, header: str, status: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def reloaded(holder: Any, settings: Settings) -> tuple[bool, str]:
        return True, ""

    import tkgraph.web.app as app_module

    monkeypatch.setattr(app_module, "reload_data", reloaded)
    app = create_app(replace(tiny_settings, admin_token="s3cret"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.post("/admin/reload", headers={"authorization": header})
    assert response.status_code == status, response.text


async def test_operations_not_chosen_are_held_to_the_limits(client: httpx.AsyncClient) -> None:
    """Validation reads every operation: one that is not run still may not be
    one the limits refuse (many fields of one name, slow to validate)."""
    heavy = "query Heavy { " + " ".join(["__typename"] * 30) + " }"
    response = await client.post(
        "/graphql",
        json={"query": "query Small { __typename } " + heavy, "operationName": "Small"},
    )
    [error] = response.json()["errors"]
    assert error["extensions"]["limit"] == "sameNameFields"
