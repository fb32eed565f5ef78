"""Each limit rejects a query just over it and accepts one just under it (issue 8)."""

from datetime import date
from typing import Any

import pytest

import tkgraph.api.documents as documents_module
from tkgraph.api.context import Context
from tkgraph.api.cost import (
    ARGUMENT_CHARACTER_WORK,
    ARGUMENT_ITEM_WORK,
    LIST_ESTIMATE,
    MAP_NODE_WORK,
    MATRIX_CELL_WORK,
    PATH_HOP_WORK,
    QueryLimits,
)
from tkgraph.api.schema import build_schema
from tkgraph.service.snapshot import Snapshot
from tkgraph.settings import Settings

LIMITS = QueryLimits(max_depth=4, max_aliases=2, max_tokens=60, max_cost=100, default_page_size=10)


@pytest.fixture(scope="module")
def run(tiny: Snapshot, tiny_settings: Settings) -> Any:
    schema = build_schema(LIMITS)

    def execute(document: str, **variables: Any) -> Any:
        # A fresh Context per document, as per request: its time budget starts now.
        context = Context(tiny, tiny_settings, date(2024, 1, 1))
        return schema.execute_sync(document, variable_values=variables, context_value=context)

    execute.new_context = lambda: Context(tiny, tiny_settings, date(2024, 1, 1))  # type: ignore[attr-defined]
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
    assert result.extensions["cost"]["requested"] == 1 + 1 + LIST_ESTIMATE + _work(["state:AA"])


