"""Executing a document with less work per field, for the same answer.

graphql-core executes every field alike: it builds a resolve-info object,
calls the resolver (strawberry's wrapper around ours, which converts
arguments and builds an Info of its own), then completes the value by its
type. A large answer (200 list items of eight fields each, the evidence of
every partner of an actor) is thousands of fields, and that per-field work,
not the lookups, was most of its time. Three shortcuts, each giving what the
generic path gives:

- a field with no resolver of ours reads the attribute itself
  (`read_plain_fields_directly`), not through strawberry's resolver;
- a field whose resolver takes no GraphQL arguments calls it directly
  (`call_resolvers_directly`), with the same self, root and Info it would get;
- the object type of a value of an interface type (a Node) is looked up by
  its class (`resolve_types_directly`) rather than found by strawberry's
  general search;
- `PlainFieldsExecutor`: a field of the first kind whose type is a scalar or
  an enum is read and serialised in place while its object is executed, with
  no resolve-info and no completion call. Anything unusual (a null for a
  non-null field, a value the scalar refuses, an error) goes through
  graphql-core's own path for that field, so errors read as before.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from graphql import (
    GraphQLInterfaceType,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLTypeResolver,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types import Info
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.cast import get_strawberry_type_cast
from strawberry.types.field import StrawberryField

# How a field of a selection is executed (PlainFieldsExecutor._plan).
_GENERAL, _LEAF, _TYPENAME = range(3)
# One field of a selection: response name, its nodes, the way, and for a
# leaf the reader of its attribute, the serialiser and whether null is allowed.
Step = tuple[
    str, FieldDetailsList, int, Callable[[Any], Any] | None, Callable[[Any], Any] | None, bool
]


def read_plain_fields_directly(schema: GraphQLSchema) -> None:
    """Fields without a resolver (data filled from a record, api/types/) read the
    attribute itself, not through StrawberryField.get_result."""
    for field, definition in _strawberry_fields(schema):
        if definition.is_basic_field and getattr(field.resolve, "_is_default", False):
            field.resolve = _attribute_reader(definition.python_name)


def call_resolvers_directly(schema: GraphQLSchema, info_class: type[Info[Any, Any]]) -> None:
    """Fields whose resolver is plain Python with no GraphQL argument (a lookup
    such as `participant`, a list such as `evidence`) call it directly:
    strawberry's wrapper would convert no arguments, run no extension (none is
    declared on such a field) and pass the same self, root and Info."""
    for field, definition in _strawberry_fields(schema):
        resolver = definition.base_resolver
        if (
            resolver is not None
            and not definition.arguments
            and not definition.extensions
            and not definition.is_async
            and not field.args
            and callable(resolver.wrapped_func)
        ):
            field.resolve = _direct_resolver(definition, info_class)


def resolve_types_directly(schema: GraphQLSchema) -> None:
    """An interface's value (a Node) names its object type by its class: the
    name strawberry's resolve_type finds for an instance of the class itself,
    found with one lookup. Values strawberry.cast gives a type, and instances
    of other classes, go to strawberry's resolve_type."""
    for graphql_type in schema.type_map.values():
        definition = (graphql_type.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if (
            not isinstance(graphql_type, GraphQLInterfaceType)
            or not isinstance(definition, StrawberryObjectDefinition)
            or definition.resolve_type is not None
            or graphql_type.resolve_type is None
        ):
            continue
        names: dict[type, str] = {}
        for possible in schema.get_possible_types(graphql_type):
            implementation = (possible.extensions or {}).get(
                GraphQLCoreConverter.DEFINITION_BACKREF
            )
            if (
                isinstance(implementation, StrawberryObjectDefinition)
                and not implementation.is_graphql_generic
            ):
                names[implementation.origin] = possible.name
        graphql_type.resolve_type = _type_by_class(names, graphql_type.resolve_type)


def _type_by_class(names: dict[type, str], general: GraphQLTypeResolver) -> GraphQLTypeResolver:
    def resolve_type(value: Any, info: GraphQLResolveInfo[Any], abstract_type: Any) -> Any:
        name = names.get(type(value))
        if name is not None and get_strawberry_type_cast(value) is None:
            return name
        return general(value, info, abstract_type)

    return resolve_type


def _strawberry_fields(schema: GraphQLSchema) -> list[tuple[Any, StrawberryField]]:
    found = []
    for graphql_type in schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        for field in graphql_type.fields.values():
            definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if isinstance(definition, StrawberryField):
                found.append((field, definition))
    return found


def _attribute_reader(name: str) -> Callable[..., Any]:
    def read(source: Any, _info: GraphQLResolveInfo[Any]) -> Any:
        return getattr(source, name)

    # strawberry's mark for a field without a resolver (extensions skip those);
    # ours names the attribute, for PlainFieldsExecutor.
    setattr(read, "_is_default", True)  # noqa: B010
    setattr(read, _ATTRIBUTE, name)
    return read


_ATTRIBUTE = "tkgraph_attribute"


def _direct_resolver(
    definition: StrawberryField, info_class: type[Info[Any, Any]]
) -> Callable[..., Any]:
    """As strawberry's get_arguments passes them: self positionally, root and
    parent as keywords naming the source, info as its Info."""
    resolver = definition.base_resolver
    assert resolver is not None and callable(resolver.wrapped_func)
    function = resolver.wrapped_func
    takes_self = resolver.self_parameter is not None
    source_names = tuple(
        p.name for p in (resolver.root_parameter, resolver.parent_parameter) if p is not None
    )
    info_name = resolver.info_parameter.name if resolver.info_parameter else None

    if takes_self and not source_names and info_name is None:
        # The commonest: a method of the type reading its own payload.
        def resolve_method(source: Any, _info: GraphQLResolveInfo[Any]) -> Any:
            return function(source)

        return resolve_method

    def resolve(source: Any, info: GraphQLResolveInfo[Any]) -> Any:
        kwargs: dict[str, Any] = dict.fromkeys(source_names, source)
        if info_name is not None:
            kwargs[info_name] = info_class(_raw_info=info, _field=definition)
        return function(source, **kwargs) if takes_self else function(**kwargs)

    return resolve


# A leaf _leaf_value leaves to graphql-core's path.
_UNUSUAL = object()


def _leaf_value(
    source: Any,
    read: Callable[[Any], Any] | None,
    serialize: Callable[[Any], Any] | None,
    nullable: bool,
) -> Any:
    """The serialised value of a scalar field read from an attribute, as
    graphql-core would complete it; _UNUSUAL for a null in a non-null field,
    a value the scalar refuses or an error (graphql-core's path then reports it)."""
    assert read is not None and serialize is not None
    try:
        value = read(source)
        if value is None:
            return None if nullable else _UNUSUAL
        serialized = serialize(value)
    except Exception:  # graphql-core's path reports it
        return _UNUSUAL
    return _UNUSUAL if serialized is None or serialized is Undefined else serialized


class PlainFieldsExecutor(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor, executing the scalar fields read from attributes
    in place (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The plan of each selection, by the identity of its grouped field set;
        # the set is kept alive with it, so the identity is not reused.
        self._plans: dict[int, tuple[GroupedFieldSet, list[Step]]] = {}
        manager = self.middleware_manager
        self._in_place = manager is None or not manager.middlewares

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        # graphql-core's, less two calls per object: with no @defer in play,
        # collect_and_execute_subfields and execute_collected_subfields come to
        # execute_fields.
        is_type_of = return_type.is_type_of
        if (
            self._in_place
            and position_context is None
            and (is_type_of is None or is_type_of(result, info) is True)
        ):
            grouped_field_set, new_defer_usages, _ = self.collect_subfields(
                return_type, field_details_list
            )
            if not new_defer_usages:
                return self.execute_fields(return_type, result, path, grouped_field_set, None)
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        if not self._in_place:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        planned = self._plans.get(id(grouped_field_set))
        if planned is None:
            planned = self._plans[id(grouped_field_set)] = (
                grouped_field_set,
                self._plan(parent_type, grouped_field_set),
            )
        steps = planned[1]
        results: dict[str, Any] = {}
        awaitable: list[str] = []
        for response_name, field_details, way, read, serialize, nullable in steps:
            if way == _LEAF:
                value = _leaf_value(source_value, read, serialize, nullable)
                if value is not _UNUSUAL:
                    results[response_name] = value
                    continue
            elif way == _TYPENAME:
                results[response_name] = parent_type.name
                continue
            result = self.execute_field(
                parent_type,
                source_value,
                field_details,
                Path(path, response_name, parent_type.name),
                position_context,
            )
            if result is not Undefined:
                results[response_name] = result
                if self.is_awaitable(result):
                    awaitable.append(response_name)
        if not awaitable:
            return results
        return self._gathered(results, awaitable)

    @staticmethod
    async def _gathered(results: dict[str, Any], awaitable: list[str]) -> dict[str, Any]:
        # As graphql-core's execute_fields (no resolver of ours is async today).
        awaited = await gather_with_cancel(*(results[name] for name in awaitable))
        results.update(zip(awaitable, awaited, strict=True))
        return results

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet
              ) -> list[Step]:  # fmt: skip
        steps: list[Step] = []
        for response_name, field_details in grouped_field_set.items():
            node = field_details[0].node
            name = node.name.value
            if name == "__typename":
                steps.append((response_name, field_details, _TYPENAME, None, None, False))
                continue
            field = parent_type.fields.get(name)
            attribute = getattr(field.resolve, _ATTRIBUTE, None) if field else None
            if field is not None and attribute is not None and not field.args:
                nullable = not isinstance(field.type, GraphQLNonNull)
                leaf = field.type if nullable else field.type.of_type
                if is_leaf_type(leaf):
                    assert isinstance(leaf, GraphQLLeafType)
                    read = attrgetter(attribute)
                    steps.append(
                        (response_name, field_details, _LEAF, read,
                         leaf.coerce_output_value, nullable)
                    )  # fmt: skip
                    continue
            steps.append((response_name, field_details, _GENERAL, None, None, False))
        return steps
