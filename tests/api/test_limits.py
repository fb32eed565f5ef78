"""Each limit rejects a query just over it and accepts one just under it (issue 8)."""

from datetime import date
from typing import Any

import pytest

from tkgraph.api.context import Context
from tkgraph.api.limits import LIST_ESTIMATE, QueryLimits
from tkgraph.api.schema import build_schema
from tkgraph.settings import Settings
from tkgraph.snapshot import Snapshot

LIMITS = QueryLimits(max_depth=4, max_aliases=2, max_tokens=60, max_cost=100, default_page_size=10)


@pytest.fixture(scope="module")
def run(tiny: Snapshot, tiny_settings: Settings) -> Any:
    schema = build_schema(LIMITS)
    context = Context(tiny, tiny_settings, date(2024, 1, 1))

    def execute(document: str, **variables: Any) -> Any:
        return schema.execute_sync(document, variable_values=variables, context_value=context)

    return execute


def limit_error(result: Any) -> dict[str, Any]:
    assert result.data is None
    [error] = result.errors
    assert error.extensions["code"] == "QUERY_TOO_COMPLEX"
    return {"message": error.message, **error.extensions}


def test_depth(run: Any) -> None:
    head = '{ binding(actor: "state:AA", instrument: "instrument:example-protocol") '
    under = head + "{ participation { instrument { label } } } }"  # depth 4
    assert run(under).errors is None
    over = head + "{ participation { instrument { depositary { label } } } } }"  # depth 5
    error = limit_error(run(over))
    assert (error["limit"], error["value"], error["max"]) == ("depth", 5, 4)
    assert "over the limit of 4 by 1" in error["message"]


def test_aliases(run: Any) -> None:
    assert run('{ a: actor(id: "state:AA") { id } b: actor(id: "state:BB") { id } }').errors is None
    over = '{ a: actor(id: "state:AA") { id } b: actor(id: "state:BB") { id } c: actor(id: "state:CC") { id } }'
    assert limit_error(run(over))["limit"] == "aliases"


def test_tokens(run: Any) -> None:
    fields = " ".join(["id"] * 20)
    assert run(f'{{ actor(id: "state:AA") {{ {fields} }} }}').errors is None
    error = limit_error(run(f'{{ actor(id: "state:AA") {{ {fields} {" ".join(["id"] * 40)} }} }}'))
    assert error["limit"] == "tokens"


def test_cost_counts_pages_through_nested_connections(run: Any) -> None:
    # actors, totalCount and nodes once each; id and label once per item of the page.
    result = run("{ actors(first: 48) { totalCount nodes { id label } } }")
    assert result.errors is None
    cost = result.extensions["cost"]
    assert cost["requested"] == 3 + 48 * 2 == 99
    assert cost["limit"] == 100
    error = limit_error(run("{ actors(first: 49) { totalCount nodes { id label } } }"))
    assert (error["limit"], error["value"]) == ("cost", 3 + 49 * 2)
    # Nested connections multiply.
    nested = "{ actors(first: 2) { nodes { participations(first: 3) { nodes { id } } } } }"
    assert run(nested).extensions["cost"]["requested"] == 2 + 2 * (1 + 1 + 3)


def test_cost_uses_variables_and_defaults(run: Any) -> None:
    query = "query($n: Int) { actors(first: $n) { nodes { id label } } }"
    assert run(query, n=5).extensions["cost"]["requested"] == 2 + 5 * 2
    # Without first: the default page size (10 here).
    assert run("{ actors { nodes { id label } } }").extensions["cost"]["requested"] == 2 + 10 * 2


def test_plain_lists_count_their_estimate(run: Any) -> None:
    result = run('{ actor(id: "state:AA") { memberships { id } } }')
    assert result.extensions["cost"]["requested"] == 1 + 1 + LIST_ESTIMATE


def test_over_limit_runs_no_resolver(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    import tkgraph.api.query as query_module

    original = query_module._model

    def spy(info: Any) -> Any:
        calls.append("called")
        return original(info)

    monkeypatch.setattr(query_module, "_model", spy)
    limit_error(run("{ actors(first: 60) { nodes { id label } } }"))
    assert calls == []
    assert run("{ actors(first: 2) { nodes { id } } }").errors is None
    assert calls == ["called"]


def test_timeout_drops_data(tiny: Snapshot, tiny_settings: Settings) -> None:
    from dataclasses import replace

    schema = build_schema()
    context = Context(tiny, replace(tiny_settings, query_timeout=0.0), date(2024, 1, 1))
    result = schema.execute_sync("{ actors(first: 5) { nodes { id } } }", context_value=context)
    assert result.data is None
    assert result.errors[0].extensions["code"] == "TIMEOUT"
    assert "time budget of 0 s" in result.errors[0].message
