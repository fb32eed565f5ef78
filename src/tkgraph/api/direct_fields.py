"""Fields resolved without strawberry's per-field wrapper, for the same answer.

graphql-core calls each field's resolver; strawberry's wrapper around ours
builds an Info of its own and converts the arguments on every call. For a
large answer (200 list items, the evidence of every partner of an actor)
those calls, not the lookups, were most of the time. Set once on the schema:

- a field with no resolver of ours reads the attribute itself
  (`read_plain_fields_directly`), not through StrawberryField.get_result;
- a field whose resolver takes no GraphQL arguments calls it directly
  (`call_resolvers_directly`), with the same self, root and Info;
- a value of an interface type (a Node) names its object type by its class
  (`resolve_types_directly`), not through strawberry's general search.

Each is marked on its function, so the executor (api/executor.py) knows
what a field does without calling it (`attribute_read`, `is_direct`,
`types_by_class`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLTypeResolver,
)
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types import Info
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.cast import get_strawberry_type_cast
from strawberry.types.field import StrawberryField


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

    setattr(resolve_type, _TYPES_BY_CLASS, names)
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


# Marks on the resolvers set here, read by _Selections: the attribute a
# reader reads, a direct resolver, an interface's object types by class.
_ATTRIBUTE = "tkgraph_attribute"
_DIRECT = "tkgraph_direct"
_TYPES_BY_CLASS = "tkgraph_types_by_class"


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

        setattr(resolve_method, _DIRECT, True)
        return resolve_method

    def resolve(source: Any, info: GraphQLResolveInfo[Any]) -> Any:
        kwargs: dict[str, Any] = dict.fromkeys(source_names, source)
        if info_name is not None:
            kwargs[info_name] = info_class(_raw_info=info, _field=definition)
        return function(source, **kwargs) if takes_self else function(**kwargs)

    setattr(resolve, _DIRECT, True)
    return resolve


def attribute_read(resolve: object) -> str | None:
    """The attribute a field's resolver reads, if it is a reader set here."""
    found = getattr(resolve, _ATTRIBUTE, None)
    return found if isinstance(found, str) else None


def is_direct(resolve: object) -> bool:
    """Whether a field's resolver is one call_resolvers_directly set."""
    return getattr(resolve, _DIRECT, False) is True


def types_by_class(resolve_type: object) -> dict[type, str] | None:
    """The object type names by class of an interface resolve_types_directly set."""
    found = getattr(resolve_type, _TYPES_BY_CLASS, None)
    return found if isinstance(found, dict) else None
