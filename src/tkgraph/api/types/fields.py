"""How a GraphQL type is filled: data fields copied from a record, and fields
looked up or computed from the object's private payload when selected.

Field order is the SDL's (schema.graphql): strawberry lists data fields
before resolver methods, so a looked-up field that comes before data fields
is declared as data with a resolver (`related(...)`, `computed(...)`). Both
name the payload's type, so mypy checks the lookup against the payload and
its result against the field's declared type."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import strawberry
from strawberry.types import get_object_definition

from tkgraph.api.context import Info, api_id, get_context
from tkgraph.model import records as r
from tkgraph.model.partial_date import PartialDate
from tkgraph.model.readmodel import ReadModel

if TYPE_CHECKING:
    from tkgraph.api.types.nodes import Node

P = TypeVar("P")
T = TypeVar("T")
N = TypeVar("N", bound="Node")


class _HasRecord(Protocol):
    record: Any


def related(
    payload: type[P], lookup: Callable[[ReadModel, P], T], description: str | None = None
) -> T:
    """A field resolved when selected: `lookup(model, payload)`, where the payload
    is the object's private `record` (e.g. the actor a record names by IRI)."""

    # Typed Any for strawberry, which takes the field's type from its annotation.
    def resolve(root: _HasRecord, info: Info) -> Any:
        return lookup(get_context(info).model, root.record)

    field: T = strawberry.field(resolver=resolve, description=description)
    return field


def computed(payload: type[P], value: Callable[[P], T], description: str | None = None) -> T:
    """A field computed from the object's private `record` when selected (an
    explanation built on demand)."""

    def resolve(root: _HasRecord) -> Any:
        return value(root.record)

    field: T = strawberry.field(resolver=resolve, description=description)
    return field


def from_record(node_type: type[N], rec: r.NodeRecord, **given: object) -> N:
    """The node of a record: every data field of `node_type` holds the record's
    attribute of the same name (tuples as lists), except those `given` (renamed
    or derived); the id is the record's IRI as an API id.

    The copied fields and the id are read from the record when first asked
    (`_CopiedFromRecord`), not here: a list of 200 nodes of which a query
    reads the id alone builds 200 ids, not 200 copies of every field. The
    record is frozen, so the value is the same either way."""
    node = object.__new__(node_type)
    values = node.__dict__
    values["record"] = rec
    for name in _copied_now(node_type):
        if name not in given:
            values[name] = copied_value(rec, name)
    values.update(given)
    return node


def copied_value(rec: r.NodeRecord, name: str) -> Any:
    """The value of a node's data field `name`, or its id, copied from its record."""
    if name == "id":
        return api_id(rec.iri)
    value = getattr(rec, name)
    return list(value) if isinstance(value, tuple) else value


class _CopiedFromRecord:
    """A data field of a node type (or its id), on the class: a node that does
    not hold the field itself (from_record left it) reads it from its record
    when first asked and keeps it. A value the node holds comes first, as for
    any attribute without __set__."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, node: Any, owner: type | None = None) -> Any:
        if node is None:
            return self
        value = node.__dict__[self.name] = copied_value(node.record, self.name)
        return value


# A dict, not functools.cache: mypy does not take a class as Hashable there.
_COPIED: dict[type[Node], tuple[str, ...]] = {}
_COPIED_NOW: dict[type[Node], tuple[str, ...]] = {}


def _copied_fields(node_type: type[Node]) -> tuple[str, ...]:
    """The data fields of a node type (no resolver), the id and the record aside."""
    found = _COPIED.get(node_type)
    if found is None:
        definition = get_object_definition(node_type, strict=True)
        found = _COPIED[node_type] = tuple(
            f.python_name
            for f in definition.fields
            if f.base_resolver is None and f.python_name not in ("id", "record")
        )
    return found


def _copied_now(node_type: type[Node]) -> tuple[str, ...]:
    """The fields from_record copies at once: those the class already holds
    (a default; none of today's node types has one). The first time, the
    others (and the id) become _CopiedFromRecord on the class."""
    found = _COPIED_NOW.get(node_type)
    if found is None:
        found = tuple(name for name in _copied_fields(node_type) if name in dir(node_type))
        for name in ("id", *_copied_fields(node_type)):
            if name not in found and name not in dir(node_type):
                setattr(node_type, name, _CopiedFromRecord(name))
        _COPIED_NOW[node_type] = found
    return found


def as_given(found: PartialDate | None) -> str | None:
    """A date as its source gives it: YYYY-MM-DD, YYYY-MM or YYYY."""
    return found.isoformat() if found else None
