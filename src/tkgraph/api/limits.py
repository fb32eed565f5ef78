"""Limits checked before any resolver runs: depth, aliases and a computed cost.

The cost is the number of nodes a query may touch, counted through nested
lists: a connection counts `first` (or the default page size) times what it
selects; a plain list counts LIST_ESTIMATE items, a relationship map its
`budget`. Every accepted query reports its cost in `extensions.cost`; one
over a limit gets an error with `extensions.code` QUERY_TOO_COMPLEX that says
which limit and by how much. (The token limit is enforced while parsing by
strawberry's MaxTokensLimiter; ErrorShape gives that error the same code.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension

# A list field without pagination (provisions, memberships ...) is assumed to
# hold this many items when computing the cost.
LIST_ESTIMATE = 10


@dataclass(frozen=True)
class QueryLimits:
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5_000
    max_cost: int = 500_000
    default_page_size: int = 20


@dataclass
class Measure:
    depth: int = 0
    aliases: int = 0
    cost: int = 0


class _Walker:
    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode],
                 variables: dict[str, Any], limits: QueryLimits) -> None:  # fmt: skip
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.limits = limits
        self.measure = Measure()

    def _int_argument(self, field: FieldNode, name: str) -> int | None:
        for arg in field.arguments or ():
            if arg.name.value != name:
                continue
            if isinstance(arg.value, IntValueNode):
                return int(arg.value.value)
            if isinstance(arg.value, VariableNode):
                value = self.variables.get(arg.value.name.value)
                return value if isinstance(value, int) else None
        return None

    def _page(self, field: FieldNode, inner: Any) -> int | None:
        """Items per page of a paginated field: `first` of a connection, `budget` of a map."""
        if field.name.value == "relationshipMap":
            return max(1, self._int_argument(field, "budget") or 100)
        if getattr(inner, "name", "").endswith("Connection"):
            return max(1, self._int_argument(field, "first") or self.limits.default_page_size)
        return None

    @staticmethod
    def _multiplier(field: FieldNode, return_type: Any, page: int | None) -> int:
        """How many times a field's selection runs: the page size for the items of a
        page (edges/nodes of a connection or map), the estimate for other lists."""
        named = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
        if not isinstance(named, GraphQLList):
            return 1
        return (
            page if page is not None and field.name.value in ("edges", "nodes") else LIST_ESTIMATE
        )

    def walk(self, selection_set: SelectionSetNode | None, parent: Any, depth: int, weight: int,
             page: int | None = None, seen: frozenset[str] = frozenset()) -> None:  # fmt: skip
        if selection_set is None:
            return
        self.measure.depth = max(self.measure.depth, depth)
        if depth > self.limits.max_depth + 1:
            return  # already over; no need to walk deeper (and fragments could loop)
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                self._field(selection, parent, depth, weight, page, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                self.walk(selection.selection_set, target or parent, depth, weight, page, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:
                    target = self.schema.get_type(fragment.type_condition.name.value)
                    self.walk(
                        fragment.selection_set, target or parent, depth, weight, page, seen | {name}
                    )

    def _field(self, field: FieldNode, parent: Any, depth: int, weight: int, page: int | None,
               seen: frozenset[str]) -> None:  # fmt: skip
        if field.alias is not None:
            self.measure.aliases += 1
        self.measure.cost += weight
        field_def = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            field_def = parent.fields.get(field.name.value)
        if field_def is None:
            return  # unknown field or union: graphql validation reports it
        inner = field_def.type
        while isinstance(inner, GraphQLNonNull | GraphQLList):
            inner = inner.of_type
        if not isinstance(inner, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
            return
        multiplier = self._multiplier(field, field_def.type, page)
        child_page = self._page(field, inner)
        self.walk(field.selection_set, inner, depth + 1, weight * multiplier, child_page, seen)


def measure(schema: GraphQLSchema, document: Any, operation_name: str | None,
            variables: dict[str, Any], limits: QueryLimits) -> Measure:  # fmt: skip
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [
        o
        for o in operations
        if operation_name is None or (o.name and o.name.value == operation_name)
    ]
    walker = _Walker(schema, fragments, variables, limits)
    for operation in chosen[:1]:
        root = schema.get_root_type(operation.operation)
        walker.walk(operation.selection_set, root, 1, 1)
    return walker.measure


def violations(found: Measure, limits: QueryLimits) -> Iterator[GraphQLError]:
    for name, value, limit in (
        ("depth", found.depth, limits.max_depth),
        ("aliases", found.aliases, limits.max_aliases),
        ("cost", found.cost, limits.max_cost),
    ):
        if value > limit:
            yield GraphQLError(
                f"Query {name} is {value}, over the limit of {limit} by {value - limit}. "
                + _HINTS[name],
                extensions={
                    "code": "QUERY_TOO_COMPLEX",
                    "limit": name,
                    "value": value,
                    "max": limit,
                },
            )


_HINTS = {
    "depth": "Nest fewer fields; fetch deeper parts in a second query by id.",
    "aliases": "Use fewer aliases; ask for lists instead of many aliased single fields.",
    "cost": "Ask for smaller pages (first) or fewer nested lists; follow pageInfo.endCursor for more.",
}


class LimitsExtension(SchemaExtension):
    """Rejects over-limit queries before validation and execution; reports the cost."""

    limits = QueryLimits()

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.graphql_document is not None:
            self.found = measure(
                ctx.schema._schema,
                ctx.graphql_document,
                ctx.operation_name,
                ctx.variables or {},
                self.limits,
            )
            errors = list(violations(self.found, self.limits))
            if errors:
                # Set before validation runs: strawberry then skips validation and
                # execution and answers with these errors.
                ctx.pre_execution_errors = errors
        yield

    def get_results(self) -> dict[str, Any]:
        found = getattr(self, "found", None)
        if found is None:
            return {}
        return {
            "cost": {"requested": found.cost, "limit": self.limits.max_cost, "depth": found.depth}
        }


def limits_extension(limits: QueryLimits) -> type[LimitsExtension]:
    """A LimitsExtension class bound to these limits (strawberry builds one per request)."""
    return type("ConfiguredLimits", (LimitsExtension,), {"limits": limits})
