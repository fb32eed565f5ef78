"""The measure of a query before validation and before any resolver runs, in
one pass over the document that is linear in its size:
depth, aliases, how many fields the document expands to once fragments are
spread, how deeply fragments nest, and a computed cost.

The cost is the number of nodes a query may touch, counted through nested
lists, plus the work of the fields that compute: a connection counts `first`
(or the default page size) times what it selects; a plain list counts
LIST_ESTIMATE items; a relationship map its `budget`; a binding matrix one
assessment per cell (actors x instruments); a path search its hops and
paths; every argument the characters of its strings and the items of its
lists (a text filter is compared with every label it may match). A field
that computes declares its work on itself (`strawberry.field(metadata=
FieldCost(...).metadata())`), from its arguments as sent or the schema's
defaults.

Arguments are bounded by their type, for every field of the schema: a String
or ID at most max_string characters, a list at most max_list items, a Date
from EARLIEST_DAY to the end of the year years_ahead years on. One over its
bound stops the walk (api/limits.py refuses it with BAD_USER_INPUT naming the
argument and the bound).

Why linear: a fragment spread ten times, each spreading the next fragment ten
times, expands to 10^n fields in n+1 short lines. Each fragment is measured once per
(type, page) it is spread in and the result reused, and the document is
refused before graphql-core's validation sees it, whose rule
OverlappingFieldsCanBeMerged compares fields pairwise after expansion.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
)
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from tkgraph.api.operations import chosen_operation
from tkgraph.settings import EARLIEST_DAY

# A list field without pagination (provisions, memberships ...) is assumed to
# hold this many items when computing the cost.
LIST_ESTIMATE = 10
# Work of the fields that compute, in the same unit as a node touched (each
# field declares its own from these, api/query.py). Measured on the bundled
# data: one binding assessment costs about as much as building ten nodes of a
# page; a path search grows with its hops; a map with its budget times its depth.
MATRIX_CELL_WORK = 10
PATH_HOP_WORK = 10_000
MAP_NODE_WORK = 5
# Work per character of a string argument and per item of a list argument.
ARGUMENT_CHARACTER_WORK = 1
ARGUMENT_ITEM_WORK = 10
# Numbers past this are "over every limit"; clamping keeps the arithmetic small
# when a document multiplies pages through many levels.
CAP = 10**15


@dataclass(frozen=True)
class QueryLimits:
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5_000
    max_cost: int = 500_000
    default_page_size: int = 20
    # Fields after spreading every fragment: bounds validation and execution's
    # field collection, which both work on the expanded document.
    max_fields: int = 5_000
    # Fragments (named or inline) inside fragments along one path.
    max_fragment_nesting: int = 30
    # Fields of one selection set with the same response name (inline fragments
    # included), and distinct fragments spread into one selection set: graphql-core's
    # OverlappingFieldsCanBeMerged compares these pairwise, so a document within
    # the token limit that repeats one field a thousand times is slow to validate.
    max_same_name_fields: int = 20
    max_spreads_per_selection: int = 50
    # Arguments, by type: characters of a String or ID, items of a list, and
    # how many years past today a Date may be.
    max_string: int = 500
    max_list: int = 500
    years_ahead: int = 5


@dataclass
class Measure:
    depth: int = 0
    aliases: int = 0
    cost: int = 0
    fields: int = 0
    nesting: int = 0
    same_name: int = 0
    spreads: int = 0
    # The first argument over its bound: the refusal's message and extensions.
    argument: tuple[str, dict[str, Any]] | None = None


@dataclass(frozen=True)
class _Part:
    """What one selection set adds, per unit of weight: cost, fields, aliases, and
    how deep it reaches below its own level."""

    cost: int = 0
    fields: int = 0
    aliases: int = 0
    depth: int = 0


def _add(a: _Part, b: _Part) -> _Part:
    return _Part(
        min(CAP, a.cost + b.cost),
        min(CAP, a.fields + b.fields),
        min(CAP, a.aliases + b.aliases),
        max(a.depth, b.depth),
    )


class _ArgumentError(Exception):
    """An argument over its bound: the query is refused."""

    def __init__(self, message: str, extensions: dict[str, Any]) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = extensions


class _OverLimitError(Exception):
    """Stops the walk at the first limit passed: the query is refused anyway."""

    def __init__(self, limit: str, value: int) -> None:
        super().__init__(limit)
        self.limit = limit
        self.value = value


class _Selection:
    """What one selection set holds so far, inline fragments included: how many
    fields per response name, and which fragments it spreads."""

    def __init__(self) -> None:
        self.names: dict[str, int] = {}
        self.spreads: set[str] = set()


class _Walker:
    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode],
                 variables: dict[str, Any], limits: QueryLimits) -> None:  # fmt: skip
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.limits = limits
        # (fragment name, type name, page) -> its part and the response names its
        # fields bring into the selection it is spread in: each fragment is walked
        # once per context, which keeps the walk linear in the document.
        self.memo: dict[tuple[str, str, int | None], tuple[_Part, dict[str, int]]] = {}
        self.active: list[str] = []
        self.nesting = 0

    def _value(self, field: FieldNode, name: str) -> Any:
        for arg in field.arguments or ():
            if arg.name.value != name:
                continue
            if isinstance(arg.value, VariableNode):
                return self.variables.get(arg.value.name.value)
            return arg.value
        return None

    def _int_argument(self, field: FieldNode, name: str) -> int | None:
        value = self._value(field, name)
        if isinstance(value, IntValueNode):
            return int(value.value)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def _list_length(self, field: FieldNode, name: str) -> int:
        value = self._value(field, name)
        if isinstance(value, ListValueNode):
            return len(value.values)
        if isinstance(value, list):
            return len(value)
        return 1  # a single value stands for a list of one

    def _page(self, field: FieldNode, inner: Any, declared: FieldCost | None,
              arguments: Arguments) -> int | None:  # fmt: skip
        """Items per page of a paginated field: `first` of a connection, or what the
        field declares (the `budget` of a map)."""
        if declared is not None and declared.page is not None:
            return declared.page(arguments)
        if getattr(inner, "name", "").endswith("Connection"):
            return max(1, self._int_argument(field, "first") or self.limits.default_page_size)
        return None

    def _multiplier(self, field: FieldNode, return_type: Any, page: int | None,
                    items: int | None) -> int:  # fmt: skip
        """How many times a field's selection runs: the page size for the items of a
        page (edges/nodes of a connection or map), the known item count of a
        computed list, the estimate for other lists."""
        named = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
        if not isinstance(named, GraphQLList):
            return 1
        if items is not None:
            return items
        return (
            page if page is not None and field.name.value in ("edges", "nodes") else LIST_ESTIMATE
        )

    def part(self, selection_set: SelectionSetNode | None, parent: Any, depth: int,
             page: int | None = None, selection: _Selection | None = None) -> _Part:  # fmt: skip
        """The part of a selection set whose fields sit at `depth`."""
        total = _Part()
        if selection_set is None:
            return total
        if depth > self.limits.max_depth + 1:
            # One level past the limit is walked (the answer still reports the
            # cost); deeper there is no need: the query is refused.
            raise _OverLimitError("depth", self.limits.max_depth + 1)
        seen = selection or _Selection()
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                self._count(seen, {(node.alias or node.name).value: 1})
                total = _add(total, self._field(node, parent, depth, page))
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                with self._nested():
                    # Its fields merge into this selection set: counted with it.
                    inner = self.part(node.selection_set, target or parent, depth, page, seen)
                total = _add(total, inner)
            elif isinstance(node, FragmentSpreadNode):
                part, names = self._spread(node.name.value, parent, depth, page)
                if node.name.value not in seen.spreads:
                    # graphql-core compares a fragment's fields with the others of
                    # the selection once, however often it is spread there.
                    seen.spreads.add(node.name.value)
                    if len(seen.spreads) > self.limits.max_spreads_per_selection:
                        raise _OverLimitError("spreadsPerSelection", len(seen.spreads))
                    self._count(seen, names)
                total = _add(total, part)
        return total

    def _count(self, seen: _Selection, names: dict[str, int]) -> None:
        for name, count in names.items():
            total = seen.names[name] = seen.names.get(name, 0) + count
            if total > self.limits.max_same_name_fields:
                raise _OverLimitError("sameNameFields", total)

    def _spread(self, name: str, parent: Any, depth: int, page: int | None
                ) -> tuple[_Part, dict[str, int]]:  # fmt: skip
        fragment = self.fragments.get(name)
        if fragment is None or name in self.active:
            return _Part(), {}  # unknown or cyclic: graphql validation reports it
        target = self.schema.get_type(fragment.type_condition.name.value) or parent
        key = (name, getattr(target, "name", ""), page)
        memo = self.memo.get(key)
        if memo is None:
            self.active.append(name)
            own = _Selection()
            with self._nested():
                # Walked as if at depth 1, then shifted: the same fragment spread
                # at several depths is walked once.
                relative = self.part(fragment.selection_set, target, 1, page, own)
            self.active.pop()
            memo = self.memo[key] = (relative, own.names)
        found, names = memo
        if depth - 1 + found.depth > self.limits.max_depth + 1:
            raise _OverLimitError("depth", self.limits.max_depth + 1)
        return _Part(found.cost, found.fields, found.aliases, found.depth + depth - 1), names

    def _argument_work(self, field: FieldNode, definitions: dict[str, GraphQLArgument],
                       parent: str) -> int:  # fmt: skip
        """The work a field's arguments add; _ArgumentError for one over its bound."""
        work = 0
        for arg in field.arguments or ():
            definition = definitions.get(arg.name.value)
            if definition is None:
                continue  # graphql validation reports it
            where = f"{parent}.{field.name.value}({arg.name.value})"
            kind = definition.type
            kind = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
            value = self._plain(arg.value)
            if isinstance(kind, GraphQLList):
                if isinstance(value, list):
                    self._bound(where, "items", len(value), self.limits.max_list)
                    work += len(value) * ARGUMENT_ITEM_WORK
                    values = value
                else:
                    values = [value]  # a single value stands for a list of one
                kind = (
                    kind.of_type.of_type
                    if isinstance(kind.of_type, GraphQLNonNull)
                    else kind.of_type
                )
            else:
                values = [value]
            for item in values:
                work += self._check_scalar(where, getattr(kind, "name", ""), self._plain(item))
        return work

    def _plain(self, value: Any) -> Any:
        """A literal or a variable's value, as Python (lists as lists of nodes or values)."""
        if isinstance(value, VariableNode):
            return self.variables.get(value.name.value)
        if isinstance(value, ListValueNode):
            return list(value.values)
        if isinstance(value, StringValueNode):
            return value.value
        return value if not isinstance(value, ValueNode) else None

    def _check_scalar(self, where: str, type_name: str, value: Any) -> int:
        if not isinstance(value, str):
            return 0
        if type_name in ("String", "ID"):
            self._bound(where, "characters", len(value), self.limits.max_string)
            return len(value) * ARGUMENT_CHARACTER_WORK
        if type_name == "Date":
            try:
                day = date.fromisoformat(value)
            except ValueError:
                return 0  # not a date: the scalar's own check says so
            today = date.today()
            latest = date(today.year + self.limits.years_ahead, 12, 31)
            if not EARLIEST_DAY <= day <= latest:
                raise _ArgumentError(
                    f"Argument {where} is {value}, outside the dates this server answers for "
                    f"({EARLIEST_DAY.isoformat()} to {latest.isoformat()}). Name a date in "
                    "that range.",
                    {"code": "BAD_USER_INPUT", "limit": "argumentDate", "argument": where,
                     "min": EARLIEST_DAY.isoformat(), "max": latest.isoformat()},
                )  # fmt: skip
        return 0

    @staticmethod
    def _bound(where: str, unit: str, value: int, limit: int) -> None:
        if value > limit:
            raise _ArgumentError(
                f"Argument {where} has {value:,} {unit}, over the limit of {limit:,} {unit}. "
                "Send less (a shorter text, fewer ids or kinds).",
                {"code": "BAD_USER_INPUT", "limit": "argumentSize", "argument": where,
                 "value": value, "max": limit},
            )  # fmt: skip

    def _nested(self) -> _Nesting:
        return _Nesting(self)

    def _field(self, field: FieldNode, parent: Any, depth: int, page: int | None) -> _Part:
        own = _Part(1, 1, 1 if field.alias is not None else 0, depth)
        field_def = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            field_def = parent.fields.get(field.name.value)
        if field_def is None:
            return own  # unknown field or union: graphql validation reports it
        declared = declared_cost(field_def)
        arguments = Arguments(self, field, field_def.args)
        work, items = 0, None
        if declared is not None:
            work = declared.work(arguments)
            items = declared.items(arguments) if declared.items is not None else None
        work += self._argument_work(field, field_def.args, parent.name)
        own = _Part(min(CAP, 1 + work), 1, own.aliases, depth)
        inner = field_def.type
        while isinstance(inner, GraphQLNonNull | GraphQLList):
            inner = inner.of_type
        if not isinstance(inner, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
            return own
        multiplier = self._multiplier(field, field_def.type, page, items)
        child_page = self._page(field, inner, declared, arguments)
        child = self.part(field.selection_set, inner, depth + 1, child_page)
        return _add(own, _Part(min(CAP, multiplier * child.cost), child.fields, child.aliases,
                               child.depth))  # fmt: skip


class _Nesting:
    """Counts fragments inside fragments; past the limit the walk stops."""

    def __init__(self, walker: _Walker) -> None:
        self.walker = walker

    def __enter__(self) -> None:
        self.walker.nesting += 1
        if self.walker.nesting > self.walker.limits.max_fragment_nesting:
            raise _OverLimitError("fragmentNesting", self.walker.nesting)

    def __exit__(self, *_: object) -> None:
        self.walker.nesting -= 1


class Arguments:
    """A field's arguments as the walk reads them, for its declared cost."""

    def __init__(self, walker: _Walker, field: FieldNode,
                 definitions: dict[str, GraphQLArgument]) -> None:  # fmt: skip
        self.walker = walker
        self.field = field
        self.definitions = definitions

    def number(self, name: str) -> int:
        """An Int argument as sent; the schema's default when left out, null or 0."""
        value = self.walker._int_argument(self.field, name)
        if value:
            return value
        definition = self.definitions.get(name)
        default = definition.default_value if definition is not None else None
        return default if isinstance(default, int) else 0

    def count(self, name: str) -> int:
        """Items of a list argument (a single value stands for a list of one)."""
        return self.walker._list_length(self.field, name)


@dataclass(frozen=True)
class FieldCost:
    """The work of a field that computes, declared on the field itself with
    `strawberry.field(metadata=FieldCost(...).metadata())`; each part is a
    function of its arguments. `items`: how many items its list result holds,
    when its arguments tell (else LIST_ESTIMATE); `page`: items per page of
    what it returns (as `first` is for a connection)."""

    work: Callable[[Arguments], int]
    items: Callable[[Arguments], int] | None = None
    page: Callable[[Arguments], int] | None = None

    def metadata(self) -> dict[str, object]:
        return {_COST_KEY: self}


_COST_KEY = "tkgraph.cost"


def declared_cost(field: GraphQLField) -> FieldCost | None:
    """The cost a field declares, if any."""
    definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField):
        return None
    found = definition.metadata.get(_COST_KEY)
    return found if isinstance(found, FieldCost) else None


def measure(schema: GraphQLSchema, document: Any, operation_name: str | None,
            variables: dict[str, Any], limits: QueryLimits) -> Measure:  # fmt: skip
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operation = chosen_operation(document, operation_name)
    found = Measure()
    if isinstance(operation, GraphQLError):
        return found
    walker = _Walker(schema, fragments, variables, limits)
    root = schema.get_root_type(operation.operation)
    try:
        part = walker.part(operation.selection_set, root, 1)
    except _OverLimitError as exc:
        # Stopped at the first limit passed; that one is reported.
        attribute = {"depth": "depth", "fragmentNesting": "nesting",
                     "sameNameFields": "same_name", "spreadsPerSelection": "spreads"}[exc.limit]  # fmt: skip
        setattr(found, attribute, exc.value)
        return found
    except _ArgumentError as exc:
        found.argument = (exc.message, exc.extensions)
        return found
    found.depth, found.aliases, found.cost, found.fields = (
        part.depth,
        part.aliases,
        part.cost,
        part.fields,
    )
    return found
