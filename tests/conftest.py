"""Shared fixtures: the tiny hand-made graph and the real bundled data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from strawberry.types import ExecutionResult

from tkgraph.api.context import Context
from tkgraph.api.schema import build_schema
from tkgraph.service.snapshot import Snapshot, build_snapshot
from tkgraph.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
SEED = ROOT / "seed"
TINY_SEED = ROOT / "tests" / "fixtures" / "tiny" / "seed"


@pytest.fixture(scope="session")
def tiny() -> Snapshot:
    return build_snapshot(ONTOLOGY, TINY_SEED)


@pytest.fixture(scope="session")
def real() -> Snapshot:
    return build_snapshot(ONTOLOGY, SEED)


@pytest.fixture
async def real_client(real: Snapshot) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the app serving the real bundled data, in-process."""
    from tkgraph.web.app import create_app

    app = create_app(Settings(ontology_dir=ONTOLOGY, seed_dir=SEED), real)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield client


@pytest.fixture(scope="session")
def tiny_settings() -> Settings:
    return Settings(ontology_dir=ONTOLOGY, seed_dir=TINY_SEED)


class Runner:
    """Executes GraphQL documents in-process against one snapshot.

    Each document gets a fresh Context, as each HTTP request does: the query
    time budget counts from the Context's creation, so a Context shared by a
    whole session ran out of time on a slow machine, and its warnings would
    leak from one document into the next.
    """

    def __init__(self, snapshot: Snapshot, settings: Settings, today: date) -> None:
        self.schema = build_schema()
        self.snapshot = snapshot
        self.settings = settings
        self.today = today

    def new_context(self) -> Context:
        return Context(self.snapshot, self.settings, self.today)

    def execute(self, document: str, **variables: Any) -> ExecutionResult:
        return self.schema.execute_sync(
            document, variable_values=variables, context_value=self.new_context()
        )

    def __call__(self, document: str, **variables: Any) -> dict[str, Any]:
        result = self.execute(document, **variables)
        assert result.errors is None, [e.formatted for e in result.errors]
        assert isinstance(result.data, dict)
        return result.data

    def errors(self, document: str, **variables: Any) -> list[dict[str, Any]]:
        result = self.execute(document, **variables)
        assert result.errors, "expected errors"
        return [e.formatted for e in result.errors]


@pytest.fixture(scope="session")
def gql_tiny(tiny: Snapshot, tiny_settings: Settings) -> Runner:
    return Runner(tiny, tiny_settings, date(2024, 1, 1))


@pytest.fixture(scope="session")
def gql_real(real: Snapshot) -> Runner:
    return Runner(real, Settings(ontology_dir=ONTOLOGY, seed_dir=SEED), date(2024, 1, 1))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print what the fuzzers and the load test did, so that CI logs show the counts."""
    import sys

    lines = []
    graphql_fuzz = sys.modules.get("tests.fuzz.test_graphql_fuzz")
    if graphql_fuzz is not None and graphql_fuzz.seen:
        lines.append(f"GraphQL fuzz: {dict(graphql_fuzz.seen)}")
    seed_fuzz = sys.modules.get("tests.fuzz.test_seed_fuzz")
    if seed_fuzz is not None and seed_fuzz.outcomes:
        lines.append(f"seed fuzz: {dict(seed_fuzz.outcomes)}")
    load = sys.modules.get("tests.e2e.test_load")
    if load is not None:
        lines += [f"load test ({name}): {summary}" for name, summary in load.SUMMARIES.items()]
    for module in ("tests.e2e.test_heavy_clients", "tests.e2e.test_crash_and_slow_clients"):
        found = sys.modules.get(module)
        if found is not None:
            lines += [f"{name}: {summary}" for name, summary in found.SUMMARIES.items()]
    if lines:
        terminalreporter.section("fuzzing and load figures")
        for line in lines:
            terminalreporter.write_line(line)
