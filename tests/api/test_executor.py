"""The executor's shortcuts (api/direct_fields.py, api/executor.py) give
strawberry's own answers: the same data, and the same errors with the same
paths and null propagation, on a schema whose values misbehave on purpose
(a null in a non-null field, a resolver that raises, a value of another
class, an interface)."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry

from tkgraph.api import executor
from tkgraph.api.direct_fields import (
    call_resolvers_directly,
    read_plain_fields_directly,
    resolve_types_directly,
)
from tkgraph.api.executor import PlainFieldsExecutor


@strawberry.interface
class Thing:
    id: strawberry.ID


@strawberry.type
class Part(Thing):
    size: int


@strawberry.type
class Item(Thing):
    name: str
    note: str | None
    tags: list[str]
    fails: strawberry.Private[bool]
    makes: strawberry.Private[Any]

    @strawberry.field
    def doubled(self) -> int:
        if self.fails:
            raise ValueError(f"{self.id} cannot double")
        return 2 * len(self.tags)

    @strawberry.field
    def part(self) -> Thing | None:
        made: Thing | None = self.makes
        return made

    @strawberry.field
    def parts(self, info: strawberry.Info) -> list[Thing]:
        return [self.makes] if self.makes is not None else []


class Impostor:
    """Has an Item's attributes but is not an Item."""

    id = "impostor"
    name = "impostor"
    note = None
    tags = ("x",)
    fails = False
    makes = None

    def doubled(self) -> int:
        return 0


def _items(broken: bool) -> list[Any]:
    part = Part(id=strawberry.ID("p1"), size=3)
    found: list[Any] = [
        Item(id=strawberry.ID("a"), name="A", note=None, tags=["t", "u"], fails=False, makes=part),
        Item(id=strawberry.ID("b"), name="B", note="n", tags=[], fails=broken, makes=None),
    ]
    if broken:
        found.append(
            Item(id=strawberry.ID("c"), name=None, note="n", tags=["v"], fails=False, makes=part)  # type: ignore[arg-type]
        )
        found.append(Impostor())
    return found


@strawberry.type
class Query:
    @strawberry.field
    def items(self, broken: bool = False) -> list[Item | None]:
        return _items(broken)

    @strawberry.field
    def required(self, broken: bool = False) -> list[Item]:
        return _items(broken)


def _schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    plain = strawberry.Schema(query=Query, types=[Part])
    fast = strawberry.Schema(query=Query, types=[Part], execution_context_class=PlainFieldsExecutor)
    core = fast._schema
    read_plain_fields_directly(core)
    call_resolvers_directly(core, fast.config.info_class)
    resolve_types_directly(core)
    return plain, fast


ITEM = "id name note tags doubled __typename part { id __typename ... on Part { size } }"
DOCUMENTS = [
    "{ items { " + ITEM + " } }",
    "{ items(broken: true) { " + ITEM + " } }",
    "{ required { " + ITEM + " } }",
    "{ required(broken: true) { " + ITEM + " } }",
    "{ items(broken: true) { id tags parts { id } } }",
    "{ items(broken: true) { id note doubled } }",
    "{ a: items { ...F } b: required { ...F } } fragment F on Item { id n: name }",
    "{ items { id name @include(if: false) note @skip(if: true) } }",
]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_shortcuts_answer_as_strawberry_does(document: str) -> None:
    plain, fast = _schemas()
    expected, found = plain.execute_sync(document), fast.execute_sync(document)
    assert found.data == expected.data
    shown = [(e.message, e.path, e.locations) for e in found.errors or []]
    assert shown == [(e.message, e.path, e.locations) for e in expected.errors or []]


def test_the_broken_documents_do_report_errors() -> None:
    # So the comparison above covers errors, not only answers.
    plain, _ = _schemas()
    result = plain.execute_sync(DOCUMENTS[1])
    messages = {e.message for e in result.errors or []}
    assert "b cannot double" in messages
    assert any("non-nullable field Item.name" in m for m in messages)
    assert any("Expected value of type 'Item'" in m for m in messages)


def test_the_comparison_runs_the_compiled_selections(monkeypatch: pytest.MonkeyPatch) -> None:
    # So the comparison above is between the shortcuts and strawberry, not
    # between strawberry and itself.
    compiled: list[str] = []
    original = executor._Selections._compile

    def recording(self: Any, object_type: Any, field_details: Any) -> Any:
        found = original(self, object_type, field_details)
        if found is not None:
            compiled.append(object_type.name)
        return found

    monkeypatch.setattr(executor._Selections, "_compile", recording)
    _, fast = _schemas()
    assert not fast.execute_sync(DOCUMENTS[0]).errors
    assert {"Item", "Part"} <= set(compiled)
