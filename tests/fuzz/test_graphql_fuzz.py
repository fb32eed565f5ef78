"""Property-based fuzzing of the GraphQL endpoint (issue 8).

Queries are generated from the schema itself (tests/fuzz/querygen.py: real
and malformed ids, impossible dates, extreme page sizes, broken documents;
since issue 13 also fragment spreads and fragment bombs, variables with bad
values, JSON nested thousands deep and operationName mix-ups),
from seeds that hypothesis draws. Against the real ASGI app and the real
bundled data, every answer must be a JSON GraphQL response with no 5xx, and
every error must have the one error shape with a known code. The run prints
how many queries it sent and the error codes it met.
"""

import asyncio
import json
import random
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ONTOLOGY, SEED
from tests.fuzz.querygen import RequestGenerator
from tkgraph.api.schema import build_schema
from tkgraph.service.snapshot import Snapshot
from tkgraph.settings import Settings
from tkgraph.web.app import create_app

pytestmark = pytest.mark.slow

QUERIES = 10_000
KNOWN_CODES = {
    "BAD_USER_INPUT", "NOT_FOUND", "GRAPHQL_VALIDATION_FAILED", "QUERY_TOO_COMPLEX",
    "TIMEOUT", "BAD_REQUEST",
}  # fmt: skip
seen: Counter[str] = Counter()
GENERATOR = RequestGenerator(build_schema()._schema)


class SyncClient:
    """The real ASGI app over httpx's ASGI transport, driven from sync hypothesis tests."""

    def __init__(self, app: Any) -> None:
        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://fuzz"
        )

    def post(self, path: str, json: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.client.post(path, json=json))

    def post_raw(self, path: str, content: bytes) -> httpx.Response:
        headers = {"content-type": "application/json"}
        return self.loop.run_until_complete(
            self.client.post(path, content=content, headers=headers)
        )

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


@pytest.fixture(scope="module")
def client(real: Snapshot) -> Iterator[SyncClient]:
    app = create_app(Settings(ontology_dir=ONTOLOGY, seed_dir=SEED), real)
    sync = SyncClient(app)
    yield sync
    sync.close()


def check(client: SyncClient, query: str) -> None:
    check_body(client, json.dumps({"query": query}).encode())


def check_body(client: SyncClient, content: bytes) -> None:
    response = client.post_raw("/graphql", content)
    seen[f"status {response.status_code}"] += 1
    query = content[:300]
    assert response.status_code < 500, (query, response.text)
    body = response.json()
    assert set(body) <= {"data", "errors", "extensions"}, body
    for error in body.get("errors", []):
        assert isinstance(error["message"], str) and error["message"]
        code = error["extensions"]["code"]
        assert code in KNOWN_CODES, (query, error)
        assert code != "INTERNAL_SERVER_ERROR"
        seen[code] += 1
    seen["responses"] += 1


@settings(
    max_examples=QUERIES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(st.integers(min_value=0, max_value=2**32))
def test_generated_queries_never_fail_the_server(client: SyncClient, seed: int) -> None:
    check_body(client, GENERATOR.body(random.Random(seed)))


REAL_IDS = ["state:FR", "state:SA", "organization:interpol", "organization:eu", "instrument:tip-protocol",
            "instrument:eu-directive-2011-36", "provision:tip-protocol.art-15-2", "operation:liberterra-2"]  # fmt: skip


@settings(
    max_examples=500,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(
    st.sampled_from(REAL_IDS),
    st.sampled_from(REAL_IDS),
    st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))),
    st.integers(min_value=-5, max_value=3000),
)
def test_real_ids_with_random_arguments(
    client: SyncClient, a: str, b: str, day: date | None, n: int
) -> None:
    as_of = f'"{day.isoformat()}"' if day else "null"
    check(
        client,
        f'{{ binding(actor: "{a}", instrument: "{b}", asOf: {as_of}) {{ status reason premises {{ role }} }} }}',
    )
    check(
        client,
        f'{{ relationshipMap(focus: ["{a}", "{b}"], depth: {n % 6}, budget: {n}) {{ nodes {{ id }} edges {{ id }} }} }}',
    )
    check(client, f'{{ connections(source: "{a}", target: "{b}", maxHops: {n % 8}) {{ length }} }}')
    check(
        client,
        f'{{ actor(id: "{a}") {{ bindings(asOf: {as_of}) {{ status }} obligations(asOf: {as_of}) {{ bound }} }} }}',
    )
    check(client, f"{{ instruments(first: {n}) {{ totalCount }} }}")