def test_over_limit_runs_no_resolver(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    import tkgraph.api.query as query_module

    original = query_module.get_context

    def spy(info: Any) -> Any:
        calls.append("called")
        return original(info)

    monkeypatch.setattr(query_module, "get_context", spy)
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


# Issue 13: a fragment spread ten times, each spreading the next ten times, n deep.
def fragment_bomb(n: int, leaf: str = "dataVersion { tripleCount }") -> str:
    lines = ["query Q { ...F0 }"]
    lines += [
        f"fragment F{i} on Query {{ " + " ".join([f"...F{i + 1}"] * 10) + " }" for i in range(n)
    ]
    return "\n".join([*lines, f"fragment F{n} on Query {{ {leaf} }}"])


def test_fragment_explosion_is_refused_in_time_linear_in_the_document(
    tiny: Snapshot, tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """n=7 (665 bytes) took 3.4 s before, n=10 never returned: the walk expanded
    every spread (10^n fields). Counted, not timed: the walk visits each fragment
    once, so its selection sets walked grow with n, not with 10^n."""
    from tkgraph.api import cost

    walked = [0]
    original = cost._Walker.part

    def counting_part(self: Any, *args: Any, **kwargs: Any) -> Any:
        walked[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cost._Walker, "part", counting_part)
    schema = build_schema()
    context = Context(tiny, tiny_settings, date(2024, 1, 1))
    for n in (7, 10, 20):
        walked[0] = 0
        result = schema.execute_sync(fragment_bomb(n), context_value=context)
        [error] = result.errors
        assert (error.extensions["code"], error.extensions["limit"]) == (
            "QUERY_TOO_COMPLEX",
            "fields",
        )
        # The operation, each of the n + 1 fragments once, and the leaf's selection.
        assert walked[0] <= 2 * (n + 3), (n, walked[0])
    # Within the limits, fragments still work and are counted in full.
    result = schema.execute_sync(fragment_bomb(2), context_value=context)
    assert result.errors is None and result.extensions["cost"]["requested"] == 200


@pytest.mark.parametrize(
    ("document", "limit"),
    [
        # graphql-core's OverlappingFieldsCanBeMerged compares these pairwise: 1,200
        # copies of one field (within the token limit) took 0.86 s to validate.
        ("{ " + " ".join(["dataVersion { tripleCount }"] * 1200) + " }", "sameNameFields"),
        (
            '{ actor(id: "state:AA") { ' + " ".join(["... on Actor { label }"] * 500) + " } }",
            "sameNameFields",
        ),
        (
            "{ "
            + " ".join(f"...G{i}" for i in range(50))
            + " }\n"
            + "\n".join(
                f"fragment G{i} on Query {{ dataVersion {{ tripleCount }} }}" for i in range(50)
            ),
            "sameNameFields",
        ),
        (
            "{ "
            + " ".join(f"...G{i}" for i in range(51))
            + " }\n"
            + "\n".join(
                f"fragment G{i} on Query {{ g{i}: dataVersion {{ tripleCount }} }}"
                for i in range(51)
            ),
            "spreadsPerSelection",
        ),
        (fragment_bomb(40, "__typename").replace("] * 10", "] * 1"), "fragmentNesting"),
    ],
)
def test_documents_slow_to_validate_are_refused_before_validation(
    tiny: Snapshot,
    tiny_settings: Settings,
    document: str,
    limit: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Checked by what runs, not by a clock (a timed assertion failed on a busy CI
    # machine): graphql-core's validate must never see these documents.
    validated: list[object] = []
    real_validate = documents_module.validate

    def recording_validate(*args: Any, **kwargs: Any) -> Any:
        validated.append(args[1])
        return real_validate(*args, **kwargs)

    monkeypatch.setattr(documents_module, "validate", recording_validate)
    schema = build_schema()
    context = Context(tiny, tiny_settings, date(2024, 1, 1))
    result = schema.execute_sync(document, context_value=context)
    [error] = result.errors
    assert (error.extensions["code"], error.extensions["limit"]) == ("QUERY_TOO_COMPLEX", limit)
    assert validated == []
    # The recorder is in the path: a new document within the limits is validated.
    fresh = "{ dataVersion { tripleCount } } # " + limit + str(len(document))
    assert schema.execute_sync(fresh, context_value=context).errors is None
    assert len(validated) == 1


def test_cost_counts_the_work_of_computed_fields(run: Any) -> None:
    """bindingMatrix was costed as one list of 10 (issue 13: 20 aliases of 10,000
    cells passed every limit and stalled the server)."""
    big = QueryLimits(max_aliases=100, max_cost=10**9)
    schema = build_schema(big)
    query = (
        "query($a: [ID!]!, $i: [ID!]!) { bindingMatrix(actors: $a, instruments: $i) { status } }"
    )
    variables = {"a": ["state:AA"] * 10, "i": ["instrument:example-protocol"] * 20}
    result = schema.execute_sync(query, variable_values=variables, context_value=run.new_context())
    cells = 10 * 20
    work = _work(variables["a"], listed=True) + _work(variables["i"], listed=True)
    assert result.extensions["cost"]["requested"] == 1 + cells * MATRIX_CELL_WORK + cells + work
    literal = '{ bindingMatrix(actors: ["state:AA", "state:BB"], instruments: ["instrument:example-protocol"]) { status } }'
    result = schema.execute_sync(literal, context_value=run.new_context())
    work = _work(["state:AA", "state:BB"], listed=True)
    work += _work(["instrument:example-protocol"], listed=True)
    assert result.extensions["cost"]["requested"] == 1 + 2 * MATRIX_CELL_WORK + 2 + work
    paths = (
        '{ connections(source: "state:AA", target: "state:BB", maxHops: 6, limit: 50) { length } }'
    )
    result = schema.execute_sync(paths, context_value=run.new_context())
    work = _work(["state:AA", "state:BB"])
    assert result.extensions["cost"]["requested"] == 1 + 6 * PATH_HOP_WORK + 50 + work
    rmap = '{ relationshipMap(focus: ["state:AA"], depth: 4, budget: 2000) { truncated } }'
    result = schema.execute_sync(rmap, context_value=run.new_context())
    work = _work(["state:AA"], listed=True)
    assert result.extensions["cost"]["requested"] == 1 + 2000 * 5 * MAP_NODE_WORK + 1 + work


def _work(strings: list[str], listed: bool = False) -> int:
    """What string arguments add to the cost: their characters, and their items
    when they are given as one list."""
    items = len(strings) * ARGUMENT_ITEM_WORK if listed else 0
    return items + sum(len(s) for s in strings) * ARGUMENT_CHARACTER_WORK
